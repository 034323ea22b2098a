package io.telemetryagent.instrument;

import io.telemetryagent.bootstrap.Hook;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.concurrent.ApplyContext;
import io.telemetryagent.instrument.concurrent.AsyncTaskInstrumentation;
import io.telemetryagent.instrument.concurrent.CaptureContext;
import io.telemetryagent.instrument.concurrent.CaptureThreadStart;
import io.telemetryagent.instrument.concurrent.CompletionInstrumentation;
import io.telemetryagent.instrument.concurrent.ForkJoinPoolInstrumentation;
import io.telemetryagent.instrument.concurrent.ForkJoinTaskInstrumentation;
import io.telemetryagent.instrument.concurrent.ForkJoinWorkQueueInstrumentation;
import io.telemetryagent.instrument.concurrent.ScheduledThreadPoolExecutorInstrumentation;
import io.telemetryagent.instrument.concurrent.SuspendContext;
import io.telemetryagent.instrument.concurrent.ThreadInstrumentation;
import io.telemetryagent.instrument.concurrent.ThreadPoolExecutorInstrumentation;
import io.telemetryagent.instrument.concurrent.UniCompletionInstrumentation;
import io.telemetryagent.instrument.httpserver.FilterChainInstrumentation;
import io.telemetryagent.instrument.httpserver.HttpServerTracing;
import io.telemetryagent.instrument.urlconnection.HttpUrlConnectionInstrumentation;
import io.telemetryagent.instrument.urlconnection.ResponseCodeInstrumentation;
import io.telemetryagent.instrument.urlconnection.UrlConnectionTracing;
import io.telemetryagent.instrument.servlet.DispatcherServletInstrumentation;
import io.telemetryagent.instrument.servlet.HttpServletInstrumentation;
import io.telemetryagent.instrument.servlet.JettyServletHandlerInstrumentation;
import io.telemetryagent.instrument.servlet.ServletAsyncTracing;
import io.telemetryagent.instrument.servlet.ServletPipeTracing;
import io.telemetryagent.instrument.servlet.ServletRouterTracing;
import io.telemetryagent.instrument.servlet.SpringMvcTracing;
import io.telemetryagent.instrument.servlet.StartAsyncInstrumentation;
import io.telemetryagent.instrument.servlet.TomcatHostValveInstrumentation;
import io.telemetryagent.instrument.servlet.UndertowInitialHandlerInstrumentation;
import io.telemetryagent.trace.Tracer;
import java.util.List;

/** Everything the agent instruments: the classes, their advice, and the hooks the advice calls. */
public final class Instrumentations {

    private Instrumentations() {}

    /**
     * The target classes by name, for premain: naming them loads no Byte Buddy class. The same
     * set as {@link #all()}'s class names (a unit test holds them equal).
     */
    public static List<String> classNames() {
        return List.of(
                "com.sun.net.httpserver.Filter$Chain",
                "sun.net.www.protocol.http.HttpURLConnection",
                "java.net.HttpURLConnection",
                "java.util.concurrent.ThreadPoolExecutor",
                "java.util.concurrent.ScheduledThreadPoolExecutor",
                "java.util.concurrent.ForkJoinPool",
                "java.util.concurrent.ForkJoinPool$WorkQueue",
                "java.util.concurrent.ForkJoinTask",
                "java.util.concurrent.CompletableFuture$UniCompletion",
                "java.util.concurrent.CompletableFuture$Completion",
                "java.util.concurrent.CompletableFuture$AsyncSupply",
                "java.util.concurrent.CompletableFuture$AsyncRun",
                "java.lang.Thread",
                "org.apache.catalina.core.StandardHostValve",
                "org.eclipse.jetty.servlet.ServletHandler",
                "org.eclipse.jetty.ee10.servlet.ServletHandler$MappedServlet",
                "io.undertow.servlet.handlers.ServletInitialHandler",
                "org.apache.catalina.connector.Request",
                "org.eclipse.jetty.server.Request",
                "org.eclipse.jetty.ee10.servlet.ServletApiRequest",
                "io.undertow.servlet.spec.HttpServletRequestImpl",
                "javax.servlet.http.HttpServlet",
                "jakarta.servlet.http.HttpServlet",
                "org.springframework.web.servlet.DispatcherServlet");
    }

    public static List<TypeInstrumentation> all() {
        return List.of(
                new FilterChainInstrumentation(),
                new HttpUrlConnectionInstrumentation(),
                new ResponseCodeInstrumentation(),
                new ThreadPoolExecutorInstrumentation(),
                new ScheduledThreadPoolExecutorInstrumentation(),
                new ForkJoinPoolInstrumentation(),
                new ForkJoinWorkQueueInstrumentation(),
                new ForkJoinTaskInstrumentation(),
                new UniCompletionInstrumentation(),
                new CompletionInstrumentation(),
                new AsyncTaskInstrumentation("AsyncSupply"),
                new AsyncTaskInstrumentation("AsyncRun"),
                new ThreadInstrumentation(),
                new TomcatHostValveInstrumentation(),
                JettyServletHandlerInstrumentation.jetty9(),
                JettyServletHandlerInstrumentation.jetty12(),
                new UndertowInitialHandlerInstrumentation(),
                new StartAsyncInstrumentation(StartAsyncInstrumentation.REQUEST_CLASSES[0]),
                new StartAsyncInstrumentation(StartAsyncInstrumentation.REQUEST_CLASSES[1]),
                new StartAsyncInstrumentation(StartAsyncInstrumentation.REQUEST_CLASSES[2]),
                new StartAsyncInstrumentation(StartAsyncInstrumentation.REQUEST_CLASSES[3]),
                new HttpServletInstrumentation("javax"),
                new HttpServletInstrumentation("jakarta"),
                new DispatcherServletInstrumentation());
    }

    /** The hook of every {@link HookId} slot, wired to the tracer. */
    public static Hook[] hooks(Tracer tracer) {
        Hook[] hooks = new Hook[HookId.COUNT];
        hooks[HookId.HTTP_SERVER] = new HttpServerTracing(tracer);
        hooks[HookId.URL_CONNECTION_SEND] = new UrlConnectionTracing(tracer, false);
        hooks[HookId.URL_CONNECTION_RECEIVE] = new UrlConnectionTracing(tracer, true);
        hooks[HookId.TASK_CAPTURE] = new CaptureContext(false);
        hooks[HookId.SCHEDULED_CAPTURE] = new CaptureContext(true);
        hooks[HookId.TASK_APPLY] = new ApplyContext(false);
        hooks[HookId.POOL_TASK_RUN] = new ApplyContext(true);
        hooks[HookId.WORKER_START] = new SuspendContext();
        hooks[HookId.THREAD_START] = new CaptureThreadStart();
        ServletRouterTracing servletRouter = new ServletRouterTracing(tracer, false);
        hooks[HookId.SERVLET_ROUTER] = servletRouter;
        hooks[HookId.SERVLET_ROUTER_UNDERTOW] = new ServletRouterTracing(tracer, true);
        hooks[HookId.SERVLET_PIPE] = new ServletPipeTracing(tracer);
        hooks[HookId.SERVLET_ASYNC_START] = new ServletAsyncTracing(servletRouter);
        hooks[HookId.SPRING_MVC_DISPATCH] = new SpringMvcTracing(tracer);
        return hooks;
    }
}
