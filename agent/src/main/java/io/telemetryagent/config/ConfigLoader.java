package io.telemetryagent.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Reads and validates the agent's configuration (SPEC §2) once, at start-up. The JSON is the
 * {@code telemetry/opencensus} block or a whole KrakenD configuration holding it in
 * {@code extra_config}; of a whole configuration only the block is read.
 */
public final class ConfigLoader {

    private static final List<String> BLOCK_PATH = Arrays.asList("extra_config", BlockReader.BLOCK);

    private ConfigLoader() {}

    /**
     * @param property    the value of {@code -Dtelemetry.config}, or null
     * @param env         the environment: {@code TELEMETRY_CONFIG} is read when {@code property} is
     *                    null or empty, {@code AWS_XRAY_TRACING_NAME} names the service when the
     *                    block does not
     * @param mainCommand the value of {@code sun.java.command}, or null: the last source of the
     *                    service name
     * @throws ConfigException with a one-line message naming the field, the bad value and the fix
     */
    public static TelemetryConfig load(String property, Map<String, String> env, String mainCommand)
            throws ConfigException {
        Map<String, String> environment = env == null ? Collections.<String, String>emptyMap() : env;
        ConfigSource source;
        try {
            source = ConfigSource.resolve(property, environment);
        } catch (RuntimeException e) {
            throw bug(e);
        }
        return read(source.name, source.json, environment, mainCommand);
    }

    /**
     * Reads and validates configuration JSON (UTF-8) that came from {@code name}, e.g.
     * {@code the JSON in -Dtelemetry.config}.
     */
    static TelemetryConfig read(String name, byte[] utf8, Map<String, String> environment, String mainCommand)
            throws ConfigException {
        try {
            ConfigJson json = ConfigJson.parse(name, utf8);
            boolean whole = json.root.has("extra_config");
            JsonNode block = whole ? block(json.root) : json.root;
            if (!whole && looksLikeWholeKrakendConfig(json.root)) {
                throw new ConfigException("this looks like a whole KrakenD configuration but it has no extra_config;"
                        + " add \"extra_config\": {\"" + BlockReader.BLOCK + "\": {...}}, or give the block itself");
            }
            String duplicate = firstDuplicate(json.duplicates, whole ? BLOCK_PATH : Collections.<String>emptyList());
            return BlockReader.read(block, duplicate, environment, mainCommand);
        } catch (RuntimeException e) {
            throw bug(e);
        }
    }

    /** A bug of ours must still end as one line, not a stack trace on the host's stderr. */
    private static ConfigException bug(RuntimeException e) {
        return new ConfigException("the configuration could not be read (" + e.getClass().getName()
                + "); please report this");
    }

    private static JsonNode block(JsonNode root) throws ConfigException {
        JsonNode extra = root.get("extra_config");
        if (!extra.isObject()) {
            throw new ConfigException("extra_config is " + ErrorText.value(extra) + ", must be an object holding the \""
                    + BlockReader.BLOCK + "\" block");
        }
        JsonNode block = extra.get(BlockReader.BLOCK);
        if (block == null) {
            String near = null;
            for (String name : BlockReader.names(extra)) {
                if (ErrorText.closest(name, Collections.singletonList(BlockReader.BLOCK)) != null) {
                    near = name;
                }
            }
            throw new ConfigException("extra_config has no \"" + BlockReader.BLOCK + "\" block"
                    + (near == null ? "" : " (found " + ErrorText.quote(near) + ": a typo?)")
                    + "; add it with at least exporters.xray, or give the block itself");
        }
        if (!block.isObject()) {
            throw new ConfigException("extra_config[\"" + BlockReader.BLOCK + "\"] is " + ErrorText.value(block)
                    + ", must be an object with sample_rate, exporters.xray...");
        }
        return block;
    }

    /** A KrakenD file has "endpoints" or a numeric "version" (3) and none of the block's own fields. */
    private static boolean looksLikeWholeKrakendConfig(JsonNode root) {
        if (!root.has("endpoints") && !(root.has("version") && root.get("version").isNumber())) {
            return false;
        }
        return !(root.has("sample_rate") || root.has("reporting_period") || root.has("enabled_layers")
                || root.has("exporters") || root.has("service_name"));
    }

    /** The first field that appears twice inside the block, by its path in the block, or null. */
    private static String firstDuplicate(List<List<String>> duplicates, List<String> blockPath) {
        for (List<String> path : duplicates) {
            if (path.size() > blockPath.size() && path.subList(0, blockPath.size()).equals(blockPath)) {
                StringBuilder name = new StringBuilder();
                for (String part : path.subList(blockPath.size(), path.size())) {
                    if (name.length() > 0 && !part.startsWith("[")) {
                        name.append('.');
                    }
                    name.append(part);
                }
                return name.toString();
            }
        }
        return null;
    }
}
