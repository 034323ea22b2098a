package io.telemetryagent.config;

import static io.telemetryagent.config.Configs.MAIN;
import static io.telemetryagent.config.Configs.SUFFIX;
import static io.telemetryagent.config.Configs.json;
import static io.telemetryagent.config.Configs.rejection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the JSON comes from (property, environment, inline or file) and what happens when it cannot be read. */
class ConfigSourceTest {

    private static final String VALID = Configs.withTop("'sample_rate': 25");

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertContains(String message, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "expected \"" + fragment + "\" in: " + message);
        }
    }

    @Test
    void readsInlineJsonFromTheProperty() throws ConfigException {
        assertEquals(25, ConfigLoader.load(VALID, Map.of(), MAIN).sampleRate());
    }

    @Test
    void readsInlineJsonWithLeadingWhitespace() throws ConfigException {
        assertEquals(25, ConfigLoader.load(" \n\t" + VALID, Map.of(), MAIN).sampleRate());
    }

    @Test
    void readsAFileNamedByTheProperty() throws Exception {
        Path file = write("telemetry.json", VALID);
        assertEquals(25, ConfigLoader.load(file.toString(), Map.of(), MAIN).sampleRate());
    }

    @Test
    void readsAFileWithAByteOrderMark() throws Exception {
        Path file = write("bom.json", "\uFEFF" + VALID);
        assertEquals(25, ConfigLoader.load(file.toString(), Map.of(), MAIN).sampleRate());
    }

    @Test
    void fallsBackToTheEnvironmentVariableWhenThePropertyIsAbsent() throws Exception {
        Path file = write("env.json", VALID);
        assertEquals(25, ConfigLoader.load(null, Map.of("TELEMETRY_CONFIG", file.toString()), MAIN).sampleRate());
        assertEquals(25, ConfigLoader.load("", Map.of("TELEMETRY_CONFIG", VALID), MAIN).sampleRate());
    }

    @Test
    void thePropertyWinsOverTheEnvironmentVariable() throws Exception {
        String other = Configs.withTop("'sample_rate': 75");
        assertEquals(75, ConfigLoader.load(other, Map.of("TELEMETRY_CONFIG", VALID), MAIN).sampleRate());
    }

    @Test
    void rejectsNoConfigurationTellingHowToSetIt() {
        assertContains(rejection(null, Map.of()), "no configuration given", "set -Dtelemetry.config=/path/to/telemetry.json",
                "TELEMETRY_CONFIG environment variable");
        assertContains(rejection("", Map.of("TELEMETRY_CONFIG", "")), "no configuration given");
    }

    @Test
    void rejectsABlankProperty() {
        assertContains(rejection("   ", Map.of()), "-Dtelemetry.config is blank", "path of the JSON configuration file");
    }

    @Test
    void rejectsAMissingFileNamingThePath() {
        Path missing = dir.resolve("nope.json");
        assertEquals("configuration error: file \"" + missing + "\" (from -Dtelemetry.config) does not exist;"
                + " set -Dtelemetry.config to the path of an existing JSON file, or to the JSON itself starting with {"
                + SUFFIX, rejection(missing.toString(), Map.of()));
    }

    @Test
    void namesTheEnvironmentVariableWhenItsFileIsMissing() {
        assertContains(rejection(null, Map.of("TELEMETRY_CONFIG", dir.resolve("x.json").toString())),
                "(from the TELEMETRY_CONFIG environment variable) does not exist");
    }

    @Test
    void showsWhereARelativePathResolves() {
        assertContains(rejection("conf/none.json", Map.of()), "file \"conf/none.json\"", "(resolved to \"",
                "none.json\")", "does not exist");
    }

    @Test
    void pointsOutSpacesAroundAPathInsteadOfTrimmingThem() throws Exception {
        Path file = write("t.json", VALID);
        assertContains(rejection(file + " ", Map.of()), "(note the spaces at its start or end) does not exist");
    }

    @Test
    void rejectsADirectory() {
        assertContains(rejection(dir.toString(), Map.of()), "file \"" + dir + "\"", "is a directory",
                "give the path of the JSON file itself");
    }

    @Test
    void rejectsAnEmptyFile() throws Exception {
        Path file = write("empty.json", "");
        assertContains(rejection(file.toString(), Map.of()), "file \"" + file + "\"", "is empty",
                "write the telemetry/opencensus JSON object");
        Path blank = write("blank.json", " \n\n ");
        assertContains(rejection(blank.toString(), Map.of()), "is empty");
    }

    @Test
    void rejectsAnUnreadableFile() throws Exception {
        assumeTrue(!"root".equals(System.getProperty("user.name")), "root reads every file");
        Path file = write("secret.json", VALID);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        } catch (UnsupportedOperationException e) {
            assumeTrue(false, "no POSIX permissions here");
        }
        assertContains(rejection(file.toString(), Map.of()), "permission denied", "make it readable");
    }

    @Test
    void rejectsAJsonArray() throws Exception {
        Path file = write("array.json", "[{\"sample_rate\": 1}]");
        assertContains(rejection(file.toString(), Map.of()), "holds an array, must be a JSON object");
    }

    @Test
    void rejectsAJsonNumber() throws Exception {
        Path file = write("number.json", "42");
        assertContains(rejection(file.toString(), Map.of()), "holds a number, must be a JSON object");
    }

    @Test
    void rejectsInlineJsonThatIsNotAnObject() {
        assertContains(rejection("[1, 2]", Map.of()), "-Dtelemetry.config looks like JSON but does not start with {");
        assertContains(rejection(json("'sample_rate': 1"), Map.of()), "looks like JSON but does not start with {");
    }

    @Test
    void rejectsInvalidJsonWithLineAndColumn() throws Exception {
        Path file = write("bad.json", "{\n  \"sample_rate\": 10,\n}\n");
        assertEquals("configuration error: file \"" + file + "\" (from -Dtelemetry.config) is not valid JSON at line 3,"
                + " column 1: a comma before '}' (JSON allows no trailing comma; remove it);"
                + " fix the JSON there" + SUFFIX, rejection(file.toString(), Map.of()));
    }

    @Test
    void rejectsTruncatedInlineJson() {
        assertEquals("configuration error: the JSON in -Dtelemetry.config is not valid JSON at line 1, column 19:"
                + " unclosed object: the '{' at line 1, column 1 has no '}'; fix the JSON there"
                + SUFFIX, rejection("{\"sample_rate\": 10", Map.of()));
    }

    @Test
    void countsColumnsOfAFileWithAByteOrderMarkFromAfterTheMark() throws Exception {
        Path file = write("bom-bad.json", "\uFEFF{\"sample_rate\": x}");
        assertContains(rejection(file.toString(), Map.of()), "is not valid JSON at line 1, column 17:"
                + " unquoted text (strings need double quotes); fix the JSON there");
    }

    @Test
    void rejectsAUtf16File() throws Exception {
        Path file = Files.write(dir.resolve("utf16.json"), VALID.getBytes(StandardCharsets.UTF_16));
        assertContains(rejection(file.toString(), Map.of()), "is not valid JSON at line 1, column 1: the text is UTF-16"
                + " (it starts with a UTF-16 byte order mark); save it as UTF-8; fix the JSON there");
    }

    @Test
    void rejectsAFileHoldingOnlyAByteOrderMark() throws Exception {
        Path file = write("only-bom.json", "\uFEFF\n");
        assertContains(rejection(file.toString(), Map.of()), "holds no JSON; write the telemetry/opencensus JSON object");
    }

    @Test
    void rejectsTextAfterTheJsonObject() {
        assertContains(rejection(Configs.withTop("'sample_rate': 1") + " {}", Map.of()),
                "has more text after the end of the JSON object, at line 1", "remove it");
    }

    @Test
    void rejectsJsonComments() {
        assertContains(rejection("{ // tracing\n \"sample_rate\": 1}", Map.of()),
                "is not valid JSON at line 1, column 3: comments are not JSON; fix the JSON there");
    }

    @Test
    void rejectsNaN() {
        assertContains(rejection("{\"sample_rate\": NaN}", Map.of()),
                "is not valid JSON at line 1, column 17: NaN and Infinity are not JSON numbers; fix the JSON there");
    }
}
