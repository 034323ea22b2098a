package io.telemetryagent.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates the {@code telemetry/opencensus} block (SPEC §2) into a {@link TelemetryConfig}. The
 * first problem found is reported, typos (unknown fields) before values. Fields are named by
 * their path in the block ({@code exporters.xray.region}); credential values are never shown.
 */
final class BlockReader {

    static final String BLOCK = "telemetry/opencensus";
    static final String DEFAULT_VERSION = "telemetry-agent";
    /** Where the X-Ray SDKs, and so this agent, read the daemon's address from first. */
    static final String DAEMON_ADDRESS_ENV = "AWS_XRAY_DAEMON_ADDRESS";

    private static final List<String> TOP =
            Arrays.asList("sample_rate", "reporting_period", "enabled_layers", "exporters", "service_name",
                    "sanitized_query", "log_correlation");
    /** An editor's schema hint in a block file; not a setting. */
    private static final List<String> TOP_IGNORED = Arrays.asList("$schema");
    private static final List<String> LAYERS = Arrays.asList("router", "pipe", "backend");
    private static final List<String> EXPORTERS = Arrays.asList("xray");
    /** KrakenD's other opencensus exporters: valid in a shared block, not ours to check. */
    private static final List<String> OTHER_EXPORTERS = Arrays.asList(
            "logger", "zipkin", "jaeger", "influxdb", "prometheus", "stackdriver", "datadog", "ocagent");
    private static final List<String> XRAY =
            Arrays.asList("region", "version", "use_env", "access_key_id", "secret_access_key", "endpoint",
                    "daemon_address");
    private static final List<String> NONE = Arrays.asList();

    /** Every known field by its own name, to point at the right place for a misplaced one. */
    private static final Map<String, String> EVERY_FIELD = new LinkedHashMap<>();
    static {
        for (String f : TOP) EVERY_FIELD.put(f, f);
        for (String f : LAYERS) EVERY_FIELD.put(f, "enabled_layers." + f);
        EVERY_FIELD.put("xray", "exporters.xray");
        for (String f : XRAY) EVERY_FIELD.put(f, "exporters.xray." + f);
    }

    // Region codes such as eu-west-1, us-gov-west-1, cn-north-1, us-isob-east-1.
    /**
     * What only a message needs, compiled when one is made: compiling these in every start cost
     * a few milliseconds of the agent's start before the host's first request may proceed.
     */
    private static final class Redaction {
        /** An AWS access key id: AKIA (long-term) or ASIA (temporary) and 16 more. */
        static final Pattern ACCESS_KEY_ID = Pattern.compile("(AKIA|ASIA)[A-Z0-9]{16}");
        /** A secret access key's shape: 30 or more base64 characters with upper and lower case letters and a digit or / or +. */
        static final Pattern SECRET_LIKE = Pattern.compile(
                "(?=[A-Za-z0-9/+=]*[A-Z])(?=[A-Za-z0-9/+=]*[a-z])(?=[A-Za-z0-9/+=]*[0-9/+])[A-Za-z0-9/+=]{30,}");
    }
    private static final Pattern REGION = Pattern.compile("[a-z]{2,}(-[a-z]+)+-[0-9]+");
    private static final String REGION_RULE = "must be an AWS region code such as \"eu-west-1\" (lowercase letters, digits and dashes)";
    private static final String SAMPLE_RATE_RULE = "must be an integer from 0 to 100 (percent of new traces recorded)";
    private static final String PERIOD_RULE = "must be a whole number of seconds between exports (0 or less: the default, 1)";
    private static final String VERSION_RULE = "must be a non-empty string, the application's version written to every segment (e.g. \"1.4.2\")";
    private static final String ENDPOINT_RULE = "must be an absolute http or https URL such as \"http://127.0.0.1:2000\"";
    private static final String CREDENTIALS_HINT = "or set \"use_env\": true to take credentials from the environment"
            + " (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)";

    /** Longer periods hold segments for hours (1000000000 s was accepted: 31 years). */
    static final int MAX_PERIOD_SECONDS = 3600;

    private final List<String> secrets = new ArrayList<>();

    private BlockReader(JsonNode block) {
        collectSecrets(block);
    }

