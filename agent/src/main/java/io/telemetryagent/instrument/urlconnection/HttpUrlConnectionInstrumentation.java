package io.telemetryagent.instrument.urlconnection;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * The JDK's HTTP and HTTPS connection ({@code sun.net.www.protocol.http.HttpURLConnection}; the
 * HTTPS one delegates to a subclass of it), a bootstrap class: its advice reaches the tracer only
 * through the bridge.
 */
public final class HttpUrlConnectionInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "sun.net.www.protocol.http.HttpURLConnection";
    }

    @Override
    public String moduleName() {
        return "java.base";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advice.to(SendAdvice.class).on(namedOneOf("connect", "getOutputStream").and(takesArguments(0))),
                Advice.to(ReceiveAdvice.class).on(named("getInputStream").and(takesArguments(0))));
    }

    /** connect / getOutputStream: the call starts; its response comes later. */
    public static final class SendAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.This Object connection,
                                   @Advice.FieldValue("connected") boolean connected,
                                   @Advice.FieldValue("responseCode") int responseCode) {
            return Bridge.hook(HookId.URL_CONNECTION_SEND).enter(connection, !connected && responseCode == -1, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.This Object connection,
                                @Advice.Thrown Throwable thrown) {
            if (token != null) {
                Bridge.hook(HookId.URL_CONNECTION_SEND).exit(token, connection, null, thrown);
            }
        }
    }

    /** getInputStream (and getResponseCode): the response is read, the call ends. */
    public static final class ReceiveAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.This Object connection,
                                   @Advice.FieldValue("connected") boolean connected,
                                   @Advice.FieldValue("responseCode") int responseCode) {
            return Bridge.hook(HookId.URL_CONNECTION_RECEIVE).enter(connection, !connected && responseCode == -1, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.This Object connection,
                                @Advice.Thrown Throwable thrown) {
            if (token != null) {
                Bridge.hook(HookId.URL_CONNECTION_RECEIVE).exit(token, connection, null, thrown);
            }
        }
    }
}
