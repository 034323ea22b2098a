package io.telemetryagent.instrument.servlet;

import io.telemetryagent.instrument.AgentHook;

/** An exception escaped the app inside the request this thread dispatches: it becomes its cause. */
public final class ServletErrorTracing extends AgentHook {

    public ServletErrorTracing() {
        super("servlet errors");
    }

    /** {@code thrown}: the exception; returns nothing to end. */
    @Override
    protected Object onEnter(Object thrown, Object unused0, Object unused1) {
        ServletRequestScope scope = ServletRequestScope.active();
        if (scope != null && thrown instanceof Throwable) {
            scope.error((Throwable) thrown);
        }
        return null;
    }

    @Override
    protected void onExit(Object token, Object self, Object result, Throwable thrown) {
    }
}
