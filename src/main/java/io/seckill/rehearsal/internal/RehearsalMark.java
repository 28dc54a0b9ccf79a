package io.seckill.rehearsal.internal;

import java.security.SecureRandom;
import java.util.HexFormat;

import org.springframework.stereotype.Component;

/**
 * The header value that marks this node's rehearsal requests: random per process, known only to it, so
 * that no client can pass its requests off as a rehearsal's. (A bean of its own, without dependencies,
 * because the metrics' observation filter needs it before anything else exists.)
 */
@Component
class RehearsalMark {

    static final String HEADER = "X-Seckill-Rehearsal";

    private final String value;

    RehearsalMark() {
        var bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        this.value = HexFormat.of().formatHex(bytes);
    }

    String value() {
        return value;
    }

    boolean isOn(String header) {
        return value.equals(header);
    }
}
