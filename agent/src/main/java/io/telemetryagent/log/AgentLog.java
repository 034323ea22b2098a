package io.telemetryagent.log;

import java.util.Locale;

/**
 * The agent's only voice: one line per message on stderr, each starting with
 * {@code [telemetry-agent]}. The level comes from {@code -Dtelemetry.log.level}
 * (error, warn, info, debug; default info). Never pass a secret to it.
 */
public final class AgentLog {

    public static final String PREFIX = "[telemetry-agent] ";

    private static final int ERROR = 0, WARN = 1, INFO = 2, DEBUG = 3;
    private static volatile int level = parse(System.getProperty("telemetry.log.level"));

    static {
        String problem = problem(System.getProperty("telemetry.log.level"));
        if (problem != null) {
            print(problem);
        }
    }

    private AgentLog() {}

    /** The level {@code value} names; info when absent or unknown (see {@link #problem}). */
    static int parse(String value) {
        if (value == null) {
            return INFO;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "error": return ERROR;
            case "warn": return WARN;
            case "debug": return DEBUG;
            default: return INFO;
        }
    }

    /** The line saying that {@code value} is no level, or null when it is one (or absent). */
    static String problem(String value) {
        if (value == null) {
            return null;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "error":
            case "warn":
            case "info":
            case "debug":
                return null;
            default:
                String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
                StringBuilder printable = new StringBuilder();
                for (int i = 0; i < shown.length(); i++) {
                    char c = shown.charAt(i);
                    printable.append(c < 0x20 || c == 0x7f ? '?' : c);
                }
                return "-Dtelemetry.log.level is \"" + printable + "\", must be error, warn, info or debug; using info";
        }
    }

    public static boolean debugEnabled() { return level >= DEBUG; }

    public static void error(String message) { if (level >= ERROR) print(message); }
    public static void warn(String message) { if (level >= WARN) print(message); }
    public static void info(String message) { if (level >= INFO) print(message); }
    public static void debug(String message) { if (level >= DEBUG) print(message); }

    private static void print(String message) {
        // One write per line so that lines from several threads never interleave.
        System.err.print(PREFIX + message + System.lineSeparator());
        System.err.flush();
    }
}
