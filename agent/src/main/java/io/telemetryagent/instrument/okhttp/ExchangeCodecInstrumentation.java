package io.telemetryagent.instrument.okhttp;

import static io.telemetryagent.instrument.MethodHook.named;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * The codecs that write a request's headers to the connection, for HTTP/1.1 and HTTP/2
 * ({@code Http1ExchangeCodec}/{@code Http2ExchangeCodec} since 3.14, {@code Http1Codec}/
 * {@code Http2Codec} before). Every network attempt of a call (a retry, a redirect) passes here.
 * The codec is given a copy of the request with the trace header, for this write only: the
 * request the app's interceptors, event listener and {@code Response.request()} see is unchanged.
 */
public final class ExchangeCodecInstrumentation implements TypeInstrumentation {

    private final String className;

    public ExchangeCodecInstrumentation(String className) {
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
                MethodHook.replaceArgument(named("writeRequestHeaders").arguments(1), 0, HookId.OKHTTP_REQUEST_HEADERS));
    }
}
