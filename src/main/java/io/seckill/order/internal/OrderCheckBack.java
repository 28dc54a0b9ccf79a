package io.seckill.order.internal;

import java.time.Instant;
import java.util.ArrayList;

import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.common.message.MessageExt;
import org.springframework.stereotype.Component;

import io.seckill.order.OrderProperties;
import io.seckill.stock.StockClaim;
import io.seckill.stock.StockDeduction;
import io.seckill.stock.StockLog;
import io.seckill.stock.StockLogStatus;
import io.seckill.stock.StockSettlement;
import tools.jackson.databind.json.JsonMapper;

/**
 * The broker's question about a batch it heard nothing final about, answered from the stock log, row by
 * row. A row still INIT after the grace period belongs to an attempt that died or hung: it is rolled back
 * and its units returned. The message is committed once no row of it is undecided and one of them is an
 * order (the consumer applies only those), rolled back if none is.
 */
@Component
class OrderCheckBack {

    private final OrderProperties properties;
    private final StockLog stockLog;
    private final StockSettlement settlement;
    private final JsonMapper json;

    OrderCheckBack(OrderProperties properties, StockLog stockLog, StockSettlement settlement, JsonMapper json) {
        this.properties = properties;
        this.stockLog = stockLog;
        this.settlement = settlement;
        this.json = json;
    }

    LocalTransactionState decide(MessageExt message) {
        if ("true".equals(message.getUserProperty(OrderMessages.REHEARSAL))) {
            return LocalTransactionState.ROLLBACK_MESSAGE;
        }
        var claims = StockDeduction.read(json, message.getBody()).stream().map(StockDeduction::claim).toList();
        var entries = stockLog.findAll(claims.stream().map(StockClaim::orderId).toList());
        var cutoff = Instant.now().minus(properties.pendingGrace());
        var statuses = new ArrayList<StockLogStatus>(claims.size());
        for (var claim : claims) {
            var entry = entries.get(claim.orderId());
            if (entry == null && !Instant.ofEpochMilli(message.getBornTimestamp()).isAfter(cutoff)) {
                stockLog.tombstone(claim, Instant.now());
                // a late attempt may have written its row first: then it stands, and is still undecided
                statuses.add(stockLog.find(claim.orderId()).map(StockLog.Entry::status).orElse(StockLogStatus.INIT));
            } else if (entry != null && entry.status() == StockLogStatus.INIT && !entry.createdAt().isAfter(cutoff)) {
                statuses.add(settlement.settleStale(claim));
            } else {
                // decided already, or young and perhaps still in flight (counted as INIT: undecided)
                statuses.add(entry == null ? StockLogStatus.INIT : entry.status());
            }
        }
        if (statuses.contains(StockLogStatus.INIT)) {
            return LocalTransactionState.UNKNOW;
        }
        // RETURNED: the order existed and was cancelled since; the consumer skips it either way.
        return statuses.contains(StockLogStatus.DONE) || statuses.contains(StockLogStatus.RETURNED)
                ? LocalTransactionState.COMMIT_MESSAGE : LocalTransactionState.ROLLBACK_MESSAGE;
    }
}
