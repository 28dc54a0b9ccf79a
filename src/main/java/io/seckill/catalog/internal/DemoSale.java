package io.seckill.catalog.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** {@code seckill.demo.enabled}: on start, an item whose flash sale opens one minute later. */
@Component
@ConditionalOnBooleanProperty("seckill.demo.enabled")
@Order(10)
class DemoSale implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoSale.class);

    private final CatalogAdministration administration;
    private final Environment environment;

    DemoSale(CatalogAdministration administration, Environment environment) {
        this.administration = administration;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        var item = administration.createItem("Seckill Phone X", "A demo phone; 100 units at a flash-sale price.",
                "/images/phone.svg", new java.math.BigDecimal("999.00"), 100);
        var start = Instant.now().plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
        var promo = administration.createPromo(new AdminCatalogController.NewPromo(item.id(), "Launch flash sale",
                "99.00", start, start.plus(Duration.ofHours(2)), 1, 15));
        administration.publish(promo.id());
        var port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        log.info("Demo sale ready: item {} (promo {}) opens at {}. Try: curl http://localhost:{}/api/items/{}",
                item.id(), promo.id(), start, port, item.id());
    }
}