    /**
     * @param duplicate a field that appears twice in one object of the block, by its path in the
     *     block ({@code exporters.xray.region}), or null
     */
    static TelemetryConfig read(JsonNode block, String duplicate, Map<String, String> env, String mainCommand)
            throws ConfigException {
        return new BlockReader(block).validate(block, duplicate, env, mainCommand);
    }

    private TelemetryConfig validate(JsonNode block, String duplicate, Map<String, String> env, String mainCommand)
            throws ConfigException {
        if (block.size() == 0) {
            throw fail("the " + BLOCK + " block is empty; it needs at least exporters.xray with a region"
                    + " and credentials (access_key_id and secret_access_key, or \"use_env\": true)");
        }
        if (duplicate != null) {
            throw fail("field " + ErrorText.quote(duplicate) + " appears twice in " + BLOCK
                    + "; keep one (JSON would silently use the last)");
        }
        rejectUnknown(block, "", TOP, TOP_IGNORED);

        int sampleRate = sampleRate(block.get("sample_rate"));
        int reportingPeriod = reportingPeriod(block.get("reporting_period"));
        JsonNode layers = enabledLayers(block.get("enabled_layers"));
        JsonNode xray = xray(block.get("exporters"));
        DaemonAddress daemon = daemonFromEnvironment(env, xray, daemonAddress(xray.get("daemon_address")));
        // Daemon mode sends UDP to a daemon that signs for us: region and keys are then optional.
        String region = daemon != null && !xray.has("region") ? null : region(xray.get("region"));
        String version = version(xray.get("version"));
        boolean useEnv = flag(xray, "use_env", "exporters.xray.use_env");
        boolean keys = xray.has("access_key_id") || xray.has("secret_access_key");
        requireOneCredentialSource(xray, useEnv, daemon != null);
        String accessKeyId = useEnv || !keys ? null : credential(xray.get("access_key_id"), "exporters.xray.access_key_id");
        String secretAccessKey = useEnv || !keys ? null
                : credential(xray.get("secret_access_key"), "exporters.xray.secret_access_key");
        URI endpoint = endpoint(xray.get("endpoint"));
        if (daemon != null && endpoint != null) {
            throw fail("exporters.xray has both endpoint and daemon_address; give one: endpoint to call X-Ray's API"
                    + " (or a VPC endpoint), daemon_address to send to an X-Ray daemon or collector over UDP");
        }
        boolean sanitizedQuery = flag(block, "sanitized_query", "sanitized_query");
        boolean logCorrelation = !block.has("log_correlation") || flag(block, "log_correlation", "log_correlation");
        String serviceName = ServiceName.resolve(serviceName(block.get("service_name")), env, mainCommand);

        // Absent enabled_layers: all three on; present: only those set true.
        return new TelemetryConfig(serviceName, sampleRate, reportingPeriod,
                layers == null || isTrue(layers.get("router")),
                layers == null || isTrue(layers.get("pipe")),
                layers == null || isTrue(layers.get("backend")),
                region, version, useEnv, accessKeyId, secretAccessKey, endpoint,
                daemon, sanitizedQuery, logCorrelation);
    }

    private int sampleRate(JsonNode node) throws ConfigException {
        if (node == null) {
            return 0;
        }
        BigInteger value = integer(node, "sample_rate", SAMPLE_RATE_RULE, "0, nothing new recorded");
        if (value.signum() < 0 || value.compareTo(BigInteger.valueOf(100)) > 0) {
            throw fail("sample_rate is " + show(node) + ", " + SAMPLE_RATE_RULE);
        }
        return value.intValue();
    }

    private int reportingPeriod(JsonNode node) throws ConfigException {
        if (node == null) {
            return 1;
        }
        BigInteger value = integer(node, "reporting_period", PERIOD_RULE, "1 s");
        if (value.compareTo(BigInteger.valueOf(MAX_PERIOD_SECONDS)) > 0) {
            throw fail("reporting_period is " + show(node) + ", must be at most "
                    + MAX_PERIOD_SECONDS + " seconds (an hour); the usual value is 1");
        }
        return value.signum() > 0 ? value.intValue() : 1;
    }

