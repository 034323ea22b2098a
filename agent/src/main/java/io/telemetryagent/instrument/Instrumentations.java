package io.telemetryagent.instrument;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.Hook;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.apachehttp4.ApacheHttpClient4RequestHeaders;
import io.telemetryagent.instrument.awssdk1.AwsSdk1Tracing;
import io.telemetryagent.instrument.awssdk1.RequestExecutorInstrumentation;
import io.telemetryagent.instrument.awssdk2.AwsSdk2Tracing;
import io.telemetryagent.instrument.awssdk2.ClientHandlerInstrumentation;
import io.telemetryagent.instrument.awssdk2.CustomHeadersStageInstrumentation;
import io.telemetryagent.instrument.awssdk2.InterceptorChainInstrumentation;
import io.telemetryagent.instrument.apachehttp4.ApacheHttpClient4Tracing;
import io.telemetryagent.instrument.apachehttp4.ClientExecInstrumentation;
import io.telemetryagent.instrument.apachehttp4.ClientInstrumentation;
import io.telemetryagent.instrument.apachehttp5.AsyncClientInstrumentation;
import io.telemetryagent.instrument.apachehttp5.AsyncMainExecInstrumentation;
import io.telemetryagent.instrument.apachehttp5.AsyncScopeInstrumentation;
import io.telemetryagent.instrument.apachehttp5.AsyncTracing;
import io.telemetryagent.instrument.apachehttp5.ClassicClientInstrumentation;
import io.telemetryagent.instrument.apachehttp5.ClassicRequestHeaders;
import io.telemetryagent.instrument.apachehttp5.ClassicTracing;
import io.telemetryagent.instrument.apachehttp5.ComplexFutureInstrumentation;
import io.telemetryagent.instrument.apachehttp5.ExecRuntimeInstrumentation;
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
import io.telemetryagent.instrument.jdbc.ConnectionInstrumentation;
import io.telemetryagent.instrument.jdbc.HikariPoolInstrumentation;
import io.telemetryagent.instrument.jdbc.JdbcTracing;
import io.telemetryagent.instrument.jdbc.PoolInternalGuard;
import io.telemetryagent.instrument.jdbc.PreparedSql;
import io.telemetryagent.instrument.jdbc.StatementInstrumentation;
import io.telemetryagent.instrument.jdkhttp.HttpClientImplInstrumentation;
import io.telemetryagent.instrument.jdkhttp.HttpRequestImplInstrumentation;
import io.telemetryagent.instrument.jdkhttp.JdkHttpClientTracing;
import io.telemetryagent.instrument.jdkhttp.JdkRequestHeaders;
import io.telemetryagent.instrument.logging.JBossLogRecordContext;
import io.telemetryagent.instrument.logging.JBossLogRecordInstrumentation;
import io.telemetryagent.instrument.logging.Log4jContextData;
import io.telemetryagent.instrument.logging.Log4jContextDataInstrumentation;
import io.telemetryagent.instrument.logging.LogbackEventContext;
import io.telemetryagent.instrument.logging.LogbackEventInstrumentation;
import io.telemetryagent.instrument.okhttp.ExchangeCodecInstrumentation;
import io.telemetryagent.instrument.okhttp.OkHttpRequestHeaders;
import io.telemetryagent.instrument.okhttp.OkHttpTracing;
import io.telemetryagent.instrument.okhttp.RealCallInstrumentation;
import io.telemetryagent.instrument.reactornetty.HttpClientHandlerInstrumentation;
import io.telemetryagent.instrument.reactornetty.HttpClientOperationsInstrumentation;
import io.telemetryagent.instrument.reactornetty.HttpIOHandlerObserverInstrumentation;
import io.telemetryagent.instrument.reactornetty.MonoSinkInstrumentation;
import io.telemetryagent.instrument.reactornetty.ReactorNettyTracing;
import io.telemetryagent.instrument.servlet.DispatcherServletInstrumentation;
import io.telemetryagent.instrument.servlet.HttpServletInstrumentation;
import io.telemetryagent.instrument.servlet.JerseyResourceInstrumentation;
import io.telemetryagent.instrument.servlet.JerseyTracing;
import io.telemetryagent.instrument.servlet.JettyServletHandlerInstrumentation;
import io.telemetryagent.instrument.servlet.ServletAsyncTracing;
import io.telemetryagent.instrument.servlet.ServletErrorTracing;
import io.telemetryagent.instrument.servlet.ServletPipeTracing;
import io.telemetryagent.instrument.servlet.ServletRouterTracing;
import io.telemetryagent.instrument.servlet.SpringMvcTracing;
import io.telemetryagent.instrument.servlet.StartAsyncInstrumentation;
import io.telemetryagent.instrument.servlet.TomcatHostValveInstrumentation;
import io.telemetryagent.instrument.servlet.UndertowDispatchInstrumentation;
import io.telemetryagent.instrument.servlet.UndertowInitialHandlerInstrumentation;
import io.telemetryagent.instrument.urlconnection.HttpUrlConnectionInstrumentation;
import io.telemetryagent.instrument.urlconnection.ResponseCodeInstrumentation;
import io.telemetryagent.instrument.urlconnection.UrlConnectionTracing;
import io.telemetryagent.trace.Tracer;
import java.util.ArrayList;
import java.util.List;

