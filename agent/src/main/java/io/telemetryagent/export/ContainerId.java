package io.telemetryagent.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The 64-hex-digit id of the container this JVM runs in, from its control groups (cgroup v1:
 * {@code /proc/self/cgroup} names it, as {@code docker-<id>.scope}, {@code cri-containerd-<id>}
 * or {@code /docker/<id>}) or, under cgroup v2, from the container's own files in
 * {@code /proc/self/mountinfo} ({@code /containers/<id>/hostname}). Null outside a container or
 * when neither says.
 */
final class ContainerId {

    static final String CGROUP = "proc/self/cgroup";
    static final String MOUNTINFO = "proc/self/mountinfo";
    private static final int ID_LENGTH = 64;

    private ContainerId() {}

    static String of(Path root) {
        for (String line : lines(root.resolve(CGROUP))) {
            String id = lastSegmentId(line);
            if (id != null) {
                return id;
            }
        }
        for (String line : lines(root.resolve(MOUNTINFO))) {
            int at = line.indexOf("/containers/");
            if (at >= 0) {
                int start = at + "/containers/".length();
                int end = start + ID_LENGTH;
                if (end < line.length() && line.charAt(end) == '/' && isId(line, start, end)) {
                    return line.substring(start, end);
                }
            }
        }
        return null;
    }

    /** The id a cgroup v1 line ends with, prefix ({@code docker-}, ...) and {@code .scope} removed. */
    private static String lastSegmentId(String line) {
        String segment = line.substring(line.lastIndexOf('/') + 1);
        if (segment.endsWith(".scope")) {
            segment = segment.substring(0, segment.length() - ".scope".length());
        }
        if (segment.length() < ID_LENGTH) {
            return null;
        }
        int start = segment.length() - ID_LENGTH;
        if (start > 0 && segment.charAt(start - 1) != '-' && segment.charAt(start - 1) != ':') {
            return null;
        }
        return isId(segment, start, segment.length()) ? segment.substring(start) : null;
    }

    private static boolean isId(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static List<String> lines(Path file) {
        try {
            if (Files.size(file) > 1 << 20) {
                return List.of();
            }
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException | UnsupportedOperationException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }
}