    /** The validated enabled_layers object, or null when absent. */
    private JsonNode enabledLayers(JsonNode layers) throws ConfigException {
        if (layers == null) {
            return null;
        }
        requireObject(layers, "enabled_layers", "with the layers to trace, e.g. {\"router\": true, \"pipe\": true,"
                + " \"backend\": true}; remove it to trace all three");
        rejectUnknown(layers, "enabled_layers.", LAYERS, NONE);
        for (String layer : LAYERS) {
            flag(layers, layer, "enabled_layers." + layer);
        }
        return layers;
    }

    /** The validated exporters.xray object. */
    private JsonNode xray(JsonNode exporters) throws ConfigException {
        if (exporters == null) {
            throw fail("exporters.xray is missing; add \"exporters\": {\"xray\": {...}} with at least \"region\""
                    + " and credentials (access_key_id and secret_access_key, or \"use_env\": true)");
        }
        requireObject(exporters, "exporters", "holding \"xray\": {...}");
        rejectUnknown(exporters, "exporters.", EXPORTERS, OTHER_EXPORTERS);
        JsonNode xray = exporters.get("xray");
        if (xray == null) {
            throw fail("exporters.xray is missing; this agent exports to X-Ray only: add \"xray\": {...} to exporters"
                    + " with at least \"region\" and credentials (access_key_id and secret_access_key, or \"use_env\": true)");
        }
        requireObject(xray, "exporters.xray", "with \"region\" and credentials");
        rejectUnknown(xray, "exporters.xray.", XRAY, NONE);
        return xray;
    }

    /** Keys, or use_env: true; both is ambiguous, and guessing wrong sends traces to another account. */
    private void requireOneCredentialSource(JsonNode xray, boolean useEnv, boolean daemon) throws ConfigException {
        boolean hasKey = xray.has("access_key_id"), hasSecret = xray.has("secret_access_key");
        if (useEnv && (hasKey || hasSecret)) {
            throw fail("exporters.xray has \"use_env\": true and also " + (hasKey && hasSecret
                    ? "access_key_id and secret_access_key" : hasKey ? "access_key_id" : "secret_access_key")
                    + "; give one source of credentials: remove the keys to use the environment's,"
                    + " or set \"use_env\": false to use the keys");
        }
        if (!useEnv && !hasKey && !hasSecret && !daemon) {
            throw fail("exporters.xray has no credentials; add access_key_id and secret_access_key, " + CREDENTIALS_HINT);
        }
        if (!useEnv && hasKey != hasSecret) {
            String missing = hasKey ? "secret_access_key" : "access_key_id";
            throw fail("exporters.xray." + missing + " is missing; static credentials need both access_key_id"
                    + " and secret_access_key, " + CREDENTIALS_HINT);
        }
    }

    /** The block's service_name, or null when absent. */
    private String serviceName(JsonNode node) throws ConfigException {
        if (node == null) {
            return null;
        }
        if (!node.isTextual() || !ServiceName.isValid(node.textValue())) {
            throw fail("service_name is " + show(node) + ", " + ServiceName.RULE
                    + "; remove it to use " + ServiceName.ENV + " or the main class name");
        }
        return node.textValue();
    }

    private void rejectUnknown(JsonNode object, String prefix, List<String> known, List<String> ignored)
            throws ConfigException {
        for (String name : names(object)) {
            if (known.contains(name) || ignored.contains(name)) {
                continue;
            }
            String problem = "unknown field " + ErrorText.quote(prefix + name) + " in " + BLOCK;
            List<String> here = new ArrayList<>(known);
            here.addAll(ignored);
            String near = ErrorText.closest(name, here);
            String elsewhere = near == null ? ErrorText.closest(name, EVERY_FIELD.keySet()) : null;
            if (near != null) {
                problem += "; did you mean " + ErrorText.quote(prefix + near) + "?";
            } else if (elsewhere != null) {
                String path = EVERY_FIELD.get(elsewhere);
                int dot = path.lastIndexOf('.');
                problem += "; did you mean " + ErrorText.quote(path) + "? (it belongs "
                        + (dot < 0 ? "at the top of the block" : "in " + path.substring(0, dot)) + ")";
            } else {
                problem += "; remove it or fix its spelling (known here: " + String.join(", ", known) + ")";
            }
            throw fail(problem);
        }
    }

