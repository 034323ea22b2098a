package io.telemetryagent.export;

import io.telemetryagent.trace.Ids;
import io.telemetryagent.trace.Span;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * The exporter thread's CPU and allocation per segment document written by
 * {@link SegmentWriter#write(Span, Consumer)} (the documents as Strings, as the exporter hands them
 * on), over three representative requests: {@code /hello} (router and pipe), {@code /chain}
 * (router, pipe and one backend call) and a 500 with an exception of 40 frames. Warm (JIT done
 * before measuring); spans are built outside the measured time, since writing marks them sent.
 *
 * <p>With {@code --before <classes dir or jar>}, an earlier build's SegmentWriter (same public
 * API) is measured in the same process, in a class loader of its own, alternating round by round.
 *
 * <p>{@code java -cp <test-classes>:<classes>:<deps> io.telemetryagent.export.SegmentWriterCpuBench
 * [--before dir] [rounds] [documents per round]}
 */
public final class SegmentWriterCpuBench {

    private SegmentWriterCpuBench() {}

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        String before = null;
        if (!rest.isEmpty() && rest.get(0).equals("--before")) {
            before = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        int rounds = rest.size() > 0 ? Integer.parseInt(rest.get(0)) : 7;
        int perRound = rest.size() > 1 ? Integer.parseInt(rest.get(1)) : 30_000;
        List<String> names = new ArrayList<>();
        List<ToLongFunction<String>> runs = new ArrayList<>();
        if (before != null) {
            names.add("before");
            runs.add(workloadIn(before));
        }
        names.add("this build");
        runs.add(new Workload());
        String[] shapes = {"hello", "chain", "error"};
        System.out.printf(Locale.ROOT, "SegmentWriter: %d rounds of %d documents per shape; us and bytes"
                + " allocated per document, median of rounds%n", rounds, perRound);
        for (String shape : shapes) {
            for (ToLongFunction<String> run : runs) {
                run.applyAsLong(shape + " " + perRound); // warm-up
                run.applyAsLong(shape + " " + perRound);
            }
            double[][] cpu = new double[runs.size()][rounds];
            double[][] alloc = new double[runs.size()][rounds];
            long[] bytes = new long[runs.size()];
            for (int round = 0; round < rounds; round++) {
                for (int r = 0; r < runs.size(); r++) {
                    long[] result = measure(runs.get(r), shape, perRound);
                    cpu[r][round] = result[0] / 1000.0 / perRound;
                    alloc[r][round] = (double) result[1] / perRound;
                    bytes[r] = result[2] / perRound;
                }
            }
            for (int r = 0; r < runs.size(); r++) {
                System.out.printf(Locale.ROOT, "%-6s %-10s %6.2f us/doc (min %.2f, max %.2f)  %7.0f B allocated/doc"
                                + "  %5d B document%n", shape, names.get(r), median(cpu[r]), min(cpu[r]), max(cpu[r]),
                        median(alloc[r]), bytes[r]);
            }
        }
    }

    /** {CPU ns, bytes allocated, document bytes written} of one round's writing, on this thread. */
    private static long[] measure(ToLongFunction<String> run, String shape, int documents) {
        run.applyAsLong(shape + " " + documents);
        try {
            return (long[]) run.getClass().getField("lastResult").get(run);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ToLongFunction<String> workloadIn(String classes) throws Exception {
        URL[] urls = {new File(classes).toURI().toURL(),
                SegmentWriterCpuBench.class.getProtectionDomain().getCodeSource().getLocation()};
        ClassLoader loader = new URLClassLoader(urls, SegmentWriterCpuBench.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                // Child first for the agent's classes, so the earlier build's are the ones used.
                if (!name.startsWith("io.telemetryagent.")) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    if (c == null) {
                        c = findClass(name);
                    }
                    return c;
                }
            }
        };
        @SuppressWarnings("unchecked")
        ToLongFunction<String> run = (ToLongFunction<String>) loader.loadClass(Workload.class.getName())
                .getDeclaredConstructor().newInstance();
        return run;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double min(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[0];
    }

    private static double max(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length - 1];
    }

    /**
     * Builds spans of one shape and writes them; loaded once per build under test. Its argument
     * is "shape count"; {@link #lastResult} then holds {CPU ns, allocated bytes, document chars}
     * of the writing alone.
     */
    public static final class Workload implements ToLongFunction<String> {

        /** The last measured round, read reflectively across class loaders. */
        public volatile long[] lastResult;

        private final SegmentWriter writer = new SegmentWriter("orders", "1.4.2", "1.0.0", "AWS::EKS::Container");

        static long[] sharedResult(ToLongFunction<String> run) {
            try {
                return (long[]) run.getClass().getField("lastResult").get(run);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public long applyAsLong(String spec) {
            String[] parts = spec.split(" ");
            int count = Integer.parseInt(parts[1]);
            Span[] roots = new Span[count];
            for (int i = 0; i < count; i++) {
                roots[i] = build(parts[0]);
            }
            long[] bytes = {0};
            Consumer<String> sink = document -> bytes[0] += document.length();
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            long allocated = threads.getThreadAllocatedBytes(id);
            long cpu = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < count; i++) {
                writer.write(roots[i], sink);
            }
            cpu = threads.getCurrentThreadCpuTime() - cpu;
            allocated = threads.getThreadAllocatedBytes(id) - allocated;
            lastResult = new long[] {cpu, allocated, bytes[0]};
            return bytes[0];
        }

        private static final Throwable ERROR = error(40);

        /** The same exception in every class loader: 40 frames of a typical web stack. */
        private static Throwable error(int depth) {
            Throwable error = new IllegalStateException("order 1234 has no lines");
            StackTraceElement[] frames = new StackTraceElement[depth];
            for (int i = 0; i < depth; i++) {
                frames[i] = new StackTraceElement("com.acme.orders.web.OrderController$Inner" + i, "handle" + i,
                        "OrderController.java", 100 + i);
            }
            error.setStackTrace(frames);
            return error;
        }

        private static Span build(String shape) {
            Span router = Span.root(Ids.newTraceId(System.currentTimeMillis() / 1000), Ids.newSegmentId(), null,
                    Span.Kind.ROUTER, true, "orders");
            router.httpRequest("GET", "http://127.0.0.1:8080/" + shape);
            router.client("10.0.3.17", true, "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
            Span pipe = router.child(Ids.newSegmentId(), Span.Kind.PIPE, "GET /" + shape);
            if (shape.equals("chain")) {
                Span call = pipe.child(Ids.newSegmentId(), Span.Kind.BACKEND, "inventory.internal");
                call.httpRequest("GET", "http://inventory.internal:9090/items/42");
                call.traced(true);
                call.status(200);
                call.contentLength(118);
                call.end();
            }
            if (shape.equals("error")) {
                pipe.cause(ERROR, false);
                router.status(500);
            } else {
                pipe.route("/" + shape);
                router.status(200);
                router.contentLength(5);
            }
            pipe.end();
            router.end();
            return router;
        }
    }
}
