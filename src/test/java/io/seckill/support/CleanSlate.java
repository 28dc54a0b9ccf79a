package io.seckill.support;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Every test run starts from an empty schema and an empty Redis database, also when it runs
 * against long-lived external servers (CI gives the machine's MariaDB and Redis).
 */
@TestConfiguration(proxyBeanMethods = false)
public class CleanSlate {

    @Bean
    FlywayMigrationStrategy cleanThenMigrate(RedisConnectionFactory redis) {
        return flyway -> {
            try (var connection = redis.getConnection()) {
                connection.serverCommands().flushDb();
            }
            flyway.clean();
            flyway.migrate();
        };
    }
}
