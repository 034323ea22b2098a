package io.telemetryagent.json;

/**
 * Text that is not JSON: where (1-based line and column, counted in characters) and a short
 * description that never quotes more of the text than the one offending character, since the
 * text may hold credentials.
 */
public final class JsonSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String description;

    JsonSyntaxException(int line, int column, String description) {
        super(description + " at line " + line + ", column " + column, null, false, false);
        this.line = line;
        this.column = column;
        this.description = description;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** What is wrong, e.g. {@code comments are not JSON}; without the position. */
    public String description() {
        return description;
    }
}
