package com.example.hosts;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.Map;
import java.util.Properties;

/**
 * A host with its own Jackson 2 and Jackson 3, Byte Buddy, AWS SDK and SLF4J on its class path (versions other than
 * the agent's), compiled without them and loading them by name. It prints what it got:
 * <pre>
 * LIB &lt;name&gt; &lt;version&gt; &lt;jar it came from&gt;
 * ABSENT &lt;class&gt; &lt;true|false: true when the class is not visible&gt;
 * </pre>
 * then serves {@code /hello}, {@code /json} (a map written by its own Jackson 2 ObjectMapper) and
 * {@code /json3} (by its Jackson 3 one), and
 * prints {@code READY <port>}.
 */
public final class IsolatedHost {

    private IsolatedHost() {}

    public static void main(String[] args) throws Exception {
        ClassLoader loader = IsolatedHost.class.getClassLoader();
        lib("jackson-databind", staticField("com.fasterxml.jackson.databind.cfg.PackageVersion", "VERSION"),
                "com.fasterxml.jackson.databind.ObjectMapper");
        lib("jackson-core", staticField("com.fasterxml.jackson.core.json.PackageVersion", "VERSION"),
                "com.fasterxml.jackson.core.JsonFactory");
        lib("jackson3-databind", staticField("tools.jackson.databind.cfg.PackageVersion", "VERSION"),
                "tools.jackson.databind.ObjectMapper");
        lib("byte-buddy", pomVersion("net.bytebuddy.ByteBuddy", "/META-INF/maven/net.bytebuddy/byte-buddy/pom.properties"),
                "net.bytebuddy.ByteBuddy");
        lib("aws-sdk-core", staticField("software.amazon.awssdk.core.util.VersionInfo", "SDK_VERSION"),
                "software.amazon.awssdk.core.SdkBytes");
        lib("aws-sdk-utils", "-", "software.amazon.awssdk.utils.StringUtils");
        lib("slf4j-api", pomVersion("org.slf4j.LoggerFactory", "/META-INF/maven/org.slf4j/slf4j-api/pom.properties"),
                "org.slf4j.LoggerFactory");
        // Classes the agent carries but this host does not: none of them may be visible here.
        for (String name : new String[] {
                "net.bytebuddy.agent.ByteBuddyAgent",                         // byte-buddy-agent
                "com.fasterxml.jackson.core.StreamReadConstraints",           // jackson-core 2.15+
                "software.amazon.awssdk.services.xray.XRayClient",            // the X-Ray client
                "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient",
                "org.slf4j.nop.NOPServiceProvider",                           // slf4j-nop 2.x
                "io.telemetryagent.trace.Span",                               // the agent's own internals
                "io.telemetryagent.config.TelemetryConfig" }) {
            System.out.println("ABSENT " + name + " " + !visible(name, loader));
        }
        Object mapper = Class.forName("com.fasterxml.jackson.databind.ObjectMapper").getConstructor().newInstance();
        Method write = mapper.getClass().getMethod("writeValueAsString", Object.class);
        Object mapper3 = Class.forName("tools.jackson.databind.ObjectMapper").getConstructor().newInstance();
        Method write3 = mapper3.getClass().getMethod("writeValueAsString", Object.class);

        HttpServer server = Http.create(0, 50);
        server.createContext("/hello", exchange -> Http.respond(exchange, 200, "hello"));
        server.createContext("/json", exchange -> {
            try {
                Http.respond(exchange, 200, (String) write.invoke(mapper, Map.of("host", "isolated")));
            } catch (ReflectiveOperationException e) {
                Http.respond(exchange, 500, e.toString());
            }
        });
        server.createContext("/json3", exchange -> {
            try {
                Http.respond(exchange, 200, (String) write3.invoke(mapper3, Map.of("host", "isolated", "jackson", 3)));
            } catch (ReflectiveOperationException e) {
                Http.respond(exchange, 500, e.toString());
            }
        });
        server.start();
        System.out.println("READY " + server.getAddress().getPort());
        System.out.flush();
    }

    private static void lib(String name, String version, String className) {
        System.out.println("LIB " + name + " " + version + " " + jarOf(className));
    }

    private static String staticField(String className, String field) {
        try {
            return String.valueOf(Class.forName(className).getField(field).get(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            return "missing(" + e + ")";
        }
    }

    private static String pomVersion(String className, String resource) {
        try (InputStream in = Class.forName(className).getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException | ReflectiveOperationException | LinkageError e) {
            return "missing(" + e + ")";
        }
    }

    private static String jarOf(String className) {
        try {
            URL location = Class.forName(className).getProtectionDomain().getCodeSource().getLocation();
            String path = location.getPath();
            return path.substring(path.lastIndexOf('/', path.length() - 2) + 1);
        } catch (ReflectiveOperationException | LinkageError | NullPointerException e) {
            return "missing(" + e + ")";
        }
    }

    private static boolean visible(String name, ClassLoader loader) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
