package io.telemetryagent.instrument;

import io.telemetryagent.trace.Tracer;

/** What a library's hooks are made with: the tracer and the settings that change what they do. */
public final class HookSettings {

    private final Tracer tracer;
    private final boolean logCorrelation;
    private final boolean sanitizedQuery;

    /**
     * @param logCorrelation the trace goes into log events' context ({@code log_correlation})
     * @param sanitizedQuery SQL subsegments carry their statement's text ({@code sanitized_query})
     */
    public HookSettings(Tracer tracer, boolean logCorrelation, boolean sanitizedQuery) {
        this.tracer = tracer;
        this.logCorrelation = logCorrelation;
        this.sanitizedQuery = sanitizedQuery;
    }

    /** With the defaults: log_correlation on, sanitized_query off. */
    public HookSettings(Tracer tracer) {
        this(tracer, true, false);
    }

    public Tracer tracer() {
        return tracer;
    }

    public boolean logCorrelation() {
        return logCorrelation;
    }

    public boolean sanitizedQuery() {
        return sanitizedQuery;
    }
}
