package io.telemetryagent.export;

import io.telemetryagent.config.TelemetryConfig;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.XRayClientBuilder;
import software.amazon.awssdk.services.xray.model.PutTraceSegmentsRequest;
import software.amazon.awssdk.services.xray.model.PutTraceSegmentsResponse;
import software.amazon.awssdk.services.xray.model.UnprocessedTraceSegment;

/**
 * {@code PutTraceSegments} through the AWS SDK for Java v2's {@link XRayClient}: the SDK signs,
 * finds the region's endpoint in every partition, goes through a proxy as its HTTP client is
 * told by {@code HTTPS_PROXY} / {@code https.proxyHost}, adjusts for clock skew, and retries
 * network errors, 5xx and throttling with backoff (its standard strategy, {@value #MAX_ATTEMPTS}
 * attempts) within the call's deadline. Each attempt and each call has a deadline, so that an
 * answer drip-fed a byte at a time cannot hold a sender. Thread-safe: the client is shared by the
 * exporter's senders.
 *
 * <p>The HTTP client is the SDK's url-connection client, handed to the builder (no service
 * discovery through the context class loader). In the exporter, url-connection, Apache 4 and
 * Apache 5 cost within 6 % of each other per document (ExporterCpuBench; BENCHMARKS.md), and it
 * brings no library of its own where the others would add 1.6 and 2.2 MB to the jar.
 */
final class XRayTransport implements SegmentTransport {

    static final int MAX_ATTEMPTS = 5;

    private final XRayClient client;
    /** Ours to close: the SDK closes only HTTP clients it made itself. */
    private final SdkHttpClient http;
    private final XRayCredentials credentials;

    private XRayTransport(XRayClient client, SdkHttpClient http, XRayCredentials credentials) {
        this.client = client;
        this.http = http;
        this.credentials = credentials;
    }

    /** A transport for {@code config}; throws, with a message fit for the log, when no client can be made. */
    static XRayTransport create(TelemetryConfig config, ExportTiming timing, String agentVersion,
                                XRayCredentials credentials, ScheduledExecutorService scheduler) {
        URI endpoint = config.endpoint();
        String scheme = endpoint == null ? "https" : endpoint.getScheme();
        SdkHttpClient http = UrlConnectionHttpClient.builder()
                .connectionTimeout(timing.connectTimeout)
                .socketTimeout(timing.readTimeout)
                // The proxy from https.proxyHost / HTTPS_PROXY (http.* for an http endpoint), as the SDK reads them.
                .proxyConfiguration(ProxyConfiguration.builder().scheme(scheme)
                        .useSystemPropertyValues(true).useEnvironmentVariablesValues(true).build())
                .build();
        return create(config, timing, agentVersion, credentials, scheduler, http);
    }

