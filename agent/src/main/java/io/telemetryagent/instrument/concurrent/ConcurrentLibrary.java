package io.telemetryagent.instrument.concurrent;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.constructors;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.instrument.HookSettings;
import io.telemetryagent.instrument.Hooks;
import io.telemetryagent.instrument.Library;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.Slot;
import io.telemetryagent.instrument.Target;
import java.util.List;

/**
 * Context across threads: the trace follows work handed to another thread. Where work is queued
 * its context is captured (the task is the key), where it runs that context applies, and the
 * running thread's own comes back after it.
 */
public final class ConcurrentLibrary extends Library {

    /**
     * {@code start()} captures the starter's context for the new thread ({@link CaptureThreadStart}
     * says which threads), {@code run()} applies it on the new thread. JDK 21+ also start threads
     * through {@code start(ThreadContainer)} (thread-per-task executors). Virtual threads start and
     * run through their own methods and are not covered.
     */
    private final Target thread = targets("java.lang.Thread");
    /**
     * Behind {@code Executors.newFixedThreadPool}, {@code newCachedThreadPool},
     * {@code newSingleThreadExecutor} and most frameworks' pools. {@code execute} captures the
     * context for the task (submit, invokeAll and invokeAny all reach it with the FutureTask the
     * worker will run); the worker loop applies it around that task ({@link
     * io.telemetryagent.bootstrap.TaskRunner}); {@code addWorker} starts worker threads with no context.
     */
    private final Target threadPool = targets("java.util.concurrent.ThreadPoolExecutor");
    /**
     * {@code schedule*}, {@code execute} and {@code submit} all queue their task through
     * {@code delayedExecute}, never through {@code ThreadPoolExecutor.execute}, with the very
     * object the worker loop will run.
     */
    private final Target scheduledPool = targets("java.util.concurrent.ScheduledThreadPoolExecutor");
    /**
     * {@code ForkJoinPool.externalPush}: where JDK 11 to 17 queue a task submitted from outside
     * the pool (execute, submit, invoke, and {@code fork()} from a non-worker thread into the
     * common pool); JDK 19+ have no such method and queue everything through {@code WorkQueue.push}.
     */
    private final Target forkJoinPool = targets("java.util.concurrent.ForkJoinPool");
    /**
     * {@code WorkQueue.push}: a worker queues a task ({@code fork()}, a submission from inside the
     * pool); on JDK 19+ every submission. Its arity differs between JDK versions.
     */
    private final Target workQueue = targets("java.util.concurrent.ForkJoinPool$WorkQueue");
    /**
     * {@code ForkJoinTask.doExec}: every fork-join task runs through it, whoever runs it (a
     * worker, a thread joining it, the caller of {@code invoke()}); CompletableFuture's async
     * stages are fork-join tasks too.
     */
    private final Target forkJoinTask = targets("java.util.concurrent.ForkJoinTask");
    /**
     * The base of every dependent stage ({@code thenApply}, {@code thenCombine}, ... their
     * {@code *Async} forms included). An async stage added to a future that is not complete yet
     * is handed to its executor later, by whichever thread completes that future, with that
     * thread's context; so it is captured here, where the app creates it, and that capture wins
     * ({@link ContextTable#put}). A stage added to a completed future is handed to its executor
     * at once, and captured there.
     */
    private final Target uniCompletion = targets("java.util.concurrent.CompletableFuture$UniCompletion");
    /**
     * {@code Completion.run}: how an executor that is neither a fork-join pool nor a
     * ThreadPoolExecutor (a thread per task, an event loop, the app's own) runs an async stage;
     * the stage's context, captured at its creation, applies here. (Fork-join pools run it through
     * {@code doExec}, ThreadPoolExecutors through their worker loop: either has applied it already.)
     */
    private final Target completion = targets("java.util.concurrent.CompletableFuture$Completion");
    /**
     * The task of {@code CompletableFuture.supplyAsync} ({@code AsyncSupply}) or {@code runAsync}
     * ({@code AsyncRun}): created on the caller's thread and handed to the executor at once, so
     * its context is captured at creation and applied in its {@code run}, whatever executor runs it.
     */
    private final Target asyncTasks = targets("java.util.concurrent.CompletableFuture$AsyncSupply",
            "java.util.concurrent.CompletableFuture$AsyncRun");

