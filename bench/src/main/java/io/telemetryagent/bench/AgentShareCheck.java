package io.telemetryagent.bench;

import java.util.List;

/**
 * A self-check of {@link AgentShare}'s attribution (the bench module has no test setup), on
 * collapsed stacks written out by hand: which samples count as the agent's. Prints each check;
 * exits 1 at the first that fails. {@code scripts/bench} runs it before the host apps.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar io.telemetryagent.bench.AgentShareCheck}
 */
public final class AgentShareCheck {

    private AgentShareCheck() {}

    public static void main(String[] args) {
        AgentShare.Result r = AgentShare.parse(List.of(
                // the host's own work
                "java/lang/Thread.run;sun/net/httpserver/ServerImpl$Exchange.run;app/Handler.handle 50",
                // a hook on a request thread: the agent's
                "java/lang/Thread.run;com/sun/net/httpserver/Filter$Chain.doFilter;io/telemetryagent/bootstrap/Bridge.enter;"
                        + "io/telemetryagent/instrument/httpserver/HttpServerTracing.onEnter;java/lang/ThreadLocal.get 10",
                // the host's task run between two hooks: the host's
                "java/lang/Thread.run;java/util/concurrent/ThreadPoolExecutor.runWorker;io/telemetryagent/bootstrap/TaskRunner.run;"
                        + "app/Task.run 20",
                // a hook reached again beneath the pass-through: the agent's
                "java/lang/Thread.run;java/util/concurrent/ThreadPoolExecutor.runWorker;io/telemetryagent/bootstrap/TaskRunner.run;"
                        + "app/Task.run;io/telemetryagent/bootstrap/Bridge.enter;io/telemetryagent/instrument/AgentHook.enter 5",
                // the exporter thread: the agent's, down to the kernel
                "java/lang/Thread.run;io/telemetryagent/export/XRayExporter.run;io/telemetryagent/export/SigV4.sign;"
                        + "sha256_implCompressMB 10",
                // the bench hosts' own package is the host's, not the agent's
                "java/lang/Thread.run;io/telemetryagent/bench/BenchHost.chain;java/net/HttpURLConnection.getInputStream 5",
                "not a stack line"));
        check("every sample counted", r.samples() == 100, r.samples() + " samples");
        check("the agent's: hook, hook beneath the pass-through, exporter", r.agentSamples() == 25, r.agentSamples() + " samples");
        check("share", Math.abs(r.share() - 0.25) < 1e-9, String.valueOf(r.share()));
        check("methods named with their callee",
                r.byMethod().get("io.telemetryagent.export.SigV4.sign -> sha256_implCompressMB") == 10L, r.byMethod().toString());
        check("no method of the pass-through or the bench hosts",
                r.byMethod().keySet().stream().noneMatch(m -> m.contains("TaskRunner") || m.contains(".bench.")), r.byMethod().toString());
        check("nothing to count", Double.isNaN(AgentShare.parse(List.of()).share()), "");
    }

    private static void check(String what, boolean ok, String detail) {
        System.out.println((ok ? "ok      " : "FAILED  ") + what + (ok ? "" : ": " + detail));
        if (!ok) {
            System.exit(1);
        }
    }
}
