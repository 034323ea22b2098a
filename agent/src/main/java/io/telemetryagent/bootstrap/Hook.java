package io.telemetryagent.bootstrap;

/**
 * What one instrumentation's woven code asks of the tracer. Only JDK types cross this line: host
 * objects travel as {@code Object} and are cast on the agent's side. Implementations never throw.
 */
public interface Hook {

    /**
     * An instrumented method was entered. The meaning of {@code self}, {@code arg0} and
     * {@code arg1} is the instrumentation's own. Returns a token for {@link #exit}, or null when
     * there is nothing to end (then exit need not be called).
     */
    Object enter(Object self, Object arg0, Object arg1);

    /** The method returned {@code result} or threw {@code thrown}. */
    void exit(Object token, Object self, Object result, Throwable thrown);

    /** Does nothing: in force until the agent is ready, and for good when it is disabled. */
    Hook NONE = new Hook() {
        @Override
        public Object enter(Object self, Object arg0, Object arg1) {
            return null;
        }

        @Override
        public void exit(Object token, Object self, Object result, Throwable thrown) {
        }
    };
}
