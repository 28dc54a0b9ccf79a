package io.seckill.stock.internal;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.stock.StockProperties;

/**
 * Waits until the replicas of a key's Redis master have every write this node sent to that master so far
 * ({@code WAIT numreplicas timeout}), so that a change of units survives the master's death: the replica that
 * takes over has it. {@code WAIT} counts the writes of the connection it is sent on, so it goes on the very
 * connection the scripts use (Lettuce's shared one; on a Redis Cluster, its connection to the master serving
 * the key's slot). A master that cannot get its replicas to confirm in time, such as one that was paused,
 * replaced, and is about to learn it is a replica now, is not trusted with the change.
 */
@Component
public class ReplicaAcks {

    private static final Logger log = LoggerFactory.getLogger(ReplicaAcks.class);

    private final StringRedisTemplate redis;
    private final int replicas;
    private final Duration timeout;
    private final Counter unconfirmed;

    public ReplicaAcks(StringRedisTemplate redis, StockProperties properties, MeterRegistry meters) {
        this.redis = redis;
        this.replicas = properties.replicaAcks();
        this.timeout = properties.replicaAckTimeout();
        this.unconfirmed = meters.counter("seckill.stock.replica.unconfirmed");
    }

    /** True when replicas are asked for. */
    public boolean enabled() {
        return replicas > 0;
    }

    /** True once enough replicas of the master serving {@code key} have what this node wrote to it. */
    public boolean confirmed(String key) {
        if (replicas == 0) {
            return true;
        }
        Long acknowledged;
        try {
            acknowledged = redis.execute((RedisCallback<Long>) connection -> waitOnWritingConnection(connection, key));
        } catch (RuntimeException e) {
            log.warn("Replicas of the master of {} not confirmed: {}", key, e.toString());
            acknowledged = null;
        }
        if (acknowledged == null || acknowledged < replicas) {
            unconfirmed.increment();
            return false;
        }
        return true;
    }

    /** As {@link #confirmed}, or else a transient failure: the caller undoes what it wrote. */
    public void require(String key) {
        if (!confirmed(key)) {
            throw new TransientDataAccessResourceException(
                    "Redis replicas did not confirm a change of units within " + timeout.toMillis() + " ms");
        }
    }

    private Long waitOnWritingConnection(RedisConnection connection, String key) {
        var nativeConnection = connection.getNativeConnection();
        BaseRedisAsyncCommands<byte[], byte[]> commands;
        if (nativeConnection instanceof RedisAdvancedClusterAsyncCommands<?, ?> cluster) {
            var stateful = cluster.getStatefulConnection();
            var master = stateful.getPartitions().getPartitionBySlot(SlotHash.getSlot(key));
            if (master == null) {
                return null;
            }
            @SuppressWarnings("unchecked")
            var node = (BaseRedisAsyncCommands<byte[], byte[]>) stateful
                    .getConnection(master.getUri().getHost(), master.getUri().getPort()).async();
            commands = node;
        } else {
            @SuppressWarnings("unchecked")
            var single = (BaseRedisAsyncCommands<byte[], byte[]>) nativeConnection;
            commands = single;
        }
        RedisFuture<Long> acknowledged = commands.waitForReplication(replicas, timeout.toMillis());
        try {
            // the server answers after its own timeout; a master that does not answer at all (paused) is not waited for longer
            return acknowledged.get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            log.warn("WAIT on the master of {} failed: {}", key, e.toString());
            return null;
        }
    }
}
