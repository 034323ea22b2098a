package io.telemetryagent.instrument.jdkhttp;

import static io.telemetryagent.instrument.MethodHook.constructors;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.net.http.HttpHeaders;
import java.util.List;

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
    public List<MethodHook> hooks() {
        return List.of(
                MethodHook.replaceFieldAtReturn(constructors().arguments(2)
                                .argument(0, "java.net.http.HttpRequest").argument(1, "java.net.ProxySelector"),
                        "userHeaders", "Ljava/net/http/HttpHeaders;", HookId.JDK_HTTP_REQUEST_HEADERS));
    }
}
