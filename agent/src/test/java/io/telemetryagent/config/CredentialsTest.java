package io.telemetryagent.config;

import static io.telemetryagent.config.Configs.ACCESS_KEY;
import static io.telemetryagent.config.Configs.KEYS;
import static io.telemetryagent.config.Configs.SECRET;
import static io.telemetryagent.config.Configs.assertProblem;
import static io.telemetryagent.config.Configs.assertRejected;
import static io.telemetryagent.config.Configs.load;
import static io.telemetryagent.config.Configs.withXray;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Static keys or use_env: exactly one source of credentials, and no key value ever shown. */
class CredentialsTest {

    private static final String REGION = "'region': 'eu-west-1', ";

    @Test
    void readsStaticKeys() throws ConfigException {
        TelemetryConfig config = load(withXray(REGION + KEYS));
        assertFalse(config.useEnv());
        assertEquals(ACCESS_KEY, config.accessKeyId());
        assertEquals(SECRET, config.secretAccessKey());
    }

    @Test
    void readsUseEnvWithoutKeys() throws ConfigException {
        TelemetryConfig config = load(withXray(REGION + "'use_env': true"));
        assertTrue(config.useEnv());
        assertNull(config.accessKeyId());
        assertNull(config.secretAccessKey());
    }

    @Test
    void useEnvFalseStillNeedsTheKeys() {
        assertRejected(withXray(REGION + "'use_env': false"), "exporters.xray has no credentials",
                "add access_key_id and secret_access_key", "or set \"use_env\": true");
    }

    @Test
    void rejectsMissingCredentials() {
        assertProblem(withXray("'region': 'eu-west-1'"), "exporters.xray has no credentials; add access_key_id and"
                + " secret_access_key, or set \"use_env\": true to take credentials from the environment"
                + " (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)");
    }

    @Test
    void rejectsAccessKeyWithoutSecretNamingTheMissingOne() {
        assertRejected(withXray(REGION + "'access_key_id': '" + ACCESS_KEY + "'"),
                "exporters.xray.secret_access_key is missing", "need both access_key_id and secret_access_key");
    }

    @Test
    void rejectsSecretWithoutAccessKeyNamingTheMissingOne() {
        assertRejected(withXray(REGION + "'secret_access_key': '" + SECRET + "'"),
                "exporters.xray.access_key_id is missing");
    }

    /** Two sources is ambiguous: guessing wrong would send the traces to another AWS account. */
    @Test
    void rejectsUseEnvTogetherWithKeys() {
        assertProblem(withXray(REGION + "'use_env': true, " + KEYS), "exporters.xray has \"use_env\": true and also"
                + " access_key_id and secret_access_key; give one source of credentials: remove the keys to use the"
                + " environment's, or set \"use_env\": false to use the keys");
    }

    @Test
    void rejectsUseEnvTogetherWithOneKey() {
        assertRejected(withXray(REGION + "'use_env': true, 'secret_access_key': '" + SECRET + "'"),
                "\"use_env\": true and also secret_access_key;");
    }

    @Test
    void rejectsEmptySecretWithoutShowingIt() {
        assertProblem(withXray(REGION + "'access_key_id': '" + ACCESS_KEY + "', 'secret_access_key': ''"),
                "exporters.xray.secret_access_key must be a non-empty string, found an empty string (value hidden)");
    }

    @Test
    void rejectsNumericAccessKeyWithoutShowingIt() {
        assertProblem(withXray(REGION + "'access_key_id': 12345678, 'secret_access_key': '" + SECRET + "'"),
                "exporters.xray.access_key_id must be a non-empty string, found a number (value hidden)");
    }

    @Test
    void rejectsNullSecret() {
        assertRejected(withXray(REGION + "'access_key_id': '" + ACCESS_KEY + "', 'secret_access_key': null"),
                "exporters.xray.secret_access_key must be a non-empty string, found null (value hidden)");
    }

    @Test
    void rejectsSecretWithTrailingLineBreakWithoutShowingIt() {
        assertRejected(withXray(REGION + "'access_key_id': '" + ACCESS_KEY + "', 'secret_access_key': '" + SECRET + "\\n'"),
                "exporters.xray.secret_access_key has spaces or line breaks at its start or end (value hidden)");
    }

    @Test
    void rejectsAccessKeyWithLeadingSpace() {
        assertRejected(withXray(REGION + "'access_key_id': ' " + ACCESS_KEY + "', 'secret_access_key': '" + SECRET + "'"),
                "exporters.xray.access_key_id has spaces");
    }

    @Test
    void rejectsEndpointWithUserInfoWithoutShowingIt() {
        String message = assertRejected(withXray(REGION + KEYS + ", 'endpoint': 'http://admin:" + SECRET + "@xray.local'"),
                "exporters.xray.endpoint has user info (user:password@) before its host (value hidden);");
        assertFalse(message.contains("admin"));
    }
}
