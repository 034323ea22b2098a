package io.telemetryagent.bench;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.Hook;
import io.telemetryagent.instrument.jdbc.JdbcTracing;
import io.telemetryagent.trace.Sampler;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the agent adds to a JDBC statement that runs under an unsampled request (issue 17: at most
 * 64 B and 100 ns): the two bridge calls woven into a driver's execute, with the JDBC hook
 * installed and an unsampled request current on the thread. Run with {@code -prof gc} for bytes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class JdbcHookBenchmarks {

    private static final String SQL = "SELECT name FROM owners WHERE id = ?";
    /** The bridge slot of the hook measured (the agent gives ids at start; here it is alone). */
    private static final int EXECUTE = 0;

    private final Object statement = new Object();

    @Setup
    public void setUp() {
        Tracer tracer = new Tracer("bench", new Sampler(0), root -> { }, true, true, true);
        Hook[] hooks = new Hook[EXECUTE + 1];
        hooks[EXECUTE] = new JdbcTracing(tracer, false);
        Bridge.add(hooks);
        Span request = tracer.startInbound(null); // unsampled at rate 0, current on this thread
        if (request.sampled()) {
            throw new IllegalStateException("the request must be unsampled");
        }
    }

    @TearDown
    public void tearDown() {
        Tracer.makeCurrent(null);
        Bridge.uninstall();
    }

    /** The woven execute's entry and exit, as a driver's statement runs them. */
    @Benchmark
    public Object unsampledStatement() {
        Object token = Bridge.enter(statement, SQL, null, EXECUTE);
        Bridge.exit(null, null, token, statement, EXECUTE);
        return token;
    }
}
