package io.telemetryagent.instrument.servlet;

import io.telemetryagent.instrument.AgentHook;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/**
 * {@code startAsync} on a container's request: the request now ends when its response completes,
 * not when the dispatch returns. An AsyncListener of ours (a proxy of the host's AsyncListener
 * interface, so no servlet type is compiled into the agent) is added to the AsyncContext as it is
 * created, before any other thread can complete it, and ends the request from its onComplete.
 */
public final class ServletAsyncTracing extends AgentHook {

    private final ServletRouterTracing router;

    public ServletAsyncTracing(ServletRouterTracing router) {
        super("servlet async");
        this.router = router;
    }

    @Override
    protected Object onEnter(Object request, Object unused0, Object unused1) {
        ServletRequestScope scope = ServletRequestScope.active();
        // Listening already: a later async cycle, where our listener re-adds itself (onStartAsync).
        return scope == null || scope.asyncListening ? null : scope;
    }

    /** {@code result}: the AsyncContext startAsync returned. */
    @Override
    protected void onExit(Object token, Object request, Object asyncContext, Throwable thrown) {
        ServletRequestScope scope = (ServletRequestScope) token;
        if (thrown != null || asyncContext == null || scope.asyncListening) {
            return;
        }
        if (scope.api.addListener(asyncContext, new Listener(router, scope))) {
            scope.asyncListening = true;
            scope.rememberAsync();
        }
    }

    /** The AsyncListener's behaviour; never throws into the container. */
    static final class Listener implements InvocationHandler {
        private final ServletRouterTracing router;
        private final ServletRequestScope scope;

        Listener(ServletRouterTracing router, ServletRequestScope scope) {
            this.router = router;
            this.scope = scope;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            String name = method.getName();
            if (args == null || args.length != 1) {
                // Object's methods, as a proxy must answer them
                if (name.equals("hashCode")) {
                    return System.identityHashCode(proxy);
                }
                return name.equals("toString") ? "telemetry-agent AsyncListener" : null;
            }
            if (name.equals("equals")) {
                return proxy == args[0];
            }
            try {
                switch (name) {
                    case "onComplete":
                        router.end(scope, false);
                        break;
                    case "onError":
                        scope.error(scope.api.eventThrowable(args[0]));
                        break;
                    case "onStartAsync":
                        // A new async cycle drops the listeners of the last one unless they re-add themselves.
                        Object next = scope.api.eventAsyncContext(args[0]);
                        if (next != null) {
                            scope.api.readdListener(next, proxy);
                        }
                        break;
                    default:
                        break;
                }
            } catch (Throwable t) {
                // the request goes on; at worst its segment is lost
            }
            return null;
        }
    }
}
