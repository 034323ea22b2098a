package io.telemetryagent.bench;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The agent's own share of a host's CPU, from a CPU profile of the whole host process (every
 * thread: request threads, the exporter, the JIT, GC) taken with async-profiler, attached to the
 * running host for one window of load and detached after it.
 *
 * <p>Why: the throughput ratio of a configuration whose cost is a few per cent drowns in this shared
 * machine's noise (consecutive windows of the same host differ by ±4 %), and host CPU per request
 * moves with the noise too (a host that gets less of the machine spends more CPU per request). The
 * share of samples that run the agent's code is a count within one process and one window, so the
 * noise moves both sides of it at once.
 *
 * <p>A sample is the agent's when the innermost of our frames in its stack is one of our methods
 * other than a pass-through: {@code TaskRunner.run} runs the host's task between two hooks, so what
 * runs beneath it is the host's, unless it reached one of our hooks again. What this leaves out:
 * the instructions our weaving adds to host methods (the calls into the bridge), the JIT's work on
 * our code, and GC of what we allocate; the figure is a lower bound of the agent's cost, not of
 * what the host loses to it.
 */
final class AgentShare {

    private static final String AGENT = "io/telemetryagent/";
    private static final String BENCH = "io/telemetryagent/bench/";
    private static final List<String> PASS_THROUGH = List.of("io/telemetryagent/bootstrap/TaskRunner.run");

    /** Samples in all, those that ran the agent's code, and those per method of ours (with its callee). */
    record Result(long samples, long agentSamples, Map<String, Long> byMethod) {

        double share() {
            return samples == 0 ? Double.NaN : agentSamples / (double) samples;
        }

        /** The methods of ours that took most, one per line, as shares of all samples. */
        String top(int n) {
            return byMethod.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                    .map(e -> String.format(Locale.ROOT, "%6.2f%%  %s", 100.0 * e.getValue() / samples, e.getKey()))
                    .collect(Collectors.joining(System.lineSeparator()));
        }
    }

    private AgentShare() {}

    /** Starts sampling the CPU of process {@code pid} with the async-profiler library at {@code library}. */
    static void start(long pid, String library) throws Exception {
        load(pid, library, "start,event=cpu,interval=1ms");
    }

    /** Stops the sampling started by {@link #start}, and reads what it found. */
    static Result stop(long pid, String library) throws Exception {
        Path out = Files.createTempFile("bench-profile-", ".txt");
        try {
            load(pid, library, "stop,file=" + out + ",collapsed");
            return parse(Files.readAllLines(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static void load(long pid, String library, String options) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
        try {
            vm.loadAgentPath(library, options);
        } finally {
            vm.detach();
        }
    }

    /** Reads async-profiler's collapsed stacks: {@code frame;frame;...;frame count} per line. */
    static Result parse(List<String> lines) {
        long samples = 0;
        long agent = 0;
        Map<String, Long> byMethod = new HashMap<>();
        for (String line : lines) {
            int space = line.lastIndexOf(' ');
            long count;
            try {
                count = space < 0 ? -1 : Long.parseLong(line.substring(space + 1).trim());
            } catch (NumberFormatException notAStack) {
                count = -1;
            }
            if (count < 0) {
                continue; // not a stack line
            }
            samples += count;
            String[] frames = line.substring(0, space).split(";");
            int ours = -1;
            for (int i = frames.length - 1; i >= 0; i--) {
                if (frames[i].startsWith(AGENT) && !frames[i].startsWith(BENCH)) {
                    ours = i;
                    break;
                }
            }
            if (ours < 0 || PASS_THROUGH.contains(frames[ours])) {
                continue;
            }
            agent += count;
            String method = ours + 1 < frames.length ? frames[ours] + " -> " + frames[ours + 1] : frames[ours];
            byMethod.merge(method.replace('/', '.'), count, Long::sum);
        }
        return new Result(samples, agent, new LinkedHashMap<>(byMethod));
    }

    /** For a quick look at a saved profile: {@code AgentShare <collapsed file>}. */
    public static void main(String[] args) throws IOException {
        Result r = parse(Files.readAllLines(Path.of(args[0])));
        System.out.printf(Locale.ROOT, "%d samples, %.2f%% in the agent's code%n%s%n", r.samples(), 100 * r.share(), r.top(25));
    }
}
