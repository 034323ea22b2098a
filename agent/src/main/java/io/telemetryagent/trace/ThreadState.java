package io.telemetryagent.trace;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A library's own state on each thread (a nesting depth, the last name it spelled), kept in a slot
 * of the tracer's one thread-local ({@link Tracer.PerThread}) rather than in a thread-local of its
 * own: a request thread's thread-local map holds one entry of the agent's, and a hook that needs
 * the current span and its state looks up once. The library declares one as a constant and
 * reads it with {@link #of}.
 */
public abstract class ThreadState<T> {

    private static final AtomicInteger SLOTS = new AtomicInteger();

    /** Its slot in every thread's {@link Tracer.PerThread}. */
    final int slot = SLOTS.getAndIncrement();

    /** The state of a thread that has none yet (made once per thread). */
    protected abstract T initialValue();

    /** This state on the thread {@code perThread} belongs to. */
    public final T of(Tracer.PerThread perThread) {
        return perThread.state(this);
    }

    /** This state on the current thread. */
    public final T current() {
        return Tracer.perThread().state(this);
    }
}
