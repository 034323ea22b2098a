package io.telemetryagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

/** Test inputs written with single quotes (turned into JSON's double quotes) and the checks every rejection must pass. */
final class Configs {

    static final String ACCESS_KEY = "AKIAQUOKKA1234567890";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";
    static final String KEYS = "'access_key_id': '" + ACCESS_KEY + "', 'secret_access_key': '" + SECRET + "'";
    static final String XRAY = "'region': 'eu-west-1', " + KEYS;
    static final String MAIN = "com.acme.OrdersApp arg1";
    static final String SUFFIX = "; tracing is off, the application runs normally";

    private Configs() {}

    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** A block with {@code top} fields and an exporters.xray object made of {@code xray} fields. */
    static String block(String top, String xray) {
        return json("{" + (top.isEmpty() ? "" : top + ", ") + "'exporters': {'xray': {" + xray + "}}}");
    }

    /** A valid block plus {@code top} fields. */
    static String withTop(String top) {
        return block(top, XRAY);
    }

    static String withXray(String xray) {
        return block("", xray);
    }

    static TelemetryConfig load(String inline) throws ConfigException {
        return ConfigLoader.load(inline, Map.of(), MAIN);
    }

    static String rejection(String inline) {
        return rejection(inline, Map.of());
    }

    static String rejection(String property, Map<String, String> env) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(property, env, MAIN));
        return checked(e);
    }

    /** The rules every message keeps: one line, our prefix and suffix, no credential. */
    static String checked(ConfigException e) {
        String message = e.getMessage();
        assertFalse(message.contains("\n") || message.contains("\r"), () -> "not one line: " + message);
        assertTrue(message.startsWith("configuration error: "), message);
        assertTrue(message.endsWith(SUFFIX), message);
        assertFalse(message.contains(SECRET), () -> "secret shown: " + message);
        assertFalse(message.contains(ACCESS_KEY), () -> "access key shown: " + message);
        return message;
    }

    /** Rejects {@code inline} with a message that contains each fragment. */
    static String assertRejected(String inline, String... fragments) {
        String message = rejection(inline);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "expected \"" + fragment + "\" in: " + message);
        }
        return message;
    }

    static void assertProblem(String inline, String problem) {
        assertEquals("configuration error: " + problem + SUFFIX, rejection(inline));
    }
}
