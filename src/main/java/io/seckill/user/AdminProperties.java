package io.seckill.user;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The first admin: {@code seckill.admin.username} and {@code seckill.admin.password} (from the environment). */
@ConfigurationProperties("seckill.admin")
public record AdminProperties(@DefaultValue("admin") String username, String password) {

    @Override
    public String toString() {
        return "AdminProperties[username=" + username + ", password=" + (password == null ? "unset" : "***") + "]";
    }
}
