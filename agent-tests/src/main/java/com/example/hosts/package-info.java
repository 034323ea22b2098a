/**
 * Host applications for the black-box tests and the demo: plain JDK programs with no dependency
 * (not even on the test kit), each printing {@code READY <port>} once it listens on 127.0.0.1.
 * Kept outside {@code io.telemetryagent} so that the agent treats them as it would any user's code.
 */
package com.example.hosts;
