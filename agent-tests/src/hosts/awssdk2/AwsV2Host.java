package com.example.awshost;

import com.example.hosts.Http;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;

/**
 * A service on the JDK's HTTP server that calls AWS services through the AWS SDK for Java v2, every
 * client pointed at a local endpoint that answers like the service ({@code endpointOverride}).
 * Credentials come from the system properties {@code aws.accessKeyId} / {@code aws.secretAccessKey}
 * (the SDK's default chain). Prints {@code READY <port>}. Compiled at test time against each row's
 * jars ({@code AwsSdkTest}).
 *
 * <pre>
 * /aws?service=S&amp;endpoint=URL&amp;resource=R   one call; answers 200 "ok", or 502 "error: Type: message"
 *      [&amp;mode=sync|async]           the sync client (default) or the async one, waited on
 *      [&amp;client=apache|urlconnection] the sync client's HTTP client (default apache); async: netty
 *      [&amp;retries=N]                 the client's retries (default 1)
 *      [&amp;trace_header=V]            the app sets its own X-Amzn-Trace-Id: V (override configuration)
 *      [&amp;repeat=N]                  N calls in a row; answers "ok N calls, T us/call, B B/call on the calling thread"
 *   S: dynamodb (GetItem on table R) | dynamodb-batch (BatchGetItem on tables R and R-b)
 *      | s3 (GetObject of key "k" in bucket R) | sqs (DeleteMessage on queue ENDPOINT/123456789012/R)
 * /hello                          200 "hello"
 * </pre>
 */
public final class AwsV2Host {

    private static final Map<String, AutoCloseable> CLIENTS = new ConcurrentHashMap<>();
    private static final Region REGION = Region.EU_WEST_1;

