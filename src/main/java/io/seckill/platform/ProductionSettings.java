package io.seckill.platform;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * What a production node must have and must not have, checked before anything is built: the settings it
 * cannot run without (without this check, a missing database URL ends in a chain of bean-creation stack
 * traces whose last line is "'url' must start with "jdbc""), and the ones that would make it unsafe:
 * load-test helpers (captcha answers in headers, bulk sessions) or embedded engines. Every problem is
 * named at once ({@link MissingSettingsFailureAnalyzer} prints them).
 */
public class ProductionSettings implements EnvironmentPostProcessor, Ordered {

    /** A setting the prod profile needs, and the environment variable its file reads it from. */
    public record Required(String property, String variable, String meaning) {
    }

    static final List<Required> REQUIRED = List.of(
            new Required("spring.datasource.url", "SECKILL_DB_URL",
                    "the JDBC URL of the MariaDB primary, e.g. jdbc:mariadb://db:3306/seckill"),
            new Required("seckill.admin.password", "SECKILL_ADMIN_PASSWORD",
                    "the admin's password (never a generated or default one in production)"));

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.matchesProfiles("prod")) {
            return;
        }
        var missing = REQUIRED.stream().filter(setting -> isMissing(environment, setting.property())).toList();
        var unsafe = new ArrayList<String>();
        if (environment.getProperty("seckill.loadtest.enabled", Boolean.class, false)) {
            unsafe.add("seckill.loadtest.enabled=true: the load-test helpers are not allowed in production");
        }
        if (environment.getProperty("seckill.embedded.enabled", Boolean.class, true)) {
            unsafe.add("seckill.embedded.enabled is not false: the prod profile must not start embedded engines");
        }
        if (!missing.isEmpty() || !unsafe.isEmpty()) {
            throw new MissingSettingsException(missing, unsafe);
        }
    }

    private static boolean isMissing(ConfigurableEnvironment environment, String property) {
        try {
            var value = environment.getProperty(property);
            return value == null || value.isBlank();
        } catch (IllegalArgumentException unresolvedPlaceholder) {
            // application-prod.yml reads it from a variable that is not set
            return true;
        }
    }

    /** After the configuration files are read, so that the prod profile and its placeholders are known. */
    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }

    /** A production start refused: the settings missing and the unsafe ones, each named. */
    public static class MissingSettingsException extends IllegalStateException {

        private final transient List<Required> missing;
        private final transient List<String> unsafe;

        MissingSettingsException(List<Required> missing, List<String> unsafe) {
            super("Refusing to start the prod profile: missing " + missing.stream().map(Required::variable).toList()
                    + ", unsafe " + unsafe);
            this.missing = missing;
            this.unsafe = unsafe;
        }

        public List<Required> missing() {
            return missing;
        }

        public List<String> unsafe() {
            return unsafe;
        }
    }
}
