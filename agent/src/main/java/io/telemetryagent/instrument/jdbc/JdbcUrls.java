package io.telemetryagent.instrument.jdbc;

import java.util.Locale;

/**
 * JDBC URLs as recorded, and the database host they name. Drivers take credentials in the URL in
 * several ways: user info ({@code //user:password@host}, Oracle's {@code thin:user/password@host}),
 * query parameters ({@code ?password=}) and semicolon properties ({@code ;PASSWORD=}, SQL Server's
 * {@code ;password=}). So a URL is kept only up to its first {@code ?} or {@code ;}, without user info;
 * one that still names a password (MySQL's {@code (password=...)} address form) is cut to its host.
 * Runs once per connection, not per statement.
 */
final class JdbcUrls {

    private JdbcUrls() {}

    /** {@code url} without user info, parameters or properties; null for null. */
    static String sanitize(String url) {
        if (url == null) {
            return null;
        }
        int end = url.length();
        int query = url.indexOf('?');
        if (query >= 0) {
            end = query;
        }
        int properties = url.indexOf(';');
        if (properties >= 0 && properties < end) {
            end = properties;
        }
        String kept = url.substring(0, end);
        int at = kept.lastIndexOf('@');
        if (at >= 0) {
            int userStart = userInfoStart(kept, at);
            kept = kept.substring(0, userStart) + (isAuthorityForm(kept, at) ? "" : "@") + kept.substring(at + 1);
        }
        String lower = kept.toLowerCase(Locale.ROOT);
        if (lower.contains("password") || lower.contains("pwd")) {
            String host = host(kept);
            return prefix(kept) + (host == null ? "" : "//" + host);
        }
        return kept;
    }

    /** True when the {@code @} at {@code at} ends {@code //user@}: it goes with the user info. */
    private static boolean isAuthorityForm(String url, int at) {
        int slashes = url.indexOf("//");
        return slashes >= 0 && slashes < at;
    }

    /** Where the user info ending at {@code at} starts: after {@code //}, else after the driver's prefix. */
    private static int userInfoStart(String url, int at) {
        int slashes = url.indexOf("//");
        if (slashes >= 0 && slashes < at) {
            return slashes + 2;
        }
        return Math.min(prefix(url).length(), at);
    }

    /**
     * {@code jdbc:<subprotocol>:}, and for Oracle {@code jdbc:oracle:<thin|oci>:}: the part that
     * names the driver and never holds a secret.
     */
    private static String prefix(String url) {
        int colons = url.regionMatches(true, 0, "jdbc:oracle:", 0, 12) ? 3 : 2;
        int i = -1;
        for (int n = 0; n < colons; n++) {
            int next = url.indexOf(':', i + 1);
            if (next < 0) {
                return url.substring(0, i + 1);
            }
            i = next;
        }
        return url.substring(0, i + 1);
    }

    /**
     * The host a sanitized URL names ({@code //host:port/...}, Oracle's {@code @host:port:sid} or
     * {@code @//host:port/service}, an IPv6 address without brackets); null when it names none, as
     * for an in-memory or embedded database.
     */
    static String host(String url) {
        if (url == null) {
            return null;
        }
        int start;
        int slashes = url.indexOf("//");
        int at = url.indexOf('@');
        if (slashes >= 0) {
            start = slashes + 2;
        } else if (at >= 0) {
            start = at + 1;
        } else {
            return null;
        }
        if (start < url.length() && url.charAt(start) == '[') {
            int close = url.indexOf(']', start);
            return close > start + 1 ? url.substring(start + 1, close) : null;
        }
        int end = start;
        while (end < url.length() && "/:,\\()=".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        return end > start ? url.substring(start, end) : null;
    }
}
