package io.telemetryagent.export;

import java.io.IOException;
import java.util.Map;

/**
 * The container and its task from ECS's task metadata endpoint v4, whose URL ECS gives every
 * container as {@code ECS_CONTAINER_METADATA_URI_V4}: the container at that URL, its task at
 * {@code /task} under it. On EC2 and Fargate alike.
 */
final class EcsMetadata {

    static final String URI_ENV = "ECS_CONTAINER_METADATA_URI_V4";

    private final MetadataClient client;
    private final String uri;

    EcsMetadata(MetadataClient client, String uri) {
        this.client = client;
        this.uri = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    /** The container's metadata ({@code DockerId}, {@code Name}, {@code ContainerARN}, ...). */
    MetadataJson container() throws IOException {
        return MetadataJson.parse(client.call("GET", uri, Map.of()));
    }

    /** The task's metadata ({@code TaskARN}, {@code Family}, {@code Cluster}, {@code LaunchType}, ...). */
    MetadataJson task() throws IOException {
        return MetadataJson.parse(client.call("GET", uri + "/task", Map.of()));
    }
}
