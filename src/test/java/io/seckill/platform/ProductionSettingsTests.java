package io.seckill.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockEnvironment;

import io.seckill.SeckillApplication;
import io.seckill.platform.ProductionSettings.MissingSettingsException;

@ExtendWith(OutputCaptureExtension.class)
class ProductionSettingsTests {

    @Test
    void aProductionStartWithoutItsSettingsNamesEachMissingVariableInOneMessage(CapturedOutput output) {
        var application = new SpringApplication(SeckillApplication.class);
        application.setEnvironment(withoutSystemEnvironment());

        assertThatThrownBy(() -> application.run("--spring.profiles.active=prod"))
                .isInstanceOf(MissingSettingsException.class);

        assertThat(output).contains("APPLICATION FAILED TO START",
                "SECKILL_DB_URL (spring.datasource.url)", "SECKILL_ADMIN_PASSWORD (seckill.admin.password)");
        assertThat(output).doesNotContain("must start with", "BeanCreationException", "\tat io.seckill");
    }

    @Test
    void aProductionStartWithItsSettingsPassesTheCheck() {
        var environment = prodWith(Map.of("spring.datasource.url", "jdbc:mariadb://db:3306/seckill",
                "seckill.admin.password", "s3cret-from-env", "seckill.embedded.enabled", "false"));

        assertThatNoException().isThrownBy(() -> new ProductionSettings().postProcessEnvironment(environment, null));
    }

    @Test
    void aBlankAdminPasswordCountsAsMissing() {
        var environment = prodWith(Map.of("spring.datasource.url", "jdbc:mariadb://db:3306/seckill",
                "seckill.admin.password", " "));

        assertThatThrownBy(() -> new ProductionSettings().postProcessEnvironment(environment, null))
                .isInstanceOfSatisfying(MissingSettingsException.class, refused -> assertThat(refused.missing())
                        .extracting(ProductionSettings.Required::variable).containsExactly("SECKILL_ADMIN_PASSWORD"));
    }

    @Test
    void productionRefusesLoadTestMode() {
        var environment = safe().withProperty("seckill.loadtest.enabled", "true");
        assertThatIllegalStateException().isThrownBy(() -> check(environment))
                .withMessageContaining("seckill.loadtest.enabled");
    }

    @Test
    void productionRefusesEmbeddedEngines() {
        var environment = safe().withProperty("seckill.embedded.enabled", "true");
        assertThatIllegalStateException().isThrownBy(() -> check(environment))
                .withMessageContaining("embedded");
    }

    @Test
    void aSafeProductionSetupStarts() {
        assertThatNoException().isThrownBy(() -> check(safe()));
    }

    private static void check(MockEnvironment environment) {
        new ProductionSettings().postProcessEnvironment(environment, null);
    }

    private static MockEnvironment safe() {
        var environment = new MockEnvironment().withProperty("seckill.admin.password", "s3cret-from-env")
                .withProperty("spring.datasource.url", "jdbc:mariadb://db:3306/seckill")
                .withProperty("seckill.embedded.enabled", "false");
        environment.setActiveProfiles("prod");
        return environment;
    }

    private static StandardEnvironment prodWith(Map<String, Object> settings) {
        var environment = withoutSystemEnvironment();
        environment.setActiveProfiles("prod");
        environment.getPropertySources().addLast(new MapPropertySource("settings", settings));
        return environment;
    }

    /** The variables of the machine running the tests (CI sets SPRING_DATASOURCE_URL) must not fill the gaps. */
    private static StandardEnvironment withoutSystemEnvironment() {
        var environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        return environment;
    }
}
