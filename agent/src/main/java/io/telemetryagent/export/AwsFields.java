package io.telemetryagent.export;

import io.telemetryagent.trace.AwsCall;
import java.util.List;

/**
 * The {@code aws} block of an AWS SDK call's subsegment, as X-Ray's console reads it:
 * {@code operation}, {@code region}, {@code request_id}, {@code retries} and the call's resource
 * ({@code table_name}, {@code queue_url}, ...). Every value is bounded, so that one span always fits
 * a document.
 */
final class AwsFields {

    static final int MAX_VALUE = 1000;
    /** A batch call may name many tables; X-Ray needs a few to draw the map. */
    static final int MAX_TABLE_NAMES = 100;

    private AwsFields() {}

    static void write(JsonBytes g, AwsCall call) {
        g.objectField("aws");
        bounded(g, "operation", call.operation());
        bounded(g, "region", call.region());
        bounded(g, "request_id", call.requestId());
        bounded(g, "id_2", call.requestId2());
        g.numberField("retries", call.retries());
        String[] resources = call.resources();
        if (resources != null) {
            for (int i = 0; i + 1 < resources.length; i += 2) {
                bounded(g, resources[i], resources[i + 1]);
            }
        }
        List<String> tables = call.tableNames();
        if (tables != null && !tables.isEmpty()) {
            g.arrayField("table_names");
            for (int i = 0; i < tables.size() && i < MAX_TABLE_NAMES; i++) {
                g.stringValue(SegmentWriter.truncate(String.valueOf(tables.get(i)), MAX_VALUE));
            }
            g.endArray();
        }
        g.endObject();
    }

    private static void bounded(JsonBytes g, String field, String value) {
        if (value != null) {
            g.stringField(field, SegmentWriter.truncate(value, MAX_VALUE));
        }
    }
}
