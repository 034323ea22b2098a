package io.telemetryagent.instrument;

import java.util.List;

/** Target classes of one {@link Library} that are woven alike. */
public final class Target {

    private final Library library;
    private final List<String> classNames;

    Target(Library library, String[] classNames) {
        this.library = library;
        this.classNames = List.of(classNames);
    }

    public Library library() {
        return library;
    }

    /** Binary names, e.g. {@code okhttp3.internal.connection.RealCall}. */
    public List<String> classNames() {
        return classNames;
    }

    /** What to weave into {@code className}, one of {@link #classNames}. */
    public List<MethodHook> weave(String className) {
        return library.weave(this, className);
    }
}