    /** A task is handed off: the current context is captured for it. */
    private final Slot capture = hook();
    /** A scheduled task is handed off (periodic ones carry nothing). */
    private final Slot scheduledCapture = hook();
    /** A dependent stage is created with {@code arg0} its executor: captured unless that is null. */
    private final Slot captureWithExecutor = hook();
    /** A handed-off task starts running (and ends: the previous context comes back). */
    private final Slot apply = hook();
    /** A ThreadPoolExecutor worker runs a task: its captured context, or none. */
    private final Slot poolTaskRun = hook();
    /** A pool starts a worker thread: the worker inherits nothing. */
    private final Slot workerStart = hook();
    /** A thread is started. */
    private final Slot threadStart = hook();

    public ConcurrentLibrary() {
        super("context hand-off");
    }

    @Override
    protected List<MethodHook> weave(Target target, String className) {
        if (target == thread) {
            return List.of(
                    MethodHook.call(named("start"), threadStart, self()),
                    applyToThis(named("run").arguments(0)));
        }
        if (target == threadPool) {
            return List.of(
                    captureArgument(named("execute").arguments(1)),
                    MethodHook.span(named("addWorker"), workerStart, self()).end(self(), false, false),
                    // task.run() in runWorker becomes TaskRunner.run(task, id): same stack, same exceptions.
                    MethodHook.redirectCall(named("runWorker"), poolTaskRun, "java/lang/Runnable", "run", "()V",
                            "io/telemetryagent/bootstrap/TaskRunner", "run", "(Ljava/lang/Runnable;I)V"));
        }
        if (target == scheduledPool) {
            return List.of(MethodHook.call(named("delayedExecute"), scheduledCapture, argument(0)));
        }
        if (target == forkJoinPool) {
            return List.of(captureArgument(named("externalPush")));
        }
        if (target == workQueue) {
            return List.of(captureArgument(named("push").argument(0, "java.util.concurrent.ForkJoinTask")));
        }
        if (target == forkJoinTask) {
            return List.of(applyToThis(named("doExec").arguments(0)));
        }
        if (target == uniCompletion) {
            // Only a stage with an executor hands its work off (the hook skips a null one).
            return List.of(MethodHook.atReturn(constructors().argument(0, "java.util.concurrent.Executor"),
                    captureWithExecutor, self(), argument(0)));
        }
        if (target == completion) {
            return List.of(applyToThis(named("run").arguments(0)));
        }
        return List.of(
                MethodHook.atReturn(constructors(), capture, self()),
                applyToThis(named("run").arguments(0)));
    }

    /** The method's first argument is the task being handed off. */
    private MethodHook captureArgument(MethodHook.Methods methods) {
        return MethodHook.call(methods, capture, argument(0));
    }

    /** The method runs the task it belongs to, in the context captured for it. */
    private MethodHook applyToThis(MethodHook.Methods methods) {
        return MethodHook.span(methods, apply, self()).end(self(), false, false);
    }

    @Override
    protected void makeHooks(Hooks hooks, HookSettings settings) {
        hooks.put(capture, new CaptureContext(false, false));
        hooks.put(scheduledCapture, new CaptureContext(true, false));
        hooks.put(captureWithExecutor, new CaptureContext(false, true));
        hooks.put(apply, new ApplyContext(false));
        hooks.put(poolTaskRun, new ApplyContext(true));
        hooks.put(workerStart, new SuspendContext());
        hooks.put(threadStart, new CaptureThreadStart());
    }

    /** Executors and threads load in the host's main, before the agent is ready, in every host. */
    @Override
    protected boolean hooksAtStart() {
        return true;
    }
}