    /** A transport over {@code http}, which it closes; for measuring the SDK's other HTTP clients. */
    static XRayTransport create(TelemetryConfig config, ExportTiming timing, String agentVersion,
                                XRayCredentials credentials, ScheduledExecutorService scheduler, SdkHttpClient http) {
        URI endpoint = config.endpoint();
        XRayClientBuilder builder = XRayClient.builder()
                .httpClient(http)
                .region(Region.of(config.region()))
                .credentialsProvider(credentials.provider())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(timing.attemptTimeout)
                        .apiCallTimeout(timing.callTimeout)
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(MAX_ATTEMPTS).build())
                        .scheduledExecutorService(scheduler)
                        .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, "telemetry-agent/" + agentVersion)
                        .build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        try {
            return new XRayTransport(builder.build(), http, credentials);
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
    }

    @Override
    public Delivery send(List<String> documents) {
        int count = documents.size();
        AwsCredentials signWith = credentials.current();
        if (signWith == null) {
            return Delivery.lost(count, LossReason.NO_CREDENTIALS, null);
        }
        try {
            // Signed with exactly what current() returned. In the one run tried with the client's
            // own provider instead (the same one), CredentialsTest's refresh test saw the container
            // endpoint asked twice and still every call for 120 s signed with the first key. Setting
            // it per call costs within the spread (TransportCpuBench: 11.69 against 11.42 us).
            PutTraceSegmentsResponse answer = client.putTraceSegments(PutTraceSegmentsRequest.builder()
                    .traceSegmentDocuments(documents)
                    .overrideConfiguration(call -> call.credentialsProvider(StaticCredentialsProvider.create(signWith)))
                    .build());
            return delivery(count, answer);
        } catch (AwsServiceException e) {
            return failed(count, e);
        } catch (SdkException e) {
            return failed(count, e);
        } catch (RuntimeException | Error e) {
            // not the SDK's own failure: our side is wrong; never end the sender for it
            return Delivery.lost(count, LossReason.REJECTED, "unexpected " + describe(e));
        }
    }

    /** A successful answer: everything delivered but what X-Ray lists as unprocessed. */
    static Delivery delivery(int count, PutTraceSegmentsResponse answer) {
        if (!answer.hasUnprocessedTraceSegments()) {
            // X-Ray always answers with the list, empty or not: a 200 without it came from
            // something else (a proxy's page, a wrong endpoint) and nothing was delivered.
            return Delivery.lost(count, LossReason.REJECTED, "HTTP " + answer.sdkHttpResponse().statusCode()
                    + " without X-Ray's answer (no UnprocessedTraceSegments); is exporters.xray.endpoint X-Ray?");
        }
        List<UnprocessedTraceSegment> unprocessed = answer.unprocessedTraceSegments();
        if (unprocessed.isEmpty()) {
            return Delivery.delivered(count);
        }
        int lost = Math.min(count, unprocessed.size());
        return Delivery.partly(count - lost, lost, LossReason.UNPROCESSED, byErrorCode(unprocessed));
    }

    /** An error answer X-Ray gave, after the SDK's retries where they apply. */
    static Delivery failed(int count, AwsServiceException e) {
        AwsErrorDetails details = e.awsErrorDetails();
        String code = details == null ? null : details.errorCode();
        String message = details == null ? null : details.errorMessage();
        String text = "HTTP " + e.statusCode() + (code == null ? "" : " " + code)
                + (message == null || message.isEmpty() ? "" : ": " + message) + attempts(e);
        if (e.isThrottlingException()) {
            return Delivery.lost(count, LossReason.THROTTLED, text);
        }
        if (e.statusCode() >= 500) {
            return Delivery.lost(count, LossReason.FAILED, text);
        }
        return Delivery.lost(count, LossReason.REJECTED, text);
    }

    /** No answer (network, time-out), or one the SDK could not read. */
    static Delivery failed(int count, SdkException e) {
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return Delivery.lost(count, LossReason.FAILED, "no complete answer in time (" + e.getMessage() + ")"
                    + attempts(e));
        }
        Throwable io = e;
        for (int depth = 0; io != null && depth < 10 && !(io instanceof IOException); depth++) {
            io = io.getCause();
        }
        if (io instanceof IOException) {
            return Delivery.lost(count, LossReason.FAILED, describe(io) + attempts(e));
        }
        if (e.getMessage() != null && e.getMessage().startsWith("Unable to load credentials")) {
            return Delivery.lost(count, LossReason.NO_CREDENTIALS, describe(e));
        }
        // An answer that is not X-Ray's (a 200 with a page that is not its JSON): final.
        return Delivery.lost(count, LossReason.REJECTED, "not X-Ray's answer: " + describe(e));
    }

    private static String attempts(SdkException e) {
        Integer attempts = e.numAttempts();
        return attempts == null || attempts <= 1 ? "" : " (" + attempts + " attempts)";
    }

    /** {@code InvalidTraceId x2: "message", MissingId x1}: codes in order, the first message of each. */
    static String byErrorCode(List<UnprocessedTraceSegment> rejected) {
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, String> messages = new TreeMap<>();
        for (UnprocessedTraceSegment segment : rejected) {
            String code = segment.errorCode() == null ? "no error code" : segment.errorCode();
            counts.computeIfAbsent(code, c -> new int[1])[0]++;
            if (segment.message() != null) {
                messages.putIfAbsent(code, segment.message());
            }
        }
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, int[]> entry : counts.entrySet()) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(entry.getKey()).append(" x").append(entry.getValue()[0]);
            String message = messages.get(entry.getKey());
            if (message != null) {
                text.append(": \"").append(message.length() > 120 ? message.substring(0, 117) + "..." : message)
                        .append('"');
            }
        }
        return text.toString();
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    @Override
    public void close() {
        try {
            client.close();
            http.close();
        } catch (RuntimeException e) {
            // going away anyway
        }
        credentials.close();
    }
}
