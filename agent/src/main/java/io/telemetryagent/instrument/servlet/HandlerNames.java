package io.telemetryagent.instrument.servlet;

/**
 * Names of pipe spans: a servlet's class and the method {@code HttpServlet} dispatches to
 * ({@code HelloServlet.doGet}), or a framework's method and route template
 * ({@code GET /owners/:ownerId}: X-Ray names forbid braces).
 */
final class HandlerNames {

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
     * pattern ({@code {id:[0-9]+}}, {@code {id: \d+}}) is left out.
     */
    static String route(String httpMethod, String template) {
        StringBuilder b = new StringBuilder((httpMethod == null ? 0 : httpMethod.length() + 1) + template.length());
        if (httpMethod != null) {
            b.append(httpMethod).append(' ');
        }
        int i = 0;
        int n = template.length();
        while (i < n) {
            char c = template.charAt(i);
            if (c != '{') {
                b.append(c);
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
            b.append(':').append(template, i + 1, nameEnd < 0 ? end : nameEnd);
            int last = b.length();
            while (last > 0 && b.charAt(last - 1) == ' ') {
                last--;
            }
            b.setLength(last);
            i = j;
        }
        return b.toString();
    }
}
