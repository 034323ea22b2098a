package io.telemetryagent.instrument;

import net.bytebuddy.asm.AsmVisitorWrapper;

/** One instrumented type: which class, in which JDK module if any, and the advice applied to it. */
public interface TypeInstrumentation {

    /** Binary name of the class, e.g. {@code com.sun.net.httpserver.Filter$Chain}. */
    String className();

    /**
     * The named module the class lives in ({@code java.base}), which must be made to read the
     * bridge's module; null for a class on an ordinary class path.
     */
    String moduleName();

    /** The advice, as a visitor over the class's methods. */
    AsmVisitorWrapper advice();
}
