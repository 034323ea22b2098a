package io.telemetryagent.config;

import com.fasterxml.jackson.databind.node.DecimalNode;
import java.math.BigDecimal;

/**
 * A number with a fraction or an exponent, exact, that shows itself in messages as the user wrote
 * it ({@code 1e400}, not {@code 1E+400}; {@code 100.0}, not {@code 100}).
 */
final class WrittenDecimal extends DecimalNode {

    private static final long serialVersionUID = 1L;

    private final String written;

    WrittenDecimal(BigDecimal value, String written) {
        super(value);
        this.written = written;
    }

    @Override
    public String asText() {
        return written;
    }
}
