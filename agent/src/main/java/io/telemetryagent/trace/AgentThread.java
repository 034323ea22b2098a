package io.telemetryagent.trace;

/**
 * A thread of the agent's own (exporter, start-up). Nothing that runs on one is ever traced, so
 * the exporter's calls to X-Ray never trace themselves.
 */
public final class AgentThread extends Thread {

    public AgentThread(String name, Runnable task) {
        super(task, "telemetry-agent-" + name);
        setDaemon(true);
    }

    /** True when the calling thread belongs to the agent. */
    public static boolean isCurrent() {
        return Thread.currentThread() instanceof AgentThread;
    }
}
