package io.seckill.platform;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ProductionGuardTests {

    @Test
    void productionRefusesLoadTestMode() {
        var environment = safe().withProperty("seckill.loadtest.enabled", "true");
        assertThatIllegalStateException().isThrownBy(() -> new ProductionGuard(new LoadTestProperties(true), environment))
                .withMessageContaining("seckill.loadtest.enabled");
    }

    @Test
    void productionRefusesToStartWithoutAnAdminPassword() {
        var environment = new MockEnvironment().withProperty("seckill.embedded.enabled", "false");
        assertThatIllegalStateException().isThrownBy(() -> new ProductionGuard(new LoadTestProperties(false), environment))
                .withMessageContaining("seckill.admin.password");
    }

    @Test
    void productionRefusesEmbeddedEngines() {
        var environment = safe().withProperty("seckill.embedded.enabled", "true");
        assertThatIllegalStateException().isThrownBy(() -> new ProductionGuard(new LoadTestProperties(false), environment))
                .withMessageContaining("embedded");
    }

    @Test
    void aSafeProductionSetupStarts() {
        assertThatNoException().isThrownBy(() -> new ProductionGuard(new LoadTestProperties(false), safe()));
    }

    private static MockEnvironment safe() {
        return new MockEnvironment().withProperty("seckill.admin.password", "s3cret-from-env")
                .withProperty("seckill.embedded.enabled", "false");
    }
}
