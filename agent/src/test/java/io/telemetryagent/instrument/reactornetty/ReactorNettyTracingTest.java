package io.telemetryagent.instrument.reactornetty;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class ReactorNettyTracingTest {

    @Test
    void recordsTheErrorItselfWhenItHasAStack() {
        ConnectException refused = new ConnectException("Connection refused");
        assertSame(refused, ReactorNettyTracing.withStack(refused));
    }

    @Test
    void recordsTheFirstCauseWithAStackWhenTheErrorHasNone() {
        ConnectException refused = new ConnectException("finishConnect(..) failed: Connection refused");
        StacklessConnectException annotated = new StacklessConnectException("Connection refused: /127.0.0.1:1", refused);
        assertSame(refused, ReactorNettyTracing.withStack(annotated));
    }

    @Test
    void recordsTheErrorWhenNothingInItsChainHasAStack() {
        StacklessConnectException shared = new StacklessConnectException("timed out", null);
        assertSame(shared, ReactorNettyTracing.withStack(shared));
    }

    @Test
    void networkErrorsAreRemoteTheAppsAreNot() {
        assertTrue(ReactorNettyTracing.isRemote(new IOException("Connection reset by peer")));
        assertTrue(ReactorNettyTracing.isRemote(new io.netty.handler.timeout.ReadTimeoutException()));
        assertFalse(ReactorNettyTracing.isRemote(new IllegalArgumentException("Configured H2 protocol without TLS")));
    }

    @Test
    void aSinkWithoutReactorOnItsClassPathIsNotCancelled() {
        assertFalse(ReactorSinks.isCancelled(new Object()));
    }

    /** Like Netty's annotated connect exception: no stack of its own. */
    private static final class StacklessConnectException extends ConnectException {
        StacklessConnectException(String message, Throwable cause) {
            super(message);
            initCause(cause);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
