package io.telemetryagent.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every document received for one {@code trace_id}, reassembled into trees: subsegment documents
 * under the span their {@code parent_id} names, and a segment continuing the trace from another
 * JVM under the span that called it, when that span is known.
 */
public final class XRayTrace {

    private final String traceId;
    private final List<XRaySpan> roots = new ArrayList<>();
    private final List<XRaySpan> segments = new ArrayList<>();

    private XRayTrace(String traceId) {
        this.traceId = traceId;
    }

    /** Builds the trace from its documents, in the order received. */
    public static XRayTrace of(String traceId, List<JsonNode> documents) {
        XRayTrace trace = new XRayTrace(traceId);
        Map<String, XRaySpan> byId = new HashMap<>();
        List<XRaySpan> tops = new ArrayList<>();
        for (JsonNode doc : documents) {
            boolean segment = !"subsegment".equals(doc.path("type").asText());
            XRaySpan top = build(doc, segment, byId);
            tops.add(top);
            if (segment) {
                trace.segments.add(top);
            }
        }
        for (XRaySpan top : tops) {
            XRaySpan parent = top.parentId() == null ? null : byId.get(top.parentId());
            if (parent != null && parent != top && !isUnder(parent, top)) {
                parent.addChild(top);
            } else {
                trace.roots.add(top);
            }
        }
        return trace;
    }

    private static XRaySpan build(JsonNode doc, boolean segment, Map<String, XRaySpan> byId) {
        XRaySpan span = new XRaySpan(doc, segment, null);
        if (span.id() != null) {
            byId.putIfAbsent(span.id(), span);
        }
        for (JsonNode child : doc.path("subsegments")) {
            span.addChild(build(child, false, byId));
        }
        return span;
    }

    private static boolean isUnder(XRaySpan candidate, XRaySpan ancestor) {
        for (XRaySpan s = candidate; s != null; s = s.parent()) {
            if (s == ancestor) {
                return true;
            }
        }
        return false;
    }

    public String traceId() { return traceId; }

    /** Spans with no known parent: normally the trace's first segment alone. */
    public List<XRaySpan> roots() { return List.copyOf(roots); }

    /** Every segment document of the trace (one per JVM part of it), in the order received. */
    public List<XRaySpan> segments() { return List.copyOf(segments); }

    /** Every span of the trace, segments and subsegments, depth first from the roots. */
    public Stream<XRaySpan> spans() {
        return roots.stream().flatMap(XRaySpan::selfAndDescendants);
    }

    public Optional<XRaySpan> span(Predicate<XRaySpan> predicate) {
        return spans().filter(predicate).findFirst();
    }

    /** The first span with this name. */
    public Optional<XRaySpan> span(String name) {
        return span(s -> name.equals(s.name()));
    }

    /** The segment whose name is {@code serviceName}, if received. */
    public Optional<XRaySpan> segment(String serviceName) {
        return segments.stream().filter(s -> serviceName.equals(s.name())).findFirst();
    }

    public int spanCount() {
        return (int) spans().count();
    }

    /** An indented tree of the trace: names, HTTP status and durations in ms. */
    public String tree() {
        StringBuilder out = new StringBuilder("trace ").append(traceId).append('\n');
        for (XRaySpan root : roots) {
            root.appendTree(out, "  ");
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return tree();
    }

    /** Groups documents by trace id, keeping the order in which each trace was first seen. */
    static List<XRayTrace> group(List<JsonNode> documents) {
        Map<String, List<JsonNode>> byTrace = documents.stream().collect(Collectors.groupingBy(
                d -> d.path("trace_id").asText(""), java.util.LinkedHashMap::new, Collectors.toList()));
        List<XRayTrace> traces = new ArrayList<>();
        byTrace.forEach((id, docs) -> traces.add(of(id, docs)));
        return traces;
    }
}
