package io.telemetryagent.bootstrap;

/**
 * The slot of each instrumentation's {@link Hook} in the {@link Bridge}. Compile-time constants,
 * so woven code reads its hook with one array load. Add one line per new instrumentation.
 */
public final class HookId {

    private HookId() {}

    public static final int HTTP_SERVER = 0;
    public static final int URL_CONNECTION_SEND = 1;
    public static final int URL_CONNECTION_RECEIVE = 2;
    /** Context across threads: a task is handed off (captures the current span for it). */
    public static final int TASK_CAPTURE = 3;
    /** ... a scheduled task is handed off (periodic ones carry nothing). */
    public static final int SCHEDULED_CAPTURE = 4;
    /** ... a handed-off task starts running (and ends: the previous context comes back). */
    public static final int TASK_APPLY = 5;
    /** ... a ThreadPoolExecutor worker runs a task: its captured context, or none. */
    public static final int POOL_TASK_RUN = 6;
    /** ... a pool starts a worker thread: the worker inherits nothing. */
    public static final int WORKER_START = 7;
    /** ... a thread is started. */
    public static final int THREAD_START = 8;
    /** ... a dependent stage is created with {@code arg0} its executor: captured unless that is null. */
    public static final int TASK_CAPTURE_WITH_EXECUTOR = 9;

    // Outbound HTTP clients (20-39).
    /** java.net.http: HttpClientImpl.send, one call from start to response. */
    public static final int JDK_HTTP_SEND = 20;
    /** ... HttpClientImpl.sendAsync (the inner one every call goes through). */
    public static final int JDK_HTTP_SEND_ASYNC = 21;
    /** ... HttpRequestImpl's copy of the app's request: the headers it sends. */
    public static final int JDK_HTTP_REQUEST_HEADERS = 22;
    /** OkHttp: RealCall.enqueue, the caller's context for the call that runs later. */
    public static final int OKHTTP_ENQUEUE = 23;
    /** ... RealCall.getResponseWithInterceptorChain, one call from start to response. */
    public static final int OKHTTP_CALL = 24;
    /** ... an exchange codec writes the request's headers. */
    public static final int OKHTTP_REQUEST_HEADERS = 25;
    /** Apache HttpClient 4: InternalHttpClient/MinimalHttpClient.doExecute. */
    public static final int APACHE4_EXECUTE = 26;
    /** ... MainClientExec/MinimalClientExec: the request about to be sent. */
    public static final int APACHE4_REQUEST_HEADERS = 27;
    /** Apache HttpClient 5 classic: InternalHttpClient/MinimalHttpClient.doExecute. */
    public static final int APACHE5_EXECUTE = 28;
    /** ... InternalExecRuntime.execute: the request about to be sent. */
    public static final int APACHE5_REQUEST_HEADERS = 29;
    /** Apache HttpClient 5 async: InternalAbstractHttpAsyncClient.doExecute. */
    public static final int APACHE5_ASYNC_EXECUTE = 30;
    /** ... Http(2)AsyncMainClientExec.execute: the request about to be sent. */
    public static final int APACHE5_ASYNC_REQUEST_HEADERS = 31;
    /** ... its ComplexFuture completed, failed or cancelled: the async call's end. */
    public static final int APACHE5_ASYNC_END = 32;
    /** ... AsyncExecChain.Scope created: the call's request and future, known on the caller's thread. */
    public static final int APACHE5_ASYNC_SCOPE = 33;
    /** Reactor Netty HTTP client: HttpClientConnect$HttpClientHandler made, where the call is subscribed. */
    public static final int REACTOR_NETTY_SUBSCRIBE = 34;
    /** ... HttpClientConnect$HttpIOHandlerObserver.onStateChange: an attempt configured, the response received. */
    public static final int REACTOR_NETTY_STATE = 35;
    /** ... HttpClientOperations.beforeMarkSentHeaders: an attempt's headers about to be written. */
    public static final int REACTOR_NETTY_REQUEST_HEADERS = 36;
    /** ... HttpClientHandler.test(Throwable): another attempt follows (redirect, stale connection) or the call fails. */
    public static final int REACTOR_NETTY_RETRY = 37;
    /** ... HttpClientOperations.onInboundNext: the response delivered in the context the call was subscribed in. */
    public static final int REACTOR_NETTY_INBOUND = 38;
    /** ... Reactor's MonoCreate$DefaultMonoSink.cancel: the app cancelled a call before its response. */
    public static final int REACTOR_NETTY_CANCEL = 39;

