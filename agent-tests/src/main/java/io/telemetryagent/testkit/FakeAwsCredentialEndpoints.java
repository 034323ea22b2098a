package io.telemetryagent.testkit;

import com.example.hosts.Http;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Local stand-ins for the places the AWS SDK's default credentials chain asks, each behaving as
 * AWS's does where it matters to a client, on one HTTP server on 127.0.0.1:
 * <ul>
 *   <li>STS {@code AssumeRoleWithWebIdentity} ({@code POST /}, form body; reach it with
 *       {@code AWS_ENDPOINT_URL_STS}): answers only for the expected role and token;</li>
 *   <li>container credentials ({@code GET /container-credentials}; {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}):
 *       answers only with the expected {@code Authorization} token, else 401;</li>
 *   <li>IMDSv2 ({@code AWS_EC2_METADATA_SERVICE_ENDPOINT}): {@code PUT /latest/api/token} with a TTL
 *       hands out a session token; every metadata read must carry it, a read without it (IMDSv1)
 *       is refused with 401;</li>
 *   <li>the IAM Identity Center (SSO) portal's {@code GetRoleCredentials} ({@code GET
 *       /federation/credentials?role_name=..&account_id=..}; {@code AWS_ENDPOINT_URL_SSO}): answers
 *       only for {@link #SSO_ACCOUNT_ID} and {@link #SSO_ROLE_NAME} with an access token it accepts
 *       ({@link #acceptSsoToken}) in {@code x-amz-sso_bearer_token}, else 401 {@code UnauthorizedException};</li>
 *   <li>SSO OIDC's {@code CreateToken} with a refresh token ({@code POST /token};
 *       {@code AWS_ENDPOINT_URL_SSO_OIDC}): answers only for the client and refresh token of
 *       {@link #acceptSsoRefresh}, with a new access token the portal then accepts, else 400
 *       {@code InvalidGrantException}.</li>
 * </ul>
 * Each source hands out credentials from {@link #credentials}: the n-th fetch gets the n-th key
 * ({@link #keyId}), so a refresh shows as a new key at the receiver. Credentials expire
 * {@link #expiresIn} after they are handed out.
 */
public final class FakeAwsCredentialEndpoints implements AutoCloseable {

    public static final String ROLE_NAME = "xray-writer";
    public static final String ROLE_ARN = "arn:aws:iam::123456789012:role/" + ROLE_NAME;
    public static final String SSO_ACCOUNT_ID = "123456789012";
    public static final String SSO_ROLE_NAME = "XRayWriterAccess";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final String expectedWebIdentityToken;
    private final String expectedContainerToken;
    private final String prefix;
    private final AtomicInteger fetches = new AtomicInteger();
    private final List<String> imdsTokens = new CopyOnWriteArrayList<>();
    /**
     * What each source was asked, in order: "sts", "container", "imds-token", "imds-role", "imds-credentials",
     * "sso", "sso-oidc refresh", and refusals.
     */
    public final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile Duration expiresIn = Duration.ofHours(1);
    private volatile Duration firstExpiresIn;
    private final Set<String> ssoAccessTokens = ConcurrentHashMap.newKeySet();
    /** clientId, clientSecret, refreshToken and the access token a refresh hands out. */
    private volatile String[] ssoRefresh;

    /**
     * @param prefix                   the start of every access key id handed out (e.g. {@code ASIASTS})
     * @param expectedWebIdentityToken the token STS accepts
     * @param expectedContainerToken   the {@code Authorization} value the container endpoint accepts
     */
    public FakeAwsCredentialEndpoints(String prefix, String expectedWebIdentityToken, String expectedContainerToken) {
        this.prefix = prefix;
        this.expectedWebIdentityToken = expectedWebIdentityToken;
        this.expectedContainerToken = expectedContainerToken;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fake-aws-credentials");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The first credentials handed out expire this soon (a refresh while the host serves); the later ones in an hour. */
    public FakeAwsCredentialEndpoints firstExpiringIn(Duration soon) {
        this.firstExpiresIn = soon;
        return this;
    }

    /** The SSO portal answers {@code GetRoleCredentials} carrying this access token (from the SSO cache). */
    public FakeAwsCredentialEndpoints acceptSsoToken(String accessToken) {
        ssoAccessTokens.add(accessToken);
        return this;
    }

    /**
     * SSO OIDC's {@code CreateToken} exchanges this client's refresh token for {@code newAccessToken},
     * which the portal then accepts.
     */
    public FakeAwsCredentialEndpoints acceptSsoRefresh(String clientId, String clientSecret, String refreshToken,
                                                       String newAccessToken) {
        ssoRefresh = new String[] {clientId, clientSecret, refreshToken, newAccessToken};
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The token STS accepts: write it to the file AWS_WEB_IDENTITY_TOKEN_FILE names. */
    public String webIdentityToken() {
        return expectedWebIdentityToken;
    }

    /** The access key id of the n-th credentials handed out (1-based). */
    public String keyId(int n) {
        return prefix + String.format("%04d", n);
    }

    /** The secret of the n-th credentials. */
    public String secret(int n) {
        return "secret-" + prefix + "-" + n + "-doNotPrint";
    }

    /** The session token of the n-th credentials. */
    public String sessionToken(int n) {
        return "token-" + prefix + "-" + n + "-doNotPrint";
    }

    /** How many credentials were handed out so far. */
    public int handedOut() {
        return fetches.get();
    }

    private Map<String, String> next() {
        int n = fetches.incrementAndGet();
        Duration life = n == 1 && firstExpiresIn != null ? firstExpiresIn : expiresIn;
        Map<String, String> credentials = new HashMap<>();
        credentials.put("AccessKeyId", keyId(n));
        credentials.put("SecretAccessKey", secret(n));
        credentials.put("Token", sessionToken(n));
        credentials.put("Expiration", Instant.now().plus(life).truncatedTo(ChronoUnit.SECONDS).toString());
        return credentials;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if ("PUT".equals(method) && "/latest/api/token".equals(path)) {
                if (exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token-ttl-seconds") == null) {
                    calls.add("imds-token refused: no TTL");
                    send(exchange, 400, "text/plain", "missing TTL");
                    return;
                }
                String token = "imds-" + UUID.randomUUID();
                imdsTokens.add(token);
                calls.add("imds-token");
                send(exchange, 200, "text/plain", token);
                return;
            }
            if (path.startsWith("/latest/")) {
                String token = exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token");
                if (token == null || !imdsTokens.contains(token)) {
                    calls.add("imds refused: " + (token == null ? "IMDSv1 (no token)" : "unknown token") + " " + path);
                    send(exchange, 401, "text/plain", "Unauthorized");
                    return;
                }
                if ("/latest/meta-data/iam/security-credentials/".equals(path)
                        || "/latest/meta-data/iam/security-credentials".equals(path)) {
                    calls.add("imds-role");
                    send(exchange, 200, "text/plain", ROLE_NAME);
                    return;
                }
                if (("/latest/meta-data/iam/security-credentials/" + ROLE_NAME).equals(path)) {
                    calls.add("imds-credentials");
                    Map<String, String> c = next();
                    send(exchange, 200, "text/plain", "{\"Code\":\"Success\",\"LastUpdated\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                            + "\",\"Type\":\"AWS-HMAC\",\"AccessKeyId\":\"" + c.get("AccessKeyId") + "\",\"SecretAccessKey\":\""
                            + c.get("SecretAccessKey") + "\",\"Token\":\"" + c.get("Token") + "\",\"Expiration\":\""
                            + c.get("Expiration") + "\"}");
                    return;
                }
                calls.add("imds unknown " + path);
                send(exchange, 404, "text/plain", "Not Found");
                return;
            }
            if ("/container-credentials".equals(path)) {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                if (!expectedContainerToken.equals(authorization)) {
                    calls.add("container refused: " + (authorization == null ? "no token" : "wrong token"));
                    send(exchange, 401, "application/json", "{\"code\":\"AccessDenied\",\"message\":\"bad token\"}");
                    return;
                }
                calls.add("container");
                Map<String, String> c = next();
                send(exchange, 200, "application/json", "{\"AccessKeyId\":\"" + c.get("AccessKeyId") + "\",\"SecretAccessKey\":\""
                        + c.get("SecretAccessKey") + "\",\"Token\":\"" + c.get("Token") + "\",\"Expiration\":\""
                        + c.get("Expiration") + "\",\"RoleArn\":\"" + ROLE_ARN + "\"}");
                return;
            }
            if ("GET".equals(method) && "/federation/credentials".equals(path)) {
                ssoRoleCredentials(exchange);
                return;
            }
            if ("POST".equals(method) && "/token".equals(path)) {
                ssoOidcCreateToken(exchange, body);
                return;
            }
            if ("POST".equals(method) && "/".equals(path)) {
                Map<String, String> form = Http.form(new String(body, StandardCharsets.UTF_8));
                if (!"AssumeRoleWithWebIdentity".equals(form.get("Action"))) {
                    calls.add("sts unknown action " + form.get("Action"));
                    stsError(exchange, 400, "InvalidAction", "unknown action");
                    return;
                }
                if (!ROLE_ARN.equals(form.get("RoleArn")) || !expectedWebIdentityToken.equals(form.get("WebIdentityToken"))) {
                    calls.add("sts refused");
                    stsError(exchange, 403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity");
                    return;
                }
                calls.add("sts");
                Map<String, String> c = next();
                send(exchange, 200, "text/xml", "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                        + "<AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>" + c.get("AccessKeyId")
                        + "</AccessKeyId><SecretAccessKey>" + c.get("SecretAccessKey") + "</SecretAccessKey><SessionToken>"
                        + c.get("Token") + "</SessionToken><Expiration>" + c.get("Expiration") + "</Expiration></Credentials>"
                        + "<SubjectFromWebIdentityToken>system:serviceaccount:default:app</SubjectFromWebIdentityToken>"
                        + "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/" + ROLE_NAME + "/" + form.get("RoleSessionName")
                        + "</Arn><AssumedRoleId>AROAEXAMPLE:" + form.get("RoleSessionName") + "</AssumedRoleId></AssumedRoleUser>"
                        + "</AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>" + UUID.randomUUID()
                        + "</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>");
                return;
            }
            calls.add("unknown " + method + " " + path);
            send(exchange, 404, "text/plain", "Not Found");
        }
    }

    /** SSO's {@code GetRoleCredentials}: role credentials for the account and role, with an accepted access token. */
    private void ssoRoleCredentials(HttpExchange exchange) throws IOException {
        Map<String, String> query = Http.query(exchange);
        String token = exchange.getRequestHeaders().getFirst("x-amz-sso_bearer_token");
        if (token == null || !ssoAccessTokens.contains(token)) {
            calls.add("sso refused: " + (token == null ? "no token" : "unknown token"));
            exchange.getResponseHeaders().set("x-amzn-ErrorType", "UnauthorizedException");
            send(exchange, 401, "application/json", "{\"message\":\"Session token not found or invalid\"}");
            return;
        }
        if (!SSO_ACCOUNT_ID.equals(query.get("account_id")) || !SSO_ROLE_NAME.equals(query.get("role_name"))) {
            calls.add("sso refused: role " + query.get("account_id") + "/" + query.get("role_name"));
            exchange.getResponseHeaders().set("x-amzn-ErrorType", "ForbiddenException");
            send(exchange, 403, "application/json", "{\"message\":\"No access\"}");
            return;
        }
        calls.add("sso");
        Map<String, String> c = next();
        send(exchange, 200, "application/json", "{\"roleCredentials\":{\"accessKeyId\":\"" + c.get("AccessKeyId")
                + "\",\"secretAccessKey\":\"" + c.get("SecretAccessKey") + "\",\"sessionToken\":\"" + c.get("Token")
                + "\",\"expiration\":" + Instant.parse(c.get("Expiration")).toEpochMilli() + "}}");
    }

    /** SSO OIDC's {@code CreateToken}, the refresh-token grant only (what a cached SSO login refreshes with). */
    private void ssoOidcCreateToken(HttpExchange exchange, byte[] body) throws IOException {
        JsonNode request = JSON.readTree(body);
        String[] refresh = ssoRefresh;
        if (refresh == null || !"refresh_token".equals(request.path("grantType").asText())
                || !refresh[0].equals(request.path("clientId").asText()) || !refresh[1].equals(request.path("clientSecret").asText())
                || !refresh[2].equals(request.path("refreshToken").asText())) {
            calls.add("sso-oidc refused");
            exchange.getResponseHeaders().set("x-amzn-ErrorType", "InvalidGrantException");
            send(exchange, 400, "application/json", "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid refresh token\"}");
            return;
        }
        calls.add("sso-oidc refresh");
        ssoAccessTokens.add(refresh[3]);
        send(exchange, 200, "application/json", "{\"accessToken\":\"" + refresh[3] + "\",\"expiresIn\":28800,"
                + "\"refreshToken\":\"" + refresh[2] + "-next\",\"tokenType\":\"Bearer\"}");
    }

    private static void stsError(HttpExchange exchange, int status, String code, String message) throws IOException {
        send(exchange, status, "text/xml", "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>"
                + code + "</Code><Message>" + message + "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>");
    }


    private static void send(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The calls so far, for a failure message. */
    public List<String> callsSoFar() {
        return new ArrayList<>(calls);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