/** Everything the agent instruments: the classes, what is woven into them, and the hooks it calls. */
public final class Instrumentations {

    private Instrumentations() {}

    /**
     * The target classes by name, for premain: naming them loads no weaving class. Each one has
     * its instrumentation in {@link #forClass} (a unit test holds them equal).
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
                "jdk.internal.net.http.HttpClientImpl",
                "jdk.internal.net.http.HttpRequestImpl",
                "okhttp3.RealCall",
                "okhttp3.internal.connection.RealCall",
                "okhttp3.internal.http1.Http1ExchangeCodec",
                "okhttp3.internal.http2.Http2ExchangeCodec",
                "okhttp3.internal.http1.Http1Codec",
                "okhttp3.internal.http2.Http2Codec",
                "org.apache.http.impl.client.InternalHttpClient",
                "org.apache.http.impl.client.MinimalHttpClient",
                "org.apache.http.impl.execchain.MainClientExec",
                "org.apache.http.impl.execchain.MinimalClientExec",
                "org.apache.hc.client5.http.impl.classic.InternalHttpClient",
                "org.apache.hc.client5.http.impl.classic.MinimalHttpClient",
                "org.apache.hc.client5.http.impl.classic.InternalExecRuntime",
                "org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient",
                "org.apache.hc.client5.http.async.AsyncExecChain$Scope",
                "org.apache.hc.client5.http.impl.async.HttpAsyncMainClientExec",
                "org.apache.hc.client5.http.impl.async.H2AsyncMainClientExec",
                "org.apache.hc.core5.concurrent.ComplexFuture",
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
                "org.springframework.web.servlet.DispatcherServlet",
                "org.glassfish.jersey.server.model.internal.AbstractJavaResourceMethodDispatcher",
                "io.undertow.servlet.handlers.ServletDispatchingHandler",
                "reactor.netty.http.client.HttpClientConnect$HttpClientHandler",
                "reactor.netty.http.client.HttpClientConnect$HttpIOHandlerObserver",
                "reactor.netty.http.client.HttpClientOperations",
                "reactor.core.publisher.MonoCreate$DefaultMonoSink",
                ClientHandlerInstrumentation.SYNC,
                ClientHandlerInstrumentation.ASYNC,
                InterceptorChainInstrumentation.CLASS_NAME,
                CustomHeadersStageInstrumentation.CLASS_NAME,
                RequestExecutorInstrumentation.CLASS_NAME,
                "ch.qos.logback.classic.spi.LoggingEvent",
                "org.apache.logging.log4j.core.impl.Log4jLogEvent",
                "org.apache.logging.log4j.core.impl.MutableLogEvent",
                "org.apache.logging.log4j.core.async.RingBufferLogEvent",
                "org.jboss.logmanager.ExtLogRecord",
                "org.h2.jdbc.JdbcStatement",
                "org.h2.jdbc.JdbcPreparedStatement",
                "org.h2.jdbc.JdbcCallableStatement",
                "org.h2.jdbc.JdbcConnection",
                "org.hsqldb.jdbc.JDBCStatement",
                "org.hsqldb.jdbc.JDBCPreparedStatement",
                "org.hsqldb.jdbc.JDBCCallableStatement",
                "org.hsqldb.jdbc.JDBCConnection",
                "org.postgresql.jdbc.PgStatement",
                "org.postgresql.jdbc.PgPreparedStatement",
                "org.postgresql.jdbc.PgCallableStatement",
                "org.postgresql.jdbc.PgConnection",
                "com.zaxxer.hikari.pool.PoolBase");
    }

    /**
     * The instrumentation of one target, made when the target first loads: a host loads a few of
     * the targets, and making all of them loaded some forty classes. Null for a class not named
     * by {@link #classNames()}.
     */
    public static TypeInstrumentation forClass(String className) {
        switch (className) {
            case "com.sun.net.httpserver.Filter$Chain":
                return new FilterChainInstrumentation();
            case "sun.net.www.protocol.http.HttpURLConnection":
                return new HttpUrlConnectionInstrumentation();
            case "java.net.HttpURLConnection":
                return new ResponseCodeInstrumentation();
            case "java.util.concurrent.ThreadPoolExecutor":
                return new ThreadPoolExecutorInstrumentation();
            case "java.util.concurrent.ScheduledThreadPoolExecutor":
                return new ScheduledThreadPoolExecutorInstrumentation();
            case "java.util.concurrent.ForkJoinPool":
                return new ForkJoinPoolInstrumentation();
            case "java.util.concurrent.ForkJoinPool$WorkQueue":
                return new ForkJoinWorkQueueInstrumentation();
            case "java.util.concurrent.ForkJoinTask":
                return new ForkJoinTaskInstrumentation();
            case "java.util.concurrent.CompletableFuture$UniCompletion":
                return new UniCompletionInstrumentation();
            case "java.util.concurrent.CompletableFuture$Completion":
                return new CompletionInstrumentation();
            case "java.util.concurrent.CompletableFuture$AsyncSupply":
                return new AsyncTaskInstrumentation("AsyncSupply");
            case "java.util.concurrent.CompletableFuture$AsyncRun":
                return new AsyncTaskInstrumentation("AsyncRun");
            case "java.lang.Thread":
                return new ThreadInstrumentation();
            case "jdk.internal.net.http.HttpClientImpl":
                return new HttpClientImplInstrumentation();
            case "jdk.internal.net.http.HttpRequestImpl":
                return new HttpRequestImplInstrumentation();
            case "okhttp3.RealCall":
            case "okhttp3.internal.connection.RealCall":
                return new RealCallInstrumentation(className);
            case "okhttp3.internal.http1.Http1ExchangeCodec":
            case "okhttp3.internal.http2.Http2ExchangeCodec":
            case "okhttp3.internal.http1.Http1Codec":
            case "okhttp3.internal.http2.Http2Codec":
                return new ExchangeCodecInstrumentation(className);
            case "org.apache.http.impl.client.InternalHttpClient":
            case "org.apache.http.impl.client.MinimalHttpClient":
                return new ClientInstrumentation(className);
            case "org.apache.http.impl.execchain.MainClientExec":
            case "org.apache.http.impl.execchain.MinimalClientExec":
                return new ClientExecInstrumentation(className);
            case "org.apache.hc.client5.http.impl.classic.InternalHttpClient":
            case "org.apache.hc.client5.http.impl.classic.MinimalHttpClient":
                return new ClassicClientInstrumentation(className);
            case "org.apache.hc.client5.http.impl.classic.InternalExecRuntime":
                return new ExecRuntimeInstrumentation();
            case "org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient":
                return new AsyncClientInstrumentation();
            case "org.apache.hc.client5.http.async.AsyncExecChain$Scope":
                return new AsyncScopeInstrumentation();
            case "org.apache.hc.client5.http.impl.async.HttpAsyncMainClientExec":
            case "org.apache.hc.client5.http.impl.async.H2AsyncMainClientExec":
                return new AsyncMainExecInstrumentation(className);
            case "org.apache.hc.core5.concurrent.ComplexFuture":
                return new ComplexFutureInstrumentation();
            case "org.apache.catalina.core.StandardHostValve":
                return new TomcatHostValveInstrumentation();
            case "org.eclipse.jetty.servlet.ServletHandler":
                return JettyServletHandlerInstrumentation.jetty9();
            case "org.eclipse.jetty.ee10.servlet.ServletHandler$MappedServlet":
                return JettyServletHandlerInstrumentation.jetty12();
            case "io.undertow.servlet.handlers.ServletInitialHandler":
                return new UndertowInitialHandlerInstrumentation();
            case "org.apache.catalina.connector.Request":
            case "org.eclipse.jetty.server.Request":
            case "org.eclipse.jetty.ee10.servlet.ServletApiRequest":
            case "io.undertow.servlet.spec.HttpServletRequestImpl":
                return new StartAsyncInstrumentation(className);
            case "javax.servlet.http.HttpServlet":
                return new HttpServletInstrumentation("javax");
            case "jakarta.servlet.http.HttpServlet":
                return new HttpServletInstrumentation("jakarta");
            case "org.springframework.web.servlet.DispatcherServlet":
                return new DispatcherServletInstrumentation();
            case "org.glassfish.jersey.server.model.internal.AbstractJavaResourceMethodDispatcher":
                return new JerseyResourceInstrumentation();
            case "io.undertow.servlet.handlers.ServletDispatchingHandler":
                return new UndertowDispatchInstrumentation();
            case "reactor.netty.http.client.HttpClientConnect$HttpClientHandler":
                return new HttpClientHandlerInstrumentation();
            case "reactor.netty.http.client.HttpClientConnect$HttpIOHandlerObserver":
                return new HttpIOHandlerObserverInstrumentation();
            case "reactor.netty.http.client.HttpClientOperations":
                return new HttpClientOperationsInstrumentation();
            case "reactor.core.publisher.MonoCreate$DefaultMonoSink":
                return new MonoSinkInstrumentation();
            case ClientHandlerInstrumentation.SYNC:
            case ClientHandlerInstrumentation.ASYNC:
                return new ClientHandlerInstrumentation(className);
            case InterceptorChainInstrumentation.CLASS_NAME:
                return new InterceptorChainInstrumentation();
            case CustomHeadersStageInstrumentation.CLASS_NAME:
                return new CustomHeadersStageInstrumentation();
            case RequestExecutorInstrumentation.CLASS_NAME:
                return new RequestExecutorInstrumentation();
            case "ch.qos.logback.classic.spi.LoggingEvent":
                return new LogbackEventInstrumentation();
            case "org.apache.logging.log4j.core.impl.Log4jLogEvent":
            case "org.apache.logging.log4j.core.impl.MutableLogEvent":
            case "org.apache.logging.log4j.core.async.RingBufferLogEvent":
                return new Log4jContextDataInstrumentation(className);
            case "org.jboss.logmanager.ExtLogRecord":
                return new JBossLogRecordInstrumentation();
            case "org.h2.jdbc.JdbcStatement":
            case "org.h2.jdbc.JdbcPreparedStatement":
            case "org.h2.jdbc.JdbcCallableStatement":
            case "org.hsqldb.jdbc.JDBCStatement":
            case "org.hsqldb.jdbc.JDBCPreparedStatement":
            case "org.hsqldb.jdbc.JDBCCallableStatement":
            case "org.postgresql.jdbc.PgStatement":
            case "org.postgresql.jdbc.PgPreparedStatement":
            case "org.postgresql.jdbc.PgCallableStatement":
                return new StatementInstrumentation(className);
            case "org.h2.jdbc.JdbcConnection":
            case "org.hsqldb.jdbc.JDBCConnection":
            case "org.postgresql.jdbc.PgConnection":
                return new ConnectionInstrumentation(className);
            case "com.zaxxer.hikari.pool.PoolBase":
                return new HikariPoolInstrumentation();
            default:
                return null;
        }
    }

