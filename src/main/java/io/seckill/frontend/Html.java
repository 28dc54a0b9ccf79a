package io.seckill.frontend;

import java.util.Locale;

/** Text from users or admins, made safe to put into a page. */
public final class Html {

    private Html() {
    }

    /** Text for an element's content or a quoted attribute value: nothing in it can end either. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        var out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** An http(s) URL or a path on this site; anything else (javascript:, data:, ...) is dropped. */
    public static String safeUrl(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        var trimmed = url.strip();
        var lower = trimmed.toLowerCase(Locale.ROOT);
        boolean allowed = lower.startsWith("https://") || lower.startsWith("http://")
                || trimmed.startsWith("/") && !trimmed.startsWith("/\\");
        boolean clean = trimmed.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
        return allowed && clean ? trimmed : null;
    }
}
