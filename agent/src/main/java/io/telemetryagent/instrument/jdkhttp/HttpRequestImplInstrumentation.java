package io.telemetryagent.instrument.jdkhttp;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.net.http.HttpHeaders;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * The client's own copy of the app's (immutable) {@code HttpRequest}, made at the start of every
 * call: its user headers are what goes on the wire, for HTTP/1.1 and HTTP/2 alike, and follow
 * the call through redirects. The trace header is added to the copy only, so the app's request,
 * and the one {@code HttpResponse.request()} returns, stay as the app built them.
 */
public final class HttpRequestImplInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "jdk.internal.net.http.HttpRequestImpl";
    }

    @Override
    public String moduleName() {
        return "java.net.http";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return Advice.to(CopyAdvice.class).on(isConstructor().and(takesArguments(2))
                .and(takesArgument(0, named("java.net.http.HttpRequest")))
                .and(takesArgument(1, named("java.net.ProxySelector"))));
    }

    public static final class CopyAdvice {

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.FieldValue(value = "userHeaders", readOnly = false) HttpHeaders userHeaders) {
            Object withTraceHeader = Bridge.hook(HookId.JDK_HTTP_REQUEST_HEADERS).enter(null, userHeaders, null);
            if (withTraceHeader != null) {
                userHeaders = (HttpHeaders) withTraceHeader;
            }
        }
    }
}
