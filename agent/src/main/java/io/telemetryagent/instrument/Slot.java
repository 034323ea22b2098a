package io.telemetryagent.instrument;

/**
 * A hook that a library's woven code calls. Its id, the hook's index in the bridge's array, is
 * given by {@link Libraries} as the agent starts and woven as a constant: woven code reads its
 * hook with one array load.
 */
public final class Slot {

    private final Library library;
    /** Its place among its library's slots. */
    final int index;
    private int id = -1;

    Slot(Library library, int index) {
        this.library = library;
        this.index = index;
    }

    Library library() {
        return library;
    }

    void assign(int assigned) {
        this.id = assigned;
    }

    /** The id, or an error for a library that is not in the registry (nothing would answer it). */
    public int id() {
        if (id < 0) {
            throw new IllegalStateException("a hook of " + library.name() + ", which is not in Libraries");
        }
        return id;
    }

    @Override
    public String toString() {
        return library.name() + " hook " + index + (id < 0 ? "" : " (id " + id + ")");
    }
}
