package io.telemetryagent.trace;

/**
 * URLs as recorded: no query string, fragment, path parameters ({@code ;jsessionid=...}) or user
 * info, all of which can carry secrets.
 */
public final class Urls {

    private Urls() {}

    /** {@code scheme://host[:port]path}, with the path's parameters removed. */
    public static String of(String scheme, String hostAndPort, String rawPath) {
        if (rawPath != null && plainPath(rawPath, 0) && hostAndPort.indexOf('@') < 0) {
            return scheme + "://" + hostAndPort + rawPath; // the common case: one allocation, the result
        }
        StringBuilder b = new StringBuilder(scheme.length() + hostAndPort.length() + 3
                + (rawPath == null ? 1 : rawPath.length()));
        b.append(scheme).append("://");
        int at = hostAndPort.lastIndexOf('@');
        b.append(at >= 0 ? hostAndPort.substring(at + 1) : hostAndPort);
        appendPath(b, rawPath);
        return b.toString();
    }

    /** Strips a full URL string; one with nothing to strip is returned as it is, not copied. */
    public static String strip(String url) {
        if (url == null) {
            return null;
        }
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0 || !isScheme(url, schemeEnd)) {
            // A path: "://" in its query ("/login?next=https://...") is no scheme.
            StringBuilder b = new StringBuilder(url.length());
            appendPath(b, url);
            // A "://" made by removing a parameter ("a:;p//b") would read as a scheme next time.
            for (int colon = b.indexOf("://"); colon >= 0; colon = b.indexOf("://", colon)) {
                b.replace(colon, colon + 1, "%3A");
            }
            return b.toString();
        }
        int authorityStart = schemeEnd + 3;
        int pathStart = authorityStart;
        while (pathStart < url.length()) {
            char c = url.charAt(pathStart);
            if (c == '/' || c == '?' || c == '#') {
                break;
            }
            pathStart++;
        }
        if (nothingToStrip(url, authorityStart, pathStart)) {
            return url;
        }
        return of(url.substring(0, schemeEnd), url.substring(authorityStart, pathStart), url.substring(pathStart));
    }

    /**
     * True when {@code url[0, end)}, before a "://", is taken for a scheme: anything but a '?' or
     * '#', which would put the "://" in a query or fragment (Jazzer found that refusing a '/' too
     * let "https:/://user:pw@h" keep its user info in what became a path).
     */
    private static boolean isScheme(String url, int end) {
        for (int i = 0; i < end; i++) {
            char c = url.charAt(i);
            if (c == '?' || c == '#') {
                return false;
            }
        }
        return true;
    }

    /**
     * True when {@code s}, from {@code from} on, is a path that starts with '/' and has neither
     * parameters, query nor fragment.
     */
    private static boolean plainPath(String s, int from) {
        if (from >= s.length() || s.charAt(from) != '/') {
            return false;
        }
        for (int i = from + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ';' || c == '?' || c == '#') {
                return false;
            }
        }
        return true;
    }

    /** True when {@code url} has a path and neither user info, path parameters, query nor fragment. */
    private static boolean nothingToStrip(String url, int authorityStart, int pathStart) {
        int at = url.indexOf('@', authorityStart);
        return (at < 0 || at >= pathStart) && plainPath(url, pathStart);
    }

    private static void appendPath(StringBuilder b, String rawPath) {
        int before = b.length();
        if (rawPath != null && !rawPath.isEmpty() && "/?#".indexOf(rawPath.charAt(0)) < 0) {
            b.append('/'); // a path that does not start at the root ("*", "relative") still gets its slash
        }
        boolean inParams = false;
        for (int i = 0; rawPath != null && i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '?' || c == '#') {
                break;
            }
            if (c == ';') {
                inParams = true;
            } else if (c == '/') {
                inParams = false;
                b.append(c);
            } else if (!inParams) {
                b.append(c);
            }
        }
        if (b.length() == before) {
            b.append('/');
        }
    }
}