    /** Every instrumentation, one per name of {@link #classNames()}. */
    public static List<TypeInstrumentation> all() {
        List<TypeInstrumentation> all = new ArrayList<>();
        for (String className : classNames()) {
            all.add(forClass(className));
        }
        return all;
    }

    /**
     * The JDK modules holding targets ({@link TypeInstrumentation#moduleName()}): each is made to
     * read the bridge's module as the agent starts, before any of its classes is woven.
     */
    public static List<String> jdkModules() {
        return List.of("java.base", "jdk.httpserver", "java.net.http");
    }

    /** Hooks of the JDK's own classes that every host loads (threads, executors), installed as the agent starts. */
    static final int CORE = 0;
    static final int JDK_HTTP_CLIENT = 1;
    static final int OKHTTP = 2;
    static final int APACHE4 = 3;
    static final int APACHE5 = 4;
    static final int REACTOR_NETTY = 5;
    static final int SERVLET = 6;
    static final int AWS_SDK = 7;
    static final int LOGGING = 8;
    static final int JDBC = 9;
    static final int GROUPS = 10;

    /** The group of a {@link HookId}: hooks of one library are made together, when it is first woven. */
    static int groupOf(int id) {
        if (id >= HookId.LOGBACK_EVENT && id < HookId.LOGBACK_EVENT + 10) {
            return LOGGING;
        }
        if (id >= HookId.JDBC_EXECUTE && id < HookId.JDBC_EXECUTE + 10) {
            return JDBC;
        }
        if (id < HookId.JDK_HTTP_SEND) {
            return CORE;
        }
        if (id < HookId.OKHTTP_ENQUEUE) {
            return JDK_HTTP_CLIENT;
        }
        if (id < HookId.APACHE4_EXECUTE) {
            return OKHTTP;
        }
        if (id < HookId.APACHE5_EXECUTE) {
            return APACHE4;
        }
        if (id < HookId.REACTOR_NETTY_SUBSCRIBE) {
            return APACHE5;
        }
        if (id < HookId.SERVLET_ROUTER) {
            return REACTOR_NETTY;
        }
        if (id >= HookId.AWS2_EXECUTE && id <= HookId.AWS2_CUSTOM_HEADERS) {
            return AWS_SDK;
        }
        return SERVLET;
    }

