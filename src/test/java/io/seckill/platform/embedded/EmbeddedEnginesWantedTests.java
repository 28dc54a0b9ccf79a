package io.seckill.platform.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Which engines a context would have started, decided from its settings alone (nothing is started here). */
class EmbeddedEnginesWantedTests {

    @Test
    void withNothingConfiguredEveryEngineIsWanted() {
        var wanted = EmbeddedEngines.Wanted.from(new MockEnvironment());

        assertThat(wanted.mariaDb()).isTrue();
        assertThat(wanted.redis()).isTrue();
        assertThat(wanted.rocketMq()).isTrue();
    }

    @Test
    void theProdProfileStartsNoEngineEvenWhenTheSettingAsksForThem() {
        var environment = new MockEnvironment().withProperty("seckill.embedded.enabled", "true");
        environment.setActiveProfiles("prod");

        assertThat(EmbeddedEngines.Wanted.from(environment).any()).isFalse();
    }

    @Test
    void anEngineConfiguredElsewhereIsLeftAlone() {
        var wanted = EmbeddedEngines.Wanted.from(new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:mariadb://db:3306/seckill")
                .withProperty("seckill.rocketmq.name-server", "ns:9876"));

        assertThat(wanted.mariaDb()).isFalse();
        assertThat(wanted.rocketMq()).isFalse();
        assertThat(wanted.redis()).isTrue();
    }
}
