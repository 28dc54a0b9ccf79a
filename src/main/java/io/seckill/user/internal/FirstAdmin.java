package io.seckill.user.internal;

import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.seckill.user.AdminProperties;
import io.seckill.user.CurrentUser;
import io.seckill.user.UserAccounts;

/**
 * Creates the first admin when there is none. Never a fixed default password: without
 * {@code seckill.admin.password} a random one is generated and logged once.
 */
@Component
@Order(0)
class FirstAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

    private final UserAccounts accounts;
    private final AdminProperties properties;

    FirstAdmin(UserAccounts accounts, AdminProperties properties) {
        this.accounts = accounts;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (accounts.anyAdmin()) {
            return;
        }
        var password = properties.password();
        boolean generated = password == null || password.isBlank();
        if (generated) {
            var bytes = new byte[15];
            new SecureRandom().nextBytes(bytes);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
        if (accounts.register(properties.username(), password, true).isEmpty()) {
            // another node starting at the same moment may have created it first
            if (accounts.findByUsername(properties.username()).filter(CurrentUser::admin).isPresent()) {
                return;
            }
            throw new IllegalStateException("Cannot create admin '" + properties.username()
                    + "': a non-admin user has that name");
        }
        if (generated) {
            log.info("Created admin '{}' with generated password: {}", properties.username(), password);
        } else {
            log.info("Created admin '{}' with the configured password", properties.username());
        }
    }
}
