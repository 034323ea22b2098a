package com.example.awshost;

import com.amazonaws.ClientConfiguration;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDB;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDBClientBuilder;
import com.amazonaws.services.dynamodbv2.model.AttributeValue;
import com.amazonaws.services.dynamodbv2.model.GetItemRequest;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A service on the JDK's HTTP server that calls DynamoDB through the AWS SDK for Java v1, pointed at
 * a local endpoint that answers like the service. Credentials come from the system properties
 * {@code aws.accessKeyId} / {@code aws.secretKey} (the SDK's default chain). Prints
 * {@code READY <port>}. Compiled at test time against the v1 row's jars ({@code AwsSdkTest}).
 *
 * <pre>
 * /aws?service=dynamodb&amp;endpoint=URL&amp;resource=R  GetItem on table R; answers 200 "ok", or 502 "error: Type: message"
 *      [&amp;retries=N]   the client's retries (default 1)
 * /hello              200 "hello"
 * </pre>
 */
public final class AwsV1Host {

    private static final Map<String, AmazonDynamoDB> CLIENTS = new ConcurrentHashMap<>();

    private AwsV1Host() {}

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.createContext("/hello", exchange -> respond(exchange, 200, "hello"));
        server.createContext("/aws", AwsV1Host::call);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        System.out.println("READY " + server.getAddress().getPort());
        System.out.flush();
    }

    private static void call(HttpExchange exchange) throws IOException {
        Map<String, String> q = query(exchange);
        try {
            String endpoint = q.get("endpoint");
            int retries = Integer.parseInt(q.getOrDefault("retries", "1"));
            AmazonDynamoDB client = CLIENTS.computeIfAbsent(endpoint + "|" + retries, k -> AmazonDynamoDBClientBuilder.standard()
                    .withEndpointConfiguration(new EndpointConfiguration(endpoint, "eu-west-1"))
                    .withClientConfiguration(new ClientConfiguration().withMaxErrorRetry(retries))
                    .build());
            client.getItem(new GetItemRequest().withTableName(q.get("resource"))
                    .withKey(Map.of("id", new AttributeValue().withS("1"))));
            respond(exchange, 200, "ok");
        } catch (Exception e) {
            respond(exchange, 502, "error: " + e.getClass().getName() + ": " + e.getMessage());
        }
    }

    static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
