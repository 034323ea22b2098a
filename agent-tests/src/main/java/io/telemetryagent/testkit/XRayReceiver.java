package io.telemetryagent.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * An X-Ray-compatible endpoint on 127.0.0.1 for tests and demos: it answers the AWS SDK v2
 * {@code XRayClient}'s {@code PutTraceSegments} ({@code POST /TraceSegments}), checks the SigV4
 * signature against the expected key, region and service, keeps every document it accepts,
 * validates each against the X-Ray segment document schema and lets tests wait for what arrives.
 *
 * <p>Faults can be scripted: {@link #stop()} and {@link #start()} on the same port,
 * {@link #failNext(int, int)} to answer errors such as 500 or 429, and
 * {@link #unprocessNext(int, String)} to refuse single documents in a successful answer.
 */
public final class XRayReceiver implements AutoCloseable {

    /** The largest segment document X-Ray accepts. */
    public static final int MAX_DOCUMENT_BYTES = SegmentSchema.MAX_DOCUMENT_BYTES;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SigV4Check signature;
    private volatile long answerDelayMillis;
    private final PrintStream treeOut;
    private final Object lock = new Object();
    private final List<JsonNode> documents = new ArrayList<>();
    private final Arrivals arrivals = new Arrivals(lock, documents, this::describe);
    private final List<String> schemaViolations = new ArrayList<>();
    private final List<String> authFailures = new ArrayList<>();
    private final List<ReceivedRequest> requests = new ArrayList<>();
    private final Deque<Integer> scriptedFaults = new ArrayDeque<>();
    private final Deque<String> scriptedUnprocessed = new ArrayDeque<>();
    private final Set<String> printedTraces = new HashSet<>();
    private HttpServer server;
    private ExecutorService executor;
    private int port;

    private XRayReceiver(Builder builder) {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put(builder.accessKeyId, builder.secretAccessKey);
        secrets.putAll(builder.moreKeys);
        this.signature = builder.checkSignature
                ? new SigV4Check(secrets, builder.sessionTokens, builder.region, "xray")
                : null;
        this.answerDelayMillis = builder.answerDelayMillis;
        this.treeOut = builder.treeOut;
        this.port = builder.port;
    }

    /** A receiver on a free port expecting the credentials and region of {@link Configs}. */
    public static XRayReceiver start(int port) {
        return builder().port(port).start();
    }

    /** A receiver on a free port expecting the credentials and region of {@link Configs}. */
    public static XRayReceiver startNew() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What the receiver expects and where it listens. */
    public static final class Builder {
        private int port;
        private String accessKeyId = Configs.ACCESS_KEY_ID;
        private String secretAccessKey = Configs.SECRET_ACCESS_KEY;
        private String region = Configs.REGION;
        private boolean checkSignature = true;
        private PrintStream treeOut;
        private final Map<String, String> moreKeys = new LinkedHashMap<>();
        private final Map<String, String> sessionTokens = new LinkedHashMap<>();
        private long answerDelayMillis;

        /** 0 (the default) picks a free port. */
        public Builder port(int port) { this.port = port; return this; }
        public Builder accessKeyId(String accessKeyId) { this.accessKeyId = accessKeyId; return this; }
        /** The secret to verify signatures with; null checks only the key id, region and service. */
        public Builder secretAccessKey(String secret) { this.secretAccessKey = secret; return this; }
        public Builder region(String region) { this.region = region; return this; }
        /**
         * Accepts calls signed with this key too; with a non-null {@code sessionToken}, only when
         * they carry that token (temporary credentials).
         */
        public Builder alsoAccept(String accessKeyId, String secret, String sessionToken) {
            moreKeys.put(accessKeyId, secret);
            if (sessionToken != null) {
                sessionTokens.put(accessKeyId, sessionToken);
            }
            return this;
        }
        /** Answers each call this long after it arrived, as a real region's latency does. */
        public Builder answerDelay(Duration delay) { this.answerDelayMillis = delay.toMillis(); return this; }
        /** false: accept any request, signed or not. */
        public Builder checkSignature(boolean check) { this.checkSignature = check; return this; }
        /** Prints every trace it accepts, as an indented tree. */
        public Builder printTrees(PrintStream out) { this.treeOut = out; return this; }

        public XRayReceiver start() {
            XRayReceiver receiver = new XRayReceiver(this);
            receiver.start();
            return receiver;
        }
    }

    /** One call the receiver answered. */
    public record ReceivedRequest(long receivedAtMillis, String method, String path, int status,
                                  int documentCount, Map<String, List<String>> headers) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    // ---------------------------------------------------------------- life cycle and faults

    /** Listens (again) on the receiver's port: after {@link #stop()}, the same port as before. */
    public void start() {
        synchronized (lock) {
            if (server != null) {
                return;
            }
            if (System.getProperty("sun.net.httpserver.nodelay") == null) {
                // Without TCP_NODELAY, keep-alive calls on loopback wait 40 ms for delayed ACKs.
                System.setProperty("sun.net.httpserver.nodelay", "true");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                try {
                    HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
                    executor = Executors.newFixedThreadPool(16, r -> {
                        Thread t = new Thread(r, "xray-receiver");
                        t.setDaemon(true);
                        return t;
                    });
                    created.setExecutor(executor);
                    created.createContext("/", this::handle);
                    created.start();
                    server = created;
                    port = created.getAddress().getPort();
                    return;
                } catch (BindException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("port " + port + " stays taken", e);
                    }
                    sleep(50);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** Stops listening and drops open connections; {@link #start()} comes back on the same port. */
    public void stop() {
        HttpServer stopping;
        ExecutorService stoppingExecutor;
        synchronized (lock) {
            stopping = server;
            stoppingExecutor = executor;
            server = null;
            executor = null;
        }
        if (stopping != null) {
            stopping.stop(0);
            stoppingExecutor.shutdownNow();
        }
    }

    public boolean isRunning() {
        synchronized (lock) {
            return server != null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Answers the next {@code times} calls with {@code status} (e.g. 500, 429) instead of accepting them. */
    public void failNext(int status, int times) {
        synchronized (lock) {
            for (int i = 0; i < times; i++) {
                scriptedFaults.add(status);
            }
        }
    }

    /**
     * Answers the next {@code documents} documents as {@code UnprocessedTraceSegments} with this
     * error code (in a successful answer, as X-Ray does for documents it cannot take); they are
     * not kept.
     */
    public void unprocessNext(int documents, String errorCode) {
        synchronized (lock) {
            for (int i = 0; i < documents; i++) {
                scriptedUnprocessed.add(errorCode);
            }
        }
    }

    /** From now on, answers each call this long after it arrived (0: at once). */
    public void answerDelay(Duration delay) {
        answerDelayMillis = delay.toMillis();
    }

    /** The access key ids that signed the calls accepted so far, in order of first use. */
    public List<String> keyIdsSeen() {
        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        synchronized (lock) {
            for (ReceivedRequest request : requests) {
                String authorization = request.header("Authorization");
                if (request.status() == 200 && authorization != null) {
                    int start = authorization.indexOf("Credential=");
                    int end = start < 0 ? -1 : authorization.indexOf('/', start);
                    if (end > 0) {
                        seen.add(authorization.substring(start + "Credential=".length(), end));
                    }
                }
            }
        }
        return new ArrayList<>(seen);
    }

    /** Forgets everything received so far (documents, requests, violations, auth failures). */
    public void clear() {
        synchronized (lock) {
            documents.clear();
            schemaViolations.clear();
            authFailures.clear();
            requests.clear();
            printedTraces.clear();
        }
    }

    public int port() {
        synchronized (lock) {
            return port;
        }
    }

    /** The URL to configure as {@code exporters.xray.endpoint}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    // ---------------------------------------------------------------- what arrived

    /** Every document accepted so far, in arrival order. */
    public List<JsonNode> documents() {
        synchronized (lock) {
            return List.copyOf(documents);
        }
    }

    /** The accepted documents that are segments (not {@code type: subsegment}). */
    public List<JsonNode> segments() {
        return documents().stream().filter(d -> !"subsegment".equals(d.path("type").asText()))
                .collect(Collectors.toList());
    }

    /** The accepted documents grouped by trace id and reassembled into trees. */
    public List<XRayTrace> traces() {
        return XRayTrace.group(documents());
    }

    public XRayTrace trace(String traceId) {
        return XRayTrace.of(traceId, documents().stream()
                .filter(d -> traceId.equals(d.path("trace_id").asText())).collect(Collectors.toList()));
    }

    /** How many {@code PutTraceSegments} calls arrived, whatever the answer. */
    public int requestCount() {
        synchronized (lock) {
            return (int) requests.stream().filter(r -> r.path().equals("/TraceSegments")).count();
        }
    }

    /** Every call answered, in order. */
    public List<ReceivedRequest> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    /** One line per schema violation: the document's id and name, then what was wrong. */
    public List<String> schemaViolations() {
        synchronized (lock) {
            return List.copyOf(schemaViolations);
        }
    }

    /** Calls refused with 403, and why. */
    public List<String> authFailures() {
        synchronized (lock) {
            return List.copyOf(authFailures);
        }
    }

    /** Waits until {@code count} documents have arrived in all; returns them. */
    public List<JsonNode> awaitDocuments(int count, Duration timeout) {
        return awaitDocuments(d -> true, count, timeout);
    }

    /** Waits until {@code count} documents matching {@code predicate} have arrived; returns those. */
    public List<JsonNode> awaitDocuments(Predicate<JsonNode> predicate, int count, Duration timeout) {
        return arrivals.awaitDocuments(predicate, count, timeout);
    }

    /** Waits for a trace that satisfies {@code predicate} (checked on each arrival); returns it. */
    public XRayTrace awaitTrace(Predicate<XRayTrace> predicate, Duration timeout) {
        return arrivals.awaitTrace(predicate, timeout);
    }

    /** Waits for the trace holding a span that matches {@code span}; returns the trace. */
    public XRayTrace awaitTraceWithSpan(Predicate<XRaySpan> span, Duration timeout) {
        return awaitTrace(t -> t.span(span).isPresent(), timeout);
    }

    /** A summary for failure messages: counts and the trees received. */
    public String describe() {
        synchronized (lock) {
            StringBuilder out = new StringBuilder();
            out.append(requests.size()).append(" calls, ").append(documents.size()).append(" documents");
            if (!authFailures.isEmpty()) {
                out.append(", auth failures ").append(authFailures);
            }
            if (!schemaViolations.isEmpty()) {
                out.append(", schema violations ").append(schemaViolations);
            }
            List<XRayTrace> traces = XRayTrace.group(documents);
            int shown = 0;
            for (XRayTrace trace : traces) {
                if (shown++ == 12) {
                    out.append("\n  ... ").append(traces.size() - 12).append(" more traces");
                    break;
                }
                out.append('\n').append(trace.tree());
            }
            return out.toString();
        }
    }

    // ---------------------------------------------------------------- the endpoint

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            Map<String, List<String>> headers = new LinkedHashMap<>(exchange.getRequestHeaders());
            if (!"POST".equals(method) || !"/TraceSegments".equals(path)) {
                answer(exchange, 404, "UnknownOperationException", "no such operation: " + method + " " + path,
                        method, path, headers, 0);
                return;
            }
            if (signature != null) {
                String problem = signature.problem(method, path, exchange.getRequestURI().getRawQuery(), headers, body);
                if (problem != null) {
                    synchronized (lock) {
                        authFailures.add(problem);
                    }
                    int colon = problem.indexOf(':');
                    answer(exchange, 403, problem.substring(0, colon), problem.substring(colon + 2),
                            method, path, headers, 0);
                    return;
                }
            }
            if (answerDelayMillis > 0) {
                sleep(answerDelayMillis);
            }
            Integer fault;
            synchronized (lock) {
                fault = scriptedFaults.poll();
            }
            if (fault != null) {
                answer(exchange, fault, errorType(fault), "scripted fault " + fault, method, path, headers, 0);
                return;
            }
            accept(exchange, body, method, path, headers);
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    private void accept(HttpExchange exchange, byte[] body, String method, String path,
                        Map<String, List<String>> headers) throws IOException {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            answer(exchange, 400, "SerializationException", "request body is not JSON", method, path, headers, 0);
            return;
        }
        JsonNode array = request.path("TraceSegmentDocuments");
        if (!array.isArray()) {
            answer(exchange, 400, "InvalidRequestException", "TraceSegmentDocuments is required", method, path, headers, 0);
            return;
        }
        List<JsonNode> accepted = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        ObjectNode answer = JSON.createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode unprocessed = answer.putArray("UnprocessedTraceSegments");
        for (JsonNode item : array) {
            String text = item.asText();
            JsonNode doc;
            try {
                doc = JSON.readTree(text);
            } catch (IOException e) {
                violations.add("unparseable document: " + abbreviate(text));
                continue;
            }
            String errorCode;
            synchronized (lock) {
                errorCode = scriptedUnprocessed.poll();
            }
            if (errorCode != null) {
                ObjectNode entry = unprocessed.addObject();
                entry.put("Id", doc.path("id").asText());
                entry.put("ErrorCode", errorCode);
                entry.put("Message", "scripted: " + errorCode);
                continue;
            }
            violations.addAll(SegmentSchema.violations(doc, text.getBytes(StandardCharsets.UTF_8).length));
            accepted.add(doc);
        }
        // Recorded before answering, so that what the client saw acknowledged is already visible.
        synchronized (lock) {
            documents.addAll(accepted);
            schemaViolations.addAll(violations);
            requests.add(new ReceivedRequest(System.currentTimeMillis(), method, path, 200, accepted.size(), headers));
            lock.notifyAll();
        }
        if (treeOut != null) {
            print(accepted, violations);
        }
        byte[] bytes = JSON.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void print(List<JsonNode> batch, List<String> violations) {
        List<XRayTrace> traces = XRayTrace.group(batch);
        StringBuilder out = new StringBuilder();
        for (XRayTrace trace : traces) {
            boolean seen;
            synchronized (lock) {
                seen = !printedTraces.add(trace.traceId());
            }
            String tree = trace.tree();
            out.append(seen ? tree.replaceFirst("\n", " (continued)\n") : tree);
        }
        for (String violation : violations) {
            out.append("SCHEMA VIOLATION ").append(violation).append('\n');
        }
        synchronized (treeOut) {
            treeOut.print(out);
            treeOut.flush();
        }
    }

    private void answer(HttpExchange exchange, int status, String errorType, String message, String method,
                        String path, Map<String, List<String>> headers, int documents) throws IOException {
        synchronized (lock) {
            requests.add(new ReceivedRequest(System.currentTimeMillis(), method, path, status, documents, headers));
            lock.notifyAll();
        }
        if (treeOut != null) {
            synchronized (treeOut) {
                treeOut.println("ANSWERED " + status + " " + errorType + ": " + message);
                treeOut.flush();
            }
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("message", message);
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String errorType(int status) {
        switch (status) {
            case 429: return "ThrottledException";
            case 400: return "InvalidRequestException";
            case 403: return "AccessDeniedException";
            case 503: return "ServiceUnavailableException";
            default: return status >= 500 ? "InternalFailure" : "InvalidRequestException";
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- standalone

    /**
     * {@code XRayReceiver [--port N] [--print-trees] [--access-key-id ID] [--secret-access-key S]
     * [--region R] [--any-credentials]}: prints {@code READY <port>} on one line once listening,
     * then (with --print-trees) every trace it receives as an indented tree, until killed.
     */
    public static void main(String[] args) throws InterruptedException {
        Builder builder = builder();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port": builder.port(Integer.parseInt(args[++i])); break;
                case "--print-trees": builder.printTrees(System.out); break;
                case "--access-key-id": builder.accessKeyId(args[++i]); break;
                case "--secret-access-key": builder.secretAccessKey(args[++i]); break;
                case "--region": builder.region(args[++i]); break;
                case "--any-credentials": builder.checkSignature(false); break;
                default:
                    System.err.println("unknown argument " + args[i]
                            + "; usage: XRayReceiver [--port N] [--print-trees] [--access-key-id ID]"
                            + " [--secret-access-key S] [--region R] [--any-credentials]");
                    System.exit(2);
            }
        }
        XRayReceiver receiver = builder.start();
        System.out.println("READY " + receiver.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
