package io.seckill.frontend.internal;

import java.time.Duration;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.seckill.frontend.Assets;

/**
 * Serves {@code /assets/<fingerprint>/**} from {@code static/assets/} with a year's immutable caching: the
 * URL changes whenever any asset does. Only the current fingerprint is mapped; an old one is a 404, never
 * new content under an old name. nginx does the same from the source folder (ops/nginx).
 */
@Configuration(proxyBeanMethods = false)
class AssetHandlers implements WebMvcConfigurer {

    private final Assets assets;

    AssetHandlers(Assets assets) {
        this.assets = assets;
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/assets/" + assets.fingerprint() + "/**")
                .addResourceLocations(Assets.LOCATION)
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
    }
}
