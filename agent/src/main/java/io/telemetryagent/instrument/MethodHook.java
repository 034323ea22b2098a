package io.telemetryagent.instrument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@link HookWeaver} weaves into the methods of an instrumented class, stated as data: which
 * methods (by name, argument count and argument types, read from the class file alone), and which
 * {@link io.telemetryagent.bootstrap.Bridge} call goes where, with which values. The woven code
 * has no branch of its own: every decision is the hook's, on the agent's side.
 *
 * <p>The shapes:
 * <ul>
 *   <li>{@link #call}: {@code Bridge.enter(a, b, c, id)} as the method starts, result dropped;</li>
 *   <li>{@link #span} then {@link Span#end}: the same call keeps its token, and
 *       {@code Bridge.exit(result, thrown, token, self, id)} runs at every return and, through a
 *       handler around the whole body, on every throw (the throwable is thrown on unchanged);</li>
 *   <li>{@link #atReturn}: {@code Bridge.enter(a, b, c, id)} just before every return (after a
 *       constructor's own body, so {@code this} is initialised);</li>
 *   <li>{@link #atThrow}: {@code Bridge.enter(thrown, null, null, id)} when the method throws;</li>
 *   <li>{@link #replaceArgument} and {@link #replaceFieldAtReturn}: the value becomes
 *       {@code Bridge.replace(value, id)}, which is the value itself unless the hook says otherwise;</li>
 *   <li>{@link #redirectCall}: one call instruction inside the method becomes a static call.</li>
 * </ul>
 */
public final class MethodHook {

    /** Where a value passed to the bridge comes from. */
    public static final class Value {
        final int kind;
        final int index;
        final String name;
        final String descriptor;
        /** For a field: declared by a superclass, so not checked against the class's own fields. */
        final boolean inherited;

        private Value(int kind, int index, String name, String descriptor, boolean inherited) {
            this.kind = kind;
            this.index = index;
            this.name = name;
            this.descriptor = descriptor;
            this.inherited = inherited;
        }

        private Value(int kind, int index, String name, String descriptor) {
            this(kind, index, name, descriptor, false);
        }
    }

    static final int THIS = 0;
    static final int ARGUMENT = 1;
    static final int FIELD = 2;
    static final int NULL = 3;
    static final int TRUE = 4;
    static final int THROWN = 5;
    static final int RESULT = 6;

    /** {@code this}. */
    public static Value self() {
        return new Value(THIS, 0, null, null);
    }

    /** Argument {@code index} (from 0), boxed when primitive. */
    public static Value argument(int index) {
        return new Value(ARGUMENT, index, null, null);
    }

    /**
     * Field {@code name} of {@code this}, declared by the class itself, with its JVM descriptor
     * (e.g. {@code Z}, {@code Ljava/lang/Object;}); boxed when primitive. A class whose field has
     * another name or type is left as it is (a library version we do not know), with a warning.
     */
    public static Value field(String name, String descriptor) {
        return new Value(FIELD, 0, name, descriptor);
    }

    /** As {@link #field}, for a field a superclass declares (a JDK class's, stable): not checked. */
    public static Value inheritedField(String name, String descriptor) {
        return new Value(FIELD, 0, name, descriptor, true);
    }

    /** For {@link #atReturn}, and only as its first value: the value returned, boxed when primitive. */
    public static Value result() {
        return new Value(RESULT, 0, null, null);
    }

    /** {@code null}. */
    public static Value none() {
        return new Value(NULL, 0, null, null);
    }

    /** {@code Boolean.TRUE}. */
    public static Value yes() {
        return new Value(TRUE, 0, null, null);
    }

    /** Which methods of the class a hook applies to. */
    public static final class Methods {
        final String[] names;
        int argumentCount = -1;
        String[] argumentTypes = new String[0];

        private Methods(String... names) {
            this.names = names;
        }

        /** Exactly {@code count} arguments. */
        public Methods arguments(int count) {
            this.argumentCount = count;
            return this;
        }

        /** Argument {@code index} is declared with the type of binary name {@code type}. */
        public Methods argument(int index, String type) {
            if (argumentTypes.length <= index) {
                argumentTypes = Arrays.copyOf(argumentTypes, index + 1);
            }
            argumentTypes[index] = type;
            return this;
        }

        boolean matches(String name, String descriptor) {
            boolean named = false;
            for (String candidate : names) {
                named |= candidate.equals(name);
            }
            if (!named) {
                return false;
            }
            if (argumentCount < 0 && argumentTypes.length == 0) {
                return true;
            }
            String[] arguments = Descriptors.argumentTypeNames(descriptor);
            if (argumentCount >= 0 && arguments.length != argumentCount) {
                return false;
            }
            for (int i = 0; i < argumentTypes.length; i++) {
                if (argumentTypes[i] != null && (i >= arguments.length || !argumentTypes[i].equals(arguments[i]))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Methods called {@code names} (any of them). */
    public static Methods named(String... names) {
        return new Methods(names);
    }

    /** The constructors. */
    public static Methods constructors() {
        return new Methods("<init>");
    }

    static final int CALL = 0;
    static final int SPAN = 1;
    static final int AT_RETURN = 2;
    static final int AT_THROW = 3;
    static final int REPLACE_ARGUMENT = 4;
    static final int REPLACE_FIELD = 5;
    static final int REDIRECT = 6;

    final Methods methods;
    final int shape;
    final int id;
    final Value[] values;
    Value exitSelf;
    boolean passResult;
    boolean passThrown;
    int argumentIndex;
    String fieldName;
    String fieldDescriptor;
    /** For {@link #REDIRECT}: owner, name, descriptor of the call replaced, then of the static call. */
    String[] redirect;

    private MethodHook(Methods methods, int shape, int id, Value... values) {
        this.methods = methods;
        this.shape = shape;
        this.id = id;
        this.values = values;
        if (values.length > 3) {
            throw new IllegalArgumentException("a bridge call takes at most three values");
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i].kind == RESULT && shape != AT_RETURN) {
                throw new IllegalArgumentException("result() is only known as the method returns");
            }
        }
    }

    /** The fields of {@code this} the woven code reads or writes that the class itself must declare, as name and descriptor. */
    List<String[]> ownFields() {
        List<String[]> fields = new ArrayList<>();
        for (Value value : values) {
            if (value.kind == FIELD && !value.inherited) {
                fields.add(new String[] {value.name, value.descriptor});
            }
        }
        if (exitSelf != null && exitSelf.kind == FIELD && !exitSelf.inherited) {
            fields.add(new String[] {exitSelf.name, exitSelf.descriptor});
        }
        if (fieldName != null) {
            fields.add(new String[] {fieldName, fieldDescriptor});
        }
        return fields;
    }

    /** {@code Bridge.enter(values..., id)} as the method starts; its result is dropped. */
    public static MethodHook call(Methods methods, Slot hook, Value... values) {
        return call(methods, hook.id(), values);
    }

    static MethodHook call(Methods methods, int id, Value... values) {
        return new MethodHook(methods, CALL, id, values);
    }

    /** A span that starts as the method starts; finish it with {@link Span#end}. */
    public static Span span(Methods methods, Slot hook, Value... values) {
        return span(methods, hook.id(), values);
    }

    static Span span(Methods methods, int id, Value... values) {
        return new Span(new MethodHook(methods, SPAN, id, values));
    }

    /** The second half of {@link #span}. */
    public static final class Span {
        private final MethodHook hook;

        private Span(MethodHook hook) {
            this.hook = hook;
        }

        /**
         * Ends at every return and throw with {@code Bridge.exit(result?, thrown?, token, self, id)}:
         * the returned value (boxed) when {@code result}, the throwable when {@code thrown}.
         */
        public MethodHook end(Value self, boolean result, boolean thrown) {
            hook.exitSelf = self;
            hook.passResult = result;
            hook.passThrown = thrown;
            return hook;
        }
    }

    /** {@code Bridge.enter(values..., id)} before every return; its result is dropped. */
    public static MethodHook atReturn(Methods methods, Slot hook, Value... values) {
        return atReturn(methods, hook.id(), values);
    }

    static MethodHook atReturn(Methods methods, int id, Value... values) {
        for (int i = 1; i < values.length; i++) {
            if (values[i].kind == RESULT) {
                throw new IllegalArgumentException("result() can only be the first value");
            }
        }
        return new MethodHook(methods, AT_RETURN, id, values);
    }

    /** {@code Bridge.enter(thrown, null, null, id)} when the method throws; the throwable goes on. */
    public static MethodHook atThrow(Methods methods, Slot hook) {
        return atThrow(methods, hook.id());
    }

    static MethodHook atThrow(Methods methods, int id) {
        return new MethodHook(methods, AT_THROW, id);
    }

    /** As the method starts, its argument {@code index} (a reference) becomes {@code Bridge.replace(it, id)}. */
    public static MethodHook replaceArgument(Methods methods, int index, Slot hook) {
        return replaceArgument(methods, index, hook.id());
    }

    static MethodHook replaceArgument(Methods methods, int index, int id) {
        MethodHook hook = new MethodHook(methods, REPLACE_ARGUMENT, id);
        hook.argumentIndex = index;
        return hook;
    }

    /** Before every return, field {@code name} of {@code this} becomes {@code Bridge.replace(it, id)}. */
    public static MethodHook replaceFieldAtReturn(Methods methods, String name, String descriptor, Slot hook) {
        return replaceFieldAtReturn(methods, name, descriptor, hook.id());
    }

    static MethodHook replaceFieldAtReturn(Methods methods, String name, String descriptor, int id) {
        MethodHook hook = new MethodHook(methods, REPLACE_FIELD, id);
        hook.fieldName = name;
        hook.fieldDescriptor = descriptor;
        return hook;
    }

    /**
     * Inside the method, every call {@code owner.name descriptor} (an interface call) becomes
     * {@code staticOwner.staticName staticDescriptor}, which takes the same operands and then the
     * hook's id (an {@code int}): the bridge class it calls reads its hook by that id.
     */
    public static MethodHook redirectCall(Methods methods, Slot hook, String owner, String name, String descriptor,
                                          String staticOwner, String staticName, String staticDescriptor) {
        return redirectCall(methods, hook.id(), owner, name, descriptor, staticOwner, staticName, staticDescriptor);
    }

    static MethodHook redirectCall(Methods methods, int id, String owner, String name, String descriptor,
                                   String staticOwner, String staticName, String staticDescriptor) {
        MethodHook hook = new MethodHook(methods, REDIRECT, id);
        hook.redirect = new String[] {owner, name, descriptor, staticOwner, staticName, staticDescriptor};
        return hook;
    }
}
