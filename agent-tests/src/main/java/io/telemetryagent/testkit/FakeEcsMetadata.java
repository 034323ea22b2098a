package io.telemetryagent.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * ECS's task metadata endpoint v4 on 127.0.0.1, with the answers a Fargate task's container gets:
 * the container at the URL ECS gives as {@code ECS_CONTAINER_METADATA_URI_V4} ({@link #uri()}),
 * its task at {@code /task} under it.
 */
public final class FakeEcsMetadata implements AutoCloseable {

    public static final String DOCKER_ID = "cd189a933e5849daa93386466019ab50-2495160603";
    public static final String CONTAINER_NAME = "orders-app";
    public static final String CLUSTER_ARN = "arn:aws:ecs:eu-west-1:123456789012:cluster/prod";
    public static final String TASK_ARN = "arn:aws:ecs:eu-west-1:123456789012:task/prod/cd189a933e5849daa93386466019ab50";
    public static final String CONTAINER_ARN = "arn:aws:ecs:eu-west-1:123456789012:container/prod/"
            + "cd189a933e5849daa93386466019ab50/8fb21f5a-7e7b-4f6c-9f46-2a5b5c6d7e8f";
    public static final String FAMILY = "orders";
    public static final String AVAILABILITY_ZONE = "eu-west-1a";
    private static final String PREFIX = "/v4/cd189a933e5849daa93386466019ab50-2495160603";

    private final HttpServer server;

    private FakeEcsMetadata(HttpServer server) {
        this.server = server;
    }

    public static FakeEcsMetadata start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 20);
            FakeEcsMetadata fake = new FakeEcsMetadata(server);
            server.createContext("/", fake::handle);
            server.start();
            return fake;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value for {@code ECS_CONTAINER_METADATA_URI_V4}. */
    public String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PREFIX;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String body = path.equals(PREFIX) ? container() : path.equals(PREFIX + "/task") ? task() : null;
            int status = !"GET".equals(exchange.getRequestMethod()) ? 405 : body == null ? 404 : 200;
            byte[] bytes = (status == 200 ? body : "{}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String container() {
        return "{\"DockerId\":\"" + DOCKER_ID + "\",\"Name\":\"" + CONTAINER_NAME + "\",\"DockerName\":\"" + CONTAINER_NAME
                + "\",\"Image\":\"123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:1.2\",\"ImageID\":\"sha256:0123\","
                + "\"Labels\":{\"com.amazonaws.ecs.cluster\":\"" + CLUSTER_ARN + "\",\"com.amazonaws.ecs.container-name\":\""
                + CONTAINER_NAME + "\",\"com.amazonaws.ecs.task-arn\":\"" + TASK_ARN + "\","
                + "\"com.amazonaws.ecs.task-definition-family\":\"" + FAMILY + "\","
                + "\"com.amazonaws.ecs.task-definition-version\":\"7\"},\"DesiredStatus\":\"RUNNING\","
                + "\"KnownStatus\":\"RUNNING\",\"Limits\":{\"CPU\":2},\"CreatedAt\":\"2026-12-07T10:00:00.000Z\","
                + "\"StartedAt\":\"2026-12-07T10:00:01.000Z\",\"Type\":\"NORMAL\",\"LogDriver\":\"awslogs\","
                + "\"ContainerARN\":\"" + CONTAINER_ARN + "\",\"Networks\":[{\"NetworkMode\":\"awsvpc\","
                + "\"IPv4Addresses\":[\"10.0.2.106\"]}]}";
    }

    private static String task() {
        return "{\"Cluster\":\"" + CLUSTER_ARN + "\",\"TaskARN\":\"" + TASK_ARN + "\",\"Family\":\"" + FAMILY + "\","
                + "\"Revision\":\"7\",\"DesiredStatus\":\"RUNNING\",\"KnownStatus\":\"RUNNING\","
                + "\"Limits\":{\"CPU\":0.25,\"Memory\":512},\"PullStartedAt\":\"2026-12-07T09:59:50.000Z\","
                + "\"AvailabilityZone\":\"" + AVAILABILITY_ZONE + "\",\"LaunchType\":\"FARGATE\","
                + "\"Containers\":[" + container() + "]}";
    }
}
