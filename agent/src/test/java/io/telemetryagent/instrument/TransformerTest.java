package io.telemetryagent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.instrument.httpserver.HttpServerLibrary;
import io.telemetryagent.trace.Sampler;
import io.telemetryagent.trace.Tracer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The transformer leaves a class it cannot weave safely exactly as it was, and says so in one line. */
class TransformerTest {

    private static final String CHAIN = "com/sun/net/httpserver/Filter$Chain";

    @AfterEach
    void uninstall() {
        Bridge.uninstall();
    }

    @Test
    void classFileNewerThanTheAgentReadsLoadsUnchangedWithOneWarning() throws Exception {
        Transformer transformer = readyTransformer();
        byte[] classfile = chainClassFile();
        classfile[6] = 0;
        classfile[7] = 75;

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertNull(transformer.transform(null, CHAIN, null, null, classfile));
        } finally {
            System.setErr(original);
        }

        assertEquals("[telemetry-agent] could not instrument com.sun.net.httpserver.Filter$Chain, it runs untraced:"
                + " its class file version 75 (Java 31) is newer than this agent reads (71, Java 27)"
                + System.lineSeparator(), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void classFileItKnowsIsWoven() throws Exception {
        assertNotNull(readyTransformer().transform(null, CHAIN, null, null, chainClassFile()));
    }

    private static Transformer readyTransformer() {
        Libraries libraries = new Libraries(new HttpServerLibrary());
        Transformer transformer = new Transformer(libraries);
        transformer.ready(new HookTable(libraries, new HookSettings(new Tracer("orders", new Sampler(100), segment -> { },
                true, true, true))), null);
        return transformer;
    }

    private static byte[] chainClassFile() throws Exception {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(CHAIN + ".class")) {
            return in.readAllBytes();
        }
    }
}
