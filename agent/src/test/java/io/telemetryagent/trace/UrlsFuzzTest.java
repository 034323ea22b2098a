package io.telemetryagent.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The URL stripper against any URL or path (issue 18 item 4): what it keeps never holds a query,
 * a fragment, path parameters or user info, and stripping twice changes nothing.
 */
class UrlsFuzzTest {

    /** For Jazzer's own driver, which scripts/fuzz runs for long: the same property. */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        new UrlsFuzzTest().keepsNoQueryFragmentParametersOrUserInfo(data);
    }

    @FuzzTest(maxDuration = "10s")
    void keepsNoQueryFragmentParametersOrUserInfo(FuzzedDataProvider data) {
        String url = data.consumeRemainingAsString();
        String stripped = Urls.strip(url);
        assertStripped(stripped, url);
        assertEquals(stripped, Urls.strip(stripped), () -> "stripping again changed " + stripped);
    }

    @FuzzTest(maxDuration = "10s")
    void buildsFromPartsKeepingNoneOfThem(FuzzedDataProvider data) {
        String scheme = data.pickValue(new String[] {"http", "https"});
        String hostAndPort = data.consumeString(40);
        String rawPath = data.consumeBoolean() ? null : data.consumeRemainingAsString();
        String url = Urls.of(scheme, hostAndPort, rawPath);
        String prefix = scheme + "://" + hostAndPort.substring(hostAndPort.lastIndexOf('@') + 1);
        assertTrue(url.startsWith(prefix), () -> "not " + prefix + "...: " + url);
        String path = url.substring(prefix.length());
        assertTrue(path.startsWith("/"), url);
        assertFalse(path.indexOf('?') >= 0 || path.indexOf('#') >= 0 || path.indexOf(';') >= 0,
                () -> "query, fragment or parameters kept from " + rawPath + ": " + url);
    }

    /** No query, fragment or path parameters after the authority, no user info in it. */
    private static void assertStripped(String stripped, String from) {
        int schemeEnd = stripped.indexOf("://");
        int pathStart = schemeEnd < 0 ? 0 : stripped.indexOf('/', schemeEnd + 3);
        String authority = schemeEnd < 0 ? "" : stripped.substring(schemeEnd + 3, pathStart < 0 ? stripped.length() : pathStart);
        String path = pathStart < 0 ? "" : stripped.substring(pathStart);
        assertFalse(authority.indexOf('@') >= 0, () -> "user info kept from " + from + ": " + stripped);
        assertFalse(path.indexOf('?') >= 0 || path.indexOf('#') >= 0 || path.indexOf(';') >= 0,
                () -> "query, fragment or parameters kept from " + from + ": " + stripped);
        assertFalse(authority.indexOf('?') >= 0 || authority.indexOf('#') >= 0,
                () -> "query or fragment kept from " + from + ": " + stripped);
    }
}
