package io.telemetryagent.it;

import com.example.hosts.Http;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local endpoint that answers the AWS SDKs as the services would, for the calls the AWS hosts
 * make: DynamoDB's JSON 1.0 protocol ({@code X-Amz-Target: DynamoDB_20120810.*}), SQS's JSON
 * protocol ({@code AmazonSQS.*}, recent v2) and its query protocol (form {@code Action=...}, older
 * v2), and S3's REST-XML (path-style {@code GET /bucket/key}). Each request is recorded under its
 * resource (table, queue or bucket name) with the headers that crossed the socket. What it answers
 * depends on the resource's name: {@code retry-*} answers 500 once, then as usual;
 * {@code throttle-*} always answers the service's throttling error. Every answer carries a request
 * id, {@code req-<resource>-<n>}.
 */
final class FakeAws implements AutoCloseable {

    /** One request as received. */
    record Received(String resource, String operation, Map<String, List<String>> headers, String requestId) {
        List<String> header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return List.of();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, List<Received>> byResource = new ConcurrentHashMap<>();

    private FakeAws(HttpServer server) {
        this.server = server;
    }

    static FakeAws start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        FakeAws fake = new FakeAws(server);
        server.createContext("/", fake::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return fake;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The requests received for {@code resource}, once at least {@code count} have arrived (or the time is up). */
    List<Received> await(String resource, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Received> got = byResource.getOrDefault(resource, List.of());
            if (got.size() >= count) {
                return List.copyOf(got);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return List.copyOf(byResource.getOrDefault(resource, List.of()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String text = new String(body, StandardCharsets.UTF_8);
            if (target != null && target.startsWith("DynamoDB_20120810.")) {
                dynamoDb(exchange, target.substring(target.indexOf('.') + 1), JSON.readTree(text.isEmpty() ? "{}" : text));
            } else if (target != null && target.startsWith("AmazonSQS.")) {
                JsonNode json = JSON.readTree(text.isEmpty() ? "{}" : text);
                sqs(exchange, target.substring(target.indexOf('.') + 1), lastSegment(json.path("QueueUrl").asText()), true);
            } else if ("POST".equals(exchange.getRequestMethod()) && text.contains("Action=")) {
                Map<String, String> form = Http.form(text);
                String queueUrl = form.getOrDefault("QueueUrl", exchange.getRequestURI().getPath());
                sqs(exchange, form.get("Action"), lastSegment(queueUrl), false);
            } else {
                s3(exchange);
            }
        }
    }

    private void dynamoDb(HttpExchange exchange, String operation, JsonNode request) throws IOException {
        String table = request.path("TableName").asText(null);
        if (table == null) {
            Iterator<String> names = request.path("RequestItems").fieldNames();
            table = names.hasNext() ? names.next() : "none";
        }
        Received r = record(exchange, table, operation);
        String type = "application/x-amz-json-1.0";
        switch (outcome(r)) {
            case FAULT -> respond(exchange, 500, type, r.requestId(),
                    "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"try again\"}");
            case THROTTLE -> respond(exchange, 400, type, r.requestId(),
                    "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\",\"message\":\"Rate of requests exceeds the allowed throughput.\"}");
            default -> respond(exchange, 200, type, r.requestId(), operation.equals("GetItem")
                    ? "{\"Item\":{\"id\":{\"S\":\"1\"}}}" : "{\"Responses\":{},\"UnprocessedKeys\":{}}");
        }
    }

    private void sqs(HttpExchange exchange, String operation, String queue, boolean json) throws IOException {
        Received r = record(exchange, queue, operation);
        Outcome outcome = outcome(r);
        if (json) {
            String type = "application/x-amz-json-1.0";
            switch (outcome) {
                case FAULT -> respond(exchange, 500, type, r.requestId(), "{\"__type\":\"com.amazonaws.sqs#InternalError\",\"message\":\"try again\"}");
                case THROTTLE -> respond(exchange, 400, type, r.requestId(), "{\"__type\":\"com.amazonaws.sqs#ThrottlingException\",\"message\":\"slow down\"}");
                default -> respond(exchange, 200, type, r.requestId(), "{}");
            }
            return;
        }
        String type = "text/xml";
        switch (outcome) {
            case FAULT -> respond(exchange, 500, type, r.requestId(), "<ErrorResponse><Error><Type>Receiver</Type><Code>InternalError</Code>"
                    + "<Message>try again</Message></Error><RequestId>" + r.requestId() + "</RequestId></ErrorResponse>");
            case THROTTLE -> respond(exchange, 400, type, r.requestId(), "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
                    + "<Message>slow down</Message></Error><RequestId>" + r.requestId() + "</RequestId></ErrorResponse>");
            default -> respond(exchange, 200, type, r.requestId(), "<" + operation + "Response xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">"
                    + "<ResponseMetadata><RequestId>" + r.requestId() + "</RequestId></ResponseMetadata></" + operation + "Response>");
        }
    }

    private void s3(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String bucket = path.length() > 1 ? path.substring(1).split("/", 2)[0] : "none";
        Received r = record(exchange, bucket, exchange.getRequestMethod() + " object");
        exchange.getResponseHeaders().add("x-amz-id-2", "id2-" + r.requestId());
        String type = "application/xml";
        switch (outcome(r)) {
            case FAULT -> respond(exchange, 500, type, r.requestId(), "<Error><Code>InternalError</Code><Message>try again</Message>"
                    + "<RequestId>" + r.requestId() + "</RequestId></Error>");
            case THROTTLE -> respond(exchange, 503, type, r.requestId(), "<Error><Code>SlowDown</Code><Message>slow down</Message>"
                    + "<RequestId>" + r.requestId() + "</RequestId></Error>");
            default -> respond(exchange, 200, "text/plain", r.requestId(), "hello");
        }
    }

    private enum Outcome { OK, FAULT, THROTTLE }

    private Outcome outcome(Received r) {
        if (r.resource().startsWith("throttle-")) {
            return Outcome.THROTTLE;
        }
        if (r.resource().startsWith("retry-") && byResource.get(r.resource()).indexOf(r) == 0) {
            return Outcome.FAULT;
        }
        return Outcome.OK;
    }

    private Received record(HttpExchange exchange, String resource, String operation) {
        List<Received> list = byResource.computeIfAbsent(resource, k -> new CopyOnWriteArrayList<>());
        synchronized (list) {
            Received r = new Received(resource, operation, Map.copyOf(exchange.getRequestHeaders()),
                    "req-" + resource + "-" + (list.size() + 1));
            list.add(r);
            return r;
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, String requestId, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("x-amzn-RequestId", requestId);
        exchange.getResponseHeaders().add("x-amz-request-id", requestId);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String lastSegment(String url) {
        int slash = url.lastIndexOf('/');
        return slash >= 0 ? url.substring(slash + 1) : url;
    }


    /** Every request received so far, for failure messages. */
    List<Received> all() {
        List<Received> all = new ArrayList<>();
        byResource.values().forEach(all::addAll);
        return all;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
