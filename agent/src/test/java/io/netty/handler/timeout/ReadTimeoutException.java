package io.netty.handler.timeout;

/**
 * A stand-in for Netty's read time-out, which is no I/O exception: the Reactor Netty tracing calls
 * an error remote by the Netty package it comes from (ReactorNettyTracingTest).
 */
public final class ReadTimeoutException extends RuntimeException {
}
