package io.telemetryagent.config;

/**
 * An X-Ray daemon address in the forms the X-Ray SDKs accept for {@code AWS_XRAY_DAEMON_ADDRESS}:
 * {@code host:port} (segments over UDP and sampling over TCP to one address), or
 * {@code tcp:host:port udp:host:port} in either order. Used for
 * {@code exporters.xray.daemon_address} and the environment variable alike.
 */
public final class DaemonAddress {

    /** The expected form, for error messages. */
    public static final String RULE = "must be \"host:port\" (e.g. \"127.0.0.1:2000\") or"
            + " \"tcp:host:port udp:host:port\", with a port from 1 to 65535";

    private final String udpHost;
    private final int udpPort;
    private final String tcpHost;
    private final int tcpPort;

    private DaemonAddress(String udpHost, int udpPort, String tcpHost, int tcpPort) {
        this.udpHost = udpHost;
        this.udpPort = udpPort;
        this.tcpHost = tcpHost;
        this.tcpPort = tcpPort;
    }

    /**
     * @param text the address as written, surrounding spaces allowed
     * @return the address, or null when {@code text} is in neither form
     */
    public static DaemonAddress parse(String text) {
        if (text == null) {
            return null;
        }
        String[] parts = text.trim().split(" +", -1);
        if (parts.length == 1) {
            int port = port(parts[0]);
            String host = host(parts[0]);
            return port < 0 || host == null ? null : new DaemonAddress(host, port, host, port);
        }
        if (parts.length != 2) {
            return null;
        }
        String udp = null, tcp = null;
        for (String part : parts) {
            if (part.startsWith("udp:") && udp == null) {
                udp = part.substring(4);
            } else if (part.startsWith("tcp:") && tcp == null) {
                tcp = part.substring(4);
            } else {
                return null;
            }
        }
        if (port(udp) < 0 || host(udp) == null || port(tcp) < 0 || host(tcp) == null) {
            return null;
        }
        return new DaemonAddress(host(udp), port(udp), host(tcp), port(tcp));
    }

    /** The host before the last ':', brackets of an IPv6 literal removed; null when empty. */
    private static String host(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? "" : hostPort.substring(0, colon);
        if (host.length() > 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']') {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || host.indexOf(':') >= 0 && hostPort.charAt(0) != '[') {
            return null;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '-' || c == '_' || c == ':' || c == '%';
            if (!allowed) {
                return null;
            }
        }
        return host;
    }

    /** The port after the last ':', or -1 when it is not a number from 1 to 65535. */
    private static int port(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String digits = hostPort.substring(colon + 1);
        if (colon < 0 || digits.isEmpty() || digits.length() > 5) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        int port = Integer.parseInt(digits);
        return port >= 1 && port <= 65535 ? port : -1;
    }

    /** Where segment documents go (UDP). */
    public String udpHost() { return udpHost; }
    public int udpPort() { return udpPort; }
    /** Where sampling rules would be asked for (TCP); the agent does not use it today. */
    public String tcpHost() { return tcpHost; }
    public int tcpPort() { return tcpPort; }

    @Override
    public String toString() {
        return udpHost.equals(tcpHost) && udpPort == tcpPort ? hostPort(udpHost, udpPort)
                : "tcp:" + hostPort(tcpHost, tcpPort) + " udp:" + hostPort(udpHost, udpPort);
    }

    private static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
