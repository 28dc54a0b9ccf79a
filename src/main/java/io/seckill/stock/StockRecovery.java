package io.seckill.stock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import io.seckill.platform.redis.LuaScripts;
import io.seckill.platform.redis.ScriptAnswers;
import io.seckill.stock.internal.StockTransfers;

/**
 * Puts the stock counters right after a fault, for the reconciliation: a counter Redis lost (restarted empty,
 * or one shard of a cluster) is rebuilt from the database, and a transfer between buckets that a node left
 * halfway is finished.
 */
@Component
public class StockRecovery {

    private static final RedisScript<Long> REBUILD = LuaScripts.longScript("rebuild");

    private enum Answer { REBUILT, COUNTER_THERE }

    private static final ScriptAnswers<Answer> ANSWERS = ScriptAnswers.of("rebuild.lua",
            Map.of(1, Answer.REBUILT, 0, Answer.COUNTER_THERE));

    private final StringRedisTemplate redis;
    private final StockPools pools;
    private final StockTransfers transfers;
    private final SoldOutBoard soldOut;
    private final StockLedger ledger;

    StockRecovery(StringRedisTemplate redis, StockPools pools, StockTransfers transfers, SoldOutBoard soldOut,
            StockLedger ledger) {
        this.redis = redis;
        this.pools = pools;
        this.transfers = transfers;
        this.soldOut = soldOut;
        this.ledger = ledger;
    }

    /**
     * Rebuilds lost counters (a Redis, or one shard, restarted empty) from the database: the units the database
     * says are left, less what the buckets still there hold and what is on its way between buckets, go to the
     * lost buckets, each together with the buyers whose home it is, in one atomic step per bucket; a counter
     * that is there already is left alone. True if any was rebuilt.
     */
    public boolean rebuild(long itemId, long units, Map<Long, Map<Long, Long>> buyersByPromo) {
        int buckets = pools.settle(itemId);
        var counters = pools.counters(itemId);
        var lost = new ArrayList<Integer>();
        var tags = pools.tags(itemId);
        long kept = transfers.onTheirWay(tags);
        for (int bucket = 0; bucket < buckets; bucket++) {
            if (counters.get(bucket) == null) {
                lost.add(bucket);
            } else {
                kept += counters.get(bucket);
            }
        }
        boolean rebuilt = false;
        long toPlace = Math.max(0, units - kept);
        for (int n = 0; n < lost.size(); n++) {
            int bucket = lost.get(n);
            var keys = new ArrayList<String>();
            var arguments = new ArrayList<String>();
            keys.add(StockKeys.counter(tags.get(bucket)));
            arguments.add(Long.toString(StockPools.share(toPlace, lost.size(), n)));
            buyersByPromo.forEach((promoId, buyers) -> {
                keys.add(StockKeys.buyers(tags.get(bucket), promoId));
                var homed = buyers.entrySet().stream()
                        .filter(buyer -> StockPools.bucketOf(buyer.getKey(), buckets) == bucket).toList();
                arguments.add(Integer.toString(homed.size()));
                homed.forEach(buyer -> {
                    arguments.add(Long.toString(buyer.getKey()));
                    arguments.add(Long.toString(buyer.getValue()));
                });
            });
            rebuilt |= ANSWERS.decode(redis.execute(REBUILD, keys, arguments.toArray())) == Answer.REBUILT;
        }
        ledger.forgetCount(itemId);
        if (rebuilt && units > 0) {
            soldOut.markRestocked(itemId);
        }
        return rebuilt;
    }

    /** Finishes transfers between the item's buckets that a node left halfway more than {@code grace} ago. */
    public void finishStaleTransfers(long itemId, Duration grace) {
        if (pools.buckets(itemId) > 1) {
            transfers.finishStale(itemId, pools.tags(itemId), grace);
        }
    }
}
