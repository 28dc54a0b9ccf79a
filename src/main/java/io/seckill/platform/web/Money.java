package io.seckill.platform.web;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Money crosses the API as a decimal string with two places ("1999.00"), never as a binary float. */
public final class Money {

    /** What a money field of a request must look like; checked by bean validation before parsing. */
    public static final String PATTERN = "\\d{1,10}(\\.\\d{1,2})?";

    private Money() {
    }

    public static BigDecimal parse(String text) {
        return new BigDecimal(text).setScale(2, RoundingMode.UNNECESSARY);
    }

    public static String format(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }
}
