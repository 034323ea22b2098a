package io.telemetryagent.instrument.servlet.fake;

/** Stands for javax/jakarta.servlet.ServletException, which the agent knows by name only. */
public final class ServletException extends Exception {
    public ServletException(Throwable cause) {
        super(cause);
    }
}
