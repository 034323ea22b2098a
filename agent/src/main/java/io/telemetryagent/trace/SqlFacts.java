package io.telemetryagent.trace;

/**
 * What a JDBC connection says about its database, read once per connection and shared by the
 * subsegments of every statement run on it: X-Ray's {@code sql} block, less what is per
 * statement ({@code preparation}, {@code sanitized_query}). Immutable; any field may be null.
 */
public final class SqlFacts {

    private final String name;
    private final String url;
    private final String databaseType;
    private final String databaseVersion;
    private final String driverVersion;
    private final String user;

    /**
     * @param name the subsegment's name, {@code database@host} as X-Ray names it
     * @param url  the connection's URL without user info or parameters (never a secret)
     */
    public SqlFacts(String name, String url, String databaseType, String databaseVersion, String driverVersion,
                    String user) {
        this.name = name;
        this.url = url;
        this.databaseType = databaseType;
        this.databaseVersion = databaseVersion;
        this.driverVersion = driverVersion;
        this.user = user;
    }

    public String name() { return name; }
    public String url() { return url; }
    public String databaseType() { return databaseType; }
    public String databaseVersion() { return databaseVersion; }
    public String driverVersion() { return driverVersion; }
    public String user() { return user; }
}
