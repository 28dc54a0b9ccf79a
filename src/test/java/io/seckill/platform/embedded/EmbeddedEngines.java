package io.seckill.platform.embedded;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * The embedded default: starts real MariaDB, Redis and RocketMQ for whatever the environment does not point elsewhere,
 * so the app runs with no setup, and hands their addresses to the context ahead of every other property source.
 * <p>
 * The engines belong to the JVM ({@link SharedEngines}), not to a context: every context started here (tests start
 * several) shares them, and the last one to close stops them, after its own beans are gone.
 * {@code seckill.embedded.enabled=false} (the prod profile) turns all of it off.
 */
public final class EmbeddedEngines implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String PROPERTY_SOURCE_NAME = "seckillEmbeddedEngines";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        Wanted wanted = Wanted.from(environment);
        if (!wanted.any()) {
            return;
        }
        var lease = new Lease();
        destroyAfterEveryBean(context, lease);
        Map<String, Object> addresses = SharedEngines.acquire(wanted);
        lease.held.set(true);
        environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, addresses));
    }

    /** Disposables are destroyed in reverse order of registration, so the first one registered is destroyed last. */
    private static void destroyAfterEveryBean(ConfigurableApplicationContext context, Lease lease) {
        try {
            if (context.getBeanFactory() instanceof DefaultListableBeanFactory beanFactory) {
                beanFactory.registerDisposableBean(PROPERTY_SOURCE_NAME, lease);
                return;
            }
        } catch (IllegalStateException _) {
            // A refreshable context has no bean factory before refresh; register as soon as it has one.
        }
        context.addBeanFactoryPostProcessor(beanFactory -> {
            if (beanFactory instanceof DefaultListableBeanFactory listable) {
                listable.registerDisposableBean(PROPERTY_SOURCE_NAME, lease);
            }
        });
    }

    /** What one context needs started: anything configured externally is left alone. */
    record Wanted(boolean mariaDb, boolean redis, boolean rocketMq, Set<String> topics,
                  Duration transactionCheckInterval, Duration transactionTimeout) {

        static Wanted from(ConfigurableEnvironment environment) {
            // The Binder reads "1s" durations and both comma lists and YAML lists, whatever the environment's converter.
            Binder binder = Binder.get(environment);
            // The prod profile never starts one, whatever else says so (ProductionSettings then refuses the start).
            if (environment.matchesProfiles("prod")
                    || !binder.bind("seckill.embedded.enabled", Boolean.class).orElse(true)) {
                return new Wanted(false, false, false, Set.of(), Duration.ZERO, Duration.ZERO);
            }
            return new Wanted(
                    absent(environment, "spring.datasource.url"),
                    absent(environment, "spring.data.redis.host") && absent(environment, "spring.data.redis.url")
                            && absent(environment, "spring.data.redis.cluster.nodes")
                            && absent(environment, "spring.data.redis.sentinel.nodes"),
                    absent(environment, "seckill.rocketmq.name-server"),
                    binder.bind("seckill.embedded.topics", Bindable.setOf(String.class)).map(Wanted::trimmed).orElse(Set.of()),
                    binder.bind("seckill.embedded.rocketmq.transaction-check-interval", Duration.class)
                            .orElse(Duration.ofSeconds(5)),
                    binder.bind("seckill.embedded.rocketmq.transaction-timeout", Duration.class).orElse(Duration.ofSeconds(3)));
        }

        boolean any() {
            return mariaDb || redis || rocketMq;
        }

        private static boolean absent(ConfigurableEnvironment environment, String key) {
            return !StringUtils.hasText(environment.getProperty(key));
        }

        private static Set<String> trimmed(Set<String> topics) {
            var result = new LinkedHashSet<String>();
            topics.stream().map(String::trim).filter(topic -> !topic.isEmpty()).forEach(result::add);
            return result;
        }
    }

    /** One context's hold on the engines, let go when its bean factory is destroyed: on close or on a failed refresh. */
    private static final class Lease implements DisposableBean {

        private final AtomicBoolean held = new AtomicBoolean();

        @Override
        public void destroy() {
            if (held.compareAndSet(true, false)) {
                SharedEngines.release();
            }
        }
    }
}
