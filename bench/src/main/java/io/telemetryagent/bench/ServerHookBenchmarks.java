package io.telemetryagent.bench;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpServer;
import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.Hook;
import io.telemetryagent.instrument.httpserver.HttpServerTracing;
import io.telemetryagent.trace.Sampler;
import io.telemetryagent.trace.Tracer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JDK HttpServer hook around one request, as the woven {@code Filter.Chain.doFilter} runs it
 * (router and pipe, the hook's per-thread state: the exchange in progress, the pipe name and
 * client address it keeps): what a request of the JDK host costs the agent, without the server.
 * Run with {@code -prof gc} for bytes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ServerHookBenchmarks {

    /** The bridge slot of the hook measured (the agent gives ids at start; here it is alone). */
    private static final int SERVER = 0;

    @Param({"100", "0"})
    public int sampleRate;

    private final HttpExchange exchange = new BenchExchange();
    private final HttpHandler handler = exchange -> { };
    private final ListIterator<Filter> noFilterLeft = Collections.<Filter>emptyList().listIterator();

    @Setup
    public void setUp() {
        Tracer tracer = new Tracer("bench", new Sampler(sampleRate), root -> { }, true, true, true);
        Hook[] hooks = new Hook[SERVER + 1];
        hooks[SERVER] = new HttpServerTracing(tracer);
        Bridge.add(hooks);
    }

    @TearDown
    public void tearDown() {
        Tracer.makeCurrent(null);
        Bridge.uninstall();
    }

    /** The woven doFilter's entry and exit for the call that reaches the app's handler. */
    @Benchmark
    public Object request() {
        Object token = Bridge.enter(exchange, noFilterLeft, handler, SERVER);
        Bridge.exit(null, null, token, exchange, SERVER);
        return token;
    }

    /** An exchange as the server makes it for {@code GET /hello} from a client on the loopback. */
    private static final class BenchExchange extends HttpExchange {
        private final Headers requestHeaders = new Headers();
        private final Headers responseHeaders = new Headers();
        private final InetSocketAddress remote = new InetSocketAddress("127.0.0.1", 51234);
        private final InetSocketAddress local = new InetSocketAddress("127.0.0.1", 8080);
        private final URI uri = URI.create("/hello");
        private final HttpContext context = new BenchContext();

        BenchExchange() {
            requestHeaders.add("Host", "127.0.0.1:8080");
            requestHeaders.add("User-Agent", "wrk/4.1.0");
            responseHeaders.add("Content-length", "5");
        }

        @Override public Headers getRequestHeaders() { return requestHeaders; }
        @Override public Headers getResponseHeaders() { return responseHeaders; }
        @Override public URI getRequestURI() { return uri; }
        @Override public String getRequestMethod() { return "GET"; }
        @Override public HttpContext getHttpContext() { return context; }
        @Override public void close() { }
        @Override public InputStream getRequestBody() { return new ByteArrayInputStream(new byte[0]); }
        @Override public OutputStream getResponseBody() { return new ByteArrayOutputStream(); }
        @Override public void sendResponseHeaders(int code, long length) { }
        @Override public InetSocketAddress getRemoteAddress() { return remote; }
        @Override public int getResponseCode() { return 200; }
        @Override public InetSocketAddress getLocalAddress() { return local; }
        @Override public String getProtocol() { return "HTTP/1.1"; }
        @Override public Object getAttribute(String name) { return null; }
        @Override public void setAttribute(String name, Object value) { }
        @Override public void setStreams(InputStream in, OutputStream out) { }
        @Override public HttpPrincipal getPrincipal() { return null; }
    }

    private static final class BenchContext extends HttpContext {
        @Override public HttpHandler getHandler() { return null; }
        @Override public void setHandler(HttpHandler handler) { }
        @Override public String getPath() { return "/hello"; }
        @Override public HttpServer getServer() { return null; }
        @Override public Map<String, Object> getAttributes() { return Collections.emptyMap(); }
        @Override public List<Filter> getFilters() { return Collections.emptyList(); }
        @Override public Authenticator setAuthenticator(Authenticator auth) { return null; }
        @Override public Authenticator getAuthenticator() { return null; }
    }
}
