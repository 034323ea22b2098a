package io.telemetryagent.launcher;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.function.BiConsumer;
import java.util.jar.JarFile;

/**
 * The entry points of the agent jar: {@code premain} (-javaagent), {@code agentmain} (attach)
 * and {@code main} ({@code java -jar telemetry-agent.jar attach <pid> [config]}). It loads
 * nothing of the agent itself: it hands over to {@code io.telemetryagent.Agent} inside the
 * agent's own class loader, which puts the bridge in the bootstrap class loader on its own thread.
 * Nothing here may throw into the host.
 */
public final class AgentLauncher {

    private static final String PREFIX = "[telemetry-agent] ";

    private AgentLauncher() {}

    public static void premain(String args, Instrumentation inst) {
        launch(args, inst);
    }

    public static void agentmain(String args, Instrumentation inst) {
        launch(args, inst);
    }

    private static synchronized void launch(String args, Instrumentation inst) {
        try {
            String off = disabledBy(System.getProperty("telemetry.enabled"));
            if (off != null) {
                System.err.println(PREFIX + off);
                return;
            }
            if (System.getProperty("io.telemetryagent.started") != null) {
                System.err.println(PREFIX + "already running in this JVM; ignoring the second start");
                return;
            }
            System.setProperty("io.telemetryagent.started", "true");
            URL location = AgentLauncher.class.getProtectionDomain().getCodeSource().getLocation();
            JarFile jar = new JarFile(new File(location.toURI()), false);
            ClassLoader agentLoader = new AgentClassLoader(jar, location, ClassLoader.getPlatformClassLoader());
            Class<?> agent = Class.forName("io.telemetryagent.Agent", true, agentLoader);
            // Its constructor and an interface call, not Method.invoke: from JDK 18 on, reflection
            // makes a method handle on a method's first call, 6 ms of the host's main on JDK 25.
            @SuppressWarnings("unchecked")
            BiConsumer<String, Instrumentation> start =
                    (BiConsumer<String, Instrumentation>) agent.getConstructor().newInstance();
            start.accept(args, inst);
        } catch (Throwable t) {
            System.err.println(PREFIX + "could not start, tracing is off: " + t);
        }
    }

    /**
     * The line to print when {@code -Dtelemetry.enabled} turns the agent off, or null when it is on.
     * A value that is neither on nor off turns it off too, saying so: never guessed at.
     */
    static String disabledBy(String value) {
        String flag = value == null ? "" : value.trim();
        switch (flag.toLowerCase(java.util.Locale.ROOT)) {
            case "":
            case "true":
            case "on":
            case "yes":
            case "1":
                return null;
            case "false":
            case "off":
            case "no":
            case "0":
                return "disabled by -Dtelemetry.enabled=" + flag + "; tracing is off";
            default:
                String shown = flag.length() > 40 ? flag.substring(0, 40) + "..." : flag;
                StringBuilder printable = new StringBuilder();
                for (int i = 0; i < shown.length(); i++) {
                    char c = shown.charAt(i);
                    printable.append(c < 0x20 || c == 0x7f ? '?' : c);
                }
                return "-Dtelemetry.enabled is \"" + printable + "\", must be true or false (or on/off, yes/no, 1/0);"
                        + " tracing is off, the application runs normally";
        }
    }

    /** {@code java -jar telemetry-agent.jar attach <pid> [config]}. */
    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !args[0].equals("attach")) {
            System.err.println("usage: java -jar telemetry-agent.jar attach <pid> [config file or inline JSON]");
            System.exit(2);
            return;
        }
        URL location = AgentLauncher.class.getProtectionDomain().getCodeSource().getLocation();
        File jarFile = new File(location.toURI());
        ClassLoader loader = new AgentClassLoader(new JarFile(jarFile, false), location,
                ClassLoader.getSystemClassLoader());
        Class<?> attacher = Class.forName("io.telemetryagent.Attacher", true, loader);
        Method attach = attacher.getMethod("attach", File.class, String.class, String.class);
        attach.invoke(null, jarFile, args[1], args.length > 2 ? args[2] : null);
    }
}
