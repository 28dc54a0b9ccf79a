package io.seckill.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `--aot-cache` trains a cache when the file is absent and uses it once it exists. */
class AotCacheFlagTests {

    @TempDir
    Path dir;

    @Test
    void withoutTheOptionTheApplicationStartsWithoutACache() {
        assertEquals(Optional.empty(), AppProcess.aotCacheFlag(Settings.parse()));
    }

    @Test
    void anAbsentCacheIsWrittenByTheRun() {
        var cache = dir.resolve("seckill.aot");
        assertEquals(Optional.of("-XX:AOTCacheOutput=" + cache), AppProcess.aotCacheFlag(Settings.parse("--aot-cache=" + cache)));
    }

    @Test
    void anExistingCacheIsUsed() throws IOException {
        var cache = Files.writeString(dir.resolve("seckill.aot"), "trained");
        assertEquals(Optional.of("-XX:AOTCache=" + cache), AppProcess.aotCacheFlag(Settings.parse("--aot-cache=" + cache)));
    }
}
