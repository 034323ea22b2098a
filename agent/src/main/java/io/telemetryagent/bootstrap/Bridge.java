package io.telemetryagent.bootstrap;

import java.util.Arrays;

/**
 * The only agent class that instrumented code calls. It lives in the bootstrap class loader, so
 * code woven into any class (a JDK class, a webapp's servlet) can see it, and it forwards to
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

    /**
     * Woven code's call at a method's entry (or, for a call-only hook, wherever it is woven):
     * the hook's {@link Hook#enter}. Never throws into the host; null when the hook failed.
     */
    public static Object enter(Object self, Object arg0, Object arg1, int id) {
        try {
            return hooks[id].enter(self, arg0, arg1);
        } catch (Throwable t) {
            return null;
        }
    }

    /**
     * Woven code's call as a method returns or throws: the hook's {@link Hook#exit}, when its
     * enter gave a token. Never throws into the host.
     */
    public static void exit(Object result, Throwable thrown, Object token, Object self, int id) {
        if (token == null) {
            return;
        }
        try {
            hooks[id].exit(token, self, result, thrown);
        } catch (Throwable t) {
            // the host's call goes on as if untraced
        }
    }

    /**
     * Woven code's call that may replace a value (an argument or a field): the hook's answer to
     * {@code enter(null, original, null)}, or {@code original} when it has none or fails.
     */
    public static Object replace(Object original, int id) {
        try {
            Object replacement = hooks[id].enter(null, original, null);
            return replacement != null ? replacement : original;
        } catch (Throwable t) {
            return original;
        }
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

    /** Installs more hooks: the non-null entries of {@code more}; the others stay as they are. */
    public static synchronized void add(Hook[] more) {
        Hook[] next = hooks.clone();
        for (int i = 0; i < more.length && i < next.length; i++) {
            if (more[i] != null) {
                next[i] = more[i];
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
