package io.seckill.order.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.rocketmq.client.producer.LocalTransactionState;

import io.seckill.order.Order;
import io.seckill.platform.web.ProblemCode;
import io.seckill.platform.web.Rejection;
import io.seckill.stock.StockClaim;

/**
 * One batch of orders in flight: what its local transaction works on, and the answers it leaves for the
 * buyers who wait on it. A rehearsal's batch takes the same way and is undone.
 */
final class OrderBatch {

    final List<StockClaim> claims;
    final boolean rehearsal;
    private final Map<Long, Order> drafts = new LinkedHashMap<>();
    private final Map<Long, Placement> answers = new ConcurrentHashMap<>();
    private volatile boolean unknown;

    OrderBatch(List<Order> drafts, boolean rehearsal) {
        this.rehearsal = rehearsal;
        drafts.forEach(draft -> this.drafts.put(draft.id(), draft));
        this.claims = drafts.stream().map(OrderBatch::claimOf).toList();
    }

    long firstOrderId() {
        return claims.getFirst().orderId();
    }

    Order draft(StockClaim claim) {
        return drafts.get(claim.orderId());
    }

    void answer(StockClaim claim, Placement placement) {
        answers.put(claim.orderId(), placement);
    }

    /** Neither written nor rolled back as far as this process can tell: the check-back decides. */
    void undecided(StockClaim claim) {
        unknown = true;
        answers.put(claim.orderId(), busy("The order could not be completed; check your orders before retrying"));
    }

    /** What the broker is told: unknown while any claim is undecided, commit if any order was written. */
    LocalTransactionState verdict() {
        if (unknown) {
            return LocalTransactionState.UNKNOW;
        }
        return answers.values().stream().anyMatch(Placement.Placed.class::isInstance)
                ? LocalTransactionState.COMMIT_MESSAGE : LocalTransactionState.ROLLBACK_MESSAGE;
    }

    /** An order the local transaction never answered (it did not run: no broker) is BUSY, nothing taken. */
    List<Placement> placements() {
        return drafts.keySet().stream()
                .map(id -> answers.getOrDefault(id, busy("The order service is unavailable"))).toList();
    }

    static Placement busy(String detail) {
        return new Placement.Refused(Rejection.of(ProblemCode.BUSY, detail).retryAfter(Duration.ofSeconds(1)));
    }

    private static StockClaim claimOf(Order draft) {
        return new StockClaim(draft.id(), draft.itemId(), draft.promoId(), draft.userId(), draft.quantity());
    }
}
