package io.telemetryagent.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UrlsTest {

    @Test
    void dropsQueryFragmentUserInfoAndPathParameters() {
        assertEquals("https://api.example.com/orders/42",
                Urls.strip("https://user:secret@api.example.com/orders/42;jsessionid=ABC?token=x#frag"));
        assertEquals("http://h:8080/a/b", Urls.strip("http://h:8080/a;p=1/b;q=2"));
    }

    @Test
    void addsARootPathWhenThereIsNone() {
        assertEquals("http://h/", Urls.strip("http://h?x=1"));
        assertEquals("http://h/", Urls.of("http", "h", ""));
        assertEquals("http://h/", Urls.of("http", "h", null));
    }

    @Test
    void buildsFromParts() {
        assertEquals("http://localhost:81/x", Urls.of("http", "localhost:81", "/x?y"));
    }
}
