package io.telemetryagent.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * EC2's instance metadata service on 127.0.0.1, as an instance that requires IMDSv2 answers:
 * {@code PUT /latest/api/token} with {@code X-aws-ec2-metadata-token-ttl-seconds} gives a
 * session token, and every {@code GET} must carry it ({@code X-aws-ec2-metadata-token}); a GET
 * without it (IMDSv1) or with a wrong one gets 401. Serves the instance identity document and
 * whatever else a test puts with {@link #serve}. Point the agent at it with
 * {@code AWS_EC2_METADATA_SERVICE_ENDPOINT=}{@link #endpoint()}.
 */
public final class FakeInstanceMetadata implements AutoCloseable {

    public static final String INSTANCE_ID = "i-0123456789abcdef0";
    public static final String AVAILABILITY_ZONE = "eu-west-1b";
    public static final String INSTANCE_TYPE = "m7g.large";
    public static final String AMI_ID = "ami-0abcdef1234567890";

    private final HttpServer server;
    private final Map<String, String> documents = new ConcurrentHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final String token = UUID.randomUUID().toString();

    private FakeInstanceMetadata(HttpServer server) {
        this.server = server;
        serve("/latest/dynamic/instance-identity/document", "{\n  \"accountId\" : \"123456789012\",\n"
                + "  \"architecture\" : \"arm64\",\n  \"availabilityZone\" : \"" + AVAILABILITY_ZONE + "\",\n"
                + "  \"imageId\" : \"" + AMI_ID + "\",\n  \"instanceId\" : \"" + INSTANCE_ID + "\",\n"
                + "  \"instanceType\" : \"" + INSTANCE_TYPE + "\",\n  \"privateIp\" : \"10.0.1.23\",\n"
                + "  \"region\" : \"eu-west-1\",\n  \"version\" : \"2017-09-30\"\n}");
    }

    public static FakeInstanceMetadata start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 20);
            FakeInstanceMetadata fake = new FakeInstanceMetadata(server);
            server.createContext("/", fake::handle);
            server.start();
            return fake;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers {@code GET path} (with a valid token) with {@code body}. */
    public FakeInstanceMetadata serve(String path, String body) {
        documents.put(path, body);
        return this;
    }

    /** The value for {@code AWS_EC2_METADATA_SERVICE_ENDPOINT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every call as {@code "METHOD /path -> status"}, in order. */
    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            int status;
            String body = "";
            if ("PUT".equals(method) && "/latest/api/token".equals(path)) {
                boolean ttl = exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token-ttl-seconds") != null;
                status = ttl ? 200 : 400;
                body = ttl ? token : "";
            } else if (!"GET".equals(method)) {
                status = 405;
            } else if (!token.equals(exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token"))) {
                status = 401; // IMDSv2 required: no tokenless (IMDSv1) answers
            } else {
                body = documents.get(path);
                status = body == null ? 404 : 200;
            }
            synchronized (calls) {
                calls.add(method + " " + path + " -> " + status);
            }
            byte[] bytes = (body == null ? "" : body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }
}
