package io.telemetryagent.export;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where this JVM runs, as X-Ray shows it on every segment: the {@code origin}
 * ({@code AWS::EC2::Instance}, ...) and the platform's sections of the segment's {@code aws}
 * block ({@code ec2}, {@code ecs}, {@code eks}, {@code elastic_beanstalk}), each an ordered list
 * of fields. Immutable; made by {@link PlatformDetector} on the exporter's thread.
 */
public final class Platform {

    /** Nowhere known: no origin, no sections. */
    public static final Platform UNKNOWN = new Platform(null, Collections.<Section>emptyList());

    private final String origin;
    private final List<Section> sections;

    private Platform(String origin, List<Section> sections) {
        this.origin = origin;
        this.sections = sections;
    }

    /** Only an origin (or none), with no section. */
    public static Platform of(String origin) {
        return origin == null ? UNKNOWN : new Platform(origin, Collections.<Section>emptyList());
    }

    /** The X-Ray {@code origin}, or null when unknown. */
    public String origin() { return origin; }

    /** The {@code aws} block's platform sections, in the order written; never null. */
    public List<Section> sections() { return sections; }

    /** One section if present, else null. */
    public Section section(String name) {
        for (Section section : sections) {
            if (section.name.equals(name)) {
                return section;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "origin " + origin + " " + sections;
    }

    /** One object of the {@code aws} block, such as {@code ec2}: its fields in order. */
    public static final class Section {
        public final String name;
        private final List<String> fields;
        /** A {@link String} or a {@link Long} per field. */
        private final List<Object> values;

        private Section(String name, List<String> fields, List<Object> values) {
            this.name = name;
            this.fields = Collections.unmodifiableList(fields);
            this.values = Collections.unmodifiableList(values);
        }

        public int size() { return fields.size(); }
        public String field(int i) { return fields.get(i); }
        /** A {@link String} or a {@link Long}. */
        public Object value(int i) { return values.get(i); }

        /** The value of {@code field}, or null. */
        public Object get(String field) {
            int i = fields.indexOf(field);
            return i < 0 ? null : values.get(i);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(name).append('{');
            for (int i = 0; i < fields.size(); i++) {
                out.append(i == 0 ? "" : ", ").append(fields.get(i)).append('=').append(values.get(i));
            }
            return out.append('}').toString();
        }
    }

    /** Builds a platform: an origin, and sections that keep only the fields given a value. */
    static final class Builder {
        private String origin;
        private final Map<String, List<String>> fields = new LinkedHashMap<>();
        private final Map<String, List<Object>> values = new HashMap<>();

        Builder origin(String origin) {
            this.origin = origin;
            return this;
        }

        String origin() {
            return origin;
        }

        /** Adds a field to {@code section} (made at its first field); a null or empty value is left out. */
        Builder field(String section, String name, Object value) {
            if (value != null && !"".equals(value)) {
                fields.computeIfAbsent(section, s -> new ArrayList<>()).add(name);
                values.computeIfAbsent(section, s -> new ArrayList<>()).add(value);
            }
            return this;
        }

        Platform build() {
            List<Section> sections = new ArrayList<>();
            for (Map.Entry<String, List<String>> section : fields.entrySet()) {
                sections.add(new Section(section.getKey(), section.getValue(), values.get(section.getKey())));
            }
            return origin == null && sections.isEmpty() ? UNKNOWN
                    : new Platform(origin, Collections.unmodifiableList(sections));
        }
    }
}
