package io.telemetryagent;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.config.ConfigException;
import io.telemetryagent.config.ConfigLoader;
import io.telemetryagent.config.StartupLine;
import io.telemetryagent.config.TelemetryConfig;
import io.telemetryagent.export.XRayExporter;
import io.telemetryagent.instrument.HookSettings;
import io.telemetryagent.instrument.HookTable;
import io.telemetryagent.instrument.Libraries;
import io.telemetryagent.instrument.Transformer;
import io.telemetryagent.log.AgentLog;
import io.telemetryagent.trace.AgentThread;
import io.telemetryagent.trace.Ids;
import io.telemetryagent.trace.Sampler;
import io.telemetryagent.trace.Tracer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;

/**
 * Starts the agent: configuration, then tracer, instrumentation and exporter. On the caller's
 * thread (the host's main thread, in premain) it only registers a transformer that knows its
 * targets by name; everything slower (the configuration, the bridge, the exporter) happens on an
 * agent thread while the host starts.
 *
 * <p>The launcher makes one with the public constructor and calls {@link #accept}: an interface
 * call across the two class loaders, where {@code Method.invoke} cost 6 ms on JDK 25.
 */
public final class Agent implements BiConsumer<String, Instrumentation> {

    public static final String VERSION = "1.0.0";

    /** For the launcher only. */
    public Agent() {}

    /** Called by the launcher, inside the agent's class loader: premain's arguments. */
    @Override
    public void accept(String args, Instrumentation inst) {
        String configValue = args != null && !args.trim().isEmpty() ? args : System.getProperty("telemetry.config");
        // Two threads, started first, so that the slow steps before the host's first request may
        // proceed overlap with each other and with the rest of premain: reading the configuration
        // (Jackson's classes load and verify) and putting the bridge in the boot loader then loading
        // ASM's (neither needs the other). Classes, not lambdas: the first lambda of a class loader
        // costs milliseconds to link, and this runs on the host's main.
        Registration registration = new Registration();
        Prepare prepare = new Prepare(inst, registration);
        new AgentThread("bridge", prepare).start();
        new AgentThread("start", new Start(configValue, inst, registration, prepare)).start();
        Libraries libraries = null;
        Transformer registered = null;
        try {
            // Naming the targets makes the libraries' descriptors: small classes, no weaving class.
            libraries = new Libraries();
            Transformer transformer = new Transformer(libraries);
            inst.addTransformer(transformer, true);
            registered = transformer;
        } finally {
            // The agent's threads stop without one; a failure here reaches the launcher, which says it.
            registration.set(libraries, registered);
        }
    }

    /** The registry and the transformer, made on the host's main while the agent's threads start. */
    private static final class Registration {
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile Libraries libraries;
        private volatile Transformer transformer;

        void set(Libraries libraries, Transformer transformer) {
            this.libraries = libraries;
            this.transformer = transformer;
            done.countDown();
        }

        /** Waits for premain to register the transformer; false when it could not. */
        boolean await() {
            try {
                done.await();
            } catch (InterruptedException e) {
                return false;
            }
            return transformer != null;
        }
    }

    /** Puts the bridge in the boot loader and makes the weaver, while the configuration is read. */
    private static final class Prepare implements Runnable {
        private final Instrumentation inst;
        private final Registration registration;
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile Throwable failure;

        Prepare(Instrumentation inst, Registration registration) {
            this.inst = inst;
            this.registration = registration;
        }

        @Override
        public void run() {
            try {
                // Not in premain: opening java.base and defining the bridge's classes took 7 to
                // 17 ms, which the host's main need not wait for. It starts before the configuration
                // is read, so a configuration that cannot be used leaves the bridge in the boot
                // loader, inert: no class is woven to call it.
                BootstrapInjector.inject(inst);
                if (registration.await()) {
                    registration.transformer.prepareWeaver();
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                done.countDown();
            }
        }

        /** Waits for the bridge and the weaver; the reason they failed, or null when they are there. */
        Throwable await() throws InterruptedException {
            done.await();
            return failure;
        }
    }

    private static final class Start implements Runnable {
        private final String configValue;
        private final Instrumentation inst;
        private final Registration registration;
        private final Prepare prepare;

        Start(String configValue, Instrumentation inst, Registration registration, Prepare prepare) {
            this.configValue = configValue;
            this.inst = inst;
            this.registration = registration;
            this.prepare = prepare;
        }

        @Override
        public void run() {
            long t0 = System.nanoTime();
            TelemetryConfig config = readConfig(configValue);
            long configNanos = System.nanoTime() - t0;
            if (!registration.await()) {
                return; // premain failed, and said so
            }
            if (config == null) {
                stop(inst, registration.transformer);
                return;
            }
            startInBackground(config, configNanos, inst, registration.libraries, registration.transformer,
                    prepare);
        }
    }

