package io.seckill.catalog.internal;

import java.net.URI;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code seckill.edge.*}: the web servers in front of the nodes that keep a micro-cache of the catalogue
 * (nginx in ops/nginx). {@code urls}: each one's base URL, asked to refresh its copies after an admin change
 * (none by default: nothing in front caches). {@code self}: this node's address as they reach it
 * ({@code host:port}; unset, the loopback address and the port this node listens on).
 */
@ConfigurationProperties("seckill.edge")
record EdgeProperties(@DefaultValue List<URI> urls, String self) {
}
