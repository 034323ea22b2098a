package io.telemetryagent.instrument.jdkhttp;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * {@code java.net.http.HttpClient}'s implementation ({@code HttpClient.newHttpClient()} returns a
 * facade that delegates to it). {@code send} calls the private four-argument {@code sendAsync}
 * that every public {@code sendAsync} ends in: a call made with {@code send} ends when it returns,
 * one made with {@code sendAsync} when its future completes.
 */
public final class HttpClientImplInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "jdk.internal.net.http.HttpClientImpl";
    }

    @Override
    public String moduleName() {
        return "java.net.http";
    }

    @Override
    public List<MethodHook> hooks() {
        return List.of(
                MethodHook.span(named("send").arguments(2), HookId.JDK_HTTP_SEND, self(), argument(0))
                        .end(self(), true, true),
                MethodHook.span(named("sendAsync").arguments(4), HookId.JDK_HTTP_SEND_ASYNC, self(), argument(0))
                        .end(self(), true, true));
    }
}
