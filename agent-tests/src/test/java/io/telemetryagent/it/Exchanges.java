package io.telemetryagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.HttpResult;
import io.telemetryagent.testkit.XRayReceiver;
import io.telemetryagent.testkit.XRaySpan;
import io.telemetryagent.testkit.XRayTrace;
import java.util.HashMap;
import java.util.Map;

/**
 * The requests a framework suite sends as soon as its host is up, so that their traces arrive
 * together and no test waits a reporting period of its own: each marked by a User-Agent of its own
 * and found again, with its response and its trace, by the name the suite gave it.
 */
final class Exchanges {

    private record Exchange(String userAgent, HttpResult response) {}

    private final XRayReceiver receiver;
    private final Map<String, Exchange> byName = new HashMap<>();

    Exchanges(XRayReceiver receiver) {
        this.receiver = receiver;
    }

    /** GET path from the host, marked with a User-Agent made from the name. */
    void send(HostJvm host, String name, String path) {
        String userAgent = HostJvm.marker(name);
        byName.put(name, new Exchange(userAgent, host.get(path, Map.of("User-Agent", userAgent))));
    }

    HttpResult response(String name) {
        return exchange(name).response();
    }

    /** The trace of the named request, which must be one segment with one pipe (see {@link #pipeOf}). */
    XRayTrace traceOf(String name) {
        XRayTrace trace = Support.traceOf(receiver, exchange(name).userAgent());
        pipeOf(trace);
        return trace;
    }

    /** The pipe of a request's trace (the subsegment the framework's handler is), which must be its one segment's one child. */
    static XRaySpan pipeOf(XRayTrace trace) {
        assertEquals(1, trace.segments().size(), "one segment:\n" + trace.tree());
        assertEquals(1, trace.segments().get(0).children().size(), "one pipe:\n" + trace.tree());
        return trace.segments().get(0).children().get(0);
    }

    private Exchange exchange(String name) {
        Exchange exchange = byName.get(name);
        if (exchange == null) {
            throw new AssertionError("no request named " + name + " was sent; sent: " + byName.keySet());
        }
        return exchange;
    }
}
