package io.telemetryagent.bootstrap;

/**
 * Runs one task of a {@code ThreadPoolExecutor} worker: the agent rewrites the worker loop's
 * {@code task.run()} into a call of {@link #run}. Its hook puts the task in the trace context it was
 * handed off in (or in none), and restores the worker's own afterwards, whatever the task does.
 *
 * <p>Why a call site and not advice: the worker loop runs for the thread's whole life, so no
 * method brackets a single task except the task's own {@code run}, whose class is the host's (often
 * a lambda, which cannot be transformed); {@code beforeExecute}/{@code afterExecute} are
 * overridable and subclasses need not call them. The task object itself is never wrapped, so
 * {@code remove(task)}, {@code shutdownNow()} and {@code getQueue()} see the host's own objects.
 */
public final class TaskRunner {

    private TaskRunner() {}

    /**
     * Runs {@code task} exactly as {@code task.run()} would, in its handed-off context; {@code id}
     * is its hook's, woven in as a constant.
     */
    public static void run(Runnable task, int id) {
        Hook hook = Bridge.hook(id);
        Object token;
        try {
            token = hook.enter(task, null, null);
        } catch (Throwable t) {
            token = null; // hooks never throw; this only keeps the worker loop safe if one did
        }
        if (token == null) {
            task.run();
            return;
        }
        try {
            task.run();
        } finally {
            hook.exit(token, task, null, null);
        }
    }
}
