package io.telemetryagent.instrument.servlet;

import static net.bytebuddy.matcher.ElementMatchers.named;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * {@code startAsync()} and {@code startAsync(request, response)} of each container's request
 * class, where the AsyncContext is created. Where one overload calls the other, the hook acts once.
 */
public final class StartAsyncInstrumentation implements TypeInstrumentation {

    /** The request classes of Tomcat, Jetty 9.4/10, Jetty 12 ee10 and Undertow. */
    public static final String[] REQUEST_CLASSES = {
            "org.apache.catalina.connector.Request",
            "org.eclipse.jetty.server.Request",
            "org.eclipse.jetty.ee10.servlet.ServletApiRequest",
            "io.undertow.servlet.spec.HttpServletRequestImpl",
    };

    private final String className;

    public StartAsyncInstrumentation(String className) {
        this.className = className;
    }

    @Override
    public String className() {
        return className;
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public AsmVisitorWrapper advice() {
        return Advice.to(StartAsyncAdvice.class).on(named("startAsync"));
    }

    public static final class StartAsyncAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.This Object request) {
            return Bridge.hook(HookId.SERVLET_ASYNC_START).enter(request, null, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.This Object request,
                                @Advice.Return Object asyncContext, @Advice.Thrown Throwable thrown) {
            if (token != null) {
                Bridge.hook(HookId.SERVLET_ASYNC_START).exit(token, request, asyncContext, thrown);
            }
        }
    }
}
