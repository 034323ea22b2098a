package io.telemetryagent.bootstrap;

/**
 * The slot of each instrumentation's {@link Hook} in the {@link Bridge}. Compile-time constants,
 * so advice reads its hook with one array load. Add one line per new instrumentation.
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

    /** One more than the largest id. */
    public static final int COUNT = 64;
}
