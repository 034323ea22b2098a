package io.telemetryagent.export;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URL;
import java.time.Duration;
import java.util.Map;

/**
 * Small HTTP calls to a platform's local metadata endpoint (EC2's instance metadata service,
 * ECS's task metadata endpoint): never through a proxy, with short timeouts, bodies of at most
 * 64 KB. Runs on the exporter's thread, where nothing is traced.
 */
final class MetadataClient {

    static final int MAX_BODY = 64 * 1024;

    private final int timeoutMillis;

    MetadataClient(Duration timeout) {
        this.timeoutMillis = (int) Math.max(1, timeout.toMillis());
    }

    /**
     * The body of a 200 answer to {@code method url} with {@code headers}.
     *
     * @throws IOException on any other status (its message names it), a network error or a time-out
     */
    byte[] call(String method, String url, Map<String, String> headers) throws IOException {
        // A metadata endpoint is link-local: a proxy set for the app's own calls must not see it.
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection(Proxy.NO_PROXY);
        try {
            connection.setRequestMethod(method);
            connection.setConnectTimeout(timeoutMillis);
            connection.setReadTimeout(timeoutMillis);
            connection.setUseCaches(false);
            connection.setInstanceFollowRedirects(false);
            for (Map.Entry<String, String> header : headers.entrySet()) {
                connection.setRequestProperty(header.getKey(), header.getValue());
            }
            int status = connection.getResponseCode();
            if (status != 200) {
                throw new IOException("HTTP " + status + " from " + method + " " + url);
            }
            try (InputStream in = connection.getInputStream()) {
                byte[] body = in.readNBytes(MAX_BODY + 1);
                if (body.length > MAX_BODY) {
                    throw new IOException("an answer over " + MAX_BODY + " bytes from " + url);
                }
                return body;
            }
        } finally {
            connection.disconnect();
        }
    }
}
