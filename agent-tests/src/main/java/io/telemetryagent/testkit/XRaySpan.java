package io.telemetryagent.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One segment or subsegment of a received trace, placed in its tree: subsegments embedded in a
 * document and subsegments sent as documents of their own ({@code type: subsegment}) alike.
 */
public final class XRaySpan {

    private final JsonNode doc;
    private final boolean segment;
    private XRaySpan parent;
    private final List<XRaySpan> children = new ArrayList<>();

    XRaySpan(JsonNode doc, boolean segment, XRaySpan parent) {
        this.doc = doc;
        this.segment = segment;
        this.parent = parent;
    }

    /** The JSON as received (an embedded subsegment's own object, its {@code subsegments} included). */
    public JsonNode doc() { return doc; }

    /** True for a segment: a top-level document that is not {@code type: subsegment}. */
    public boolean isSegment() { return segment; }

    /**
     * The span this one is nested under, or null at a root. A segment continuing a trace from
     * another JVM of the same trace sits under the span named by its {@code parent_id}.
     */
    public XRaySpan parent() { return parent; }

    public List<XRaySpan> children() { return Collections.unmodifiableList(children); }

    void addChild(XRaySpan child) {
        children.add(child);
        child.parent = this;
    }

    public String name() { return text("/name"); }
    public String id() { return text("/id"); }
    /** {@code parent_id} as written in the document (null when absent). */
    public String parentId() { return text("/parent_id"); }
    public String namespace() { return text("/namespace"); }
    public double startTime() { return doc.path("start_time").asDouble(Double.NaN); }
    public double endTime() { return doc.path("end_time").asDouble(Double.NaN); }
    public double durationMillis() { return (endTime() - startTime()) * 1000.0; }
    public boolean error() { return doc.path("error").asBoolean(false); }
    public boolean fault() { return doc.path("fault").asBoolean(false); }
    public boolean throttle() { return doc.path("throttle").asBoolean(false); }
    /** {@code http.response.status}, or -1. */
    public int status() { return doc.at("/http/response/status").asInt(-1); }
    public String url() { return text("/http/request/url"); }
    public String userAgent() { return text("/http/request/user_agent"); }

    /** The text at a JSON pointer such as {@code /http/request/method}, or null when absent. */
    public String text(String pointer) {
        JsonNode node = doc.at(pointer);
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    /** Whether the document holds a value at the JSON pointer. */
    public boolean has(String pointer) {
        JsonNode node = doc.at(pointer);
        return !node.isMissingNode() && !node.isNull();
    }

    /**
     * The first exception of this span's cause, a missing node when it has none. A cause that is
     * an exception's id (X-Ray's form for an exception recorded on a subsegment) is looked up in
     * the trace.
     */
    public JsonNode exception() {
        JsonNode cause = doc.path("cause");
        if (!cause.isTextual()) {
            return cause.path("exceptions").path(0);
        }
        String id = cause.asText();
        XRaySpan top = this;
        while (top.parent() != null) {
            top = top.parent();
        }
        return top.selfAndDescendants()
                .flatMap(s -> {
                    List<JsonNode> exceptions = new ArrayList<>();
                    s.doc.path("cause").path("exceptions").forEach(exceptions::add);
                    return exceptions.stream();
                })
                .filter(e -> id.equals(e.path("id").asText()))
                .findFirst().orElse(MissingNode.getInstance());
    }

    /** This span and every span under it, depth first. */
    public Stream<XRaySpan> selfAndDescendants() {
        return Stream.concat(Stream.of(this), children.stream().flatMap(XRaySpan::selfAndDescendants));
    }

    /** The first span (depth first, this one included) that matches. */
    public Optional<XRaySpan> find(Predicate<XRaySpan> predicate) {
        return selfAndDescendants().filter(predicate).findFirst();
    }

    /** The first span named {@code name}, this one included. */
    public Optional<XRaySpan> find(String name) {
        return find(s -> name.equals(s.name()));
    }

    /** One line: name, kind, status, flags and duration. */
    public String summary() {
        StringBuilder line = new StringBuilder(String.valueOf(name()));
        line.append(segment ? "  [segment" : "  [subsegment");
        if ("remote".equals(namespace())) {
            line.append(", remote");
        }
        line.append(']');
        if (has("/http/request/method")) {
            line.append("  ").append(text("/http/request/method")).append(' ').append(url());
        }
        if (status() >= 0) {
            line.append("  -> ").append(status());
        }
        if (error()) line.append("  error");
        if (throttle()) line.append("  throttle");
        if (fault()) line.append("  fault");
        if (exception().has("type")) {
            line.append("  cause=").append(exception().path("type").asText());
        }
        line.append(String.format("  %.1f ms", durationMillis()));
        return line.toString();
    }

    void appendTree(StringBuilder out, String indent) {
        out.append(indent).append(summary()).append('\n');
        for (XRaySpan child : children) {
            child.appendTree(out, indent + "  ");
        }
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        appendTree(out, "");
        return out.toString();
    }
}
