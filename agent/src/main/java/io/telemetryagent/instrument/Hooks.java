package io.telemetryagent.instrument;

import io.telemetryagent.bootstrap.Hook;

/** The hooks one library makes ({@link Library#makeHooks}), by slot, for the bridge's array. */
public final class Hooks {

    private final Library library;
    private final Hook[] byId;

    Hooks(Library library, int count) {
        this.library = library;
        this.byId = new Hook[count];
    }

    /**
     * The implementation of {@code slot}, a {@link Hook}. Typed {@code Object} so that a library,
     * which premain links before the bridge exists, never names {@code Hook} ({@link Library}).
     */
    public void put(Slot slot, Object hook) {
        if (slot.library() != library) {
            throw new IllegalArgumentException(library.name() + " made a hook for " + slot);
        }
        byId[slot.id()] = (Hook) hook;
    }

    /** Indexed by id; null where nothing was put (the bridge keeps {@link Hook#NONE} there). */
    Hook[] byId() {
        return byId;
    }
}