    private AwsV2Host() {}

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.createContext("/hello", exchange -> Http.respond(exchange, 200, "hello"));
        server.createContext("/aws", AwsV2Host::call);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        System.out.println("READY " + server.getAddress().getPort());
        System.out.flush();
    }

    private static void call(HttpExchange exchange) throws IOException {
        Map<String, String> q = Http.query(exchange);
        try {
            int repeat = Integer.parseInt(q.getOrDefault("repeat", "1"));
            if (repeat > 1) {
                com.sun.management.ThreadMXBean threads =
                        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
                long allocated = threads.getCurrentThreadAllocatedBytes();
                long start = System.nanoTime();
                for (int i = 0; i < repeat; i++) {
                    run(q);
                }
                long nanos = System.nanoTime() - start;
                allocated = threads.getCurrentThreadAllocatedBytes() - allocated;
                Http.respond(exchange, 200, "ok " + repeat + " calls, " + nanos / 1000 / repeat + " us/call, "
                        + allocated / repeat + " B/call on the calling thread");
                return;
            }
            Http.respond(exchange, 200, run(q));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            Http.respond(exchange, 502, "error: " + cause.getClass().getName() + ": " + cause.getMessage());
        } catch (Exception e) {
            Http.respond(exchange, 502, "error: " + e.getClass().getName() + ": " + e.getMessage());
        }
    }

    private static String run(Map<String, String> q) throws Exception {
        String service = q.get("service");
        String resource = q.get("resource");
        String endpoint = q.get("endpoint");
        boolean async = "async".equals(q.getOrDefault("mode", "sync"));
        String key = service + "|" + async + "|" + q.getOrDefault("client", "apache") + "|" + endpoint + "|"
                + q.getOrDefault("retries", "1") + "|" + q.get("trace_header");
        switch (service) {
            case "dynamodb":
            case "dynamodb-batch": {
                Map<String, AttributeValue> item = Map.of("id", AttributeValue.builder().s("1").build());
                if (async) {
                    DynamoDbAsyncClient client = (DynamoDbAsyncClient) CLIENTS.computeIfAbsent(key, k ->
                            DynamoDbAsyncClient.builder().endpointOverride(URI.create(endpoint)).region(REGION)
                                    .overrideConfiguration(override(q)).httpClient(NettyNioAsyncHttpClient.create()).build());
                    if (service.equals("dynamodb-batch")) {
                        client.batchGetItem(b -> b.requestItems(batch(resource, item))).get(20, TimeUnit.SECONDS);
                    } else {
                        client.getItem(GetItemRequest.builder().tableName(resource).key(item).build()).get(20, TimeUnit.SECONDS);
                    }
                } else {
                    DynamoDbClient client = (DynamoDbClient) CLIENTS.computeIfAbsent(key, k ->
                            DynamoDbClient.builder().endpointOverride(URI.create(endpoint)).region(REGION)
                                    .overrideConfiguration(override(q)).httpClient(syncHttp(q)).build());
                    if (service.equals("dynamodb-batch")) {
                        client.batchGetItem(b -> b.requestItems(batch(resource, item)));
                    } else {
                        client.getItem(GetItemRequest.builder().tableName(resource).key(item).build());
                    }
                }
                return "ok";
            }
            case "s3": {
                GetObjectRequest request = GetObjectRequest.builder().bucket(resource).key("k").build();
                if (async) {
                    S3AsyncClient client = (S3AsyncClient) CLIENTS.computeIfAbsent(key, k ->
                            S3AsyncClient.builder().endpointOverride(URI.create(endpoint)).region(REGION).forcePathStyle(true)
                                    .overrideConfiguration(override(q)).httpClient(NettyNioAsyncHttpClient.create()).build());
                    return "ok " + client.getObject(request, AsyncResponseTransformer.toBytes()).get(20, TimeUnit.SECONDS).asUtf8String();
                }
                S3Client client = (S3Client) CLIENTS.computeIfAbsent(key, k ->
                        S3Client.builder().endpointOverride(URI.create(endpoint)).region(REGION).forcePathStyle(true)
                                .overrideConfiguration(override(q)).httpClient(syncHttp(q)).build());
                return "ok " + client.getObject(request, ResponseTransformer.toBytes()).asUtf8String();
            }
            case "sqs": {
                DeleteMessageRequest request = DeleteMessageRequest.builder()
                        .queueUrl(endpoint + "/123456789012/" + resource).receiptHandle("r-1").build();
                if (async) {
                    SqsAsyncClient client = (SqsAsyncClient) CLIENTS.computeIfAbsent(key, k ->
                            SqsAsyncClient.builder().endpointOverride(URI.create(endpoint)).region(REGION)
                                    .overrideConfiguration(override(q)).httpClient(NettyNioAsyncHttpClient.create()).build());
                    client.deleteMessage(request).get(20, TimeUnit.SECONDS);
                } else {
                    SqsClient client = (SqsClient) CLIENTS.computeIfAbsent(key, k ->
                            SqsClient.builder().endpointOverride(URI.create(endpoint)).region(REGION)
                                    .overrideConfiguration(override(q)).httpClient(syncHttp(q)).build());
                    client.deleteMessage(request);
                }
                return "ok";
            }
            default:
                throw new IllegalArgumentException("unknown service " + service);
        }
    }

    private static Map<String, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes> batch(
            String table, Map<String, AttributeValue> item) {
        Map<String, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes> items = new LinkedHashMap<>();
        items.put(table, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder().keys(item).build());
        items.put(table + "-b", software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder().keys(item).build());
        return items;
    }

    private static ClientOverrideConfiguration override(Map<String, String> q) {
        ClientOverrideConfiguration.Builder builder = ClientOverrideConfiguration.builder()
                .retryPolicy(RetryPolicy.builder().numRetries(Integer.parseInt(q.getOrDefault("retries", "1"))).build());
        if (q.get("trace_header") != null) {
            builder.putHeader("X-Amzn-Trace-Id", q.get("trace_header"));
        }
        return builder.build();
    }

    private static SdkHttpClient syncHttp(Map<String, String> q) {
        return "urlconnection".equals(q.get("client")) ? UrlConnectionHttpClient.create() : ApacheHttpClient.create();
    }
}
