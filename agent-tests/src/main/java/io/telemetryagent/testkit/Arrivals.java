package io.telemetryagent.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Waiting for documents, as {@link XRayReceiver} and {@link XRayDaemonListener} both let tests
 * wait: on the lock that guards the documents (its owner calls {@code notifyAll} on each arrival),
 * checking again on each wake-up, and failing with the owner's description of what did arrive.
 */
final class Arrivals {

    private final Object lock;
    private final List<JsonNode> documents;
    private final Supplier<String> describe;

    /** @param documents guarded by {@code lock}; {@code describe} says what arrived, for failures */
    Arrivals(Object lock, List<JsonNode> documents, Supplier<String> describe) {
        this.lock = lock;
        this.documents = documents;
        this.describe = describe;
    }

    /** Waits until {@code count} documents matching {@code predicate} have arrived; returns those. */
    List<JsonNode> awaitDocuments(Predicate<JsonNode> predicate, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                List<JsonNode> matching = documents.stream().filter(predicate).collect(Collectors.toList());
                if (matching.size() >= count) {
                    return matching;
                }
                Waiting.waitOn(lock, deadline, () -> "expected " + count + " matching documents within " + timeout
                        + ", got " + matching.size() + "; " + describe.get());
            }
        }
    }

    /** Waits for a trace that satisfies {@code predicate} (checked on each arrival); returns it. */
    XRayTrace awaitTrace(Predicate<XRayTrace> predicate, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                for (XRayTrace trace : XRayTrace.group(documents)) {
                    if (predicate.test(trace)) {
                        return trace;
                    }
                }
                Waiting.waitOn(lock, deadline, () -> "no matching trace within " + timeout + "; " + describe.get());
            }
        }
    }
}
