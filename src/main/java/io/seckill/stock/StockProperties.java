package io.seckill.stock;

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
 */
@Validated
@ConfigurationProperties("seckill.stock")
public record StockProperties(@DefaultValue("1") @Min(1) @Max(64) int buckets) {
}
