package io.telemetryagent.instrument.servlet;

import io.telemetryagent.trace.Span;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One servlet request as the agent follows it: its router span (or unrecorded context), its pipe,
 * the first exception seen escaping the app, and whether an AsyncListener of ours will end it.
 *
 * <p>The scope of the request a thread is dispatching is kept in a thread local rather than a
 * request attribute, which the app could see. An async request's scope is also kept by request
 * object until it completes, so that its async dispatches (on other threads) rejoin it.
 */
final class ServletRequestScope {

    private static final ThreadLocal<ServletRequestScope> ACTIVE = new ThreadLocal<>();

    /** Async requests in flight, by the container's request object; bounded, entries leave on completion. */
    private static final Map<Object, ServletRequestScope> ASYNC = new IdentityHashMap<>();
    private static final int MAX_ASYNC = 10_000;
    /** ASYNC's size, read without the lock: most requests are looked up while none is async. */
    private static volatile int asyncCount;

    final ServletApi api;
    final Object request;
    final Object response;
    final String method;
    /** The router span, or an unrecorded context when that layer is off. */
    final Span inbound;
    /** What was current on the thread before the request; restored when it leaves the thread. */
    final Span previous;

    /** The pipe, while open; null when none was recorded. */
    Span pipe;
    /** A handler was found for the request (named or not): no other starts a pipe. */
    boolean pipeStarted;
    /** The innermost exception seen escaping the app (the first one: outer ones wrap it). */
    Throwable error;
    /** Our AsyncListener is registered: its onComplete ends the request, not the dispatch's return. */
    boolean asyncListening;
    private boolean finished;

    ServletRequestScope(ServletApi api, Object request, Object response, String method, Span inbound, Span previous) {
        this.api = api;
        this.request = request;
        this.response = response;
        this.method = method;
        this.inbound = inbound;
        this.previous = previous;
    }

    static ServletRequestScope active() {
        return ACTIVE.get();
    }

    static void activate(ServletRequestScope scope) {
        ACTIVE.set(scope);
    }

    static void deactivate() {
        ACTIVE.set(null);
    }

    /** The span work on this thread belongs to: the open pipe, else the router. */
    Span current() {
        Span p = pipe;
        return p != null && !p.ended() ? p : inbound;
    }

    void error(Throwable t) {
        if (t != null && error == null) {
            error = unwrap(t);
        }
    }

    /**
     * The app's exception inside the wrappers a container or framework puts around it on its
     * way out (ServletException, Spring 5's NestedServletException, Jersey's MappableException).
     */
    static Throwable unwrap(Throwable t) {
        for (int depth = 0; depth < 8 && t.getCause() != null && t.getCause() != t; depth++) {
            String name = t.getClass().getName();
            if (!name.endsWith(".ServletException") && !name.endsWith(".NestedServletException")
                    && !name.endsWith(".MappableException")) {
                break;
            }
            t = t.getCause();
        }
        return t;
    }

    /** True the first time only: the caller ends the request. */
    synchronized boolean finish() {
        if (finished) {
            return false;
        }
        finished = true;
        return true;
    }

    synchronized boolean finished() {
        return finished;
    }

    void rememberAsync() {
        synchronized (ASYNC) {
            if (ASYNC.size() < MAX_ASYNC) {
                ASYNC.put(request, this);
                asyncCount = ASYNC.size();
            }
        }
    }

    void forgetAsync() {
        if (asyncCount == 0) {
            return; // nothing is remembered (the common case): no lock per request
        }
        synchronized (ASYNC) {
            if (ASYNC.get(request) == this) {
                ASYNC.remove(request);
                asyncCount = ASYNC.size();
            }
        }
    }

    /** The unfinished async request this container request object belongs to, or null. */
    static ServletRequestScope asyncScopeOf(Object request) {
        if (asyncCount == 0) {
            return null;
        }
        ServletRequestScope scope;
        synchronized (ASYNC) {
            scope = ASYNC.get(request);
        }
        return scope == null || scope.finished() ? null : scope;
    }
}