    /** Fills {@code hooks} with the hooks of {@code group}. */
    static void addGroup(Hook[] hooks, int group, Tracer tracer, boolean logCorrelation, boolean sanitizedQuery) {
        switch (group) {
            case CORE:
                hooks[HookId.HTTP_SERVER] = new HttpServerTracing(tracer);
                hooks[HookId.URL_CONNECTION_SEND] = new UrlConnectionTracing(tracer, false);
                hooks[HookId.URL_CONNECTION_RECEIVE] = new UrlConnectionTracing(tracer, true);
                hooks[HookId.TASK_CAPTURE] = new CaptureContext(false, false);
                hooks[HookId.SCHEDULED_CAPTURE] = new CaptureContext(true, false);
                hooks[HookId.TASK_CAPTURE_WITH_EXECUTOR] = new CaptureContext(false, true);
                hooks[HookId.TASK_APPLY] = new ApplyContext(false);
                hooks[HookId.POOL_TASK_RUN] = new ApplyContext(true);
                hooks[HookId.WORKER_START] = new SuspendContext();
                hooks[HookId.THREAD_START] = new CaptureThreadStart();
                break;
            case JDK_HTTP_CLIENT:
                hooks[HookId.JDK_HTTP_SEND] = new JdkHttpClientTracing(tracer, false);
                hooks[HookId.JDK_HTTP_SEND_ASYNC] = new JdkHttpClientTracing(tracer, true);
                hooks[HookId.JDK_HTTP_REQUEST_HEADERS] = new JdkRequestHeaders();
                break;
            case OKHTTP:
                hooks[HookId.OKHTTP_ENQUEUE] = new OkHttpTracing(tracer, true);
                hooks[HookId.OKHTTP_CALL] = new OkHttpTracing(tracer, false);
                hooks[HookId.OKHTTP_REQUEST_HEADERS] = new OkHttpRequestHeaders();
                break;
            case APACHE4:
                hooks[HookId.APACHE4_EXECUTE] = new ApacheHttpClient4Tracing(tracer);
                hooks[HookId.APACHE4_REQUEST_HEADERS] = new ApacheHttpClient4RequestHeaders();
                break;
            case APACHE5:
                hooks[HookId.APACHE5_EXECUTE] = new ClassicTracing(tracer);
                hooks[HookId.APACHE5_REQUEST_HEADERS] = new ClassicRequestHeaders();
                hooks[HookId.APACHE5_ASYNC_EXECUTE] = new AsyncTracing(tracer, AsyncTracing.Step.EXECUTE);
                hooks[HookId.APACHE5_ASYNC_SCOPE] = new AsyncTracing(tracer, AsyncTracing.Step.SCOPE);
                hooks[HookId.APACHE5_ASYNC_REQUEST_HEADERS] = new AsyncTracing(tracer, AsyncTracing.Step.REQUEST_HEADERS);
                hooks[HookId.APACHE5_ASYNC_END] = new AsyncTracing(tracer, AsyncTracing.Step.END);
                break;
            case REACTOR_NETTY:
                hooks[HookId.REACTOR_NETTY_SUBSCRIBE] = new ReactorNettyTracing(tracer, ReactorNettyTracing.Step.SUBSCRIBE);
                hooks[HookId.REACTOR_NETTY_STATE] = new ReactorNettyTracing(tracer, ReactorNettyTracing.Step.STATE);
                hooks[HookId.REACTOR_NETTY_REQUEST_HEADERS] = new ReactorNettyTracing(tracer, ReactorNettyTracing.Step.REQUEST_HEADERS);
                hooks[HookId.REACTOR_NETTY_RETRY] = new ReactorNettyTracing(tracer, ReactorNettyTracing.Step.RETRY);
                hooks[HookId.REACTOR_NETTY_INBOUND] = new ReactorNettyTracing(tracer, ReactorNettyTracing.Step.INBOUND);
                hooks[HookId.REACTOR_NETTY_CANCEL] = new ReactorNettyTracing(tracer, ReactorNettyTracing.Step.CANCEL);
                break;
            case SERVLET: {
                ServletRouterTracing servletRouter = new ServletRouterTracing(tracer, false);
                hooks[HookId.SERVLET_ROUTER] = servletRouter;
                hooks[HookId.SERVLET_ROUTER_UNDERTOW] = new ServletRouterTracing(tracer, true);
                hooks[HookId.SERVLET_PIPE] = new ServletPipeTracing(tracer);
                hooks[HookId.SERVLET_ASYNC_START] = new ServletAsyncTracing(servletRouter);
                hooks[HookId.SPRING_MVC_DISPATCH] = new SpringMvcTracing(tracer);
                hooks[HookId.JERSEY_DISPATCH] = new JerseyTracing(tracer);
                hooks[HookId.SERVLET_ERROR] = new ServletErrorTracing();
                break;
            }
            case AWS_SDK:
                hooks[HookId.AWS2_EXECUTE] = new AwsSdk2Tracing(tracer, AwsSdk2Tracing.Step.EXECUTE);
                hooks[HookId.AWS2_BEFORE_EXECUTION] = new AwsSdk2Tracing(tracer, AwsSdk2Tracing.Step.BEFORE_EXECUTION);
                hooks[HookId.AWS2_HTTP_REQUEST] = new AwsSdk2Tracing(tracer, AwsSdk2Tracing.Step.HTTP_REQUEST);
                hooks[HookId.AWS2_ATTEMPT] = new AwsSdk2Tracing(tracer, AwsSdk2Tracing.Step.ATTEMPT);
                hooks[HookId.AWS2_AFTER_EXECUTION] = new AwsSdk2Tracing(tracer, AwsSdk2Tracing.Step.AFTER_EXECUTION);
                hooks[HookId.AWS2_FAILURE] = new AwsSdk2Tracing(tracer, AwsSdk2Tracing.Step.FAILURE);
                hooks[HookId.AWS2_CUSTOM_HEADERS] = new AwsSdk2Tracing(tracer, AwsSdk2Tracing.Step.CUSTOM_HEADERS);
                hooks[HookId.AWS1_EXECUTE] = new AwsSdk1Tracing(tracer, false);
                hooks[HookId.AWS1_ATTEMPT] = new AwsSdk1Tracing(tracer, true);
                break;
            case LOGGING:
                if (logCorrelation) { // log_correlation: false leaves the woven calls answered by Hook.NONE
                    hooks[HookId.LOGBACK_EVENT] = new LogbackEventContext();
                    hooks[HookId.LOG4J_CONTEXT_DATA] = new Log4jContextData();
                    hooks[HookId.JBOSS_LOG_RECORD] = new JBossLogRecordContext();
                }
                break;
            case JDBC:
                hooks[HookId.JDBC_EXECUTE] = new JdbcTracing(tracer, sanitizedQuery);
                hooks[HookId.JDBC_PREPARE] = new PreparedSql(sanitizedQuery);
                hooks[HookId.JDBC_POOL_INTERNAL] = new PoolInternalGuard();
                break;
            default:
                break;
        }
    }

