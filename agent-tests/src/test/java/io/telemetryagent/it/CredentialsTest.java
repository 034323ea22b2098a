package io.telemetryagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.hosts.DemoService;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.FakeAwsCredentialEndpoints;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.XRayReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code "use_env": true} finds credentials exactly as the AWS SDKs do: each source of the default
 * chain, in a host JVM whose environment holds only that source, against local fakes that behave
 * as AWS's endpoints do. The receiver accepts only calls signed with the key the source handed out
 * (and its session token, for temporary credentials), so a segment that arrives proves the source
 * was used. Every host is hermetic: no profile files but the test's, no instance metadata but the
 * fake's, a home directory of its own (where an SSO login leaves its token: {@code ~/.aws/sso/cache}).
 * STS, the SSO portal and SSO OIDC are reached as the SDK reaches any service at another endpoint,
 * through {@code AWS_ENDPOINT_URL_STS}, {@code _SSO} and {@code _SSO_OIDC}.
 */
@ExtendWith(HostOutputOnFailure.class)
class CredentialsTest {

    private static final Duration ARRIVAL = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private FakeAwsCredentialEndpoints aws;
    private XRayReceiver receiver;
    private HostJvm host;

    @BeforeEach
    void startFakes() {
        aws = new FakeAwsCredentialEndpoints("ASIAFAKE", "web-identity-token-" + System.nanoTime(), "container-token-secret");
    }

    @AfterEach
    void stop() {
        Support.closeAll(host, receiver, aws);
    }

    @Test
    void environmentVariablesWithSessionToken() {
        receiver = receiverAccepting("ASIAENVKEY", "env-secret-doNotPrint", "env-session-token-doNotPrint");
        host = host("env", Map.of("AWS_ACCESS_KEY_ID", "ASIAENVKEY", "AWS_SECRET_ACCESS_KEY", "env-secret-doNotPrint",
                "AWS_SESSION_TOKEN", "env-session-token-doNotPrint"), Map.of());

        assertExportsSignedWith("ASIAENVKEY");
    }

    @Test
    void javaSystemProperties() {
        receiver = receiverAccepting("AKIAPROPERTYKEY", "property-secret-doNotPrint", null);
        host = host("properties", Map.of(), Map.of("aws.accessKeyId", "AKIAPROPERTYKEY",
                "aws.secretAccessKey", "property-secret-doNotPrint"));

        assertExportsSignedWith("AKIAPROPERTYKEY");
    }

    @Test
    void webIdentityThroughStsAssumeRoleWithWebIdentity() throws IOException {
        FakeAwsCredentialEndpoints sts = aws;
        Path token = Files.writeString(dir.resolve("token"), sts.webIdentityToken());
        receiver = receiverAccepting(sts.keyId(1), sts.secret(1), sts.sessionToken(1));
        host = host("irsa", Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString(),
                "AWS_ROLE_ARN", FakeAwsCredentialEndpoints.ROLE_ARN, "AWS_ROLE_SESSION_NAME", "telemetry-test",
                "AWS_ENDPOINT_URL_STS", sts.url(), "AWS_REGION", Configs.REGION), Map.of());

