package io.telemetryagent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import java.io.InputStream;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * Weaves a small class of our own once and throws the result away, while the configuration is
 * still being read: Byte Buddy's advice machinery (some 500 classes) is then loaded and linked
 * before the first real weave, which a host thread may be waiting for. The woven class is never
 * defined. Never throws.
 */
final class WarmUp implements TypeInstrumentation {

    /** The stand-in target: one method with an argument, a result and a possible throwable. */
    static final class Target {
        Object handle(Object request) {
            return request;
        }
    }

    static void run() {
        try (InputStream in = WarmUp.class.getResourceAsStream("WarmUp$Target.class")) {
            if (in != null) {
                new Weaver().weave(new WarmUp(), WarmUp.class.getClassLoader(), in.readAllBytes());
            }
        } catch (Throwable t) {
            // only a head start; the first real weave does the same work later
        }
    }

    @Override
    public String className() {
        return Target.class.getName();
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public AsmVisitorWrapper advice() {
        return Advice.to(TargetAdvice.class).on(named("handle"));
    }

    /** The shape every instrumentation's advice has: enter with a token, exit on every path. */
    static final class TargetAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object self, @Advice.Argument(0) Object request) {
            return Bridge.hook(HookId.HTTP_SERVER).enter(self, request, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object token, @Advice.This Object self, @Advice.Return Object result,
                         @Advice.Thrown Throwable thrown) {
            Bridge.hook(HookId.HTTP_SERVER).exit(token, self, result, thrown);
        }
    }
}
