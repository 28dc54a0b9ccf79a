package io.seckill.platform.id;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Hands out ids before their rows exist, from blocks reserved in the database (hi/lo), so that
 * every node gets unique ids with one database round trip per block instead of one per id.
 * Ids stay small enough for JavaScript clients (well under 2^53).
 */
@Component
public class IdBlocks {

    static final int BLOCK_SIZE = 1000;

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final ConcurrentHashMap<String, Block> blocks = new ConcurrentHashMap<>();

    public IdBlocks(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(Propagation.REQUIRES_NEW.value());
    }

    public long next(String sequence) {
        return blocks.computeIfAbsent(sequence, Block::new).next();
    }

    private final class Block {
        private final String sequence;
        private final ReentrantLock lock = new ReentrantLock();
        private long next;
        private long end;

        Block(String sequence) {
            this.sequence = sequence;
        }

        long next() {
            lock.lock();
            try {
                if (next >= end) {
                    next = reserve();
                    end = next + BLOCK_SIZE;
                }
                return next++;
            } finally {
                lock.unlock();
            }
        }

        private long reserve() {
            Long start = ownTransaction.execute(status -> {
                long first = jdbc.sql("SELECT next_id FROM id_block WHERE name = ? FOR UPDATE")
                        .param(sequence).query(Long.class).single();
                jdbc.sql("UPDATE id_block SET next_id = ? WHERE name = ?")
                        .param(first + BLOCK_SIZE).param(sequence).update();
                return first;
            });
            return start;
        }
    }
}
