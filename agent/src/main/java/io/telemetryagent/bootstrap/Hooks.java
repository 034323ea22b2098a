package io.telemetryagent.bootstrap;

/**
 * What advice may ask of the tracer. Only JDK types cross this line: host objects travel as
 * {@code Object} and are cast on the agent's side. Implementations never throw.
 *
 * <p>An {@code enter} method returns a token (or null when it started nothing); the matching
 * {@code exit} gets it back.
 */
public interface Hooks {

    /** JDK HttpServer: {@code Filter.Chain.doFilter} entered; {@code handler} is set when the chain is about to call it. */
    Object httpServerEnter(Object exchange, Object handler);

    void httpServerExit(Object token, Object exchange, Throwable thrown);

    /**
     * {@code HttpURLConnection.connect/getOutputStream} ({@code readsResponse} false) or
     * {@code getInputStream/getResponseCode} (true) entered. {@code fresh}: the connection has
     * neither connected nor got a response yet. Every enter is followed by its exit.
     */
    Object urlConnectionEnter(Object connection, boolean readsResponse, boolean fresh);

    void urlConnectionExit(Object token, Object connection, Throwable thrown, boolean readsResponse);

    Hooks NONE = new Hooks() {
        @Override public Object httpServerEnter(Object exchange, Object handler) { return null; }
        @Override public void httpServerExit(Object token, Object exchange, Throwable thrown) {}
        @Override public Object urlConnectionEnter(Object connection, boolean readsResponse, boolean fresh) { return null; }
        @Override public void urlConnectionExit(Object token, Object connection, Throwable thrown, boolean readsResponse) {}
    };
}
