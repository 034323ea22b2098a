package io.telemetryagent.it;

import io.telemetryagent.testkit.HostJvm;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Adds the output of the host JVMs a failed test used (started during it, or still running) to
 * its failure, so that a report shows what the agent printed.
 */
final class HostOutputOnFailure implements BeforeEachCallback, TestExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(HostOutputOnFailure.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("mark", HostJvm.startedCount());
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        Integer mark = context.getStore(NAMESPACE).get("mark", Integer.class);
        List<HostJvm> hosts = HostJvm.startedSince(mark == null ? 0 : mark);
        if (hosts.isEmpty() || !(failure instanceof AssertionError)) {
            throw failure;
        }
        StringBuilder message = new StringBuilder(String.valueOf(failure.getMessage()));
        for (HostJvm host : hosts) {
            message.append("\n=== host pid ").append(host.pid()).append('\n').append(host.describe());
        }
        AssertionError withOutput = new AssertionError(message.toString(), failure);
        withOutput.setStackTrace(failure.getStackTrace());
        throw withOutput;
    }
}
