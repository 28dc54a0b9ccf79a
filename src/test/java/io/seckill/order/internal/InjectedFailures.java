package io.seckill.order.internal;

import java.util.List;

import org.aopalliance.intercept.MethodInterceptor;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import io.seckill.order.Order;
import io.seckill.stock.StockClaim;
import io.seckill.stock.StockLedger;
import io.seckill.support.TestProbe;

/**
 * The failures {@link TestProbe} asks for, put in by wrapping the beans the local transaction calls: the
 * counter's reservation (then a buyer's action runs: a throw or a hang after the units were taken), the
 * order store's write (a buyer's write fails), and the transaction listener itself (a written batch is
 * reported UNKNOW). Production code knows nothing of it.
 */
@TestConfiguration(proxyBeanMethods = false)
public class InjectedFailures {

    @Bean
    static BeanPostProcessor injectedFailures() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return switch (bean) {
                    case StockLedger ledger -> afterReservations(ledger);
                    case OrderStore store -> failingWrites(store);
                    case OrderTransactions transactions -> reportingUnknown(transactions);
                    default -> bean;
                };
            }
        };
    }

    private static Object afterReservations(StockLedger ledger) {
        return proxy(ledger, invocation -> {
            var result = invocation.proceed();
            if (invocation.getMethod().getName().equals("reserveAll")) {
                claims(invocation.getArguments()[0]).forEach(TestProbe::reserved);
            }
            return result;
        });
    }

    private static Object failingWrites(OrderStore store) {
        return proxy(store, invocation -> {
            if (invocation.getMethod().getName().equals("insertAll")) {
                for (var draft : (List<?>) invocation.getArguments()[0]) {
                    TestProbe.writing(((Order) draft).userId());
                }
            }
            return invocation.proceed();
        });
    }

    private static TransactionListener reportingUnknown(OrderTransactions transactions) {
        return new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message message, Object batch) {
                var state = transactions.executeLocalTransaction(message, batch);
                boolean unknown = ((OrderBatch) batch).claims.stream().anyMatch(claim -> TestProbe.reportsUnknown(claim.userId()));
                return state == LocalTransactionState.COMMIT_MESSAGE && unknown ? LocalTransactionState.UNKNOW : state;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt message) {
                return transactions.checkLocalTransaction(message);
            }
        };
    }

    private static Object proxy(Object target, MethodInterceptor interceptor) {
        var factory = new ProxyFactory(target);
        factory.setProxyTargetClass(true);
        factory.addAdvice(interceptor);
        return factory.getProxy();
    }

    private static List<StockClaim> claims(Object argument) {
        return ((List<?>) argument).stream().map(StockClaim.class::cast).toList();
    }
}
