package io.telemetryagent.export;

import io.telemetryagent.config.TelemetryConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;

/**
 * X-Ray's {@code PutTraceSegments} ({@code POST /TraceSegments}, a JSON body), signed with
 * SigV4 ({@link SigV4}) and sent on a kept-alive connection of our own ({@link Http1Connection}). The request body
 * ({@link BatchBody}) is written by the exporter as it writes the documents. This replaces the
 * AWS SDK for Java v2's {@code XRayClient}: its generic pipeline (interceptors, endpoint rules,
 * marshallers, signer, metrics) cost 1.3 to 6 ms of CPU per call, more than serving the
 * requests a batch describes, and loaded and compiled thousands of classes. Not thread-safe: the exporter's thread owns it.
 */
final class XRayCall implements AutoCloseable {

    /** Error codes X-Ray and AWS use for throttling, besides HTTP 429. */
    private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "ThrottledException",
            "TooManyRequestsException", "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException",
            "ProvisionedThroughputExceededException", "SlowDown", "BandwidthLimitExceeded");
    private static final String CONTENT_TYPE = "application/json";

    private final URI uri;
    /** The Host header as the HTTP client will send it: with the port unless it is the scheme's default. */
    private final String host;
    private final SigV4 signer;
    private final Http1Connection http;

    XRayCall(URI endpoint, SigV4 signer, String userAgent, ExportTiming timing) {
        this(endpoint, signer, userAgent, timing, null, null);
    }

    /**
     * As above, through {@code proxy} (null: as the JDK's default selector says for this URL,
     * system properties included, chosen once) and with {@code tls} (null: the JVM's default).
     */
    XRayCall(URI endpoint, SigV4 signer, String userAgent, ExportTiming timing, Proxy proxy, SSLSocketFactory tls) {
        String base = endpoint.toString();
        this.uri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/TraceSegments");
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (port == 443 && "https".equalsIgnoreCase(uri.getScheme()))
                || (port == 80 && "http".equalsIgnoreCase(uri.getScheme()));
        this.host = defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
        this.signer = signer;
        int connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, timing.connectTimeout.toMillis());
        int readTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, timing.readTimeout.toMillis());
        try {
            this.http = new Http1Connection(uri, host, proxy != null ? proxy : proxyFor(uri), tls,
                    connectTimeoutMillis, readTimeoutMillis,
                    "Content-Type", CONTENT_TYPE, "Accept", CONTENT_TYPE, "User-Agent", userAgent);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("exporters.xray.endpoint " + endpoint + " is not an http(s) URL with a"
                    + " host name (e.g. https://xray.eu-west-1.amazonaws.com)", e);
        }
    }

    /**
     * The proxy the JDK would use for {@code uri}, chosen once rather than on every call (the
     * JDK's per-connection selection showed in the exporter's profile).
     */
    private static Proxy proxyFor(URI uri) {
        try {
            ProxySelector selector = ProxySelector.getDefault();
            if (selector != null) {
                List<Proxy> proxies = selector.select(uri);
                if (proxies != null && !proxies.isEmpty() && proxies.get(0) != null) {
                    return proxies.get(0);
                }
            }
        } catch (RuntimeException e) {
            // a selector that fails: go direct, as the JDK would
        }
        return Proxy.NO_PROXY;
    }

    /** A call for {@code config}; throws, with a message fit for the log (never a secret), when it cannot be made. */
    static XRayCall create(TelemetryConfig config, ExportTiming timing, String agentVersion) {
        URI endpoint = config.endpoint() != null ? config.endpoint() : publicEndpoint(config.region());
        return new XRayCall(endpoint, signer(config), "telemetry-agent/" + agentVersion, timing);
    }

    /** The region's public X-Ray endpoint: {@code https://xray.<region>.<the partition's domain>}. */
    static URI publicEndpoint(String region) {
        String domain;
        if (region.startsWith("cn-")) {
            domain = "amazonaws.com.cn";
        } else if (region.startsWith("us-isob-")) {
            domain = "sc2s.sgov.gov";
        } else if (region.startsWith("us-isof-")) {
            domain = "csp.hci.ic.gov";
        } else if (region.startsWith("us-iso-")) {
            domain = "c2s.ic.gov";
        } else if (region.startsWith("eu-isoe-")) {
            domain = "cloud.adc-e.uk";
        } else {
            domain = "amazonaws.com";
        }
        return URI.create("https://xray." + region + "." + domain);
    }

    /**
     * Why no call can be made with {@code config}'s credentials (a message fit for the log, never
     * a secret), or null when they are there. Cheap: checked as the exporter starts, long before
     * the first call is made.
     */
    static String credentialsProblem(TelemetryConfig config) {
        if (config.useEnv()) {
            if (isEmpty(System.getenv("AWS_ACCESS_KEY_ID")) || isEmpty(System.getenv("AWS_SECRET_ACCESS_KEY"))) {
                return "exporters.xray.use_env is true but the environment has no"
                        + " AWS credentials (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)";
            }
        } else if (isEmpty(config.accessKeyId()) || isEmpty(config.secretAccessKey())) {
            return "exporters.xray has no access_key_id and secret_access_key (or set use_env: true)";
        }
        return null;
    }

    private static SigV4 signer(TelemetryConfig config) {
        String problem = credentialsProblem(config);
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        if (config.useEnv()) {
            String token = System.getenv("AWS_SESSION_TOKEN");
            return new SigV4(System.getenv("AWS_ACCESS_KEY_ID").trim(), System.getenv("AWS_SECRET_ACCESS_KEY").trim(),
                    isEmpty(token) ? null : token.trim(), config.region(), "xray");
        }
        return new SigV4(config.accessKeyId(), config.secretAccessKey(), null, config.region(), "xray");
    }

    private static boolean isEmpty(String value) {
        return value == null || value.trim().isEmpty();
    }

    /**
     * Sends a {@link BatchBody} in one call and returns X-Ray's answer, an error answer included;
     * throws {@link IOException} when no answer came (connection refused, time-out, reset).
     */
    Answer send(BatchBody body) throws IOException {
        body.close();
        byte[] payload = body.bytes();
        int size = body.length();
        SigV4.Signature signature = signer.sign(host, uri.getRawPath(), CONTENT_TYPE, payload, size,
                System.currentTimeMillis());
        http.begin();
        http.header("X-Amz-Date", signature.amzDate);
        http.header("X-Amz-Content-Sha256", signature.contentSha256);
        http.header("Authorization", signature.authorization);
        if (signature.securityToken != null) {
            http.header("X-Amz-Security-Token", signature.securityToken);
        }
        Http1Connection.Response response = http.post(payload, size);
        if (response.status / 100 == 2) {
            return Answer.ok(response.status, unprocessed(response.body));
        }
        return Answer.error(response.status, response.errorType, response.body);
    }

    @Override
    public void close() {
        http.close();
    }

    /** {@code UnprocessedTraceSegments} of a successful answer; an answer we cannot read has none. */
    static List<Unprocessed> unprocessed(byte[] answer) {
        if (answer.length == 0 || isAllProcessed(answer)) {
            return Collections.emptyList();
        }
        JsonNode segments = parse(answer).get("UnprocessedTraceSegments");
        if (segments == null || !segments.isArray() || segments.isEmpty()) {
            return Collections.emptyList();
        }
        List<Unprocessed> found = new ArrayList<>(segments.size());
        for (JsonNode segment : segments) {
            if (segment.isObject()) {
                found.add(new Unprocessed(text(segment, "Id"), text(segment, "ErrorCode"), text(segment, "Message")));
            }
        }
        return found;
    }

    /** The string field {@code name} of {@code object}, or null. */
    private static String text(JsonNode object, String name) {
        JsonNode value = object.get(name);
        return value == null ? null : value.textValue();
    }

    private static final ObjectMapper ANSWERS = new ObjectMapper();

    /** The answer as a tree; an answer we cannot read (a proxy's page, not JSON) as a missing node. */
    private static JsonNode parse(byte[] answer) {
        try {
            JsonNode tree = ANSWERS.readTree(answer);
            return tree == null ? MissingNode.getInstance() : tree;
        } catch (java.io.IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static final byte[] ALL_PROCESSED =
            "{\"UnprocessedTraceSegments\":[]}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The usual answer, recognised without a parser. */
    private static boolean isAllProcessed(byte[] answer) {
        return java.util.Arrays.equals(answer, ALL_PROCESSED);
    }

    /** One document X-Ray did not process. */
    static final class Unprocessed {
        final String id;
        final String errorCode;
        final String message;

        Unprocessed(String id, String errorCode, String message) {
            this.id = id;
            this.errorCode = errorCode;
            this.message = message;
        }
    }

    /** What X-Ray answered: a status, and either the unprocessed documents or an error code and message. */
    static final class Answer {
        final int status;
        final List<Unprocessed> unprocessed;
        final String errorCode;
        final String message;

        private Answer(int status, List<Unprocessed> unprocessed, String errorCode, String message) {
            this.status = status;
            this.unprocessed = unprocessed;
            this.errorCode = errorCode;
            this.message = message;
        }

        static Answer ok(int status, List<Unprocessed> unprocessed) {
            return new Answer(status, unprocessed, null, null);
        }

        /**
         * An error answer. The code comes from {@code x-amzn-ErrorType} or the body's
         * {@code __type} / {@code code} (namespace and {@code :detail} removed), the message from
         * the body's {@code message} / {@code Message} / {@code errorMessage}.
         */
        static Answer error(int status, String headerCode, byte[] body) {
            String code = headerCode;
            String message = null;
            for (Map.Entry<String, JsonNode> field : parse(body).properties()) {
                String text = field.getValue().textValue();
                String lower = field.getKey().toLowerCase(Locale.ROOT);
                if (text == null) {
                    continue;
                }
                if (code == null && ("__type".equals(field.getKey()) || "code".equals(lower))) {
                    code = text;
                } else if (message == null && ("message".equals(lower) || "errormessage".equals(lower))) {
                    message = text;
                }
            }
            return new Answer(status, Collections.emptyList(), bareCode(code), message);
        }

        /** {@code aws.xray#ThrottledException:http://...} → {@code ThrottledException}. */
        private static String bareCode(String code) {
            if (code == null) {
                return null;
            }
            String bare = code;
            int colon = bare.indexOf(':');
            if (colon >= 0) {
                bare = bare.substring(0, colon);
            }
            int hash = bare.lastIndexOf('#');
            if (hash >= 0) {
                bare = bare.substring(hash + 1);
            }
            bare = bare.trim();
            return bare.isEmpty() ? null : bare;
        }

        boolean ok() {
            return status / 100 == 2;
        }

        /** 5xx and throttling are worth another try; any other error answer is final. */
        boolean retryable() {
            return status >= 500 || status == 429 || (errorCode != null && THROTTLING.contains(errorCode));
        }
    }
}
