package io.telemetryagent.instrument;

import io.telemetryagent.bootstrap.Hooks;
import io.telemetryagent.instrument.httpserver.HttpServerTracing;
import io.telemetryagent.instrument.urlconnection.UrlConnectionTracing;
import io.telemetryagent.log.AgentLog;
import io.telemetryagent.trace.AgentThread;
import io.telemetryagent.trace.Tracer;

/**
 * The bridge's hooks, wired to the tracing of each library. This is the wall between the host and
 * the agent: nothing thrown here reaches the host, and the agent's own threads are never traced.
 */
public final class TracerHooks implements Hooks {

    private final HttpServerTracing httpServer;
    private final UrlConnectionTracing urlConnection;

    public TracerHooks(Tracer tracer) {
        this.httpServer = new HttpServerTracing(tracer);
        this.urlConnection = new UrlConnectionTracing(tracer);
    }

    @Override
    public Object httpServerEnter(Object exchange, Object handler) {
        try {
            return AgentThread.isCurrent() ? null : httpServer.enter(exchange, handler);
        } catch (Throwable t) {
            failed("http server", t);
            return null;
        }
    }

    @Override
    public void httpServerExit(Object token, Object exchange, Throwable thrown) {
        try {
            if (token != null) {
                httpServer.exit(token, exchange, thrown);
            }
        } catch (Throwable t) {
            failed("http server", t);
        }
    }

    @Override
    public Object urlConnectionEnter(Object connection, boolean readsResponse, boolean fresh) {
        try {
            return AgentThread.isCurrent() ? null : urlConnection.enter(connection, readsResponse, fresh);
        } catch (Throwable t) {
            failed("HttpURLConnection", t);
            return null;
        }
    }

    @Override
    public void urlConnectionExit(Object token, Object connection, Throwable thrown, boolean readsResponse) {
        try {
            if (token != null) {
                urlConnection.exit(token, connection, thrown, readsResponse);
            }
        } catch (Throwable t) {
            failed("HttpURLConnection", t);
        }
    }

    private static void failed(String what, Throwable t) {
        if (AgentLog.debugEnabled()) {
            AgentLog.debug("tracing of " + what + " failed, request unaffected: " + t);
        }
    }
}
