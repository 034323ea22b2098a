package io.telemetryagent.instrument.servlet;

/**
 * Names of pipe spans: a servlet's class and the method {@code HttpServlet} dispatches to
 * ({@code HelloServlet.doGet}), or a framework's method and route template
 * ({@code GET /owners/:ownerId}: X-Ray names forbid braces).
 */
public final class HandlerNames {

    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "TRACE"};
    private static final String[] DO_METHODS = {"doGet", "doPost", "doPut", "doDelete", "doHead", "doOptions", "doTrace"};

    /** Per handler class: its names by HTTP method, then its name for any other method. */
    private static final ClassValue<String[]> BY_CLASS = new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
            String simple = simpleName(type);
            String[] names = new String[METHODS.length + 1];
            for (int i = 0; i < METHODS.length; i++) {
                names[i] = simple + "." + DO_METHODS[i];
            }
            names[METHODS.length] = simple + ".service";
            return names;
        }
    };

    private HandlerNames() {}

    /** {@code HelloServlet.doGet}: where HttpServlet.service sends a request with this method. */
    static String servlet(Class<?> servletClass, String httpMethod) {
        String[] names = BY_CLASS.get(servletClass);
        for (int i = 0; i < METHODS.length; i++) {
            if (METHODS[i].equals(httpMethod)) {
                return names[i];
            }
        }
        return names[METHODS.length];
    }

    /** The class name without package or enclosing classes. */
    static String simpleName(Class<?> type) {
        String name = type.getName();
        int cut = Math.max(name.lastIndexOf('.'), name.lastIndexOf('$'));
        return name.substring(cut + 1);
    }

    /**
     * {@code GET /owners/:ownerId} from {@code GET} and {@code /owners/{ownerId}}; a variable's
     * pattern ({@code {id:[0-9]+}}, {@code {id: \d+}}) is left out. An ASCII character X-Ray
     * names refuse, such as a wildcard's {@code *} or {@code ?}, is percent-encoded rather than
     * dropped ({@code /webjars/**} is {@code /webjars/%2A%2A}, {@code {*path}} is
     * {@code :%2Apath}), and so is {@code %} itself: two templates never share a name, and a
     * wildcard route never takes the name of the route it would be without its wildcard
     * ({@code /**} would otherwise read {@code /}, the home page).
     */
    public static String route(String httpMethod, String template) {
        StringBuilder b = new StringBuilder((httpMethod == null ? 0 : httpMethod.length() + 1) + template.length());
        if (httpMethod != null) {
            b.append(httpMethod).append(' ');
        }
        int i = 0;
        int n = template.length();
        while (i < n) {
            char c = template.charAt(i);
            if (c != '{') {
                appendNameChar(b, c);
                i++;
                continue;
            }
            // {name} or {name:pattern}, where the pattern may hold braces of its own
            int depth = 1;
            int nameEnd = -1;
            int j = i + 1;
            while (j < n && depth > 0) {
                char d = template.charAt(j);
                if (d == '{') {
                    depth++;
                } else if (d == '}') {
                    depth--;
                } else if (d == ':' && depth == 1 && nameEnd < 0) {
                    nameEnd = j;
                }
                j++;
            }
            int end = depth == 0 ? j - 1 : n;
            b.append(':');
            for (int k = i + 1, nameStop = nameEnd < 0 ? end : nameEnd; k < nameStop; k++) {
                appendNameChar(b, template.charAt(k));
            }
            int last = b.length();
            while (last > 0 && b.charAt(last - 1) == ' ') {
                last--;
            }
            b.setLength(last);
            i = j;
        }
        return b.toString();
    }

    /**
     * The name of a request no route matched (Spring's 404 when no handler, or only its catch-all
     * static resource handler, took it): {@code GET no route}, which no template's name can be,
     * for every template starts with {@code /}.
     */
    public static String noRoute(String httpMethod) {
        return httpMethod == null ? NO_ROUTE : httpMethod + " " + NO_ROUTE;
    }

    static final String NO_ROUTE = "no route";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** {@code c}, or its {@code %XX} escape when it is ASCII that X-Ray names refuse, or {@code %}. */
    private static void appendNameChar(StringBuilder b, char c) {
        if (c >= 0x80 || (c != '%' && isAsciiNameChar(c))) {
            b.append(c); // X-Ray allows letters of any script; the segment writer drops the rest
        } else {
            b.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
        }
    }

    /** X-Ray's name characters below 0x80: letters, digits, space and {@code _ . : / % & # = + \ - @}. */
    private static boolean isAsciiNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' '
                || c == '_' || c == '.' || c == ':' || c == '/' || c == '%' || c == '&' || c == '#' || c == '='
                || c == '+' || c == '\\' || c == '-' || c == '@';
    }
}
