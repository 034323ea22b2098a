package io.telemetryagent.instrument.servlet;

import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * {@code startAsync()} and {@code startAsync(request, response)} of each container's request
 * class, where the AsyncContext is created. Where one overload calls the other, the hook acts once.
 */
public final class StartAsyncInstrumentation implements TypeInstrumentation {

    private final String className;

    /** @param className a request class: Tomcat's, Jetty 9.4/10's, Jetty 12 ee10's or Undertow's */
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
    public List<MethodHook> hooks() {
        return List.of(
                MethodHook.span(named("startAsync"), HookId.SERVLET_ASYNC_START, self()).end(self(), true, true));
    }
}
