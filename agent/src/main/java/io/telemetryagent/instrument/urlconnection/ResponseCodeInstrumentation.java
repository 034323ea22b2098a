package io.telemetryagent.instrument.urlconnection;

import static io.telemetryagent.instrument.MethodHook.named;

import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * {@code java.net.HttpURLConnection.getResponseCode}: the JDK's implementation asks for the
 * response twice inside it (getInputStream, then getHeaderField), and after a refused connection
 * each ask dials again; counting the whole call as one outermost call makes it one span.
 */
public final class ResponseCodeInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "java.net.HttpURLConnection";
    }

    @Override
    public String moduleName() {
        return "java.base";
    }

    @Override
    public List<MethodHook> hooks() {
        return List.of(
                HttpUrlConnectionInstrumentation.receive(named("getResponseCode").arguments(0)));
    }
}
