package io.telemetryagent.bootstrap;

/**
 * The slot of each instrumentation's {@link Hook} in the {@link Bridge}. Compile-time constants,
 * so advice reads its hook with one array load. Add one line per new instrumentation.
 */
public final class HookId {

    private HookId() {}

    public static final int HTTP_SERVER = 0;
    public static final int URL_CONNECTION_SEND = 1;
    public static final int URL_CONNECTION_RECEIVE = 2;

    /** One more than the largest id. */
    public static final int COUNT = 64;
}
