package io.telemetryagent.instrument;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The agent's own libraries are never woven: the AWS SDK its exporter uses has the same class names
 * as the host's, and tracing the agent's own calls to X-Ray would trace them forever.
 */
class TransformerOwnLoaderTest {

    @Test
    void aTargetLoadedByTheAgentsOwnLoaderIsLeftAsItIsAtOnce() {
        String target = "software.amazon.awssdk.core.interceptor.ExecutionInterceptorChain";
        Transformer transformer = new Transformer(new Libraries());
        long start = System.nanoTime();
        // Not ready yet: a host's class would wait for the agent (up to 10 s); the agent's own never does.
        byte[] woven = transformer.transform(Transformer.class.getClassLoader(), target.replace('.', '/'), null, null,
                new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertNull(woven);
        assertTrue(millis < 2_000, "returned at once, not after waiting for the agent: " + millis + " ms");
    }
}