    /** The configuration, or null when it cannot be used (said on stderr). */
    private static TelemetryConfig readConfig(String configValue) {
        try {
            return ConfigLoader.load(configValue, System.getenv(), System.getProperty("sun.java.command"));
        } catch (ConfigException e) {
            AgentLog.error(e.getMessage());
        } catch (Throwable t) {
            AgentLog.error("could not read the configuration, tracing is off: " + t);
        }
        return null;
    }

    private static void startInBackground(TelemetryConfig config, long configNanos, Instrumentation inst,
                                          Libraries libraries, Transformer transformer, Prepare prepare) {
        long t1 = System.nanoTime();
        Throwable bridgeFailure;
        try {
            bridgeFailure = prepare.await();
        } catch (InterruptedException e) {
            bridgeFailure = e;
        }
        if (bridgeFailure != null) {
            // Nothing was woven yet, and without the bridge nothing may be.
            stop(inst, transformer);
            AgentLog.error("could not start, tracing is off: " + bridgeFailure);
            return;
        }
        try {
            XRayExporter exporter = new XRayExporter(config, VERSION);
            Runtime.getRuntime().addShutdownHook(new AgentThread("shutdown", new Shutdown(exporter)));
            Tracer tracer = new Tracer(config.serviceName(), new Sampler(config.sampleRate()), exporter.sink(),
                    config.routerEnabled(), config.pipeEnabled(), config.backendEnabled());
            // Running before any span can exist: a host that serves a few requests and exits
            // while the agent still retransforms classes must find the exporter there to flush.
            exporter.start();
            HookTable hooks = new HookTable(libraries, new HookSettings(tracer, config.logCorrelation(),
                    config.sanitizedQuery()));
            List<Class<?>> loadedTargets = instrument(inst, transformer, hooks);
            // The first traced request's own slow step, done here while the host still starts.
            Ids.warmUp();
            retransform(inst, loadedTargets);
            // Said once tracing really works, so that "tracing" on stderr is a promise kept.
            AgentLog.info(StartupLine.describe(config, VERSION));
            if (AgentLog.debugEnabled()) {
                AgentLog.debug("ready: configuration in " + configNanos / 1_000_000 + " ms, instrumentation in "
                        + (System.nanoTime() - t1) / 1_000_000 + " ms; woven so far: " + transformer.wovenSoFar());
            }
        } catch (Throwable t) {
            transformer.disable();
            Bridge.uninstall();
            AgentLog.error("could not start, tracing is off: " + t);
        }
    }

    /** Flushes the exporter as the JVM exits (a class, not a method reference: see {@link Start}). */
    private static final class Shutdown implements Runnable {
        private final XRayExporter exporter;

        Shutdown(XRayExporter exporter) {
            this.exporter = exporter;
        }

        @Override
        public void run() {
            exporter.shutdown();
        }
    }

    /** Before anything is woven: classes load exactly as written from now on. */
    private static void stop(Instrumentation inst, Transformer transformer) {
        transformer.disable();
        inst.removeTransformer(transformer);
    }

    /** Makes the weaver live; returns the targets already loaded, which {@link #retransform} must weave. */
    private static List<Class<?>> instrument(Instrumentation inst, Transformer transformer,
                                             HookTable hooks) {
        // A class woven in a named module (java.base, a library on the module path) gets its
        // module's read of the bridge from the transformer, as it is woven.
        List<Class<?>> toRetransform = new ArrayList<>();
        for (Transformer.Missed missed : transformer.ready(hooks, inst)) {
            try {
                toRetransform.add(Class.forName(missed.className, false, missed.loader));
            } catch (Throwable t) {
                AgentLog.debug("could not find " + missed.className + " to instrument: " + t);
            }
        }
        // Targets loaded before the transformer existed: JDK classes loaded before premain
        // (java.lang.Thread, often the executors), or everything when attached to a running JVM.
        // Only our few targets are looked for among what is loaded.
        for (Class<?> loaded : inst.getAllLoadedClasses()) {
            if (transformer.isTarget(loaded.getName()) && !toRetransform.contains(loaded)) {
                toRetransform.add(loaded);
            }
        }
        return toRetransform;
    }

    private static void retransform(Instrumentation inst, List<Class<?>> toRetransform) {
        if (toRetransform.isEmpty()) {
            return;
        }
        try {
            // All in one call: one pause of the JVM's threads, not one per class.
            inst.retransformClasses(toRetransform.toArray(new Class<?>[0]));
        } catch (Throwable all) {
            // One class the JVM refused fails the whole call: then class by class.
            for (Class<?> type : toRetransform) {
                try {
                    inst.retransformClasses(type);
                } catch (Throwable t) {
                    AgentLog.warn("could not instrument " + type.getName() + ", it runs untraced: " + t);
                }
            }
        }
    }
}
