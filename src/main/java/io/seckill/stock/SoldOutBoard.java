package io.seckill.stock;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.seckill.platform.RehearsalIds;
import io.seckill.platform.redis.Channels;

/**
 * Which items are sold out, known in every node's memory. After a sell-out the flood that cannot
 * buy is answered from here without a single Redis call. The node that sees the counter reach zero
 * tells the others over Redis pub/sub; a release of units (a rolled-back order) clears the mark.
 */
@Component
public class SoldOutBoard implements MessageListener {

    private final StringRedisTemplate redis;
    private final StockPools pools;
    private final String channel;
    private final Set<Long> soldOut = ConcurrentHashMap.newKeySet();

    SoldOutBoard(StringRedisTemplate redis, RedisMessageListenerContainer listeners, Channels channels, StockPools pools) {
        this.redis = redis;
        this.pools = pools;
        var topic = channels.topic("stock-events");
        this.channel = topic.getTopic();
        listeners.addMessageListener(this, topic);
    }

    public boolean isSoldOut(long itemId) {
        return soldOut.contains(itemId);
    }

    void markSoldOut(long itemId) {
        if (soldOut.add(itemId) && !RehearsalIds.isRehearsal(itemId)) {
            redis.convertAndSend(channel, "sold-out:" + itemId);
        }
    }

    void markRestocked(long itemId) {
        soldOut.remove(itemId);
        if (!RehearsalIds.isRehearsal(itemId)) {
            redis.convertAndSend(channel, "restocked:" + itemId);
        }
    }

    /**
     * Broadcasts from different nodes can arrive in another order than the counter changed; a mark
     * that outlived a restock would only leave units unsold, and this recheck clears it.
     */
    @Scheduled(fixedDelay = 2000)
    void recheck() {
        for (long itemId : soldOut) {
            if (pools.counters(itemId).stream().anyMatch(left -> left != null && left > 0)) {
                soldOut.remove(itemId);
            }
        }
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        var event = new String(message.getBody(), StandardCharsets.UTF_8);
        int colon = event.indexOf(':');
        long itemId = Long.parseLong(event.substring(colon + 1));
        if (event.startsWith("sold-out")) {
            soldOut.add(itemId);
        } else {
            soldOut.remove(itemId);
        }
    }
}
