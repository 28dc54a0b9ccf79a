package io.seckill.user;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code seckill.session.lifetime}: how long a session token lives after login. */
@ConfigurationProperties("seckill.session")
public record SessionProperties(@DefaultValue("12h") Duration lifetime) {
}
