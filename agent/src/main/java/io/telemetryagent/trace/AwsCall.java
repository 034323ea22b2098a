package io.telemetryagent.trace;

import java.util.List;

/**
 * What a sampled AWS SDK call records for its subsegment's {@code aws} block: the operation, the
 * region, the request id, how many times the call was retried, and the resource X-Ray's console
 * shows for it ({@code table_name}, {@code queue_url}, {@code bucket_name}, ...). Filled by the
 * thread that makes the call and, for an async call, by the one that completes it; read by the
 * exporter once the span has ended.
 */
public final class AwsCall {

    private volatile String operation;
    private volatile String region;
    private volatile String requestId;
    /** S3's second request id ({@code x-amz-id-2}). */
    private volatile String requestId2;
    private volatile int attempts;
    /** X-Ray field names and values, in pairs: {@code table_name, orders, ...}; null when none. */
    private volatile String[] resources;
    private volatile List<String> tableNames;
    private volatile boolean throttled;

    public String operation() { return operation; }
    public String region() { return region; }
    public String requestId() { return requestId; }
    public String requestId2() { return requestId2; }
    /** Attempts after the first; 0 before any attempt. */
    public int retries() { return Math.max(0, attempts - 1); }
    public String[] resources() { return resources; }
    public List<String> tableNames() { return tableNames; }
    /** True when the service answered that it throttled the call (429, or a throttling error code). */
    public boolean throttled() { return throttled; }

    public void operation(String operation) { this.operation = operation; }
    public void region(String region) { this.region = region; }
    public void requestId(String requestId) { this.requestId = requestId; }
    public void requestId2(String requestId2) { this.requestId2 = requestId2; }
    public void resources(String[] namesAndValues) { this.resources = namesAndValues; }
    public void tableNames(List<String> tableNames) { this.tableNames = tableNames; }
    public void throttled(boolean throttled) { this.throttled = throttled; }

    /** One more attempt is being sent (attempts of one call never overlap). */
    public void attempt() {
        attempts = attempts + 1;
    }
}
