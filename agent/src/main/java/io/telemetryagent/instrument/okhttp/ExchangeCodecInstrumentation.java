package io.telemetryagent.instrument.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

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
    public AsmVisitorWrapper advice() {
        return Advice.to(WriteHeadersAdvice.class).on(named("writeRequestHeaders").and(takesArguments(1)));
    }

    public static final class WriteHeadersAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC)
                                 Object request) {
            Object withTraceHeader = Bridge.hook(HookId.OKHTTP_REQUEST_HEADERS).enter(null, request, null);
            if (withTraceHeader != null) {
                request = withTraceHeader;
            }
        }
    }
}
