package io.telemetryagent.config;

import static io.telemetryagent.config.Configs.ACCESS_KEY;
import static io.telemetryagent.config.Configs.KEYS;
import static io.telemetryagent.config.Configs.SECRET;
import static io.telemetryagent.config.Configs.block;
import static io.telemetryagent.config.Configs.json;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad configurations holding recognisable credentials: no message shows them, whatever went wrong. */
class SecretsNeverShownTest {

    static Stream<String> badConfigsHoldingCredentials() {
        return Stream.of(
                // Syntax errors near the keys: Jackson would quote the unquoted token.
                "{\"exporters\": {\"xray\": {\"region\": \"eu-west-1\", \"secret_access_key\": " + SECRET + "}}}",
                "{\"exporters\": {\"xray\": {\"region\": \"eu-west-1\", \"access_key_id\": " + ACCESS_KEY + "}}}",
                "{\"exporters\": {\"xray\": {\"secret_access_key\": \"" + SECRET + "\" \"x\": 1}}}",
                "{\"exporters\": {\"xray\": {\"secret_access_key\": \"" + SECRET + "\n\"}}}",
                "{\"exporters\": {\"xray\": {\"secret_access_key\": \"" + SECRET + "\"",
                // Credentials pasted into the wrong field.
                block("", "'region': '" + SECRET + "', " + KEYS),
                block("", "'region': 'eu-west-1', 'version': '', " + KEYS),
                block("'service_name': '" + ACCESS_KEY + "{}'", "'region': 'eu-west-1', " + KEYS),
                block("", "'region': 'eu-west-1', " + KEYS + ", 'endpoint': '" + SECRET + "'"),
                block("", "'region': 'eu-west-1', " + KEYS + ", 'endpoint': 'http://" + ACCESS_KEY + ":" + SECRET + "@h'"),
                block("", "'region': 'eu-west-1', " + KEYS + ", 'endpoint': 'http://a b@" + SECRET + "'"),
                // Bad credential values and credential conflicts.
                block("", "'region': 'eu-west-1', 'use_env': true, " + KEYS),
                block("", "'region': 'eu-west-1', 'access_key_id': '" + ACCESS_KEY + "'"),
                block("", "'region': 'eu-west-1', 'secret_access_key': '" + SECRET + "'"),
                block("", "'region': 'eu-west-1', 'access_key_id': ' " + ACCESS_KEY + "', 'secret_access_key': '" + SECRET + "'"),
                block("", "'region': 'eu-west-1', 'access_key_id': '" + ACCESS_KEY + "', 'secret_access_key': '" + SECRET + " '"),
                block("", "'region': 'eu-west-1', 'access_key_id': '" + ACCESS_KEY + "', 'secret_access_key': ['" + SECRET + "']"),
                block("", "'region': 'eu-west-1', 'access_key_id': {'id': '" + ACCESS_KEY + "'}, 'secret_access_key': '" + SECRET + "'"),
                // Misspelled or misplaced credential fields.
                block("", "'region': 'eu-west-1', 'access_key': '" + ACCESS_KEY + "', 'secret_key': '" + SECRET + "'"),
                block("'secret_access_key': '" + SECRET + "'", "'region': 'eu-west-1', " + KEYS),
                json("{'exporters': {'xray': ['" + SECRET + "']}}"),
                json("{'exporters': ['" + SECRET + "']}"),
                json("{'extra_config': {'telemetry/opencensus': {'sample_rate': '" + SECRET + "', "
                        + "'exporters': {'xray': {" + KEYS + "}}}}}"));
    }

    @ParameterizedTest
    @MethodSource("badConfigsHoldingCredentials")
    void noMessageShowsACredential(String config) {
        // checked() asserts one line and that neither value appears.
        Configs.rejection(config, Map.of());
    }

    @ParameterizedTest
    @MethodSource("badConfigsHoldingCredentials")
    void noMessageShowsACredentialFromAFileOrTheEnvironment(String config) {
        String message = Configs.rejection(null, Map.of("TELEMETRY_CONFIG", config));
        assertFalse(message.contains("wJalr") || message.contains("AKIAQ"), message);
    }

    @org.junit.jupiter.api.Test
    void hidesAKeyGivenAsAFieldName() {
        // ConfigFuzzTest's finding (ConfigFuzzTestInputs/.../finding-secret-in-a-field-name): a
        // secret in an unknown field's name was quoted in the message.
        String message = Configs.rejection(Configs.withXray("'region': 'eu-west-1', 'use_env': true, '"
                + Configs.SECRET + "': 'secret_access_key'"));
        org.junit.jupiter.api.Assertions.assertTrue(message.contains("unknown field \"exporters.xray.(hidden)\""), message);
        message = Configs.rejection(Configs.withXray("'region': '" + Configs.ACCESS_KEY + "', 'use_env': true"));
        org.junit.jupiter.api.Assertions.assertTrue(message.contains("exporters.xray.region is \"(hidden)\""), message);
    }
}
