package io.telemetryagent.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds the agent's {@code telemetry/opencensus} block (SPEC §2) pointing at a receiver:
 * {@code Configs.to(receiver).serviceName("orders").sampleRate(100).json()}.
 * Starts from sample rate 100, all layers on, reporting period 1 s and the test credentials.
 */
public final class Configs {

    /** The access key id every test config uses and the receiver expects. */
    public static final String ACCESS_KEY_ID = "AKIDTESTKEY";
    /** A recognisable secret, so a test can prove it is never printed. */
    public static final String SECRET_ACCESS_KEY = "SECRETdoNotPrint0123456789abcdefTESTONLY";
    public static final String REGION = "us-east-1";
    public static final String VERSION = "1.2.3-test";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode block = JSON.createObjectNode();
    private boolean krakend;

    private Configs(String endpoint) {
        block.put("sample_rate", 100);
        block.put("reporting_period", 1);
        ObjectNode xray = block.putObject("exporters").putObject("xray");
        xray.put("version", VERSION);
        xray.put("region", REGION);
        xray.put("use_env", false);
        xray.put("access_key_id", ACCESS_KEY_ID);
        xray.put("secret_access_key", SECRET_ACCESS_KEY);
        if (endpoint != null) {
            xray.put("endpoint", endpoint);
        }
    }

    /** A block exporting to {@code receiver}. */
    public static Configs to(XRayReceiver receiver) {
        return new Configs(receiver.endpoint());
    }

    /** A block exporting to {@code endpoint} (a URL), or to the region's public endpoint when null. */
    public static Configs toEndpoint(String endpoint) {
        return new Configs(endpoint);
    }

    public Configs serviceName(String name) { block.put("service_name", name); return this; }
    public Configs sampleRate(int percent) { block.put("sample_rate", percent); return this; }
    public Configs reportingPeriod(int seconds) { block.put("reporting_period", seconds); return this; }
    public Configs version(String version) { return set("exporters.xray.version", version); }
    public Configs region(String region) { return set("exporters.xray.region", region); }
    public Configs accessKeyId(String id) { return set("exporters.xray.access_key_id", id); }
    public Configs secretAccessKey(String secret) { return set("exporters.xray.secret_access_key", secret); }

    /** Writes {@code enabled_layers} with exactly these three values. */
    public Configs layers(boolean router, boolean pipe, boolean backend) {
        ObjectNode layers = block.putObject("enabled_layers");
        layers.put("router", router);
        layers.put("pipe", pipe);
        layers.put("backend", backend);
        return this;
    }

    /** Sets any field by a dotted path ({@code exporters.xray.region}); the value is written as JSON. */
    public Configs set(String dottedPath, Object value) {
        String[] keys = dottedPath.split("\\.");
        ObjectNode node = block;
        for (int i = 0; i < keys.length - 1; i++) {
            JsonNode child = node.get(keys[i]);
            node = child instanceof ObjectNode ? (ObjectNode) child : node.putObject(keys[i]);
        }
        node.set(keys[keys.length - 1], JSON.valueToTree(value));
        return this;
    }

    /** Removes a field by a dotted path. */
    public Configs remove(String dottedPath) {
        String[] keys = dottedPath.split("\\.");
        JsonNode node = block;
        for (int i = 0; i < keys.length - 1; i++) {
            node = node.path(keys[i]);
        }
        if (node instanceof ObjectNode) {
            ((ObjectNode) node).remove(keys[keys.length - 1]);
        }
        return this;
    }

    /** Wraps the block in a whole KrakenD configuration, under {@code extra_config["telemetry/opencensus"]}. */
    public Configs asKrakendConfig() {
        this.krakend = true;
        return this;
    }

    /** The JSON text, as given to {@code -Dtelemetry.config}. */
    public String json() {
        try {
            if (!krakend) {
                return JSON.writeValueAsString(block);
            }
            ObjectNode whole = JSON.createObjectNode();
            whole.put("version", 3);
            whole.put("name", "KrakenD gateway");
            whole.putArray("endpoints");
            whole.putObject("extra_config").set("telemetry/opencensus", block.deepCopy());
            return JSON.writeValueAsString(whole);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the JSON to {@code file} and returns the file, for {@code -Dtelemetry.config=<path>}. */
    public Path writeTo(Path file) {
        try {
            return Files.writeString(file, json(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return json();
    }
}
