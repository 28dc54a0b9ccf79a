package io.seckill.order.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.seckill.order.Order;
import io.seckill.order.OrderProperties;
import io.seckill.platform.messaging.MessagingProperties;
import io.seckill.platform.web.ProblemCode;
import io.seckill.platform.web.Rejection;
import io.seckill.stock.StockClaim;
import io.seckill.stock.StockDeduction;
import io.seckill.stock.StockLedger;
import io.seckill.stock.StockLog;
import io.seckill.stock.StockLogStatus;
import io.seckill.stock.StockSettlement;
import tools.jackson.databind.json.JsonMapper;
import io.seckill.stock.Reservation;

/**
 * Places an order as a RocketMQ transactional message. The half message goes to the broker first;
 * the local transaction then records the intent (stock log INIT), takes the units from the counter
 * and writes the order with the log row DONE in one database transaction. The message, once
 * committed, tells the stock consumer to decrement the database. If this process dies anywhere in
 * between, the broker asks {@link #checkLocalTransaction} and the stock log answers.
 */
@Component
class OrderTransactions implements TransactionListener, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderTransactions.class);

    private final MessagingProperties messaging;
    private final OrderProperties properties;
    private final StockLedger ledger;
    private final StockLog stockLog;
    private final StockSettlement settlement;
    private final OrderStore orders;
    private final TransactionTemplate transaction;
    private final JsonMapper json;
    private final LocalTransactionProbe probe;
    private TransactionMQProducer producer;

    OrderTransactions(MessagingProperties messaging, OrderProperties properties, StockLedger ledger, StockLog stockLog,
            StockSettlement settlement, OrderStore orders, PlatformTransactionManager transactions, JsonMapper json,
            ObjectProvider<LocalTransactionProbe> probe) {
        this.messaging = messaging;
        this.properties = properties;
        this.ledger = ledger;
        this.stockLog = stockLog;
        this.settlement = settlement;
        this.orders = orders;
        this.transaction = new TransactionTemplate(transactions);
        this.json = json;
        this.probe = probe.getIfAvailable(() -> LocalTransactionProbe.NONE);
    }

    Placement place(Order draft) {
        var attempt = new Attempt(draft, claimOf(draft));
        var message = new Message(messaging.orderTopic(), null, Long.toString(draft.id()),
                json.writeValueAsBytes(StockDeduction.of(attempt.claim)));
        try {
            producer.sendMessageInTransaction(message, attempt);
        } catch (MQClientException | RuntimeException e) {
            log.warn("Order {}: the half message could not be sent", draft.id(), e);
        }
        return attempt.placement != null ? attempt.placement : busy("The order service is unavailable");
    }

    @Override
    public LocalTransactionState executeLocalTransaction(Message message, Object argument) {
        var attempt = (Attempt) argument;
        var claim = attempt.claim;
        if (!stockLog.begin(claim, Instant.now())) {
            attempt.placement = busy("The order attempt was abandoned; try again");
            return LocalTransactionState.ROLLBACK_MESSAGE;
        }
        Reservation reservation;
        try {
            reservation = ledger.reserve(claim);
        } catch (RuntimeException e) {
            // the script may or may not have run: the stock log decides, as for any later failure
            return settleFailure(attempt, e);
        }
        var refusal = refusalOf(reservation);
        if (refusal != null) {
            stockLog.markRefused(claim.orderId());
            attempt.placement = new Placement.Refused(refusal);
            return LocalTransactionState.ROLLBACK_MESSAGE;
        }
        try {
            probe.afterReservation(claim);
            transaction.executeWithoutResult(status -> {
                orders.insert(attempt.draft);
                if (!stockLog.markDone(claim.orderId())) {
                    throw new IllegalStateException("order " + claim.orderId() + " was rolled back by the check-back");
                }
            });
        } catch (RuntimeException e) {
            return settleFailure(attempt, e);
        }
        attempt.placement = new Placement.Placed(attempt.draft);
        return probe.reportUnknown(claim) ? LocalTransactionState.UNKNOW : LocalTransactionState.COMMIT_MESSAGE;
    }

    /** Why the counter said no, as the buyer is told; null when it reserved the units. */
    private static Rejection refusalOf(Reservation reservation) {
        return switch (reservation.outcome()) {
            case RESERVED -> null;
            case SOLD_OUT -> Rejection.of(ProblemCode.SOLD_OUT, reservation.unitsLeft() == 0 ? "No units left"
                    : "Only " + reservation.unitsLeft() + " units left");
            case ALREADY_PURCHASED -> Rejection.of(ProblemCode.ALREADY_PURCHASED,
                    "You already hold an order in this promo").with("orderId", reservation.holderOrderId());
            case NO_COUNTER -> Rejection.of(ProblemCode.BUSY, "The sale's stock is being prepared; try again")
                    .retryAfter(Duration.ofSeconds(1));
        };
    }

    /**
     * Something failed after the log row was written. Whatever the stock log says now is the truth:
     * DONE means the order was written after all; ROLLED_BACK means the units must go back (release
     * is guarded, so a second release by the check-back changes nothing); still INIT means the
     * database cannot be reached, and the check-back settles it later.
     */
    private LocalTransactionState settleFailure(Attempt attempt, RuntimeException cause) {
        var claim = attempt.claim;
        log.warn("Order {}: local transaction failed, settling it from the stock log", claim.orderId(), cause);
        try {
            stockLog.markRolledBack(claim.orderId());
            var status = stockLog.find(claim.orderId()).map(StockLog.Entry::status).orElse(StockLogStatus.INIT);
            switch (status) {
                case DONE -> {
                    attempt.placement = new Placement.Placed(attempt.draft);
                    return LocalTransactionState.COMMIT_MESSAGE;
                }
                case ROLLED_BACK, RETURNED -> {
                    settlement.releaseCounter(claim);
                    attempt.placement = busy("The order could not be completed and nothing was taken; try again");
                    return LocalTransactionState.ROLLBACK_MESSAGE;
                }
                case INIT -> {
                    attempt.placement = busy("The order could not be completed; check your orders before retrying");
                    return LocalTransactionState.UNKNOW;
                }
            }
        } catch (RuntimeException e) {
            log.warn("Order {}: cannot settle now; the broker's check-back will", claim.orderId(), e);
        }
        attempt.placement = busy("The order could not be completed; check your orders before retrying");
        return LocalTransactionState.UNKNOW;
    }

    /**
     * The broker asks about a transaction it heard nothing final about. A row still INIT after the
     * grace period belongs to an attempt that died or hung: it is rolled back and its units returned.
     */
    @Override
    public LocalTransactionState checkLocalTransaction(MessageExt message) {
        var deduction = json.readValue(message.getBody(), StockDeduction.class);
        var claim = new StockClaim(deduction.orderId(), deduction.itemId(), deduction.promoId(), deduction.userId(),
                deduction.quantity());
        var entry = stockLog.find(claim.orderId());
        var cutoff = Instant.now().minus(properties.pendingGrace());
        if (entry.isEmpty()) {
            if (Instant.ofEpochMilli(message.getBornTimestamp()).isAfter(cutoff)) {
                return LocalTransactionState.UNKNOW;
            }
            stockLog.tombstone(claim, Instant.now());
            entry = stockLog.find(claim.orderId());
        } else if (entry.get().status() == StockLogStatus.INIT) {
            if (entry.get().createdAt().isAfter(cutoff)) {
                return LocalTransactionState.UNKNOW;
            }
            settlement.settleStale(claim);
            entry = stockLog.find(claim.orderId());
        }
        return switch (entry.map(StockLog.Entry::status).orElse(StockLogStatus.INIT)) {
            // RETURNED: the order existed and was cancelled since; the consumer skips it either way.
            case DONE, RETURNED -> LocalTransactionState.COMMIT_MESSAGE;
            case ROLLED_BACK -> LocalTransactionState.ROLLBACK_MESSAGE;
            case INIT -> LocalTransactionState.UNKNOW;
        };
    }

    /** Writable queues of the order topic as the name server sees them now; 0 if it cannot be asked. */
    /**
     * Queues of the order topic on brokers that take connections now, by the route the producer sends
     * with (learnt at start, refreshed by the client); only when it has none is the name server asked. Orders need the broker, not the name
     * server: with the name server down the producer keeps its route and orders go on, so the node must
     * not call itself down (a load balancer's active check would take every node out).
     */
    int writableQueues() {
        var current = producer;
        if (current == null) {
            return 0;
        }
        var routes = current.getDefaultMQProducerImpl().getTopicPublishInfoTable();
        if (routes.get(messaging.orderTopic()) == null) {
            learnRoute(current);
        }
        var route = routes.get(messaging.orderTopic());
        if (route == null || !route.ok() || route.getTopicRouteData() == null) {
            return 0;
        }
        int queues = 0;
        for (var broker : route.getTopicRouteData().getBrokerDatas()) {
            if (acceptsConnections(broker.selectBrokerAddr())) {
                queues += (int) route.getMessageQueueList().stream()
                        .filter(queue -> queue.getBrokerName().equals(broker.getBrokerName())).count();
            }
        }
        return queues;
    }

    /** Asks the name server for the order topic's route and keeps it with the producer (which refreshes it). */
    private void learnRoute(TransactionMQProducer current) {
        try {
            current.getDefaultMQProducerImpl().getMqClientFactory().updateTopicRouteInfoFromNameServer(messaging.orderTopic());
        } catch (RuntimeException nameServerAway) {
            // the health check says DOWN; the next check or the first order asks again
        }
    }

    private static boolean acceptsConnections(String address) {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
                    500);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static StockClaim claimOf(Order draft) {
        return new StockClaim(draft.id(), draft.itemId(), draft.promoId(), draft.userId(), draft.quantity());
    }

    private static Placement busy(String detail) {
        return new Placement.Refused(Rejection.of(ProblemCode.BUSY, detail).retryAfter(Duration.ofSeconds(1)));
    }

    /** Start before the web server takes requests and stop only after it has drained them. */
    @Override
    public int getPhase() {
        return 0;
    }

    @Override
    public void start() {
        producer = new TransactionMQProducer(messaging.producerGroup());
        producer.setNamesrvAddr(messaging.nameServer());
        producer.setInstanceName(MessagingProperties.instanceName("order-producer"));
        producer.setTransactionListener(this);
        producer.setExecutorService(new ThreadPoolExecutor(2, 4, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000),
                Thread.ofPlatform().name("order-check-", 0).factory()));
        producer.setSendMsgTimeout(3000);
        try {
            producer.start();
        } catch (MQClientException e) {
            throw new IllegalStateException("Cannot start the order producer at " + messaging.nameServer(), e);
        }
        // Known from the start, the route survives a name server outage even on a node that has not sold yet.
        learnRoute(producer);
    }

    @Override
    public void stop() {
        if (producer != null) {
            producer.shutdown();
            producer = null;
        }
    }

    @Override
    public boolean isRunning() {
        return producer != null;
    }

    /** One placement in flight: what the local transaction works on and the answer it leaves for the caller. */
    private static final class Attempt {
        final Order draft;
        final StockClaim claim;
        volatile Placement placement;

        Attempt(Order draft, StockClaim claim) {
            this.draft = draft;
            this.claim = claim;
        }
    }
}
