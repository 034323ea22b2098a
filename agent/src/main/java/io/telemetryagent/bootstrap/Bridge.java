package io.telemetryagent.bootstrap;

import java.util.Arrays;

/**
 * The only agent class that instrumented code calls. It lives in the bootstrap class loader, so
 * code woven into any class (a JDK class, a webapp's servlet) can see it, and it forwards to
 * the tracer, which lives in the agent's own class loader, through one {@link Hook} per
 * instrumentation, by the id the agent gave it as it started.
 *
 * <p>Until the agent is ready, and forever when it is disabled, every hook does nothing.
 */
public final class Bridge {

    /**
     * Indexed by hook id. Replaced whole on every change, so a reader sees either the old or the
     * new array; as long as the agent's hooks (nothing is woven before they are installed).
     */
    private static volatile Hook[] hooks = new Hook[0];

    private Bridge() {}

    /** The hook in a slot; never null. */
    public static Hook hook(int id) {
        Hook[] all = hooks;
        return id < all.length ? all[id] : Hook.NONE;
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

    /** Installs the agent's hooks at once, indexed by id; null entries do nothing. */
    public static synchronized void install(Hook[] installed) {
        Hook[] next = new Hook[installed.length];
        for (int i = 0; i < next.length; i++) {
            next[i] = installed[i] != null ? installed[i] : Hook.NONE;
        }
        hooks = next;
    }

    /** Installs more hooks: the non-null entries of {@code more}; the others stay as they are. */
    public static synchronized void add(Hook[] more) {
        Hook[] next = Arrays.copyOf(hooks, Math.max(hooks.length, more.length));
        for (int i = 0; i < next.length; i++) {
            if (i < more.length && more[i] != null) {
                next[i] = more[i];
            } else if (next[i] == null) {
                next[i] = Hook.NONE;
            }
        }
        hooks = next;
    }

    /** Turns every hook off. */
    public static synchronized void uninstall() {
        Hook[] none = new Hook[hooks.length];
        Arrays.fill(none, Hook.NONE);
        hooks = none;
    }
}
