package io.telemetryagent.instrument.concurrent;

import io.telemetryagent.instrument.AgentHook;

/**
 * {@code Thread.start} ({@code self}: the thread): records the current span for the new thread,
 * which applies it in {@code Thread.run}.
 *
 * <p>Only plain {@code java.lang.Thread}s, the kind an application starts for a piece of work
 * ({@code new Thread(task)}, {@code Thread.ofPlatform()}, CompletableFuture's thread per task).
 * Subclasses are mostly the long-lived threads of frameworks and pools (Netty's event loops,
 * Tomcat's workers, fork-join workers, timers, the JDK's innocuous system threads, the agent's
 * own) that would otherwise carry one request's context for life; and a subclass that overrides
 * {@code run()} never reaches {@code Thread.run}, where the context would be applied. The JDK's
 * own pools start plain threads, but without a context ({@link SuspendContext}).
 */
public final class CaptureThreadStart extends AgentHook {

    public CaptureThreadStart() {
        super("context hand-off");
    }

    @Override
    protected Object onEnter(Object thread, Object unused0, Object unused1) {
        if (thread.getClass() == Thread.class) {
            TaskContexts.capture(thread);
        }
        return null;
    }

    @Override
    protected void onExit(Object token, Object thread, Object result, Throwable thrown) {
    }
}
