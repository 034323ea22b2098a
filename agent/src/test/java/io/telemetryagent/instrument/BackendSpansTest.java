package io.telemetryagent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackendSpansTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "http://127.0.0.1:8080/orders?id=1, 127.0.0.1",
            "https://api.example.com/v1,         api.example.com",
            "http://user:secret@db.internal:5984/x, db.internal",
            "http://[::1]:8080/path,             ::1",
            "http://example.com,                 example.com",
            "http://example.com?q=a@b,           example.com",
            "example.com:81/path,                example.com",
            "'',                                 unknown",
    })
    void namesTheSubsegmentAfterTheHostOfTheUrl(String url, String host) {
        assertEquals(host, BackendSpans.hostOf(url));
    }
}
