package io.telemetryagent.config;

import static io.telemetryagent.config.Configs.assertProblem;
import static io.telemetryagent.config.Configs.load;
import static io.telemetryagent.config.Configs.withTop;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The block-level switches sanitized_query (default off) and log_correlation (default on). */
class BlockFlagsTest {

    @Test
    void sanitizedQueryIsOffByDefault() throws ConfigException {
        assertFalse(load(withTop("'sample_rate': 1")).sanitizedQuery());
        assertFalse(load(withTop("'sanitized_query': false")).sanitizedQuery());
        assertTrue(load(withTop("'sanitized_query': true")).sanitizedQuery());
    }

    @Test
    void logCorrelationIsOnByDefault() throws ConfigException {
        assertTrue(load(withTop("'sample_rate': 1")).logCorrelation());
        assertTrue(load(withTop("'log_correlation': true")).logCorrelation());
        assertFalse(load(withTop("'log_correlation': false")).logCorrelation());
    }

    @Test
    void rejectsAQuotedBoolean() {
        assertProblem(withTop("'sanitized_query': 'true'"),
                "sanitized_query is \"true\", must be true or false (without quotes)");
        assertProblem(withTop("'log_correlation': 'false'"),
                "log_correlation is \"false\", must be true or false (without quotes)");
    }

    @Test
    void rejectsANumberOrNull() {
        assertProblem(withTop("'sanitized_query': 1"), "sanitized_query is 1, must be true or false");
        assertProblem(withTop("'log_correlation': null"), "log_correlation is null, must be true or false");
    }

    @Test
    void pointsAFlagMisplacedInXrayToTheTopOfTheBlock() {
        Configs.assertRejected(Configs.withXray(Configs.XRAY + ", 'log_correlation': false"),
                "unknown field \"exporters.xray.log_correlation\"",
                "did you mean \"log_correlation\"? (it belongs at the top of the block)");
    }
}
