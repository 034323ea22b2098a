package io.telemetryagent.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.HttpResult;
import io.telemetryagent.testkit.XRayReceiver;
import io.telemetryagent.testkit.XRaySpan;
import io.telemetryagent.testkit.XRayTrace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Logs carry the trace: a host app ({@code src/hosts/loghost}) logging through one row's logging
 * library with the pattern {@code LOG [%X{AWS-XRAY-TRACE-ID}] [%X{app}] message}, in its own JVM
 * with the agent. A line logged in a request shows {@code <trace id>@<id of the span current
 * there>}, as the X-Ray SDK writes it; so does one logged by a task the request handed to a pool;
 * an unsampled request's lines show its trace id; lines outside requests show nothing, also on a
 * pool thread that ran a request's task; the app's own context entries stay, and the thread's
 * own logging context never holds the key.
 */
@ExtendWith(HostOutputOnFailure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LogCorrelationSuite {

    private static final Pattern LINE = Pattern.compile("LOG \\[([^\\]]*)\\] \\[([^\\]]*)\\] (.*)");

    private XRayReceiver receiver;
    private HostJvm host;
    /** Each request's User-Agent, by its marker. */
    private final Map<String, String> userAgents = new HashMap<>();

    abstract ContainerRow row();

    /** Options of the row's JVM (a logging manager, a library switch). */
    List<String> jvmOptions() {
        return List.of();
    }

    Configs config(Configs config) {
        return config;
    }

    @BeforeAll
    void startApp() {
        receiver = XRayReceiver.startNew();
        Path classes = HostSources.compile(row());
        HostJvm.Builder builder = HostJvm.builder(row().mainClass)
                .config(config(Configs.to(receiver).serviceName("logs-" + row().dir)))
                .classpath(classes, row().lib().resolve("*"))
                .readyTimeout(Duration.ofSeconds(60));
        for (String option : jvmOptions()) {
            builder.jvmOption(option);
        }
        host = builder.start();
    }

    @AfterAll
    void stopApp() {
        Support.closeAll(host, receiver);
    }

    /** A line's trace value, app value and message. */
    record Line(String trace, String app, String message) {}

    /** Waits for the line whose message starts with {@code messageStart}. */
    Line await(String messageStart) {
        return parse(host.awaitStdout(l -> {
            Matcher m = LINE.matcher(l);
            return m.matches() && m.group(3).startsWith(messageStart);
        }, Duration.ofSeconds(30)));
    }

    static Line parse(String line) {
        Matcher m = LINE.matcher(line);
        assertTrue(m.matches(), "a log line of the pattern: " + line);
        return new Line(m.group(1), m.group(2), m.group(3));
    }

    HttpResult request(String marker, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("User-Agent", userAgents.computeIfAbsent(marker, HostJvm::marker));
        return host.get("/log?m=" + marker, all);
    }

    XRayTrace traceOf(String marker) {
        return Support.traceOf(receiver, userAgents.get(marker));
    }

    HostJvm host() {
        return host;
    }

    @Test
    void aLineLoggedInARequestCarriesItsTraceAndTheCurrentSpanAsTheXRaySdkWritesThem() {
        assertEquals(200, request("sampled", Map.of()).status());

        Line request = await("request sampled ");
        Line task = await("task sampled");
        XRayTrace trace = traceOf("sampled");
        XRaySpan segment = trace.segments().get(0);
        XRaySpan current = segment.children().isEmpty() ? segment : segment.children().get(0);
        assertAll(
                () -> assertEquals(trace.traceId() + "@" + current.id(), request.trace(), trace.tree()),
                () -> assertEquals(request.trace(), task.trace(), "the task handed to the pool logs the same trace"),
                () -> assertEquals("request sampled thread-context=null", request.message(), "the thread's own context is untouched"),
                () -> assertEquals("own", request.app(), "the app's own entry stays"),
                () -> assertEquals("own", task.app()));
    }

    @Test
    void anUnsampledRequestsLinesCarryItsTraceId() {
        String root = Support.newTraceId();
        assertEquals(200, request("unsampled", Map.of(Support.TRACE_HEADER, "Root=" + root + ";Sampled=0")).status());

        assertEquals(root, await("request unsampled ").trace());
        assertEquals(root, await("task unsampled").trace());
    }

    @Test
    void linesOutsideRequestsCarryNothingAlsoOnAThreadThatRanARequestsTask() {
        assertEquals(200, request("before-ticks", Map.of()).status());
        await("task before-ticks");
        int taskLine = host.stdoutLines().size();
        host.awaitStdout(l -> host.stdoutLines().size() > taskLine + 2, Duration.ofSeconds(10)); // ticks after it

        Line startup = parse(host.stdoutLines().stream().filter(l -> l.startsWith("LOG ") && l.endsWith("startup outside any request"))
                .findFirst().orElseThrow());
        List<Line> ticks = host.stdoutLines().stream().filter(l -> l.startsWith("LOG ") && l.endsWith("] tick")).map(LogCorrelationSuite::parse).toList();
        assertAll(
                () -> assertEquals("", startup.trace(), "start-up"),
                () -> assertEquals("own", startup.app()),
                () -> assertFalse(ticks.isEmpty()),
                () -> assertTrue(ticks.stream().allMatch(t -> t.trace().isEmpty()), "ticks with a trace: " + ticks));
    }
}
