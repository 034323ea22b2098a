package io.telemetryagent;

import java.io.File;
import net.bytebuddy.agent.ByteBuddyAgent;

/** {@code java -jar telemetry-agent.jar attach <pid> [config]}: loads the agent into a running JVM. */
public final class Attacher {

    private Attacher() {}

    public static void attach(File agentJar, String pid, String config) {
        try {
            ByteBuddyAgent.attach(agentJar, pid, config == null ? "" : config);
            System.err.println("[telemetry-agent] attached to JVM " + pid + "; its stderr shows the agent's start-up line");
        } catch (RuntimeException e) {
            System.err.println("[telemetry-agent] could not attach to JVM " + pid + ": " + e.getMessage()
                    + " (is the pid right, and is the JVM run by the same user?)");
            System.exit(1);
        }
    }
}