    private BigInteger integer(JsonNode node, String path, String rule, String byDefault) throws ConfigException {
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue();
        }
        String kind = "", hint = "";
        if (node.isFloatingPointNumber()) {
            // Rejected as KrakenD (Go, int fields) rejects it: a config must work in both.
            BigDecimal decimal = node.decimalValue();
            // Only for a value that could be meant (1e400's 401 digits made a 611-character line).
            BigDecimal whole = decimal.stripTrailingZeros();
            if (decimal.signum() == 0 || whole.scale() <= 0 && whole.precision() - whole.scale() <= 18) {
                hint = "; write it without a decimal point: " + decimal.toBigInteger();
            }
        } else if (node.isTextual()) {
            kind = " (a string)";
            if (node.textValue().matches("-?[0-9]{1,18}")) {
                hint = "; write it without quotes: " + node.textValue();
            }
        } else if (node.isNull()) {
            hint = "; remove the field for the default (" + byDefault + ")";
        }
        throw fail(path + " is " + show(node) + kind + ", " + rule + hint);
    }

    /** An optional boolean field of {@code parent}, false when absent. */
    private boolean flag(JsonNode parent, String name, String path) throws ConfigException {
        JsonNode node = parent.get(name);
        if (node == null) {
            return false;
        }
        if (!node.isBoolean()) {
            String hint = node.isTextual() && (node.textValue().equals("true") || node.textValue().equals("false"))
                    ? " (without quotes)" : "";
            throw fail(path + " is " + show(node) + ", must be true or false" + hint);
        }
        return node.booleanValue();
    }

    /** An enabled_layers flag, already checked to be a boolean or absent. */
    private static boolean isTrue(JsonNode node) {
        return node != null && node.booleanValue();
    }

    private void requireObject(JsonNode node, String path, String what) throws ConfigException {
        if (!node.isObject()) {
            throw fail(path + " is " + show(node) + ", must be an object " + what);
        }
    }

    private String region(JsonNode node) throws ConfigException {
        if (node == null) {
            throw fail("exporters.xray.region is missing; add the AWS region to send traces to,"
                    + " e.g. \"region\": \"eu-west-1\"");
        }
        if (!node.isTextual() || !REGION.matcher(node.textValue()).matches()) {
            String hint = "";
            if (node.isTextual()) {
                String fixed = node.textValue().trim().toLowerCase(Locale.ROOT).replace('_', '-');
                if (REGION.matcher(fixed).matches()) {
                    hint = "; did you mean " + ErrorText.quote(fixed) + "?";
                }
            }
            throw fail("exporters.xray.region is " + show(node) + ", " + REGION_RULE + hint);
        }
        return node.textValue();
    }

    /** The daemon_address, or null when absent. */
    private DaemonAddress daemonAddress(JsonNode node) throws ConfigException {
        if (node == null) {
            return null;
        }
        DaemonAddress address = node.isTextual() ? DaemonAddress.parse(node.textValue()) : null;
        if (address == null) {
            throw fail("exporters.xray.daemon_address is " + show(node) + ", " + DaemonAddress.RULE
                    + "; remove it to send to X-Ray's API");
        }
        return address;
    }

    /**
     * {@code AWS_XRAY_DAEMON_ADDRESS}, which overrides {@code daemon_address} as it overrides the
     * X-Ray SDKs' own setting; {@code configured} when it is unset or empty.
     */
    private DaemonAddress daemonFromEnvironment(Map<String, String> env, JsonNode xray, DaemonAddress configured)
            throws ConfigException {
        String value = env.get(DAEMON_ADDRESS_ENV);
        if (value == null || value.trim().isEmpty()) {
            return configured;
        }
        DaemonAddress address = DaemonAddress.parse(value);
        if (address == null) {
            throw fail("the environment variable " + DAEMON_ADDRESS_ENV + " is " + ErrorText.quote(value) + ", "
                    + DaemonAddress.RULE + "; correct it, or unset it to send to X-Ray's API");
        }
        if (xray.has("endpoint")) {
            throw fail("the environment variable " + DAEMON_ADDRESS_ENV + " is set (" + address
                    + ") and so is exporters.xray.endpoint; give one: unset the variable to call X-Ray's API at"
                    + " the endpoint, or remove endpoint to send to the daemon over UDP");
        }
        return address;
    }

    private String version(JsonNode node) throws ConfigException {
        if (node == null) {
            return DEFAULT_VERSION;
        }
        if (!node.isTextual() || node.textValue().trim().isEmpty()) {
            String hint = node.isNumber() ? "; write it in quotes: \"" + node.asText() + "\""
                    : "; remove it for the default \"" + DEFAULT_VERSION + "\"";
            throw fail("exporters.xray.version is " + show(node) + ", " + VERSION_RULE + hint);
        }
        return node.textValue();
    }

    /** A key or secret: checked like any string, but its value never appears in a message. */
    private String credential(JsonNode node, String path) throws ConfigException {
        if (!node.isTextual() || node.textValue().isEmpty()) {
            throw fail(path + " must be a non-empty string, found " + ErrorText.kind(node) + " (value hidden)");
        }
        String value = node.textValue();
        if (!value.equals(value.trim())) {
            throw fail(path + " has spaces or line breaks at its start or end (value hidden); remove them");
        }
        return value;
    }

    private URI endpoint(JsonNode node) throws ConfigException {
        if (node == null) {
            return null;
        }
        String rest = ", " + ENDPOINT_RULE + "; remove it to use the region's public endpoint";
        if (!node.isTextual() || node.textValue().isEmpty()) {
            throw fail("exporters.xray.endpoint is " + show(node) + rest);
        }
        String text = node.textValue();
        if (text.indexOf('@') >= 0) {
            // user:password@host; a password with a '/' does not even parse as user info.
            throw fail("exporters.xray.endpoint has user info (user:password@) before its host (value hidden);"
                    + " remove it, X-Ray requests are signed with the AWS credentials");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw fail("exporters.xray.endpoint is " + show(node) + ", not a valid URL at character "
                    + (e.getIndex() + 1) + rest);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw fail("exporters.xray.endpoint is " + show(node) + rest);
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw fail("exporters.xray.endpoint is " + show(node) + ", its port " + uri.getPort()
                    + " is not from 1 to 65535" + rest);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw fail("exporters.xray.endpoint is " + show(node) + ", must have no query (?...)"
                    + " or fragment (#...); give the base URL of the X-Ray endpoint");
        }
        return uri;
    }

    /**
     * Values of anything named like a credential, so that no message shows them even by accident.
     * Without recursion: an unknown field of the block may nest thousands of levels deep.
     */
    private void collectSecrets(JsonNode block) {
        ArrayDeque<JsonNode> nodes = new ArrayDeque<>();
        ArrayDeque<String> names = new ArrayDeque<>();
        nodes.push(block);
        names.push("");
        while (!nodes.isEmpty()) {
            JsonNode node = nodes.pop();
            String name = names.pop();
            if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    nodes.push(field.getValue());
                    names.push(field.getKey());
                }
            } else if (node.isArray()) {
                for (JsonNode element : node) {
                    nodes.push(element);
                    names.push(name);
                }
            } else if (node.isTextual() && node.textValue().length() >= 4) {
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.contains("key") || lower.contains("secret") || lower.contains("token")
                        || lower.contains("password")) {
                    secrets.add(node.textValue());
                }
            }
        }
    }

    /** The field names of an object, in order. */
    static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>(object.size());
        for (Iterator<String> i = object.fieldNames(); i.hasNext(); ) {
            names.add(i.next());
        }
        return names;
    }

    /** A value for a message, with any credential found in the block hidden (before it is cut). */
    private String show(JsonNode node) {
        return node.isTextual() ? ErrorText.quote(redact(node.textValue())) : ErrorText.value(node);
    }

    private String redact(String text) {
        for (String secret : secrets) {
            text = text.replace(secret, "(hidden)");
        }
        // Keys given where no key belongs (a field name, a region): ConfigFuzzTest put the
        // secret into a field's name, which the message quoted.
        text = Redaction.ACCESS_KEY_ID.matcher(text).replaceAll("(hidden)");
        return Redaction.SECRET_LIKE.matcher(text).replaceAll("(hidden)");
    }

    private ConfigException fail(String problem) {
        return new ConfigException(redact(problem));
    }
}
