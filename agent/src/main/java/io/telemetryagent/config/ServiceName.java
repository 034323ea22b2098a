package io.telemetryagent.config;

import java.util.Locale;
import java.util.Map;

/**
 * The segment name: {@code service_name} from the block, else {@code AWS_XRAY_TRACING_NAME},
 * else the main class's simple name or the jar's file name, else {@value #DEFAULT}.
 */
final class ServiceName {

    static final String ENV = "AWS_XRAY_TRACING_NAME";
    static final String DEFAULT = "java-app";
    static final int MAX_CHARS = 200;
    private static final String PUNCTUATION = "_.:/%&#=+\\-@";
    static final String RULE = "must be 1 to " + MAX_CHARS + " letters, digits, spaces and _ . : / % & # = + \\ - @"
            + " (the characters X-Ray allows in a segment name)";

    private ServiceName() {}

    /** @param configured the block's validated {@code service_name}, or null */
    static String resolve(String configured, Map<String, String> env, String mainCommand) throws ConfigException {
        if (configured != null) {
            return configured;
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            if (!isValid(fromEnv)) {
                throw new ConfigException("the " + ENV + " environment variable is " + ErrorText.quote(fromEnv)
                        + ", " + RULE + "; fix it, or set service_name in telemetry/opencensus");
            }
            return fromEnv;
        }
        return fromMainCommand(mainCommand);
    }

    static boolean isValid(String name) {
        if (name.isEmpty() || name.length() > MAX_CHARS || name.trim().isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isAllowed(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAllowed(char c) {
        return Character.isLetterOrDigit(c) || c == ' ' || PUNCTUATION.indexOf(c) >= 0;
    }

    /**
     * From {@code sun.java.command}: {@code com.acme.OrdersApp arg1} gives {@code OrdersApp},
     * {@code /opt/app/orders-service.jar --port 1} gives {@code orders-service}. Characters X-Ray
     * refuses (a nested class's {@code $}) are dropped: this name is derived, not typed by the user.
     */
    static String fromMainCommand(String mainCommand) {
        if (mainCommand == null || mainCommand.trim().isEmpty()) {
            return DEFAULT;
        }
        String command = mainCommand.trim();
        String lower = command.toLowerCase(Locale.ROOT);
        String name;
        int jarEnd = lower.endsWith(".jar") ? command.length() - 4 : lower.indexOf(".jar ");
        if (jarEnd > 0) {
            // A jar path may contain spaces; it ends at ".jar".
            String jar = command.substring(0, jarEnd);
            name = jar.substring(Math.max(jar.lastIndexOf('/'), jar.lastIndexOf('\\')) + 1);
        } else {
            int space = command.indexOf(' ');
            String mainClass = space < 0 ? command : command.substring(0, space);
            mainClass = mainClass.substring(mainClass.lastIndexOf('/') + 1); // module/class form
            name = mainClass.substring(mainClass.lastIndexOf('.') + 1);
        }
        StringBuilder kept = new StringBuilder(name.length());
        for (int i = 0; i < name.length() && kept.length() < MAX_CHARS; i++) {
            if (isAllowed(name.charAt(i))) {
                kept.append(name.charAt(i));
            }
        }
        return kept.toString().trim().isEmpty() ? DEFAULT : kept.toString();
    }
}
