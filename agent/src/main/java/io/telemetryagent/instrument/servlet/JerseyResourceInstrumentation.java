package io.telemetryagent.instrument.servlet;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.lang.reflect.Method;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * Jersey 2 (javax) and 3 (jakarta): {@code AbstractJavaResourceMethodDispatcher.dispatch(resource,
 * request)}, the final method every resource method invocation goes through; the abstract class
 * itself declares it, so its exact name is enough. Its {@code method} field is the Java method.
 */
public final class JerseyResourceInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "org.glassfish.jersey.server.model.internal.AbstractJavaResourceMethodDispatcher";
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public AsmVisitorWrapper advice() {
        return Advice.to(DispatchAdvice.class).on(named("dispatch").and(takesArguments(2)));
    }

    public static final class DispatchAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.FieldValue("method") Method method, @Advice.Argument(1) Object request) {
            return Bridge.hook(HookId.JERSEY_DISPATCH).enter(method, request, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.Thrown Throwable thrown) {
            if (token != null) {
                Bridge.hook(HookId.JERSEY_DISPATCH).exit(token, null, null, thrown);
            }
        }
    }
}
