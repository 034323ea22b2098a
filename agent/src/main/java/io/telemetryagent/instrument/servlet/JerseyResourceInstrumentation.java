package io.telemetryagent.instrument.servlet;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.field;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.none;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.lang.reflect.Method;
import java.util.List;

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
    public List<MethodHook> hooks() {
        return List.of(
                MethodHook.span(named("dispatch").arguments(2), HookId.JERSEY_DISPATCH,
                                field("method", "Ljava/lang/reflect/Method;"), argument(1))
                        .end(none(), false, true));
    }
}
