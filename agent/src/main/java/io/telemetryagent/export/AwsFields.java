package io.telemetryagent.export;

import com.fasterxml.jackson.core.JsonGenerator;
import io.telemetryagent.trace.AwsCall;
import java.io.IOException;
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

    static void write(JsonGenerator g, AwsCall call) throws IOException {
        g.writeFieldName("aws");
        g.writeStartObject();
        bounded(g, "operation", call.operation());
        bounded(g, "region", call.region());
        bounded(g, "request_id", call.requestId());
        bounded(g, "id_2", call.requestId2());
        g.writeFieldName("retries");
        g.writeNumber(call.retries());
        String[] resources = call.resources();
        if (resources != null) {
            for (int i = 0; i + 1 < resources.length; i += 2) {
                bounded(g, resources[i], resources[i + 1]);
            }
        }
        List<String> tables = call.tableNames();
        if (tables != null && !tables.isEmpty()) {
            g.writeFieldName("table_names");
            g.writeStartArray();
            for (int i = 0; i < tables.size() && i < MAX_TABLE_NAMES; i++) {
                g.writeString(SegmentWriter.bounded(String.valueOf(tables.get(i)), MAX_VALUE));
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void bounded(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeFieldName(field);
            g.writeString(SegmentWriter.bounded(value, MAX_VALUE));
        }
    }
}
