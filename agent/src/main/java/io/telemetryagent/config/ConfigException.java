package io.telemetryagent.config;

/**
 * A configuration the agent cannot use. Its message is one user-facing line that names the
 * field, the bad value and the fix, and never holds a secret; print it as it is.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param problem what is wrong and how to fix it, e.g.
     *     {@code sample_rate is 150, must be an integer from 0 to 100}
     */
    public ConfigException(String problem) {
        super("configuration error: " + ErrorText.oneLine(problem)
                + "; tracing is off, the application runs normally");
    }
}
