package io.telemetryagent.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class UrlsTest {

    @Test
    void dropsQueryFragmentUserInfoAndPathParameters() {
        assertEquals("https://api.example.com/orders/42",
                Urls.strip("https://user:secret@api.example.com/orders/42;jsessionid=ABC?token=x#frag"));
        assertEquals("http://h:8080/a/b", Urls.strip("http://h:8080/a;p=1/b;q=2"));
    }

    @Test
    void aSchemeInTheQueryOfAPathIsNoScheme() {
        // Found writing UrlsFuzzTest's property: "://" after a '?' was taken for the scheme's, and
        // the query (with whatever secret it held) was kept.
        assertEquals("/login", Urls.strip("/login?next=https://evil.example/x"));
        assertEquals("/relative", Urls.strip("relative?token=s3cr3t&u=http://x"));
        assertEquals("svn+ssh://h/r", Urls.strip("svn+ssh://h/r?x"));
        // Jazzer then found that an odd scheme made the rest a path, keeping its user info.
        assertEquals("lttp|https://h/x", Urls.strip("lttp|https://user:pw@h/x?q"));
        assertEquals("https:/://h/x", Urls.strip("https:/://user:pw@h/x#f"));
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
        // A plain path is joined as it is; anything else goes through the stripping.
        assertEquals("http://localhost:81/orders/42", Urls.of("http", "localhost:81", "/orders/42"));
        assertEquals("https://h/", Urls.of("https", "h", "/"));
        assertEquals("http://h/a/b", Urls.of("http", "h", "/a;jsessionid=1/b"));
        assertEquals("http://h/a", Urls.of("http", "h", "/a#f"));
        assertEquals("http://h/a", Urls.of("http", "user:pw@h", "/a"));
        assertEquals("http://h/relative", Urls.of("http", "h", "relative"));
    }

    @Test
    void aUrlWithNothingToStripIsKeptAsItIs() {
        String clean = "http://127.0.0.1:9090/hello/a-b_c.d";
        assertSame(clean, Urls.strip(clean), "not copied");
        // Each of these has something to strip, or a path to add, so it is rebuilt.
        for (String dirty : new String[] {"http://h", "http://h?x", "http://h#f", "http://u@h/x", "http://h/a;p",
                "http://h/a?q", "http://h/a#f", "http://h:1/a/b?"}) {
            String stripped = Urls.strip(dirty);
            assertNotSame(dirty, stripped, dirty);
            assertEquals(stripped, Urls.strip(stripped), "stripping again changes nothing: " + dirty);
            assertSame(stripped, Urls.strip(stripped), "and copies nothing: " + stripped);
        }
    }
}
