package io.seckill.order.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
import org.springframework.dao.DataIntegrityViolationException;
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
import io.seckill.stock.Reservation;
import io.seckill.stock.StockLogStatus;
import io.seckill.stock.StockSettlement;
import tools.jackson.databind.json.JsonMapper;

/**
 * Places a batch of orders as one RocketMQ transactional message. The half message, naming every
 * claim of the batch, goes to the broker first; the local transaction then records the intent (a
 * stock-log row INIT per order, one statement), takes the units from the counter (one Lua call) and
 * writes the orders with their log rows DONE in one database transaction. The message, once
 * committed, tells the stock consumer to decrement the database. If this process dies anywhere in
 * between, the broker asks {@link #checkLocalTransaction} and the stock log answers, row by row.
 * One message, two commits and two Redis calls per batch instead of per order is what lets a node
 * sell thousands of units a second.
 */
@Component
class OrderTransactions implements TransactionListener, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderTransactions.class);
    /** Message property of a rehearsal's batch: whoever asks about it, the answer is roll back. */
    private static final String REHEARSAL = "seckill-rehearsal";

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

    /** Places the drafts together; the placements are in the order of the drafts. */
    List<Placement> place(List<Order> drafts) {
        return send(new Batch(drafts, false));
    }

    /**
     * A rehearsal's batch ({@code RehearsalIds}) takes the same way as a real one, so that every line of it
     * has run before the sale: the half message, the stock log and order statements (in one database
     * transaction that is rolled back) and the counter's Lua call on the rehearsal's own counter. The message
     * is rolled back too; nothing reaches a consumer, the stock log or the orders.
     */
    List<Placement> rehearse(List<Order> drafts) {
        return send(new Batch(drafts, true));
    }

    private List<Placement> send(Batch batch) {
        var drafts = batch.drafts.values();
        var first = drafts.iterator().next().id();
        var message = new Message(messaging.orderTopic(), null, Long.toString(first),
                StockDeduction.message(json, batch.claims));
        if (batch.rehearsal) {
            message.putUserProperty(REHEARSAL, "true");
        }
        try {
            producer.sendMessageInTransaction(message, batch);
        } catch (MQClientException | RuntimeException e) {
            log.warn("Orders {}..: the half message could not be sent", first, e);
        }
        return batch.placements();
    }

    @Override
    public LocalTransactionState executeLocalTransaction(Message message, Object argument) {
        var batch = (Batch) argument;
        if (batch.rehearsal) {
            // The same code as a real batch, inside one database transaction that is rolled back: the
            // statements and the transaction they would commit join it.
            transaction.executeWithoutResult(status -> {
                execute(batch);
                status.setRollbackOnly();
            });
            return LocalTransactionState.ROLLBACK_MESSAGE;
        }
        return execute(batch);
    }

    private LocalTransactionState execute(Batch batch) {
        List<StockClaim> begun;
        try {
            begun = stockLog.beginAll(batch.claims, Instant.now());
        } catch (RuntimeException e) {
            // nothing was taken; rows that may have been written are rolled back by the check-back
            log.warn("Orders {}..: the stock log could not be written", batch.claims.getFirst().orderId(), e);
            return LocalTransactionState.UNKNOW;
        }
        if (begun.size() < batch.claims.size()) {
            var recorded = new HashSet<>(begun);
            batch.claims.stream().filter(claim -> !recorded.contains(claim))
                    .forEach(claim -> batch.answer(claim, busy("The order attempt was abandoned; try again")));
        }
        if (begun.isEmpty()) {
            return LocalTransactionState.ROLLBACK_MESSAGE;
        }
        List<Reservation> reservations;
        try {
            reservations = ledger.reserveAll(begun);
        } catch (RuntimeException e) {
            // the script may or may not have run: the stock log decides, as for any later failure
            settleFailure(batch, begun, e);
            return batch.verdict();
        }
        var refused = new ArrayList<StockClaim>();
        var reserved = new ArrayList<StockClaim>();
        for (int i = 0; i < begun.size(); i++) {
            var claim = begun.get(i);
            var refusal = refusalOf(reservations.get(i));
            if (refusal == null) {
                reserved.add(claim);
            } else {
                refused.add(claim);
                batch.answer(claim, new Placement.Refused(refusal));
            }
        }
        var writable = new ArrayList<StockClaim>();
        for (var claim : reserved) {
            try {
                probe.afterReservation(claim);
                writable.add(claim);
            } catch (RuntimeException e) {
                settleFailure(batch, List.of(claim), e);
            }
        }
        try {
            write(batch, refused, writable);
        } catch (DataIntegrityViolationException | DecidedElsewhere oneOrderRefused) {
            // One order the database refuses, or the check-back rolled back, must not fail the others:
            // write them one by one.
            log.warn("Orders {}..: the batch could not be written; writing its orders one by one",
                    batch.claims.getFirst().orderId(), oneOrderRefused);
            markRefusedQuietly(refused);
            for (var claim : writable) {
                try {
                    write(batch, List.of(), List.of(claim));
                } catch (RuntimeException e) {
                    settleFailure(batch, List.of(claim), e);
                }
            }
        } catch (RuntimeException databaseAway) {
            // Nothing to gain from trying each order again: settle them together, in two statements.
            settleFailure(batch, writable, databaseAway);
        }
        return batch.verdict();
    }

    /** The refused rows go ROLLED_BACK and the orders are written with their rows DONE, in one transaction. */
    private void write(Batch batch, List<StockClaim> refused, List<StockClaim> writable) {
        if (refused.isEmpty() && writable.isEmpty()) {
            return;
        }
        transaction.executeWithoutResult(status -> {
            if (!refused.isEmpty()) {
                stockLog.markAllRefused(refused);
            }
            if (!writable.isEmpty()) {
                probe.beforeWrite(writable);
                orders.insertAll(writable.stream().map(batch::draft).toList());
                if (!stockLog.markAllDone(writable)) {
                    throw new DecidedElsewhere(writable.getFirst().orderId());
                }
            }
        });
        for (var claim : writable) {
            batch.answer(claim, new Placement.Placed(batch.draft(claim)));
            if (probe.reportUnknown(claim)) {
                batch.unknown = true;
            }
        }
    }

    private void markRefusedQuietly(List<StockClaim> refused) {
        if (refused.isEmpty()) {
            return;
        }
        try {
            stockLog.markAllRefused(refused);
        } catch (RuntimeException e) {
            // left INIT: the check-back or the reconciliation rolls them back; their release changes nothing
            log.warn("Orders {}..: refused rows not marked; the check-back will", refused.getFirst().orderId(), e);
        }
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
            case UNITS_MOVING -> Rejection.of(ProblemCode.BUSY, "The last units are moving between the sale's stock "
                    + "buckets; try again").retryAfter(Duration.ofSeconds(1));
        };
    }

    /**
     * Something failed after the claims' log rows were written. Whatever the stock log says now is the
     * truth, claim by claim: DONE means the order was written after all; ROLLED_BACK means the units
     * must go back (release is guarded, so a second release by the check-back changes nothing); still
     * INIT means the database cannot be reached, and the check-back settles it later.
     */
    private void settleFailure(Batch batch, List<StockClaim> claims, RuntimeException cause) {
        if (claims.isEmpty()) {
            return;
        }
        log.warn("Orders {}..: local transaction failed for {} order(s), settling them from the stock log",
                claims.getFirst().orderId(), claims.size(), cause);
        Map<Long, StockLog.Entry> entries;
        try {
            stockLog.markAllRolledBack(claims);
            entries = stockLog.findAll(claims.stream().map(StockClaim::orderId).toList());
        } catch (RuntimeException e) {
            log.warn("Orders {}..: cannot settle now; the broker's check-back will", claims.getFirst().orderId(), e);
            claims.forEach(batch::undecided);
            return;
        }
        for (var claim : claims) {
            var entry = entries.get(claim.orderId());
            switch (entry == null ? StockLogStatus.INIT : entry.status()) {
                case DONE -> batch.answer(claim, new Placement.Placed(batch.draft(claim)));
                case ROLLED_BACK, RETURNED -> {
                    releaseQuietly(claim);
                    batch.answer(claim, busy("The order could not be completed and nothing was taken; try again"));
                }
                case INIT -> batch.undecided(claim);
            }
        }
    }

    private void releaseQuietly(StockClaim claim) {
        try {
            settlement.releaseCounter(claim);
        } catch (RuntimeException e) {
            // the row is ROLLED_BACK with its counter not released: the reconciliation gives the units back
            log.warn("Order {}: units not returned to the counter yet; the reconciliation will", claim.orderId(), e);
        }
    }

    /**
     * The broker asks about a batch it heard nothing final about. A row still INIT after the grace
     * period belongs to an attempt that died or hung: it is rolled back and its units returned. The
     * message is committed once no row of it is undecided and one of them is an order (the consumer
     * applies only those), rolled back if none is.
     */
    @Override
    public LocalTransactionState checkLocalTransaction(MessageExt message) {
        if ("true".equals(message.getUserProperty(REHEARSAL))) {
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
        // With several broker groups: a send the chosen broker refuses goes to another group (twice at most),
        // a broker that failed is avoided for a while instead of being tried first again, and a store the
        // master could not replicate to its slave (SYNC_MASTER) is sent again elsewhere. Its half message
        // there is asked about like any other: the stock log answers, and the consumer applies a batch once.
        producer.setSendLatencyFaultEnable(true);
        producer.setRetryAnotherBrokerWhenNotStoreOK(true);
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

    /** Some rows of a batch were no longer INIT when its orders were written: a check-back rolled them back. */
    private static final class DecidedElsewhere extends RuntimeException {
        DecidedElsewhere(long firstOrderId) {
            super("orders of " + firstOrderId + ".. were rolled back by the check-back", null, false, false);
        }
    }

    /** One batch in flight: what the local transaction works on and the answers it leaves for the callers. */
    private static final class Batch {
        final List<StockClaim> claims;
        final boolean rehearsal;
        private final Map<Long, Order> drafts = new LinkedHashMap<>();
        private final Map<Long, Placement> answers = new ConcurrentHashMap<>();
        volatile boolean unknown;

        Batch(List<Order> drafts, boolean rehearsal) {
            this.rehearsal = rehearsal;
            drafts.forEach(draft -> this.drafts.put(draft.id(), draft));
            this.claims = drafts.stream().map(OrderTransactions::claimOf).toList();
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
    }
}
