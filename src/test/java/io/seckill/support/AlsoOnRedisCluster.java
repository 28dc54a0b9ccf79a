package io.seckill.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * Tests that {@code .ci/run} runs a second time against a real Redis Cluster ({@code scripts/redis-cluster}:
 * 3 masters, 3 replicas): the buying scripts, the races and the broadcasts, where a key outside its stock
 * pool's slot or a message that reaches one shard only would fail. By hand:
 * {@code SPRING_DATA_REDIS_CLUSTER_NODES=$(scripts/redis-cluster nodes) SECKILL_STOCK_BUCKETS=3 ./mvnw test
 * -Dgroups=redis-cluster}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(AlsoOnRedisCluster.TAG)
public @interface AlsoOnRedisCluster {

    String TAG = "redis-cluster";
}
