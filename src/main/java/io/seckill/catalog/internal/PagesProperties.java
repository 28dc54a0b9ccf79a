package io.seckill.catalog.internal;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code seckill.pages.*}: {@code dir} is where published item pages are written, as
 * {@code <dir>/items/<itemId>.html}, for a web server in front to serve. Unset: no pages are written.
 */
@ConfigurationProperties("seckill.pages")
record PagesProperties(Path dir) {
}
