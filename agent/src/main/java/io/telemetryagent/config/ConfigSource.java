package io.telemetryagent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * Where the configuration JSON comes from: {@code -Dtelemetry.config}, else the
 * {@code TELEMETRY_CONFIG} environment variable; either holds the JSON itself (starting with
 * <code>{</code>) or the path of a file holding it.
 */
final class ConfigSource {

    static final String PROPERTY = "telemetry.config";
    static final String ENV = "TELEMETRY_CONFIG";

    /** A configuration file larger than this is a wrong path (a log, a binary), not a config. */
    static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

    /** How messages name this source, e.g. {@code file "/etc/app/telemetry.json" (from -Dtelemetry.config)}. */
    final String name;
    final byte[] json;

    private ConfigSource(String name, byte[] json) {
        this.name = name;
        this.json = json;
    }

    static ConfigSource resolve(String property, Map<String, String> env) throws ConfigException {
        if (property != null && !property.isEmpty()) {
            return from(property, "-D" + PROPERTY);
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return from(fromEnv, "the " + ENV + " environment variable");
        }
        throw new ConfigException("no configuration given; set -D" + PROPERTY
                + "=/path/to/telemetry.json (or the JSON itself, starting with {) on the java command line,"
                + " or the " + ENV + " environment variable");
    }

    private static ConfigSource from(String value, String origin) throws ConfigException {
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            throw new ConfigException(origin + " is blank; set it to the path of the JSON"
                    + " configuration file, or to the JSON itself starting with {");
        }
        if (trimmed.charAt(0) == '{') {
            return new ConfigSource("the JSON in " + origin, value.getBytes(StandardCharsets.UTF_8));
        }
        if (looksLikeJson(trimmed)) {
            // Not echoed: a mangled inline JSON may hold credentials.
            throw new ConfigException(origin + " looks like JSON but does not start with {; the inline"
                    + " configuration must be a JSON object (the telemetry/opencensus block or a whole"
                    + " KrakenD configuration), else give the path of a file");
        }
        return readFile(value, origin);
    }

    private static boolean looksLikeJson(String value) {
        return value.indexOf('{') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.charAt(0) == '[';
    }

    private static ConfigSource readFile(String value, String origin) throws ConfigException {
        String shown = "file " + ErrorText.quote(value, 200) + " (from " + origin + ")";
        Path path;
        try {
            path = Paths.get(value);
        } catch (InvalidPathException e) {
            throw new ConfigException(shown + " is not a valid file path; set " + origin
                    + " to the path of the JSON configuration file, or to the JSON itself starting with {");
        }
        String where = shown + whereHint(value, path);
        if (Files.isDirectory(path)) {
            throw new ConfigException(where + " is a directory; give the path of the JSON file itself");
        }
        if (!Files.exists(path)) {
            throw new ConfigException(where + " does not exist; set " + origin
                    + " to the path of an existing JSON file, or to the JSON itself starting with {");
        }
        if (!Files.isRegularFile(path)) {
            throw new ConfigException(where + " is not a regular file; give the path of a JSON file");
        }
        try {
            if (Files.size(path) > MAX_FILE_BYTES) {
                throw new ConfigException(where + " is larger than " + (MAX_FILE_BYTES >> 20)
                        + " MB, too large for a configuration; check the path");
            }
            byte[] bytes = Files.readAllBytes(path);
            if (isBlank(bytes)) {
                throw new ConfigException(where + " is empty; write the telemetry/opencensus JSON"
                        + " object (or a whole KrakenD configuration) in it");
            }
            return new ConfigSource(shown, bytes);
        } catch (AccessDeniedException e) {
            throw new ConfigException(where + " cannot be read: permission denied; make it readable"
                    + " by the user running the JVM");
        } catch (NoSuchFileException e) {
            throw new ConfigException(where + " does not exist; set " + origin
                    + " to the path of an existing JSON file");
        } catch (IOException e) {
            throw new ConfigException(where + " cannot be read (" + e.getClass().getSimpleName()
                    + "); check the file and its permissions");
        }
    }

    /** Helps with the two usual surprises: stray spaces and a relative path. */
    private static String whereHint(String value, Path path) {
        if (!value.equals(value.trim())) {
            return " (note the spaces at its start or end)";
        }
        if (!path.isAbsolute()) {
            try {
                return " (resolved to " + ErrorText.quote(path.toAbsolutePath().toString(), 200) + ")";
            } catch (RuntimeException e) {
                return "";
            }
        }
        return "";
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
