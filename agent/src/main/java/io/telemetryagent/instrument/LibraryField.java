package io.telemetryagent.instrument;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * A public instance field of a library's type, read from the agent's class loader by reflection;
 * looked up once per class.
 */
public final class LibraryField {

    private final String name;
    private final ClassValue<Field> byClass = new ClassValue<Field>() {
        @Override
        protected Field computeValue(Class<?> type) {
            try {
                Field field = type.getField(name);
                return Modifier.isPublic(field.getDeclaringClass().getModifiers())
                        && !Modifier.isStatic(field.getModifiers()) ? field : null;
            } catch (NoSuchFieldException | SecurityException | LinkageError e) {
                return null;
            }
        }
    };

    public LibraryField(String name) {
        this.name = name;
    }

    /** The field's value in {@code target}; null when the target is null or has no such field. */
    public Object get(Object target) {
        if (target == null) {
            return null;
        }
        Field field = byClass.get(target.getClass());
        if (field == null) {
            return null;
        }
        try {
            return field.get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(name + " of " + target.getClass().getName() + " unreadable", e);
        }
    }
}
