// The Java half of scripts/demo, on the test kit's class path (agent-tests/target/classes plus its
// dependencies); scripts/demo compiles it with javac, or runs it with the single-file source launcher:
//
//   java -cp <testkit class path> scripts/DemoTool.java receiver [options]
//       Starts io.telemetryagent.testkit.XRayReceiver on a free port of 127.0.0.1, prints
//       "READY <port>", waits for the go file (the demo has sent its requests), then waits (bounded)
//       until the expected traces have arrived, prints every trace as an indented tree and the
//       checks, and exits 0 when all checks pass, 1 otherwise.
//         --access-key-id ID --secret-access-key S --region R   what the SigV4 check expects
//         --go-file PATH          created by the demo once its requests are sent
//         --timeout-seconds N     how long to wait for the traces after the go file (default 20)
//         --services A,B          the caller and the callee: their segments must share one trace
//         --trace-id ID           the Root sent in an inbound X-Amzn-Trace-Id header
//         --expect-segments N     how many segments the requests produce in all
//
//   java -cp <testkit class path> scripts/DemoTool.java get URL [X-Amzn-Trace-Id value]
//       A GET without curl: prints "<status> <body>", or "000 <error>" when there is no response.

import io.telemetryagent.testkit.XRayReceiver;
import io.telemetryagent.testkit.XRaySpan;
import io.telemetryagent.testkit.XRayTrace;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

