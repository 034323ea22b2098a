package io.telemetryagent.export;

import io.telemetryagent.trace.Sampler;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The transport's CPU per {@code PutTraceSegments} call, old ({@link HttpURLConnection}, as
 * {@code XRayCall.send} was) against new ({@link Http1Connection}), alternated in one JVM: the
 * calling thread's CPU per call (signing included, the same for both), at a given call rate, to
 * a local receiver. Each call carries 50 documents of a {@code /chain} request (router, pipe,
 * one backend call) written by {@link SegmentWriter}.
 *
 * <p>{@code java -cp ... io.telemetryagent.export.TransportCpuBench [calls/s] [seconds per round] [rounds]}
 */
public final class TransportCpuBench {

    private TransportCpuBench() {}

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (RawHttpServer server = RawHttpServer.start()) {
            URI endpoint = server.endpoint();
            ExportTiming timing = ExportTiming.of(1);
            SigV4 signer = new SigV4("AKIDBENCHTRANSPORT", "bench-transport-secret", null, "us-east-1", "xray");
            XRayCall fresh = new XRayCall(endpoint, signer, "telemetry-agent/bench", timing);
            LegacyCall legacy = new LegacyCall(endpoint, signer, "telemetry-agent/bench", timing);
            BatchBody body = batch();
            System.out.printf(Locale.ROOT, "transport: %d calls/s, body %d bytes (50 documents), %d rounds of %d s each%n",
                    rate, body.length(), rounds, seconds);
            // Warm-up: one round of each, not reported.
            run(threads, rate, 2, () -> legacy.send(body));
            run(threads, rate, 2, () -> fresh.send(body));
            // Signing alone (the same in both), so that the transport's own share can be told apart.
            XRayCall.Answer signedOnly = XRayCall.Answer.ok(200, java.util.Collections.emptyList());
            Send sign = () -> {
                signer.sign("127.0.0.1:" + server.port(), "/TraceSegments", "application/json", body.bytes(), body.length(),
                        System.currentTimeMillis());
                return signedOnly;
            };
            run(threads, rate, 1, sign);
            double oldSum = 0;
            double newSum = 0;
            double signSum = 0;
            for (int round = 0; round < rounds; round++) {
                double old = run(threads, rate, seconds, () -> legacy.send(body));
                double now = run(threads, rate, seconds, () -> fresh.send(body));
                double signing = run(threads, rate, Math.max(1, seconds / 2), sign);
                oldSum += old;
                newSum += now;
                signSum += signing;
                System.out.printf(Locale.ROOT, "round %d: HttpURLConnection %.1f us/call, Http1Connection %.1f us/call"
                        + " (ratio %.2fx); of which signing %.1f us; transport alone %.1f vs %.1f us (ratio %.2fx)%n",
                        round + 1, old, now, old / now, signing, old - signing, now - signing, (old - signing) / (now - signing));
            }
            System.out.printf(Locale.ROOT, "mean: HttpURLConnection %.1f us/call, Http1Connection %.1f us/call, ratio %.2fx;"
                    + " signing %.1f us; transport alone %.1f vs %.1f us, ratio %.2fx; receiver connections: %d%n",
                    oldSum / rounds, newSum / rounds, oldSum / newSum, signSum / rounds, (oldSum - signSum) / rounds,
                    (newSum - signSum) / rounds, (oldSum - signSum) / (newSum - signSum), server.connections());
            fresh.close();
        }
    }

    interface Send {
        XRayCall.Answer send() throws IOException;
    }

    /** Calls at {@code rate} per second for {@code seconds}; the calling thread's CPU per call, in microseconds. */
    private static double run(ThreadMXBean threads, int rate, int seconds, Send send) throws Exception {
        long period = 1_000_000_000L / rate;
        int calls = rate * seconds;
        long cpu = 0;
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            long due = start + i * period;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            long before = threads.getCurrentThreadCpuTime();
            XRayCall.Answer answer = send.send();
            cpu += threads.getCurrentThreadCpuTime() - before;
            if (answer.status != 200) {
                throw new IllegalStateException("HTTP " + answer.status);
            }
        }
        return cpu / 1000.0 / calls;
    }

    /** 50 documents of {@code /chain} requests, as the exporter writes them. */
    private static BatchBody batch() {
        List<Span> roots = new ArrayList<>();
        Tracer tracer = new Tracer("bench", new Sampler(100), roots::add, true, true, true);
        for (int i = 0; i < 50; i++) {
            Span router = tracer.startInbound(null);
            router.httpRequest("GET", "http://127.0.0.1:8080/chain");
            router.client("127.0.0.1", false, "wrk/4.1.0");
            Span pipe = tracer.startChild(Span.Kind.PIPE, "GET /chain");
            Span call = tracer.startChild(Span.Kind.BACKEND, "127.0.0.1");
            call.httpRequest("GET", "http://127.0.0.1:9090/hello");
            call.traced(true);
            call.status(200);
            call.contentLength(5);
            tracer.end(call, false, null);
            tracer.end(pipe, true, router);
            router.status(200);
            router.contentLength(5);
            tracer.end(router, true, null);
        }
        SegmentWriter writer = new SegmentWriter("bench", "1.0", "bench", Origin.EKS, SegmentWriter.MAX_DOCUMENT_BYTES, true);
        BatchBody body = new BatchBody();
        for (Span root : roots) {
            writer.writeUtf8(root, body::addEscaped);
        }
        body.close();
        return body;
    }

    /** XRayCall.send as it was before Http1Connection, for comparison only. */
    static final class LegacyCall {
        private final URI uri;
        private final String host;
        private final SigV4 signer;
        private final String userAgent;
        private final URL url;
        private final int connectTimeoutMillis;
        private final int readTimeoutMillis;

        LegacyCall(URI endpoint, SigV4 signer, String userAgent, ExportTiming timing) throws IOException {
            this.uri = URI.create(endpoint + "/TraceSegments");
            this.host = uri.getHost() + ":" + uri.getPort();
            this.signer = signer;
            this.userAgent = userAgent;
            this.url = uri.toURL();
            this.connectTimeoutMillis = (int) timing.connectTimeout.toMillis();
            this.readTimeoutMillis = (int) timing.readTimeout.toMillis();
        }

        XRayCall.Answer send(BatchBody body) throws IOException {
            body.close();
            byte[] payload = body.bytes();
            int size = body.length();
            SigV4.Signature signature = signer.sign(host, uri.getRawPath(), "application/json", payload, size,
                    System.currentTimeMillis());
            HttpURLConnection connection = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
            connection.setConnectTimeout(connectTimeoutMillis);
            connection.setReadTimeout(readTimeoutMillis);
            connection.setRequestMethod("POST");
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setRequestProperty("Accept", "application/json");
            connection.setRequestProperty("User-Agent", userAgent);
            connection.setRequestProperty("X-Amz-Date", signature.amzDate);
            connection.setRequestProperty("X-Amz-Content-Sha256", signature.contentSha256);
            connection.setRequestProperty("Authorization", signature.authorization);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(payload, 0, size);
            }
            int status = connection.getResponseCode();
            if (status / 100 == 2) {
                return XRayCall.Answer.ok(status, XRayCall.unprocessed(readAll(connection.getInputStream())));
            }
            return XRayCall.Answer.error(status, connection.getHeaderField("x-amzn-ErrorType"),
                    readAll(connection.getErrorStream()));
        }

        private static byte[] readAll(InputStream in) throws IOException {
            if (in == null) {
                return new byte[0];
            }
            try (InputStream stream = in) {
                return stream.readAllBytes();
            }
        }
    }
}
