package io.telemetryagent.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;

/**
 * The configuration reader against any bytes (issue 18 item 4): it gives a configuration, or one
 * short line naming the problem, never a bug's "please report this", never a secret, quickly.
 * Seeds (ConfigFuzzTestInputs) are valid blocks and KrakenD files for the fuzzer to mutate.
 */
class ConfigFuzzTest {

    /** For Jazzer's own driver, which scripts/fuzz runs for long: the same property. */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        new ConfigFuzzTest().readsAnyBytesIntoAConfigOrOneShortLine(data);
    }

    @FuzzTest(maxDuration = "10s")
    void readsAnyBytesIntoAConfigOrOneShortLine(FuzzedDataProvider data) {
        byte[] json = data.consumeRemainingAsBytes();
        try {
            ConfigLoader.read("the JSON in -Dtelemetry.config", json, Map.of(), Configs.MAIN);
        } catch (ConfigException e) {
            String message = e.getMessage();
            // A bug of ours (a RuntimeException) ends as this line; user text never starts a message.
            assertFalse(message.startsWith("configuration error: the configuration could not be read ("), message);
            assertFalse(message.contains("\n") || message.contains("\r"), message);
            assertTrue(message.length() <= 600, () -> message.length() + " characters: " + message);
            assertFalse(message.contains(Configs.SECRET) || message.contains(Configs.ACCESS_KEY), message);
        }
    }
}
