package io.telemetryagent.instrument.apachehttp5;

import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.instrument.BackendGuard;

/**
 * Sets {@code X-Amzn-Trace-Id} on a classic request about to be sent, when a call is in progress
 * on this thread and the request has none, and removes it once sent: {@code enter} returns a
 * token only when it set the header.
 */
public final class ClassicRequestHeaders extends AgentHook {

    private static final Object ADDED = new Object();

    public ClassicRequestHeaders() {
        super("Apache HttpClient 5");
    }

    @Override
    protected Object onEnter(Object unused, Object request, Object unused2) {
        return ApacheHttpClient5.inject(BackendGuard.active(), request) ? ADDED : null;
    }

    @Override
    protected void onExit(Object token, Object request, Object result, Throwable thrown) {
        ApacheHttpClient5.remove(request);
    }
}
