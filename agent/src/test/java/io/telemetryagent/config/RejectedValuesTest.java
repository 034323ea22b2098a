package io.telemetryagent.config;

import static io.telemetryagent.config.Configs.KEYS;
import static io.telemetryagent.config.Configs.XRAY;
import static io.telemetryagent.config.Configs.assertProblem;
import static io.telemetryagent.config.Configs.assertRejected;
import static io.telemetryagent.config.Configs.block;
import static io.telemetryagent.config.Configs.withTop;
import static io.telemetryagent.config.Configs.withXray;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Wrong types and values of known fields: each message names the field, the value and the fix. */
class RejectedValuesTest {

    @Test
    void rejectsSampleRateAbove100() {
        assertProblem(withTop("'sample_rate': 150"),
                "sample_rate is 150, must be an integer from 0 to 100 (percent of new traces recorded)");
    }

    @Test
    void rejectsNegativeSampleRate() {
        assertRejected(withTop("'sample_rate': -1"), "sample_rate is -1,", "from 0 to 100");
    }

    @Test
    void rejectsSampleRateWrittenAsString() {
        assertProblem(withTop("'sample_rate': '50'"), "sample_rate is \"50\" (a string), must be an integer from 0"
                + " to 100 (percent of new traces recorded); write it without quotes: 50");
    }

    @Test
    void rejectsFractionalSampleRate() {
        assertRejected(withTop("'sample_rate': 50.5"), "sample_rate is 50.5,", "must be an integer from 0 to 100");
    }

    @Test
    void rejectsSampleRateWithDecimalPointEvenWhenIntegral() {
        assertRejected(withTop("'sample_rate': 100.0"), "sample_rate is 100.0,", "write it without a decimal point: 100");
    }

    @Test
    void rejectsBooleanSampleRate() {
        assertRejected(withTop("'sample_rate': true"), "sample_rate is true,", "must be an integer from 0 to 100");
    }

    @Test
    void rejectsNullSampleRate() {
        assertRejected(withTop("'sample_rate': null"), "sample_rate is null,", "remove the field for the default (0");
    }

    @Test
    void rejectsSampleRateBeyondLongRange() {
        assertRejected(withTop("'sample_rate': 99999999999999999999"), "sample_rate is 99999999999999999999,");
    }