        assertExportsSignedWith(sts.keyId(1));
        assertTrue(sts.callsSoFar().contains("sts"), sts.callsSoFar().toString());
    }

    @Test
    void profileFileWithKeysAndACredentialProcessProfile() throws IOException {
        Path script = Files.writeString(dir.resolve("credentials.sh"), "#!/bin/sh\n"
                + "echo '{\"Version\": 1, \"AccessKeyId\": \"ASIAPROCESSKEY\", \"SecretAccessKey\": \"process-secret-doNotPrint\","
                + " \"SessionToken\": \"process-token-doNotPrint\", \"Expiration\": \"2099-01-01T00:00:00Z\"}'\n");
        Files.writeString(dir.resolve("config"), "[profile from-process]\ncredential_process = /bin/sh " + script + "\n"
                + "[profile from-keys]\nregion = " + Configs.REGION + "\n");
        Files.writeString(dir.resolve("credentials"), "[from-keys]\naws_access_key_id = AKIAPROFILEKEY\n"
                + "aws_secret_access_key = profile-secret-doNotPrint\n");
        receiver = XRayReceiver.builder().alsoAccept("AKIAPROFILEKEY", "profile-secret-doNotPrint", null)
                .alsoAccept("ASIAPROCESSKEY", "process-secret-doNotPrint", "process-token-doNotPrint").start();

        host = host("profile-keys", Map.of("AWS_PROFILE", "from-keys"), Map.of());
        assertExportsSignedWith("AKIAPROFILEKEY");
        host.close();

        host = host("profile-process", Map.of("AWS_PROFILE", "from-process"), Map.of());
        assertExportsSignedWith("ASIAPROCESSKEY");
    }

    @Test
    void ssoProfileWithACachedLogin() throws IOException {
        aws.acceptSsoToken("sso-access-token-doNotPrint");
        writeSsoSessionProfile();
        writeSsoCache(SSO_SESSION, "sso-access-token-doNotPrint", Instant.now().plus(Duration.ofHours(8)));
        receiver = receiverAcceptingAws(1);
        host = host("sso", Map.of("AWS_PROFILE", "sso-dev", "AWS_ENDPOINT_URL_SSO", aws.url()), Map.of());

        assertExportsSignedWith(aws.keyId(1));
        assertEquals(List.of("sso"), aws.callsSoFar(), "GetRoleCredentials, with the cached token");
    }

    @Test
    void ssoRoleCredentialsAreRefreshedWhileTheHostServes() throws IOException {
        // Role credentials due at once (the SDK renews them from 5 minutes before they expire):
        // the portal is asked again with the cached login's token, and the next key signs.
        aws.acceptSsoToken("sso-access-token-doNotPrint").firstExpiringIn(Duration.ofSeconds(90));
        writeSsoSessionProfile();
        writeSsoCache(SSO_SESSION, "sso-access-token-doNotPrint", Instant.now().plus(Duration.ofHours(8)));
        receiver = receiverAcceptingAws(1, 2);
        host = host("sso-role-refresh", Map.of("AWS_PROFILE", "sso-dev", "AWS_ENDPOINT_URL_SSO", aws.url()), Map.of());

        assertBothCredentialsSignWhileTheHostServes();
    }

    @Test
    void anExpiredSsoLoginIsRefreshedThroughSsoOidc() throws IOException {
        aws.acceptSsoRefresh("sso-client-id", "sso-client-secret-doNotPrint", "sso-refresh-doNotPrint",
                "sso-access-token-2-doNotPrint");
        writeSsoSessionProfile();
        Path cache = writeSsoCache(SSO_SESSION, "sso-access-token-1-doNotPrint", Instant.now().minus(Duration.ofHours(1)));
        receiver = receiverAcceptingAws(1);
        host = host("sso-refresh", Map.of("AWS_PROFILE", "sso-dev", "AWS_ENDPOINT_URL_SSO", aws.url(),
                "AWS_ENDPOINT_URL_SSO_OIDC", aws.url()), Map.of());

        assertExportsSignedWith(aws.keyId(1));
        assertEquals(List.of("sso-oidc refresh", "sso"), aws.callsSoFar(),
                "CreateToken with the refresh token, then GetRoleCredentials with the new access token");
        String cached = Files.readString(cache);
        assertTrue(cached.contains("sso-access-token-2-doNotPrint"), "the SDK keeps the new token where the CLI does: " + cached);
    }

    @Test
    void anExpiredSsoLoginWithoutARefreshIsOneLineSayingSo() throws IOException {
        // The legacy form (no sso_session): its token cannot be refreshed, only renewed by `aws sso login`.
        Files.writeString(dir.resolve("config"), "[profile sso-legacy]\nsso_start_url = " + SSO_START_URL + "\n"
                + "sso_region = " + Configs.REGION + "\nsso_account_id = " + FakeAwsCredentialEndpoints.SSO_ACCOUNT_ID + "\n"
                + "sso_role_name = " + FakeAwsCredentialEndpoints.SSO_ROLE_NAME + "\nregion = " + Configs.REGION + "\n");
        writeSsoCache(SSO_START_URL, "sso-access-token-old-doNotPrint", Instant.now().minus(Duration.ofMinutes(5)));
        receiver = XRayReceiver.startNew();
        host = host("sso-expired", Map.of("AWS_PROFILE", "sso-legacy", "AWS_ENDPOINT_URL_SSO", aws.url()), Map.of());

        for (int i = 0; i < 3; i++) {
            assertEquals(200, host.get("/hello").status());
        }

        String line = host.awaitStderr(l -> l.contains("no AWS credentials"), ARRIVAL);
        assertTrue(line.contains("aws sso login"), "what to do, in: " + line);
        assertSaidOnceAndNothingExported();
        assertEquals(List.of(), aws.callsSoFar(), "an expired token is not sent to the portal");
        assertNoSecretsPrinted();
    }

    @Test
    void containerCredentialsWithAnAuthorizationTokenFile() throws IOException {
        Path token = Files.writeString(dir.resolve("eks-pod-identity-token"), "container-token-secret");
        receiver = receiverAcceptingAws(1);
        host = host("container", Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", aws.url() + "/container-credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token.toString()), Map.of());

        assertExportsSignedWith(aws.keyId(1));
        assertTrue(aws.callsSoFar().contains("container"), aws.callsSoFar().toString());
        assertFalse(aws.callsSoFar().stream().anyMatch(c -> c.startsWith("container refused")), aws.callsSoFar().toString());
    }

    @Test
    void instanceRoleThroughImdsV2Only() {
        receiver = receiverAcceptingAws(1);
        Map<String, String> env = new LinkedHashMap<>(hermetic());
        env.remove("AWS_EC2_METADATA_DISABLED");
        env.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", aws.url());
        host = hostWith("imds", env, Map.of());

        assertExportsSignedWith(aws.keyId(1));
        List<String> calls = aws.callsSoFar();
        assertTrue(calls.contains("imds-token") && calls.contains("imds-credentials"), calls.toString());
        assertFalse(calls.stream().anyMatch(c -> c.contains("IMDSv1")), "a call without the session token: " + calls);
    }

    @Test
    void temporaryCredentialsAreRefreshedWhileTheHostServes() throws IOException {
        // The SDK refreshes container credentials from 15 minutes before they expire (with
        // jitter) and at the latest a minute before: these are due at once, so the first call
        // goes with them and a later one with the next.
        aws.firstExpiringIn(Duration.ofSeconds(90));
        Path token = Files.writeString(dir.resolve("token"), "container-token-secret");
        receiver = receiverAcceptingAws(1, 2);
        host = host("refresh", Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", aws.url() + "/container-credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token.toString()), Map.of());

        assertBothCredentialsSignWhileTheHostServes();
    }

    @Test
    void noCredentialsAnywhereIsOneLineNamingTheSources() {
        receiver = XRayReceiver.startNew();
        host = host("nothing", Map.of(), Map.of());

        for (int i = 0; i < 3; i++) {
            assertEquals(200, host.get("/hello").status());
        }

        String line = host.awaitStderr(l -> l.contains("no AWS credentials"), ARRIVAL);
        for (String source : List.of("aws.accessKeyId", "AWS_ACCESS_KEY_ID", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_PROFILE",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI", "IMDSv2")) {
            assertTrue(line.contains(source), source + " in: " + line);
        }
        assertSaidOnceAndNothingExported();
    }

    // --- helpers

    private static final String SSO_SESSION = "telemetry-sso";
    private static final String SSO_START_URL = "https://d-0123456789.awsapps.com/start";

    /** A profile {@code sso-dev} on an {@code sso-session} section, as {@code aws configure sso} writes them. */
    private void writeSsoSessionProfile() throws IOException {
        Files.writeString(dir.resolve("config"), "[profile sso-dev]\nsso_session = " + SSO_SESSION + "\n"
                + "sso_account_id = " + FakeAwsCredentialEndpoints.SSO_ACCOUNT_ID + "\n"
                + "sso_role_name = " + FakeAwsCredentialEndpoints.SSO_ROLE_NAME + "\nregion = " + Configs.REGION + "\n\n"
                + "[sso-session " + SSO_SESSION + "]\nsso_start_url = " + SSO_START_URL + "\n"
                + "sso_region = " + Configs.REGION + "\nsso_registration_scopes = sso:account:access\n");
    }

    /**
     * The token {@code aws sso login} leaves in {@code ~/.aws/sso/cache/<sha1 of the session name, or of
     * the start URL for a legacy profile>.json}, with the client registration a refresh needs.
     */
    private Path writeSsoCache(String key, String accessToken, Instant expiresAt) throws IOException {
        Path cache = Files.createDirectories(dir.resolve(".aws/sso/cache")).resolve(sha1(key) + ".json");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return Files.writeString(cache, "{\"startUrl\": \"" + SSO_START_URL + "\", \"region\": \"" + Configs.REGION + "\","
                + " \"accessToken\": \"" + accessToken + "\", \"expiresAt\": \"" + expiresAt.truncatedTo(ChronoUnit.SECONDS) + "\","
                + " \"clientId\": \"sso-client-id\", \"clientSecret\": \"sso-client-secret-doNotPrint\","
                + " \"registrationExpiresAt\": \"" + now.plus(Duration.ofDays(90)) + "\", \"refreshToken\": \"sso-refresh-doNotPrint\"}");
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static XRayReceiver receiverAccepting(String keyId, String secret, String sessionToken) {
        return XRayReceiver.builder().alsoAccept(keyId, secret, sessionToken).start();
    }

    /** A receiver accepting the fake endpoints' credentials of each generation given (1 the first they hand out). */
    private XRayReceiver receiverAcceptingAws(int... generations) {
        XRayReceiver.Builder builder = XRayReceiver.builder();
        for (int n : generations) {
            builder.alsoAccept(aws.keyId(n), aws.secret(n), aws.sessionToken(n));
        }
        return builder.start();
    }

    /** No source of the chain but those the test gives: no profile files, no instance metadata, a home of its own. */
    private Map<String, String> hermetic() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_CONFIG_FILE", dir.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("HOME", dir.toString());
        return env;
    }

    private HostJvm host(String name, Map<String, String> source, Map<String, String> properties) {
        Map<String, String> env = new LinkedHashMap<>(hermetic());
        env.putAll(source);
        return hostWith(name, env, properties);
    }

    private HostJvm hostWith(String name, Map<String, String> env, Map<String, String> properties) {
        Configs config = Configs.to(receiver).serviceName("credentials-" + name).set("exporters.xray.use_env", true)
                .remove("exporters.xray.access_key_id").remove("exporters.xray.secret_access_key");
        HostJvm.Builder builder = HostJvm.builder(DemoService.class).config(config)
                .systemProperty("user.home", dir.toString());
        env.forEach(builder::env);
        properties.forEach(builder::systemProperty);
        return builder.start();
    }

    private void assertExportsSignedWith(String keyId) {
        String userAgent = HostJvm.marker("credentials");
        assertEquals(200, host.get("/hello", Map.of("User-Agent", userAgent)).status());
        receiver.awaitDocuments(d -> userAgent.equals(d.at("/http/request/user_agent").asText()), 1, ARRIVAL);
        assertTrue(receiver.keyIdsSeen().contains(keyId), receiver.keyIdsSeen() + "\n" + aws.callsSoFar());
        assertEquals(List.of(), receiver.authFailures());
        assertNoSecretsPrinted();
    }

    /**
     * Calls the host for up to two minutes until exports have been signed with the first
     * credentials and with the ones that replaced them; nothing refused, no secret printed.
     */
    private void assertBothCredentialsSignWhileTheHostServes() {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < end && receiver.keyIdsSeen().size() < 2) {
            assertEquals(200, host.get("/hello").status());
            sleep(500);
        }

        // Both keys signed calls; in either order, since four calls can be in flight and the one
        // signed with the second key may be answered first.
        assertEquals(Set.of(aws.keyId(1), aws.keyId(2)), Set.copyOf(receiver.keyIdsSeen()),
                aws.callsSoFar() + "\n" + receiver.describe());
        assertEquals(List.of(), receiver.authFailures());
        assertNoSecretsPrinted();
    }

    /** Seconds after the "no AWS credentials" line, and a request later: not said again, nothing exported. */
    private void assertSaidOnceAndNothingExported() {
        sleep(3000);
        assertEquals(200, host.get("/hello").status());
        sleep(2000);
        assertEquals(1, host.agentLines().stream().filter(l -> l.contains("no AWS credentials")).count(),
                "said once: " + host.describe());
        assertEquals(0, receiver.requestCount());
    }

    private void assertNoSecretsPrinted() {
        Support.assertOnlyAgentLinesOnStderr(host);
        for (String line : host.agentLines()) {
            assertFalse(line.contains("doNotPrint") || line.contains("container-token-secret"), line);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted"));
        }
    }
}
