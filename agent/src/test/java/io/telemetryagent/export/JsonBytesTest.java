package io.telemetryagent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class JsonBytesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesNestedObjectsAndArraysWithTheirCommas() throws IOException {
        JsonBytes json = new JsonBytes(1024);
        json.startObject();
        json.stringField("a", "x");
        json.objectField("o");
        json.numberField("n", -42);
        json.trueField("t");
        json.endObject();
        json.arrayField("list");
        json.startObject();
        json.endObject();
        json.startObject();
        json.numberField("big", Long.MAX_VALUE);
        json.endObject();
        json.endArray();
        json.secondsField("s", 1_700_000_000_000_001L);
        json.endObject();

        assertEquals("{\"a\":\"x\",\"o\":{\"n\":-42,\"t\":true},\"list\":[{},{\"big\":9223372036854775807}],"
                + "\"s\":1700000000.000001}", json.text());
        assertFalse(json.overflowed());
    }

    @Test
    void escapesWhatJsonRequiresAndEncodesUtf8() throws IOException {
        String[] values = {"quote \" backslash \\ slash /", "tab\t nl\n cr\r bs\b ff\f nul\u0000 us\u001f",
            "caf\u00e9 \u20ac \uD83D\uDE80 \u4e2d", ""};
        for (String value : values) {
            JsonBytes json = new JsonBytes(1024);
            json.startObject();
            json.stringField("v", value);
            json.endObject();
            assertEquals(value, JSON.readTree(json.bytes(), 0, json.size()).get("v").asText());
        }
        JsonBytes lone = new JsonBytes(100);
        lone.startObject();
        lone.stringField("v", "a\uD800b\uDC00");
        lone.endObject();
        assertEquals("a\uFFFDb\uFFFD", JSON.readTree(lone.bytes(), 0, lone.size()).get("v").asText());
    }

    @Test
    void overflowsExactlyPastItsLimitAndStoresNothingMore() throws IOException {
        String text = "x".repeat(20_000);
        // {"v":"<20,000 x>"} is 20,008 bytes.
        JsonBytes fits = new JsonBytes(20_008);
        fits.startObject();
        fits.stringField("v", text);
        fits.endObject();
        assertFalse(fits.overflowed());
        assertEquals(20_008, fits.size());
        JsonNode read = JSON.readTree(fits.bytes(), 0, fits.size());
        assertEquals(text, read.get("v").asText());

        JsonBytes over = new JsonBytes(20_007);
        over.startObject();
        over.stringField("v", text);
        over.endObject();
        assertTrue(over.overflowed());
        assertTrue(over.size() <= 20_007);
        assertTrue(over.bytes().length <= 20_007, "never holds more than its limit");

        over.reset();
        over.startObject();
        over.endObject();
        assertFalse(over.overflowed());
        assertEquals("{}", over.text());
    }

    @Test
    void embeddedItWritesTheDocumentAlreadyEscapedAsAJsonString() throws IOException {
        String value = "quote \" backslash \\ tab\t nul\u0000 caf\u00e9 \uD83D\uDE80";
        JsonBytes plain = new JsonBytes(1024);
        JsonBytes embedded = new JsonBytes(1024, true);
        for (JsonBytes json : new JsonBytes[] {plain, embedded}) {
            json.startObject();
            json.stringField("v", value);
            json.objectField("o");
            json.numberField("n", 7);
            json.endObject();
            json.endObject();
        }
        String asString = "\"" + new String(embedded.bytes(), 0, embedded.size(), java.nio.charset.StandardCharsets.UTF_8) + "\"";
        assertEquals(plain.text(), JSON.readTree(asString).asText());
        assertEquals(plain.size(), embedded.documentSize());
    }

    @Test
    void embeddedTheLimitCountsTheDocumentNotItsEscapes() {
        String quotes = "\"".repeat(10_000);
        // {"v":"<10,000 escaped quotes>"}: 20,008 bytes as a document, 40,016 embedded.
        JsonBytes fits = new JsonBytes(20_008, true);
        fits.startObject();
        fits.stringField("v", quotes);
        fits.endObject();
        assertFalse(fits.overflowed());
        assertEquals(20_008, fits.documentSize());

        JsonBytes over = new JsonBytes(20_007, true);
        over.startObject();
        over.stringField("v", quotes);
        over.endObject();
        assertTrue(over.overflowed());
    }

    @Test
    void writesEveryNumberAndTimeExactly() throws IOException {
        long[] numbers = {0, 7, 9, 10, 99, 100, 12_345, 999_999_999L, 1_000_000_000L, Long.MAX_VALUE, -1, -10,
            -Long.MAX_VALUE};
        for (long n : numbers) {
            JsonBytes json = new JsonBytes(100);
            json.startObject();
            json.numberField("n", n);
            json.endObject();
            assertEquals("{\"n\":" + n + "}", json.text());
        }
        long[][] times = {{0, 0}, {999_999, 0}, {1_000_000, 1}, {1_700_000_000_000_000L, 1_700_000_000}, {-5, 0}};
        String[] expected = {"0.000000", "0.999999", "1.000000", "1700000000.000000", "0.000000"};
        for (int i = 0; i < times.length; i++) {
            JsonBytes json = new JsonBytes(100);
            json.startObject();
            json.secondsField("t", times[i][0]);
            json.endObject();
            assertEquals("{\"t\":" + expected[i] + "}", json.text());
            assertEquals(times[i][1], JSON.readTree(json.text()).get("t").asLong());
        }
        // Times in a row share their second (the writer keeps its digits), and change it.
        JsonBytes json = new JsonBytes(200);
        for (int round = 0; round < 2; round++) {
            json.reset();
            json.startObject();
            json.secondsField("a", 5_000_001);
            json.secondsField("b", 5_999_999);
            json.secondsField("c", 16_000_000);
            json.secondsField("d", 5_000_000);
            json.endObject();
            assertEquals("{\"a\":5.000001,\"b\":5.999999,\"c\":16.000000,\"d\":5.000000}", json.text());
        }
    }

    @Test
    void aFragmentIsCopiedAsTheNextFieldsWithItsEscapes() throws IOException {
        for (boolean embedded : new boolean[] {false, true}) {
            JsonBytes facts = new JsonBytes(1024, embedded);
            facts.objectField("aws");
            facts.stringField("sdk", "say \"hi\"");
            facts.endObject();
            JsonBytes.Fragment fragment = facts.fragment();

            JsonBytes json = new JsonBytes(1024, embedded);
            json.startObject();
            json.stringField("a", "x");
            json.fragment(fragment);
            json.trueField("after");
            json.endObject();
            String text = embedded
                    ? JSON.readTree("\"" + json.text() + "\"").asText()
                    : json.text();
            assertEquals("{\"a\":\"x\",\"aws\":{\"sdk\":\"say \\\"hi\\\"\"},\"after\":true}", text);
            assertEquals(text.length(), json.documentSize(), "the limit counts the document, not its escapes");

            JsonBytes first = new JsonBytes(1024, embedded);
            first.startObject();
            first.fragment(fragment);
            first.endObject();
            assertEquals("{\"aws\":{\"sdk\":\"say \\\"hi\\\"\"}}",
                    embedded ? JSON.readTree("\"" + first.text() + "\"").asText() : first.text());
        }
        JsonBytes tooBig = new JsonBytes(10);
        tooBig.stringField("v", "x".repeat(50));
        JsonBytes json = new JsonBytes(1024);
        json.startObject();
        json.fragment(tooBig.fragment());
        json.endObject();
        assertTrue(json.overflowed(), "a fragment that did not fit its own limit loses every document it goes into");
    }
}