    @Test
    void rejectsAHugeExponentAtOnce() {
        // 1e30000000 is JSON; computing its integer value (BlockReader's "write it without a
        // decimal point" hint) took more than 30 s and a gigabyte on the host's start-up path.
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertRejected(withTop("'sample_rate': 1e30000000"),
                "is not valid JSON at line 1, column 17: a number with an exponent beyond 1000; fix the JSON there"));
    }

    @Test
    void rejectsReportingPeriodWrittenAsString() {
        assertRejected(withTop("'reporting_period': '1'"), "reporting_period is \"1\" (a string)",
                "whole number of seconds", "write it without quotes: 1");
    }

    @Test
    void rejectsFractionalReportingPeriod() {
        assertRejected(withTop("'reporting_period': 0.5"), "reporting_period is 0.5,", "whole number of seconds");
    }

    @Test
    void rejectsReportingPeriodBeyondIntRange() {
        assertRejected(withTop("'reporting_period': 3000000000"), "reporting_period is 3000000000,",
                "must be at most 3600 seconds");
    }

    @Test
    void rejectsReportingPeriodBeyondAnHour() {
        // Issue 18: 1000000000 (31 years) was accepted.
        assertProblem(withTop("'reporting_period': 1000000000"),
                "reporting_period is 1000000000, must be at most 3600 seconds (an hour); the usual value is 1");
        assertRejected(withTop("'reporting_period': 3601"), "reporting_period is 3601,");
    }

    @Test
    void rejectsAHugeSampleRateInAShortLine() {
        // Issue 18: 1e400 gave a 611-character line (its 401 digits as a hint).
        assertProblem(withTop("'sample_rate': 1e400"),
                "sample_rate is 1e400, must be an integer from 0 to 100 (percent of new traces recorded)");
    }

    @Test
    void rejectsAnEndpointPortBeyond65535() {
        // Issue 18: port 99999 was accepted and failed at the first send.
        assertProblem(withXray(XRAY + ", 'endpoint': 'http://127.0.0.1:99999'"),
                "exporters.xray.endpoint is \"http://127.0.0.1:99999\", its port 99999 is not from 1 to 65535,"
                        + " must be an absolute http or https URL such as \"http://127.0.0.1:2000\";"
                        + " remove it to use the region's public endpoint");
        assertRejected(withXray(XRAY + ", 'endpoint': 'http://127.0.0.1:0'"), "its port 0 is not from 1 to 65535");
    }

    @Test
    void rejectsEnabledLayersThatIsNotAnObject() {
        assertRejected(withTop("'enabled_layers': ['router']"), "enabled_layers is an array, must be an object",
                "remove it to trace all three");
    }

    @Test
    void rejectsLayerFlagWrittenAsString() {
        assertProblem(withTop("'enabled_layers': {'router': 'true'}"),
                "enabled_layers.router is \"true\", must be true or false (without quotes)");
    }

    @Test
    void rejectsLayerFlagWrittenAsNumber() {
        assertProblem(withTop("'enabled_layers': {'pipe': 1}"), "enabled_layers.pipe is 1, must be true or false");
    }

    @Test
    void rejectsNullLayerFlag() {
        assertRejected(withTop("'enabled_layers': {'backend': null}"), "enabled_layers.backend is null, must be true or false");
    }

    @Test
    void rejectsMissingExporters() {
        assertRejected(Configs.json("{'sample_rate': 10}"), "exporters.xray is missing", "add \"exporters\"", "region");
    }

    @Test
    void rejectsExportersWithoutXray() {
        assertRejected(Configs.json("{'exporters': {}}"), "exporters.xray is missing", "X-Ray only");
    }

    @Test
    void rejectsExportersWithOnlyAnotherKrakendExporter() {
        assertRejected(Configs.json("{'exporters': {'jaeger': {'endpoint': 'http://jaeger:14268'}}}"),
                "exporters.xray is missing");
    }

    @Test
    void rejectsExportersThatIsAnArray() {
        assertRejected(Configs.json("{'exporters': [{'xray': {}}]}"), "exporters is an array, must be an object");
    }

    @Test
    void rejectsXrayThatIsAString() {
        assertRejected(Configs.json("{'exporters': {'xray': 'eu-west-1'}}"),
                "exporters.xray is \"eu-west-1\", must be an object");
    }

    @Test
    void rejectsMissingRegion() {
        assertProblem(withXray(KEYS), "exporters.xray.region is missing; add the AWS region to send traces to,"
                + " e.g. \"region\": \"eu-west-1\"");
    }

    @Test
    void rejectsEmptyRegion() {
        assertRejected(withXray("'region': '', " + KEYS), "exporters.xray.region is \"\",", "AWS region code");
    }

    @Test
    void rejectsRegionInUpperCaseSuggestingLowerCase() {
        assertProblem(withXray("'region': 'EU-WEST-1', " + KEYS), "exporters.xray.region is \"EU-WEST-1\", must be an"
                + " AWS region code such as \"eu-west-1\" (lowercase letters, digits and dashes); did you mean \"eu-west-1\"?");
    }

    @Test
    void rejectsRegionThatIsAPlaceName() {
        assertRejected(withXray("'region': 'Ireland', " + KEYS), "exporters.xray.region is \"Ireland\",",
                "such as \"eu-west-1\"");
    }

    @Test
    void rejectsRegionWithSurroundingSpacesInsteadOfTrimmingIt() {
        assertRejected(withXray("'region': ' eu-west-1', " + KEYS), "exporters.xray.region is \" eu-west-1\",",
                "did you mean \"eu-west-1\"?");
    }

    @Test
    void rejectsRegionWithoutNumber() {
        assertRejected(withXray("'region': 'eu-west', " + KEYS), "exporters.xray.region is \"eu-west\",");
    }

    @Test
    void rejectsNumericRegion() {
        assertRejected(withXray("'region': 1, " + KEYS), "exporters.xray.region is 1,", "AWS region code");
    }

    @Test
    void rejectsRegionWithLineBreakShowingItEscaped() {
        assertRejected(withXray("'region': 'eu-west-1\\n', " + KEYS), "exporters.xray.region is \"eu-west-1\\n\",");
    }

    @Test
    void cutsLongValuesInMessages() {
        String longRegion = "x".repeat(500);
        String message = assertRejected(withXray("'region': '" + longRegion + "', " + KEYS),
                "exporters.xray.region is \"" + "x".repeat(60) + "...\",");
        assertFalse(message.contains("x".repeat(61)));
    }

    @Test
    void rejectsEmptyVersion() {
        assertRejected(withXray(XRAY + ", 'version': ''"), "exporters.xray.version is \"\", must be a non-empty string",
                "remove it for the default \"telemetry-agent\"");
    }

    @Test
    void rejectsNumericVersionSuggestingQuotes() {
        assertRejected(withXray(XRAY + ", 'version': 1.2"), "exporters.xray.version is 1.2,", "write it in quotes: \"1.2\"");
    }

    @Test
    void rejectsUseEnvWrittenAsString() {
        assertProblem(withXray("'region': 'eu-west-1', 'use_env': 'true'"),
                "exporters.xray.use_env is \"true\", must be true or false (without quotes)");
    }

    @Test
    void rejectsEndpointWithoutScheme() {
        assertRejected(withXray(XRAY + ", 'endpoint': 'localhost:2000'"), "exporters.xray.endpoint is \"localhost:2000\",",
                "must be an absolute http or https URL", "remove it to use the region's public endpoint");
    }

    @Test
    void rejectsEndpointWithFtpScheme() {
        assertRejected(withXray(XRAY + ", 'endpoint': 'ftp://xray.local'"), "exporters.xray.endpoint is \"ftp://xray.local\",");
    }

    @Test
    void rejectsRelativeEndpoint() {
        assertRejected(withXray(XRAY + ", 'endpoint': '/xray'"), "exporters.xray.endpoint is \"/xray\",", "absolute http or https URL");
    }

    @Test
    void rejectsEndpointThatDoesNotParse() {
        assertRejected(withXray(XRAY + ", 'endpoint': 'http://x ray:2000'"), "exporters.xray.endpoint is \"http://x ray:2000\", not a valid URL");
    }

    @Test
    void rejectsEndpointWithQuery() {
        assertRejected(withXray(XRAY + ", 'endpoint': 'http://127.0.0.1:2000/?a=1'"), "exporters.xray.endpoint is",
                "must have no query");
    }

    @Test
    void rejectsEmptyEndpoint() {
        assertRejected(withXray(XRAY + ", 'endpoint': ''"), "exporters.xray.endpoint is \"\",");
    }

    @Test
    void rejectsEmptyServiceName() {
        assertRejected(withTop("'service_name': ''"), "service_name is \"\", must be 1 to 200 letters");
    }

    @Test
    void rejectsServiceNameWithCharactersXRayRefuses() {
        assertRejected(withTop("'service_name': 'orders{v2}'"), "service_name is \"orders{v2}\",",
                "letters, digits, spaces and _ . : / % & # = + \\ - @");
    }

    @Test
    void rejectsServiceNameLongerThan200Characters() {
        assertRejected(withTop("'service_name': '" + "a".repeat(201) + "'"), "service_name is \"aaa", "1 to 200");
    }

    @Test
    void rejectsNumericServiceName() {
        assertRejected(withTop("'service_name': 42"), "service_name is 42,");
    }

    @Test
    void rejectsEmptyBlock() {
        assertRejected("{}", "block is empty", "exporters.xray", "region");
    }

    @Test
    void usesOnlyTheFirstProblem() {
        String message = assertRejected(block("'sample_rate': 150, 'reporting_period': 'x'", XRAY), "sample_rate");
        assertFalse(message.contains("reporting_period"));
    }

    @Test
    void rejectsAFieldGivenTwice() {
        assertProblem(withTop("'sample_rate': 10, 'sample_rate': 100"),
                "field \"sample_rate\" appears twice in telemetry/opencensus; keep one (JSON would silently use the last)");
    }

    @Test
    void rejectsANestedFieldGivenTwice() {
        assertRejected(withXray(XRAY + ", 'region': 'us-east-1'"), "field \"exporters.xray.region\" appears twice");
    }
}
