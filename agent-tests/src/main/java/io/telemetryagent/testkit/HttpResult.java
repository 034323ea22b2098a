package io.telemetryagent.testkit;

import java.util.List;
import java.util.Map;

/**
 * One answer from a host: status (-1 when the connection failed or closed without an answer),
 * response headers, body (or the error) and how long it took.
 */
public record HttpResult(int status, Map<String, List<String>> headers, String body, long millis) {

    /** The first value of a response header, the name compared case-insensitively; null when absent. */
    public String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }
}
