package io.seckill.frontend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The front end's scripts and styles: plain files under {@code static/assets/}, published at
 * {@code /assets/<fingerprint>/<path>}. The fingerprint is a hash of every asset's name and content,
 * so any change gives every asset a new URL and browsers may keep one for a year without asking again.
 * <p>
 * One fingerprint for the whole tree, not one per file, because the scripts are ES modules that import
 * each other by relative path: {@code ./api.js} next to {@code /assets/<fp>/js/item.js} is
 * {@code /assets/<fp>/js/api.js}, of the same release, with no rewriting of imports.
 */
@Component
public class Assets {

    /** Where the assets are, on the class path and (for nginx) in {@code src/main/resources}. */
    public static final String LOCATION = "classpath:/static/assets/";

    private final String fingerprint;

    public Assets() {
        this.fingerprint = fingerprintOf(LOCATION);
    }

    public String fingerprint() {
        return fingerprint;
    }

    /** The URL of an asset, e.g. {@code url("js/item.js")}. */
    public String url(String path) {
        return "/assets/" + fingerprint + "/" + path;
    }

    static String fingerprintOf(String location) {
        try {
            var resolver = new PathMatchingResourcePatternResolver();
            var base = resolver.getResource(location).getURL().toString();
            var files = new TreeMap<String, byte[]>();
            for (var resource : resolver.getResources(location + "**/*")) {
                if (resource.isReadable() && !resource.getURL().toString().endsWith("/")) {
                    try (var in = resource.getInputStream()) {
                        files.put(resource.getURL().toString().substring(base.length()), in.readAllBytes());
                    }
                }
            }
            var digest = MessageDigest.getInstance("SHA-256");
            files.forEach((name, content) -> {
                digest.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(content);
            });
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("The front end's assets cannot be read", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