public class DemoTool {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("receiver")) {
            System.exit(receiver(args));
        } else if (args.length > 1 && args[0].equals("get")) {
            get(args[1], args.length > 2 ? args[2] : null);
        } else {
            System.err.println("usage: DemoTool receiver [options] | DemoTool get URL [trace header]");
            System.exit(2);
        }
    }

    // ------------------------------------------------------------------ receiver

    record Check(String what, boolean ok, String detail) {}

    static int receiver(String[] args) throws InterruptedException {
        XRayReceiver.Builder builder = XRayReceiver.builder();
        Path goFile = null;
        long timeoutMillis = 20_000;
        String caller = null, callee = null, traceId = null;
        int expectSegments = 1;
        for (int i = 1; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i++]) {
                case "--access-key-id": builder.accessKeyId(value); break;
                case "--secret-access-key": builder.secretAccessKey(value); break;
                case "--region": builder.region(value); break;
                case "--go-file": goFile = Path.of(value); break;
                case "--timeout-seconds": timeoutMillis = Long.parseLong(value) * 1000; break;
                case "--services":
                    caller = value.split(",")[0];
                    callee = value.split(",")[1];
                    break;
                case "--trace-id": traceId = value; break;
                case "--expect-segments": expectSegments = Integer.parseInt(value); break;
                default:
                    System.err.println("unknown argument " + args[i - 1]);
                    return 2;
            }
        }
        XRayReceiver receiver = builder.start();
        System.out.println("READY " + receiver.port());
        System.out.flush();

        // Wait for the demo's go (bounded, and never outliving the script that started us).
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        long goDeadline = System.currentTimeMillis() + 600_000;
        while (goFile != null && !Files.exists(goFile)) {
            if (System.currentTimeMillis() > goDeadline || parent.map(p -> !p.isAlive()).orElse(false)) {
                return 1;
            }
            Thread.sleep(100);
        }

        long started = System.currentTimeMillis();
        List<Check> checks = checks(receiver, caller, callee, traceId, expectSegments);
        while (!checks.stream().allMatch(Check::ok) && System.currentTimeMillis() - started < timeoutMillis) {
            Thread.sleep(200);
            checks = checks(receiver, caller, callee, traceId, expectSegments);
        }
        long waited = System.currentTimeMillis() - started;

        List<XRayTrace> traces = receiver.traces();
        System.out.println("The receiver got " + receiver.requestCount() + " PutTraceSegments call"
                + (receiver.requestCount() == 1 ? "" : "s") + " with " + receiver.documents().size()
                + " documents in " + traces.size() + " trace" + (traces.size() == 1 ? "" : "s")
                + " (waited " + waited + " ms after the last request):");
        for (XRayTrace trace : traces) {
            System.out.println();
            String tree = trace.tree();
            int eol = tree.indexOf('\n');
            String label = label(trace, caller, callee, traceId);
            System.out.println(tree.substring(0, eol) + (label.isEmpty() ? "" : "   <- " + label));
            System.out.print(tree.substring(eol + 1));
        }
        for (String problem : receiver.authFailures()) {
            System.out.println("SIGNATURE REFUSED " + problem);
        }
        for (String violation : receiver.schemaViolations()) {
            System.out.println("SCHEMA VIOLATION " + violation);
        }
        System.out.println();
        System.out.println("Checks:");
        for (Check check : checks) {
            System.out.println("  " + (check.ok() ? "ok      " : "FAILED  ") + check.what()
                    + (check.detail().isEmpty() ? "" : " (" + check.detail() + ")"));
        }
        System.out.flush();
        receiver.close();
        return checks.stream().allMatch(Check::ok) ? 0 : 1;
    }

    static String label(XRayTrace trace, String caller, String callee, String traceId) {
        List<String> parts = new ArrayList<>();
        if (trace.traceId().equals(traceId)) {
            parts.add("the Root sent in X-Amzn-Trace-Id");
        }
        if (caller != null && trace.segment(caller).isPresent() && trace.segment(callee).isPresent()) {
            parts.add(caller + " and " + callee + " in one trace");
        }
        return String.join("; ", parts);
    }

    static List<Check> checks(XRayReceiver receiver, String caller, String callee, String traceId,
                              int expectSegments) {
        List<Check> checks = new ArrayList<>();
        List<XRayTrace> traces = receiver.traces();
        int segments = receiver.segments().size();
        checks.add(new Check("traces arrived", !traces.isEmpty(),
                traces.size() + " traces, " + segments + " of " + expectSegments + " segments expected"));
        if (caller != null) {
            boolean joined = traces.stream().anyMatch(t -> !t.traceId().equals(traceId) && joined(t, caller, callee));
            checks.add(new Check(caller + " -> " + callee + ": both services' spans in ONE trace", joined,
                    joined ? callee + "'s segment sits under " + caller + "'s outbound call" : "no trace holds both"));
        }
        if (traceId != null) {
            XRayTrace sent = receiver.trace(traceId);
            boolean continued = caller == null ? !sent.segments().isEmpty() : joined(sent, caller, callee);
            checks.add(new Check("inbound X-Amzn-Trace-Id Root=" + traceId + " continued by both services", continued,
                    sent.segments().size() + " segments with that trace_id"));
        }
        boolean notFound = traces.stream().flatMap(XRayTrace::spans).anyMatch(s -> s.status() == 404 && s.error());
        checks.add(new Check("404 recorded with error: true", notFound, ""));
        boolean thrown = traces.stream().flatMap(XRayTrace::spans).anyMatch(s -> s.fault() && s.has("/cause"));
        checks.add(new Check("exception recorded with fault: true and its cause", thrown, ""));
        checks.add(new Check("every call signed (SigV4) with the configured key and region",
                receiver.authFailures().isEmpty(), receiver.authFailures().size() + " refused"));
        checks.add(new Check("every document valid against the X-Ray segment schema",
                receiver.schemaViolations().isEmpty(), receiver.schemaViolations().size() + " violations"));
        checks.add(new Check("all expected segments arrived", segments >= expectSegments,
                segments + " of " + expectSegments));
        return checks;
    }

    /** The callee's segment sits under a span of the caller's segment in this trace. */
    static boolean joined(XRayTrace trace, String caller, String callee) {
        return trace.segments().stream().anyMatch(s -> callee.equals(s.name()) && s.parent() != null
                && caller.equals(segmentOf(s.parent()).name()));
    }

    static XRaySpan segmentOf(XRaySpan span) {
        XRaySpan s = span;
        while (!s.isSegment() && s.parent() != null) {
            s = s.parent();
        }
        return s;
    }

    // ------------------------------------------------------------------ get

    static void get(String url, String traceHeader) {
        // A plain socket, not HttpURLConnection or java.net.http: both silently send a GET again
        // when the server closes the connection without answering (as /throw does).
        URI uri = URI.create(url);
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
            socket.setSoTimeout(10000);
            String request = "GET " + target + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nConnection: close\r\n"
                    + (traceHeader == null || traceHeader.isEmpty() ? "" : "X-Amzn-Trace-Id: " + traceHeader + "\r\n")
                    + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int headersEnd = response.indexOf("\r\n\r\n");
            String[] statusLine = response.split("\r\n", 2)[0].split(" ");
            if (headersEnd < 0 || statusLine.length < 2) {
                System.out.println("000 Empty or incomplete reply from server");
                return;
            }
            System.out.println(statusLine[1] + " " + response.substring(headersEnd + 4).replace('\n', ' '));
        } catch (Exception e) {
            System.out.println("000 " + e);
        }
    }
}
