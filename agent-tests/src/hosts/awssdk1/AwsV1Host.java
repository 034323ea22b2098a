package com.example.awshost;

import com.amazonaws.ClientConfiguration;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDB;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDBClientBuilder;
import com.amazonaws.services.dynamodbv2.model.AttributeValue;
import com.amazonaws.services.dynamodbv2.model.GetItemRequest;
import com.example.hosts.Http;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
        server.createContext("/hello", exchange -> Http.respond(exchange, 200, "hello"));
        server.createContext("/aws", AwsV1Host::call);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        System.out.println("READY " + server.getAddress().getPort());
        System.out.flush();
    }

    private static void call(HttpExchange exchange) throws IOException {
        Map<String, String> q = Http.query(exchange);
        try {
            String endpoint = q.get("endpoint");
            int retries = Integer.parseInt(q.getOrDefault("retries", "1"));
            AmazonDynamoDB client = CLIENTS.computeIfAbsent(endpoint + "|" + retries, k -> AmazonDynamoDBClientBuilder.standard()
                    .withEndpointConfiguration(new EndpointConfiguration(endpoint, "eu-west-1"))
                    .withClientConfiguration(new ClientConfiguration().withMaxErrorRetry(retries))
                    .build());
            client.getItem(new GetItemRequest().withTableName(q.get("resource"))
                    .withKey(Map.of("id", new AttributeValue().withS("1"))));
            Http.respond(exchange, 200, "ok");
        } catch (Exception e) {
            Http.respond(exchange, 502, "error: " + e.getClass().getName() + ": " + e.getMessage());
        }
    }
}
