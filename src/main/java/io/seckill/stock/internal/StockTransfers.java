package io.seckill.stock.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import io.seckill.platform.redis.LuaScripts;
import io.seckill.platform.redis.ScriptAnswers;
import io.seckill.stock.StockKeys;

/**
 * Moves units between the buckets of one item's stock, when a buyer's home bucket ran dry while others
 * still hold units. The buckets live in different slots (shards of a Redis Cluster), so a move is two
 * steps, each atomic in its own bucket: out of the donor into the donor's outbox, then into the receiver,
 * which marks the transfer as received so that finishing it twice credits it once; the outbox entry is
 * removed last. A node that dies between the steps leaves the transfer in the outbox, where any node
 * finishes it ({@link #finishStale}); until then the units count as on their way ({@link #onTheirWay}).
 */
@Component
public class StockTransfers {

    private static final Logger log = LoggerFactory.getLogger(StockTransfers.class);
    private static final RedisScript<Long> OUT = LuaScripts.longScript("transfer_out");
    private static final RedisScript<Long> IN = LuaScripts.longScript("transfer_in");

    private enum Credit { CREDITED, CREDITED_BEFORE, NO_COUNTER }

    private static final ScriptAnswers<Credit> IN_ANSWERS = ScriptAnswers.of("transfer_in.lua",
            Map.of(1, Credit.CREDITED, 0, Credit.CREDITED_BEFORE, -1, Credit.NO_COUNTER));
    /** How long a received mark is kept: far longer than a transfer can wait for a node to finish it. */
    private static final Duration RECEIVED_MARK = Duration.ofDays(2);

    private final StringRedisTemplate redis;
    private final ReplicaAcks acks;

    StockTransfers(StringRedisTemplate redis, ReplicaAcks acks) {
        this.redis = redis;
        this.acks = acks;
    }

    /**
     * Moves half of the fullest other bucket's units (at least one) into {@code receiver}; the number of
     * units that arrived, 0 when no other bucket had any.
     */
    public long refill(List<String> tags, int receiver, List<Long> counters) {
        int donor = -1;
        long most = 0;
        for (int bucket = 0; bucket < counters.size(); bucket++) {
            Long units = counters.get(bucket);
            if (bucket != receiver && units != null && units > most) {
                donor = bucket;
                most = units;
            }
        }
        if (donor < 0) {
            return 0;
        }
        var transfer = System.currentTimeMillis() + "-" + UUID.randomUUID();
        var from = tags.get(donor);
        Long taken = redis.execute(OUT, List.of(StockKeys.counter(from), StockKeys.transfersOut(from),
                StockKeys.transfersStarted(from)), transfer, Long.toString((most + 1) / 2), Integer.toString(receiver));
        if (taken == null || taken <= 0) {
            return 0;
        }
        // Credited only once the donor's replicas know the units left it: otherwise a failover of the donor
        // could bring them back there too. Unconfirmed, this throws (the buyers are answered BUSY) and the
        // transfer waits in the outbox for finishStale.
        acks.require(StockKeys.counter(tags.get(donor)));
        return finish(tags, donor, transfer, receiver, taken) ? taken : 0;
    }

    /** Finishes the transfers out of each bucket that have waited longer than {@code grace}: a node died halfway. */
    public void finishStale(long itemId, List<String> tags, Duration grace) {
        long before = System.currentTimeMillis() - grace.toMillis();
        for (int donor = 0; donor < tags.size(); donor++) {
            for (var entry : redis.<String, String>opsForHash().entries(StockKeys.transfersOut(tags.get(donor))).entrySet()) {
                if (startedAt(entry.getKey()) < before) {
                    var transfer = Transfer.of(entry.getValue());
                    try {
                        if (finish(tags, donor, entry.getKey(), transfer.receiver(), transfer.units())) {
                            log.warn("Item {}: a transfer of {} units from bucket {} to {} was left halfway; finished now",
                                    itemId, transfer.units(), donor, transfer.receiver());
                        }
                    } catch (TransientDataAccessException notConfirmed) {
                        log.warn("Item {}: a transfer left halfway is not finished yet: {}", itemId, notConfirmed.getMessage());
                    }
                }
            }
        }
    }

    /** Units taken out of a bucket and not yet credited to their receiver. */
    public long onTheirWay(List<String> tags) {
        long units = 0;
        for (var donor : tags) {
            for (var entry : redis.<String, String>opsForHash().entries(StockKeys.transfersOut(donor)).entrySet()) {
                var transfer = Transfer.of(entry.getValue());
                if (redis.opsForZSet().score(StockKeys.transfersIn(tags.get(transfer.receiver())), entry.getKey()) == null) {
                    units += transfer.units();
                }
            }
        }
        return units;
    }

    /**
     * How many transfers out of the buckets have started, ever (a count that only grows, unless a shard lost
     * it): two equal answers mean no unit left a bucket for another between them.
     */
    public long started(List<String> tags) {
        return redis.opsForValue().multiGet(tags.stream().map(StockKeys::transfersStarted).toList()).stream()
                .mapToLong(count -> count == null ? 0 : Long.parseLong(count)).sum();
    }

    /** Removes every bucket's outbox and records of transfers started and received (a rehearsal's, when it is over). */
    public void discard(List<String> tags) {
        for (var tag : tags) {
            redis.delete(List.of(StockKeys.transfersOut(tag), StockKeys.transfersIn(tag), StockKeys.transfersStarted(tag)));
        }
    }

    /**
     * True once the receiver has the units (now or before) and the outbox entry is gone; a transient failure
     * when the receiver's replicas do not confirm the credit.
     */
    private boolean finish(List<String> tags, int donor, String transfer, int receiver, long units) {
        var credit = IN_ANSWERS.decode(redis.execute(IN, List.of(StockKeys.counter(tags.get(receiver)),
                StockKeys.transfersIn(tags.get(receiver))), transfer, Long.toString(units),
                Long.toString(System.currentTimeMillis()), Long.toString(RECEIVED_MARK.toMillis())));
        if (credit == Credit.NO_COUNTER) {
            return false; // the receiver's counter is gone: the rebuild counts these units as on their way
        }
        // kept in the outbox until the receiver's replicas have the credit (its mark makes a retry harmless)
        acks.require(StockKeys.counter(tags.get(receiver)));
        redis.opsForHash().delete(StockKeys.transfersOut(tags.get(donor)), transfer);
        return true;
    }

    private static long startedAt(String transfer) {
        return Long.parseLong(transfer.substring(0, transfer.indexOf('-')));
    }

    private record Transfer(int receiver, long units) {
        static Transfer of(String value) {
            int colon = value.indexOf(':');
            return new Transfer(Integer.parseInt(value.substring(0, colon)), Long.parseLong(value.substring(colon + 1)));
        }
    }
}
