package io.telemetryagent.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One immutable value of a JSON tree, built by {@link JsonParser}: only what the agent reads (a
 * general tree library would cost the agent's start-up its loading).
 * Objects keep their fields in document order, a repeated field keeping its first place and its
 * last value, as JSON readers do. Numbers are exact: an integer is a {@link BigInteger}, a number
 * with a fraction or exponent a {@link BigDecimal} with the scale the user wrote, so {@code 100.0}
 * stays distinct from {@code 100}.
 */
public final class JsonValue {

    public enum Kind { OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL }

    public static final JsonValue NULL = new JsonValue(Kind.NULL, null);
    public static final JsonValue TRUE = new JsonValue(Kind.BOOLEAN, Boolean.TRUE);
    public static final JsonValue FALSE = new JsonValue(Kind.BOOLEAN, Boolean.FALSE);

    private final Kind kind;
    /** Map of JsonValue by name, List of JsonValue, String, BigInteger, BigDecimal, Boolean or null. */
    private final Object value;

    private JsonValue(Kind kind, Object value) {
        this.kind = kind;
        this.value = value;
    }

    /** @param fields in document order; kept as given, so the caller must not change it afterwards */
    static JsonValue object(Map<String, JsonValue> fields) {
        return new JsonValue(Kind.OBJECT, Collections.unmodifiableMap(fields));
    }

    /** @param elements kept as given, so the caller must not change it afterwards */
    static JsonValue array(List<JsonValue> elements) {
        return new JsonValue(Kind.ARRAY, Collections.unmodifiableList(elements));
    }

    static JsonValue string(String text) {
        return new JsonValue(Kind.STRING, text);
    }

    static JsonValue integer(BigInteger number) {
        return new JsonValue(Kind.NUMBER, number);
    }

    static JsonValue decimal(BigDecimal number) {
        return new JsonValue(Kind.NUMBER, number);
    }

    public Kind kind() { return kind; }

    public boolean isObject() { return kind == Kind.OBJECT; }
    public boolean isArray() { return kind == Kind.ARRAY; }
    public boolean isString() { return kind == Kind.STRING; }
    public boolean isNumber() { return kind == Kind.NUMBER; }
    public boolean isBoolean() { return kind == Kind.BOOLEAN; }
    public boolean isNull() { return kind == Kind.NULL; }

    /** A number written without fraction or exponent. */
    public boolean isInteger() {
        return value instanceof BigInteger;
    }

    /** A number written with a fraction or an exponent ({@code 100.0}, {@code 1e2}). */
    public boolean isDecimal() {
        return value instanceof BigDecimal;
    }

    /** The string's text; null for any other kind. */
    public String text() {
        return kind == Kind.STRING ? (String) value : null;
    }

    /** True only for the boolean {@code true}. */
    public boolean isTrue() {
        return value == Boolean.TRUE;
    }

    /** The integer's value; only for {@link #isInteger()}. */
    public BigInteger integerValue() {
        return (BigInteger) value;
    }

    /** The number's exact value with its written scale; only for {@link #isDecimal()}. */
    public BigDecimal decimalValue() {
        return (BigDecimal) value;
    }

    /** The field's value ({@link #NULL} for a JSON null), or null when absent or this is no object. */
    public JsonValue get(String name) {
        return kind == Kind.OBJECT ? fields().get(name) : null;
    }

    public boolean has(String name) {
        return get(name) != null;
    }

    /** The object's fields in document order; empty for any other kind. */
    @SuppressWarnings("unchecked")
    public Map<String, JsonValue> fields() {
        return kind == Kind.OBJECT ? (Map<String, JsonValue>) value : Collections.<String, JsonValue>emptyMap();
    }

    public Set<String> fieldNames() {
        return fields().keySet();
    }

    /** The array's elements; empty for any other kind. */
    @SuppressWarnings("unchecked")
    public List<JsonValue> elements() {
        return kind == Kind.ARRAY ? (List<JsonValue>) value : Collections.<JsonValue>emptyList();
    }

    /** Fields of an object, elements of an array, else 0. */
    public int size() {
        return kind == Kind.OBJECT ? fields().size() : kind == Kind.ARRAY ? elements().size() : 0;
    }

    /**
     * A scalar as messages show it: a number in its exact form ({@code 100.0}; a large exponent in
     * scientific notation such as {@code 1E+3}), {@code true}, {@code false}, {@code null}; a
     * string's raw text. Objects and arrays give an empty string.
     */
    public String scalarText() {
        switch (kind) {
            case STRING: return (String) value;
            case NUMBER: return value.toString();
            case BOOLEAN: return value.toString();
            case NULL: return "null";
            default: return "";
        }
    }
}
