package io.seckill.user;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code seckill.session.*}.
 *
 * @param lifetime how long a session token lives after login
 * @param cacheTtl how long a node may answer for a session from memory after reading it from Redis
 *                 (0: ask Redis every time); a logout or an expiry reaches every node within this time at
 *                 the latest, and the contract allows a second
 */
@ConfigurationProperties("seckill.session")
public record SessionProperties(@DefaultValue("12h") Duration lifetime, @DefaultValue("500ms") Duration cacheTtl) {
}
