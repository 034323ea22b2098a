package io.telemetryagent.testkit;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting for what another thread adds to a list, as the receiver, the proxy, the echo server and a
 * host's output pumps let tests wait: on the list's own monitor (the adding thread calls
 * {@code notifyAll} after each add), looking again on each wake-up, and failing at the deadline with
 * what did arrive.
 */
public final class Waiting {

    private Waiting() {}

    /**
     * The first element of {@code guarded} that matches, waiting up to {@code timeout} for one to be
     * added; past it, an AssertionError with {@code failure}'s text (asked for then, under the lock).
     */
    public static <T> T firstMatch(List<T> guarded, Predicate<? super T> predicate, Duration timeout,
            Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (guarded) {
            while (true) {
                for (T item : guarded) {
                    if (predicate.test(item)) {
                        return item;
                    }
                }
                waitOn(guarded, deadline, failure);
            }
        }
    }

    /** Waits on {@code lock} (held) until the next notify or the deadline; past the deadline, fails. */
    static void waitOn(Object lock, long deadline, Supplier<String> failure) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new AssertionError(failure.get());
        }
        try {
            lock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }
}
