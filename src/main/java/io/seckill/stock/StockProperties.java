package io.seckill.stock;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * {@code seckill.stock.*}. {@code buckets}: how many counters an item's stock is split over when it is put
 * in Redis (1: one counter, the single-Redis default). On a Redis Cluster each bucket has a slot of its own,
 * so one hot item's sale is spread over the shards instead of loading one; a number of buckets of two or
 * three per master spreads it evenly. An item keeps the split it was warmed with for as long as its
 * counters live ({@link StockPools}), so changing this affects items warmed afterwards.
 * <p>
 * {@code replica-acks}: how many replicas of a bucket's Redis master must have a change of units (a
 * reservation, a transfer between buckets) before it counts ({@code WAIT}); 0 on a Redis without replicas.
 * Redis replicates asynchronously: without this, a master that dies right after a reservation can be
 * replaced by a replica that never saw it, which would sell the unit again. {@code replica-ack-timeout}:
 * how long to wait for them; a reservation they do not confirm in time is undone and answered BUSY.
 */
@Validated
@ConfigurationProperties("seckill.stock")
public record StockProperties(@DefaultValue("1") @Min(1) @Max(64) int buckets,
        @DefaultValue("0") @Min(0) @Max(5) int replicaAcks, @DefaultValue("200ms") Duration replicaAckTimeout) {
}
