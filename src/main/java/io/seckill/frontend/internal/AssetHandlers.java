package io.seckill.frontend.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.ResourceResolver;
import org.springframework.web.servlet.resource.ResourceResolverChain;

import io.seckill.frontend.Assets;

/**
 * Serves {@code /assets/<fingerprint>/**} from {@code static/assets/} with a year's immutable caching: the
 * URL changes whenever any asset does. Only the current fingerprint is mapped; an old one is a 404, never
 * new content under an old name. nginx does the same from the source folder (ops/nginx). Images (the
 * demo item's picture) are under {@code /images/}, the chart library (uPlot, a webjar) under {@code /vendor/uplot/}.
 * <p>
 * The files are listed once at start ({@link KnownFiles}): a path that is not one of them is a 404 without
 * a look at the class path, which would search every jar for it on every request.
 */
@Configuration(proxyBeanMethods = false)
class AssetHandlers implements WebMvcConfigurer {

    private static final String IMAGES = "classpath:/static/images/";
    /** The chart library's files, from its webjar (org.webjars.npm:uplot), under /vendor/uplot/ whatever its version. */
    private static final String UPLOT = "classpath:/META-INF/resources/webjars/uplot/" + webjarVersion("uplot") + "/dist/";

    private final Assets assets;

    AssetHandlers(Assets assets) {
        this.assets = assets;
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/assets/" + assets.fingerprint() + "/**")
                .addResourceLocations(Assets.LOCATION)
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
                .resourceChain(false).addResolver(KnownFiles.under(Assets.LOCATION));
        registry.addResourceHandler("/images/**")
                .addResourceLocations(IMAGES)
                .setCacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
                .resourceChain(false).addResolver(KnownFiles.under(IMAGES));
        registry.addResourceHandler("/vendor/uplot/**")
                .addResourceLocations(UPLOT)
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePublic())
                .resourceChain(false).addResolver(KnownFiles.named(UPLOT, "uPlot.esm.js", "uPlot.min.css"));
    }

    /** The version of an npm webjar on the class path, from the properties Maven wrote into it. */
    private static String webjarVersion(String name) {
        var properties = new Properties();
        try (var in = AssetHandlers.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/" + name + "/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("The webjar org.webjars.npm:" + name + " is not on the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    /** The files under one class-path folder, found once, by their path below it. */
    record KnownFiles(Map<String, Resource> files) implements ResourceResolver {

        static KnownFiles under(String location) {
            try {
                var resolver = new PathMatchingResourcePatternResolver();
                var base = resolver.getResource(location).getURL().toString();
                var files = new HashMap<String, Resource>();
                for (var resource : resolver.getResources(location + "**/*")) {
                    var url = resource.getURL().toString();
                    if (resource.isReadable() && !url.endsWith("/")) {
                        files.put(url.substring(base.length()), resource);
                    }
                }
                return new KnownFiles(Map.copyOf(files));
            } catch (IOException e) {
                throw new UncheckedIOException("The front end's files under " + location + " cannot be listed", e);
            }
        }

        /**
         * Named files of a folder in a jar that has no entries for its folders (a webjar), where listing finds
         * nothing.
         */
        static KnownFiles named(String location, String... names) {
            var resolver = new PathMatchingResourcePatternResolver();
            var files = new HashMap<String, Resource>();
            for (var name : names) {
                var resource = resolver.getResource(location + name);
                if (!resource.isReadable()) {
                    throw new IllegalStateException("No " + name + " under " + location);
                }
                files.put(name, resource);
            }
            return new KnownFiles(Map.copyOf(files));
        }

        @Override
        public Resource resolveResource(HttpServletRequest request, String requestPath,
                List<? extends Resource> locations, ResourceResolverChain chain) {
            return files.get(requestPath);
        }

        @Override
        public String resolveUrlPath(String resourcePath, List<? extends Resource> locations,
                ResourceResolverChain chain) {
            return files.containsKey(resourcePath) ? resourcePath : null;
        }
    }
}
