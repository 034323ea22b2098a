package io.telemetryagent.bootstrap;

/**
 * The only agent class that instrumented code calls. It lives on the bootstrap class path, so
 * advice inlined into any class (a JDK class, a webapp's servlet) can see it, and it forwards to
 * the tracer, which lives in the agent's own class loader, through {@link Hooks}.
 *
 * <p>Until the agent is ready, and forever when it is disabled, the hooks do nothing.
 */
public final class Bridge {

    private static volatile Hooks hooks = Hooks.NONE;

    private Bridge() {}

    /** The hooks in force; never null. */
    public static Hooks hooks() {
        return hooks;
    }

    /** Called once by the agent when its tracer is ready. */
    public static void install(Hooks installed) {
        hooks = installed == null ? Hooks.NONE : installed;
    }
}
