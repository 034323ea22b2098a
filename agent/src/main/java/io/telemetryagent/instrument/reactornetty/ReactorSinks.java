package io.telemetryagent.instrument.reactornetty;

import java.lang.reflect.Method;

/**
 * Whether a Reactor sink was already cancelled, asked through Reactor's public {@code Scannable}
 * API ({@code scan(Attr.CANCELLED)}), from the agent's class loader, which cannot see Reactor's
 * types: looked up once per sink class, in the class loader that defined it.
 */
final class ReactorSinks {

    /** The look-up of one sink class; null members when Reactor offers no such API there. */
    private static final class Scan {
        final Method scan;
        final Object cancelled;

        Scan(Method scan, Object cancelled) {
            this.scan = scan;
            this.cancelled = cancelled;
        }
    }

    private static final ClassValue<Scan> SCANS = new ClassValue<Scan>() {
        @Override
        protected Scan computeValue(Class<?> type) {
            try {
                ClassLoader loader = type.getClassLoader();
                Class<?> attr = Class.forName("reactor.core.Scannable$Attr", false, loader);
                Method scan = Class.forName("reactor.core.Scannable", false, loader).getMethod("scan", attr);
                return new Scan(scan, attr.getField("CANCELLED").get(null));
            } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
                return new Scan(null, null);
            }
        }
    };

    private ReactorSinks() {}

    /** True when {@code sink} says it was cancelled; false when it was not, or cannot say. */
    static boolean isCancelled(Object sink) {
        Scan scan = SCANS.get(sink.getClass());
        if (scan.scan == null) {
            return false;
        }
        try {
            return Boolean.TRUE.equals(scan.scan.invoke(sink, scan.cancelled));
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