    // Servlet containers and frameworks on them (40-49).
    /** A container hands a request to its servlet context (Tomcat, Jetty): the router. */
    public static final int SERVLET_ROUTER = 40;
    /** ... Undertow's ServletInitialHandler, with its ServletRequestContext. */
    public static final int SERVLET_ROUTER_UNDERTOW = 41;
    /** ... HttpServlet.service (javax and jakarta): the pipe of a plain servlet. */
    public static final int SERVLET_PIPE = 42;
    /** ... a container request's startAsync: the request ends when its response completes. */
    public static final int SERVLET_ASYNC_START = 43;
    /** ... Spring MVC DispatcherServlet.doDispatch: the pipe named by route template. */
    public static final int SPRING_MVC_DISPATCH = 44;
    /** ... Jersey AbstractJavaResourceMethodDispatcher.dispatch: the pipe named by @Path template. */
    public static final int JERSEY_DISPATCH = 45;
    /** ... Undertow ServletDispatchingHandler: an exception escaping the filter chain (enter only). */
    public static final int SERVLET_ERROR = 46;

    // AWS SDK calls (60-69).
    /** AWS SDK v2: Base(Sync|Async)ClientHandler.execute, the part of a call on the caller's thread. */
    public static final int AWS2_EXECUTE = 60;
    /** ... ExecutionInterceptorChain.beforeExecution: the call starts (its request and attributes). */
    public static final int AWS2_BEFORE_EXECUTION = 61;
    /** ... ExecutionInterceptorChain.modifyHttpRequestAndHttpContent: the HTTP request every attempt sends. */
    public static final int AWS2_HTTP_REQUEST = 62;
    /** ... ExecutionInterceptorChain.beforeTransmission: one attempt is sent. */
    public static final int AWS2_ATTEMPT = 63;
    /** ... ExecutionInterceptorChain.afterExecution: the call succeeded. */
    public static final int AWS2_AFTER_EXECUTION = 64;
    /** ... ExecutionInterceptorChain.onExecutionFailure: the call failed. */
    public static final int AWS2_FAILURE = 65;
    /** ... MergeCustomHeadersStage.execute returns: the app's own X-Amzn-Trace-Id, merged in after ours, is the one kept. */
    public static final int AWS2_CUSTOM_HEADERS = 68;
    /** AWS SDK v1: AmazonHttpClient$RequestExecutor.execute, one call with its retries. */
    public static final int AWS1_EXECUTE = 66;
    /** ... AmazonHttpClient$RequestExecutor.executeOneRequest: one attempt is sent. */
    public static final int AWS1_ATTEMPT = 67;

    // JDBC (70-79).
    /** A driver's Statement/PreparedStatement/CallableStatement execute*: one SQL subsegment. */
    public static final int JDBC_EXECUTE = 70;
    /** ... a driver's Connection.prepareStatement/prepareCall returned: the statement's SQL, noted. */
    public static final int JDBC_PREPARE = 71;
    /** ... HikariCP's PoolBase validates, opens or resets a connection: its statements are not the app's. */
    public static final int JDBC_POOL_INTERNAL = 72;

    // Logging frameworks: the trace in each log event's context (80-89).
    /** Logback: a LoggingEvent made, its MDC map gets the trace. */
    public static final int LOGBACK_EVENT = 80;
    /** Log4j 2: an event's context data set (Log4jLogEvent, MutableLogEvent, RingBufferLogEvent): it gets the trace. */
    public static final int LOG4J_CONTEXT_DATA = 81;
    /** JBoss LogManager: an ExtLogRecord made, its MDC copy gets the trace. */
    public static final int JBOSS_LOG_RECORD = 82;

    /** One more than the largest id. */
    public static final int COUNT = 90;
}