    /**
     * The hooks of a library, made and installed the first time one of its classes is woven
     * (before that class can run): a host without java.net.http, OkHttp, Apache, Reactor Netty or
     * servlets never loads their hooks' classes. The core group is installed at start.
     */
    public static final class Groups {
        private final Tracer tracer;
        private final boolean logCorrelation;
        private final boolean sanitizedQuery;
        private final boolean[] installed = new boolean[GROUPS];

        /** With the defaults: log_correlation on, sanitized_query off. */
        public Groups(Tracer tracer) {
            this(tracer, true);
        }

        /** @param logCorrelation the trace goes into log events' context ({@code log_correlation}) */
        public Groups(Tracer tracer, boolean logCorrelation) {
            this(tracer, logCorrelation, false);
        }

        /**
         * @param logCorrelation the trace goes into log events' context ({@code log_correlation})
         * @param sanitizedQuery SQL subsegments carry their statement's text ({@code sanitized_query})
         */
        public Groups(Tracer tracer, boolean logCorrelation, boolean sanitizedQuery) {
            this.tracer = tracer;
            this.logCorrelation = logCorrelation;
            this.sanitizedQuery = sanitizedQuery;
            Hook[] core = new Hook[HookId.COUNT];
            addGroup(core, CORE, tracer, logCorrelation, sanitizedQuery);
            installed[CORE] = true;
            Bridge.add(core);
        }

        /** Makes sure the hooks {@code woven} calls are installed. */
        synchronized void ensure(List<MethodHook> woven) {
            for (MethodHook hook : woven) {
                if (hook.id < 0) {
                    continue;
                }
                int group = groupOf(hook.id);
                if (!installed[group]) {
                    Hook[] more = new Hook[HookId.COUNT];
                    addGroup(more, group, tracer, logCorrelation, sanitizedQuery);
                    Bridge.add(more);
                    installed[group] = true;
                }
            }
        }
    }
}
