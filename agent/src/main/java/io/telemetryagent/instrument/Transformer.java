package io.telemetryagent.instrument;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.log.AgentLog;
import io.telemetryagent.trace.AgentThread;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The agent's one class file transformer. It is installed first thing in premain and recognises
 * its targets by name with one hash lookup, so every other class the host loads costs nothing.
 * Until the agent is ready (configuration read, hooks installed), a target that loads on the
 * host's own threads waits for it, so that the first request is traced; a core JDK class, or one
 * loaded on an agent thread, is noted and retransformed once it is ({@link #ready}).
 */
public final class Transformer implements ClassFileTransformer {

    /** A target class that loaded before the weaver was ready. */
    public static final class Missed {
        public final ClassLoader loader;
        public final String className;

        Missed(ClassLoader loader, String className) {
            this.loader = loader;
            this.className = className;
        }
    }

    private final Libraries libraries;
    private final Set<String> targetNames = new HashSet<>();
    private final List<Missed> missed = new ArrayList<>();
    /** Made by {@link #prepareWeaver} (or {@link #ready}) on an agent thread: ASM does not load on the host's main. */
    private volatile HookWeaver weaver;
    /** Installs a library's hooks as its first class is woven; set before {@link #ready}. */
    private volatile HookTable hooks;
    private volatile boolean ready;
    /** Set in {@link #ready}, before any class is woven. */
    private volatile Instrumentation inst;
    private volatile Module bridgeModule;
    private volatile boolean disabled;
    /** At DEBUG only: class name to what was woven into it, in order. */
    private final Map<String, String> woven = new LinkedHashMap<>();
    private final CountDownLatch readyLatch = new CountDownLatch(1);
    private static final long READY_WAIT_SECONDS = 10;
    /** The loader of the agent and its dependencies. */
    private static final ClassLoader OWN_LOADER = Transformer.class.getClassLoader();

    /** @param libraries what to instrument */
    public Transformer(Libraries libraries) {
        this.libraries = libraries;
        for (String name : libraries.classNames()) {
            targetNames.add(name.replace('.', '/'));
        }
    }

    /**
     * The module-aware entry the JVM calls: as {@link #transform(ClassLoader, String, Class,
     * ProtectionDomain, byte[])}, and a class woven in a named module (a JDK module, a library on
     * the module path) gets its module made to read the bridge's (the boot loader's unnamed
     * module) before it is defined, or stays unwoven when that fails.
     */
    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                            ProtectionDomain domain, byte[] classfile) {
        byte[] woven = transform(loader, internalName, classBeingRedefined, domain, classfile);
        if (woven == null || module == null || !module.isNamed() || module.canRead(bridgeModule)) {
            return woven;
        }
        try {
            inst.redefineModule(module, Set.of(bridgeModule), Map.of(), Map.of(), Set.of(), Map.of());
            return woven;
        } catch (Throwable t) {
            AgentLog.warn("could not instrument " + internalName.replace('/', '.') + ", it runs untraced: module "
                    + module.getName() + " cannot be made to read the agent's bridge: " + t);
            return null;
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                            ProtectionDomain domain, byte[] classfile) {
        if (internalName == null || disabled || !targetNames.contains(internalName)) {
            return null;
        }
        if (loader != null && loader == OWN_LOADER) {
            // The agent's own libraries (the AWS SDK its exporter uses, say) are never traced.
            return null;
        }
        boolean live = ready;
        if (!live && !AgentThread.isCurrent() && !internalName.startsWith("java/")) {
            // A server's or client's class loads with the first request, which waits so that it
            // is traced. Core JDK classes (threads, executors) often load in the host's main
            // before the agent is ready: they are retransformed later instead of holding main.
            // The agent's own threads never wait: the one loading the class may be the one that
            // makes the weaver ready (the configuration's BigDecimal loads ForkJoinTask on JDK 19+).
            live = awaitReady();
        }
        if (!live) {
            synchronized (missed) {
                if (!ready) {
                    missed.add(new Missed(loader, internalName.replace('/', '.')));
                    return null;
                }
            }
        }
        String className = internalName.replace('/', '.');
        Target target = libraries.target(className);
        try {
            List<String> methods = new ArrayList<>();
            byte[] woven = weaver.weave(target.weave(className), classfile, methods, null);
            if (woven != null) {
                hooks.ensure(target.library());
            }
            noteOnce(className, woven == null ? null : methods);
            return woven;
        } catch (Throwable t) {
            // The class loads as it was written: the host runs, untraced there.
            AgentLog.warn("could not instrument " + className + ", it runs untraced: " + t);
            return null;
        }
    }

    /** At DEBUG, once per class name: what was woven into it, or that nothing matched. */
    private void noteOnce(String className, List<String> methods) {
        if (!AgentLog.debugEnabled()) {
            return;
        }
        synchronized (woven) {
            if (woven.containsKey(className)) {
                return;
            }
            woven.put(className, methods == null ? "nothing matched" : String.join(", ", methods));
        }
        AgentLog.debug(methods == null ? "target " + className + " matched no hook in this version, left as it was"
                : "woven " + className + ": " + String.join(", ", methods));
    }

    /** At DEBUG, the classes woven so far and their methods; empty otherwise. */
    public String wovenSoFar() {
        StringBuilder text = new StringBuilder();
        synchronized (woven) {
            for (Map.Entry<String, String> entry : woven.entrySet()) {
                text.append(text.length() == 0 ? "" : "; ").append(entry.getKey()).append(" (").append(entry.getValue())
                        .append(')');
            }
        }
        return text.toString();
    }

    /**
     * A target is loading before the agent is ready, typically on the host's first request: that
     * request waits for the agent (correctness first), so that it is traced like every other.
     * Bounded, so that a stuck start can never hang the host; after it, the class is retransformed.
     */
    private boolean awaitReady() {
        if (disabled) {
            return false;
        }
        try {
            if (readyLatch.await(READY_WAIT_SECONDS, TimeUnit.SECONDS)) {
                return ready;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /**
     * Makes the weaver live, once the bridge is in the boot loader; returns the targets that
     * loaded before it, to retransform. {@code instrumentation} adds modules' reads of the bridge.
     */
    public List<Missed> ready(HookTable hookTable, Instrumentation instrumentation) {
        hooks = hookTable;
        inst = instrumentation;
        bridgeModule = Bridge.class.getModule();
        if (weaver == null) {
            prepareWeaver();
        }
        synchronized (missed) {
            ready = true;
            readyLatch.countDown();
            List<Missed> before = new ArrayList<>(missed);
            missed.clear();
            return before;
        }
    }

    /**
     * Makes the weaver and loads ASM by weaving a sample, on an agent thread, before {@link #ready}:
     * it needs neither the configuration nor the bridge, so it runs while they are made.
     */
    public void prepareWeaver() {
        HookWeaver warm = new HookWeaver();
        warm.warmUp();
        weaver = warm;
    }

    /** True when {@code binaryName} is one of the targets. */
    public boolean isTarget(String binaryName) {
        return libraries.target(binaryName) != null;
    }

    /** Stops transforming (a bad configuration): classes load exactly as written. */
    public void disable() {
        disabled = true;
        readyLatch.countDown();
    }
}
