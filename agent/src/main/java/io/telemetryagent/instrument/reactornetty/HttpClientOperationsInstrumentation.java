package io.telemetryagent.instrument.reactornetty;

import static io.telemetryagent.instrument.MethodHook.field;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * Reactor Netty's {@code HttpClientOperations} (1.1, 1.2), one per attempt of a call, over HTTP/1.1
 * and HTTP/2 alike. {@code beforeMarkSentHeaders} runs once, just before the request's headers are
 * written, whichever way the body goes out, when every header of the app (WebClient's included)
 * is in place. {@code onInboundNext} delivers each message of the response to the app.
 */
public final class HttpClientOperationsInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "reactor.netty.http.client.HttpClientOperations";
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public List<MethodHook> hooks() {
        return List.of(
                MethodHook.call(named("beforeMarkSentHeaders").arguments(0), HookId.REACTOR_NETTY_REQUEST_HEADERS,
                        self(), field("requestHeaders", "Lio/netty/handler/codec/http/HttpHeaders;")),
                MethodHook.span(named("onInboundNext").arguments(2), HookId.REACTOR_NETTY_INBOUND, self())
                        .end(self(), false, false));
    }
}
