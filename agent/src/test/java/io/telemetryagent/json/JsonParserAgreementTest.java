package io.telemetryagent.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated documents, one byte changed, inserted or removed: {@link JsonParser} accepts exactly
 * those that Jackson (strict by default) accepts. A fixed seed, so a failure repeats.
 */
class JsonParserAgreementTest {

    private static final String DOCUMENT = "{\"sample_rate\": 10, \"reporting_period\": 1.50, \"enabled_layers\":"
            + " {\"router\": true, \"pipe\": false, \"backend\": null}, \"exporters\": {\"xray\": {\"region\":"
            + " \"eu-west-1\", \"version\": \"1.0 \\\"q\\\" \\u00e9\\n\", \"list\": [-0, 1e3, 2E-2, [], {}]}}}";
    private static final byte[] ALPHABET = "{}[]:,\"\\/ \t\n\r0123456789-+.eEtruefalsnl'xuAFN#*".getBytes(StandardCharsets.US_ASCII);

    private static final ObjectMapper JACKSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Test
    void acceptsExactlyWhatJacksonAccepts() {
        byte[] original = DOCUMENT.getBytes(StandardCharsets.UTF_8);
        Random random = new Random(20240601L);
        int disagreements = 0;
        int accepted = 0;
        StringBuilder examples = new StringBuilder();
        for (int round = 0; round < 20000; round++) {
            byte[] mutated = mutate(original, random, 1 + random.nextInt(2));
            boolean ours = accepts(mutated);
            accepted += ours ? 1 : 0;
            boolean jackson;
            try {
                JACKSON.readTree(mutated);
                jackson = true;
            } catch (Exception e) {
                jackson = false;
            }
            if (ours != jackson) {
                disagreements++;
                if (examples.length() < 2000) {
                    examples.append(ours ? "\nonly ours accepts: " : "\nonly Jackson accepts: ")
                            .append(new String(mutated, StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(0, disagreements, examples::toString);
        // Both answers are common, or the comparison says little.
        assertTrue(accepted > 2000 && accepted < 18000, "accepted " + accepted);
    }

    private static boolean accepts(byte[] json) {
        try {
            JsonParser parser = new JsonParser(json);
            parser.value();
            return parser.atEnd();
        } catch (JsonSyntaxException e) {
            return false;
        }
    }

    private static byte[] mutate(byte[] in, Random random, int edits) {
        byte[] out = in;
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(out.length);
            byte b = ALPHABET[random.nextInt(ALPHABET.length)];
            switch (random.nextInt(3)) {
                case 0:
                    out = out.clone();
                    out[at] = b;
                    break;
                case 1: {
                    byte[] longer = new byte[out.length + 1];
                    System.arraycopy(out, 0, longer, 0, at);
                    longer[at] = b;
                    System.arraycopy(out, at, longer, at + 1, out.length - at);
                    out = longer;
                    break;
                }
                default: {
                    byte[] shorter = new byte[out.length - 1];
                    System.arraycopy(out, 0, shorter, 0, at);
                    System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
                    out = shorter;
                }
            }
        }
        return out;
    }
}
