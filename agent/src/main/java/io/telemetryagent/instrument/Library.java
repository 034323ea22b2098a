package io.telemetryagent.instrument;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One instrumented library, declared in one place: its target classes ({@link #targets}), what is
 * woven into each ({@link #weave}), the hooks that woven code calls ({@link #hook}) and the
 * implementation of each ({@link #makeHooks}). A library is one line of {@link Libraries}, which
 * gives every hook its id; a library never numbers anything itself.
 *
 * <p>premain makes every library to learn the target names, on the host's main thread and before
 * the bridge is in the boot class loader. So a subclass must link without the bridge: a method of
 * it may not be typed with {@code Hook} (the verifier would look the interface up and fail), which
 * is why {@link Hooks#put} takes its hook as an {@code Object}. LibrariesTest links every library in
 * a class loader without the bridge, and fails when one needs it or loads a weaving class.
 */
public abstract class Library {

    private final String name;
    private final List<Target> targets = new ArrayList<>();
    private final List<Slot> slots = new ArrayList<>();

    /** @param name the library as a reader knows it, in log lines ("OkHttp") */
    protected Library(String name) {
        this.name = name;
    }

    /** Target classes, by binary name, that {@link #weave} treats alike. */
    protected final Target targets(String... classNames) {
        Target target = new Target(this, classNames);
        targets.add(target);
        return target;
    }

    /** A hook that this library's woven code calls; {@link Libraries} gives it its id. */
    protected final Slot hook() {
        Slot slot = new Slot(this, slots.size());
        slots.add(slot);
        return slot;
    }

    /** What to weave into {@code className}, one of {@code target}'s classes. */
    protected abstract List<MethodHook> weave(Target target, String className);

    /** Puts the implementation of each of its hooks into {@code hooks}. */
    protected abstract void makeHooks(Hooks hooks, HookSettings settings);

    /**
     * True when its hooks are made as the agent starts rather than as its first class is woven:
     * for classes of java.base, where making a hook while such a class is transformed could load a
     * class that needs it (a class circularity error, and the class left unwoven).
     */
    protected boolean hooksAtStart() {
        return false;
    }

    public final String name() {
        return name;
    }

    public final List<Target> targets() {
        return Collections.unmodifiableList(targets);
    }

    final List<Slot> slots() {
        return slots;
    }

    @Override
    public String toString() {
        return name;
    }
}
