package io.telemetryagent.instrument;

import java.util.ArrayList;
import java.util.List;

/** Method descriptors read without loading any class: argument names, slots and frame types. */
final class Descriptors {

    private Descriptors() {}

    /** The descriptors of a method descriptor's arguments, e.g. {@code (ILjava/lang/String;)V} gives [I, Ljava/lang/String;]. */
    static List<String> arguments(String descriptor) {
        List<String> arguments = new ArrayList<>();
        int i = 1;
        while (descriptor.charAt(i) != ')') {
            int start = i;
            while (descriptor.charAt(i) == '[') {
                i++;
            }
            if (descriptor.charAt(i) == 'L') {
                i = descriptor.indexOf(';', i);
            }
            i++;
            arguments.add(descriptor.substring(start, i));
        }
        return arguments;
    }

    /** The arguments' binary names as {@code Class.getName} gives them ({@code int}, {@code java.lang.String}, {@code [I}). */
    static String[] argumentTypeNames(String descriptor) {
        List<String> arguments = arguments(descriptor);
        String[] names = new String[arguments.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = binaryName(arguments.get(i));
        }
        return names;
    }

    static String binaryName(String descriptor) {
        switch (descriptor.charAt(0)) {
            case 'Z': return "boolean";
            case 'B': return "byte";
            case 'C': return "char";
            case 'S': return "short";
            case 'I': return "int";
            case 'J': return "long";
            case 'F': return "float";
            case 'D': return "double";
            case 'V': return "void";
            case 'L': return descriptor.substring(1, descriptor.length() - 1).replace('/', '.');
            default: return descriptor.replace('/', '.');
        }
    }

    /** Local variable slots a value of this descriptor takes. */
    static int size(String descriptor) {
        char c = descriptor.charAt(0);
        return c == 'J' || c == 'D' ? 2 : 1;
    }

    /** The return type's descriptor. */
    static String returnType(String descriptor) {
        return descriptor.substring(descriptor.indexOf(')') + 1);
    }
}
