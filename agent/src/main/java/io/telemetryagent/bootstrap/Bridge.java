package io.telemetryagent.bootstrap;

import java.util.Arrays;

/**
 * The only agent class that instrumented code calls. It lives in the bootstrap class loader, so
 * advice inlined into any class (a JDK class, a webapp's servlet) can see it, and it forwards to
 * the tracer, which lives in the agent's own class loader, through one {@link Hook} per
 * instrumentation ({@link HookId}).
 *
 * <p>Until the agent is ready, and forever when it is disabled, every hook does nothing.
 */
public final class Bridge {

    /** Replaced whole on every change, so a reader sees either the old or the new array. */
    private static volatile Hook[] hooks = filled(Hook.NONE);

    private Bridge() {}

    /** The hook in a slot; never null. */
    public static Hook hook(int id) {
        return hooks[id];
    }

    /** Installs the agent's hooks at once; null entries do nothing. */
    public static synchronized void install(Hook[] installed) {
        Hook[] next = filled(Hook.NONE);
        for (int i = 0; i < installed.length && i < next.length; i++) {
            if (installed[i] != null) {
                next[i] = installed[i];
            }
        }
        hooks = next;
    }

    /** Turns every hook off. */
    public static synchronized void uninstall() {
        hooks = filled(Hook.NONE);
    }

    private static Hook[] filled(Hook hook) {
        Hook[] all = new Hook[HookId.COUNT];
        Arrays.fill(all, hook);
        return all;
    }
}
