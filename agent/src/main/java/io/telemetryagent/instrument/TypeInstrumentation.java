package io.telemetryagent.instrument;

import java.util.List;

/** One instrumented type: which class, in which JDK module if any, and the hooks woven into it. */
public interface TypeInstrumentation {

    /** Binary name of the class, e.g. {@code com.sun.net.httpserver.Filter$Chain}. */
    String className();

    /**
     * The named module the class lives in ({@code java.base}), which must be made to read the
     * bridge's module; null for a class on an ordinary class path.
     */
    String moduleName();

    /** What to weave into the class's methods ({@link HookWeaver}). */
    List<MethodHook> hooks();
}
