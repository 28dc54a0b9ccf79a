package io.seckill.cluster;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * A test of the running topology (nginx, nodes, broker, database), not of one application context.
 * Runs only when {@code SECKILL_CLUSTER_ENV} names the file {@code scripts/cluster up} wrote; the
 * normal suite skips it. {@code scripts/cluster-test} brings the cluster up, runs these, and takes it down.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("cluster")
@EnabledIfEnvironmentVariable(named = "SECKILL_CLUSTER_ENV", matches = ".+",
        disabledReason = "needs a running cluster: scripts/cluster-test")
@interface ClusterTest {
}
