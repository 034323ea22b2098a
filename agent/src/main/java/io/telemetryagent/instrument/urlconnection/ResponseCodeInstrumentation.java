package io.telemetryagent.instrument.urlconnection;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * {@code java.net.HttpURLConnection.getResponseCode}: the JDK's implementation asks for the
 * response twice inside it (getInputStream, then getHeaderField), and after a refused connection
 * each ask dials again; counting the whole call as one outermost call makes it one span.
 */
public final class ResponseCodeInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "java.net.HttpURLConnection";
    }

    @Override
    public String moduleName() {
        return "java.base";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return Advice.to(HttpUrlConnectionInstrumentation.ReceiveAdvice.class)
                .on(named("getResponseCode").and(takesArguments(0)));
    }
}
