package io.telemetryagent.instrument;

import java.util.ArrayList;
import java.util.List;

/**
 * Classes {@link HookWeaverTest} weaves and runs. Each is woven from its own class file and
 * defined again, under the same name, in a child-first class loader: so they touch only public
 * members of other classes (the woven copy is in another runtime package), and {@link OldStyle}
 * uses neither string concatenation nor lambdas (both need invokedynamic, which a Java 6 class
 * file cannot hold).
 */
public final class WeaveTargets {

    private WeaveTargets() {}

    /** Spans on returns of every kind, and on throws. */
    public static class Spans {
        public Object object(String s) {
            return "r:" + s;
        }

        public int primitiveInt(int x) {
            return x + 1;
        }

        public long primitiveLong(long x) {
            return x * 2;
        }

        public double primitiveDouble(double x) {
            return x / 2;
        }

        public boolean primitiveBoolean(boolean b) {
            return !b;
        }

        public float primitiveFloat(float f) {
            return f * 3;
        }

        public char primitiveChar(char c) {
            return (char) (c + 1);
        }

        public void nothing(List<String> log) {
            log.add("nothing ran");
        }

        public String fails(RuntimeException e) {
            throw e;
        }

        public String catchesOwn(boolean fail) {
            try {
                if (fail) {
                    throw new IllegalStateException("own");
                }
                return "ok";
            } catch (IllegalStateException e) {
                return "caught " + e.getMessage();
            }
        }

        public String withFinally(List<String> log, boolean fail) {
            try {
                if (fail) {
                    throw new IllegalStateException("from body");
                }
                log.add("body");
                return "ok";
            } finally {
                log.add("finally");
            }
        }

        public synchronized int synchronizedBlock(List<String> log, boolean fail) {
            synchronized (log) {
                if (fail) {
                    throw new UnsupportedOperationException("in monitor");
                }
                log.add("locked");
            }
            return log.size();
        }
    }

    /** Many locals of every kind, loops, switches, nested handlers, locals declared after branches. */
    public static class Busy {
        public final String name = "busy";

        public static double busyStatic(int n, long big, double d, String s, Object o) {
            long acc = big;
            double sum = d;
            for (int i = 0; i < n; i++) {
                switch (i % 4) {
                    case 0:
                        acc += i;
                        break;
                    case 1:
                        sum += i * 0.5;
                        break;
                    case 2: {
                        String t = s + i;
                        acc += t.length();
                        break;
                    }
                    default:
                        sum -= 1;
                }
            }
            if (o == null) {
                long x = 3;
                acc += x;
            } else {
                double y = 2.5;
                sum += y;
            }
            int after = (int) acc;
            try {
                try {
                    if (n > 5) {
                        throw new IllegalArgumentException("big");
                    }
                } catch (IllegalArgumentException e) {
                    after += 100;
                }
                char[] cs = s.toCharArray();
                float f = cs.length;
                sum += f;
            } catch (RuntimeException e) {
                after = -1;
            } finally {
                after += 1;
            }
            if (n < 0) {
                byte b = (byte) after;
                throw new IllegalStateException("negative " + b);
            }
            return acc + sum + after;
        }

        public String busyInstance(double d, long j, int k, String s, boolean z) {
            StringBuilder out = new StringBuilder();
            long total = j;
            for (int i = 0; i < k; i++) {
                double half = d / (i + 1);
                total += (long) half;
                if (z && i % 2 == 0) {
                    continue;
                }
                String label = s;
                switch (label.length()) {
                    case 0:
                        out.append('0');
                        break;
                    case 1:
                        out.append('1');
                        break;
                    case 2:
                        out.append('2');
                        break;
                    case 7:
                        out.append('7');
                        break;
                    default:
                        out.append('x');
                }
            }
            short sh = (short) total;
            try {
                if (k == 3) {
                    throw new ArithmeticException("three");
                }
                out.append(sh);
            } catch (ArithmeticException e) {
                float f = 1.5f;
                out.append(e.getMessage()).append(f);
            }
            if (k < 0) {
                throw new IllegalArgumentException("k " + k);
            }
            long last = total * 2;
            return out.append(':').append(last).append(name).toString();
        }

        public String primitives(byte b, char c, short s, int i, long j, float f, double d, boolean z) {
            return "" + b + c + s + i + j + f + d + z;
        }
    }

    /** Call-only, return-time and throw-time hooks, replacements and a redirected call. */
    public static class Shapes {
        public final String name;
        public List<String> items;

        public Shapes(String name, List<String> items) {
            this.name = name;
            this.items = items;
        }

        public Shapes(String name) {
            this(name, new ArrayList<>());
            items.add("second constructor");
        }

        public String plain(String s) {
            return s + "!";
        }

        public String classify(int x) {
            if (x < 0) {
                return "negative";
            }
            if (x == 0) {
                return "zero";
            }
            for (int i = 0; i < x; i++) {
                if (i == 10) {
                    return "big";
                }
            }
            return "small";
        }

        public long twice(long x) {
            return x * 2;
        }

        public double half(double x) {
            return x / 2;
        }

        public void none(List<String> log) {
            log.add("none ran");
        }

        public String maybeThrow(boolean fail) {
            if (fail) {
                throw new IllegalStateException("asked to");
            }
            return "fine";
        }

        public String echo(String s, int times) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < times; i++) {
                out.append(s);
            }
            return out.toString();
        }

        public String runIt(Runnable r, List<String> log) {
            r.run();
            log.add("after run");
            r.run();
            return "ran";
        }
    }

    /** The static method a redirected {@code Runnable.run()} calls instead. */
    public static final class Redirects {
        public static final List<String> CALLS = new ArrayList<>();

        private Redirects() {}

        /** As TaskRunner.run: the task, then the id of its hook. */
        public static void run(Runnable r, int id) {
            CALLS.add("redirected " + id);
            r.run();
        }
    }

    /** Fields a hook reads. */
    public static class Fields {
        public int count = 7;
        public String label = "L";
        public long big = 1L << 40;
        public boolean flag = true;
        public double ratio = 0.25;

        public String describe() {
            return "described";
        }

        public String other() {
            return "other";
        }
    }

    /** Declares the protected field a subclass's hook reads. */
    public static class Base {
        protected boolean connected;
        protected int code = 200;
    }

    /** Its hook reads an inherited field. */
    public static class Sub extends Base {
        public String connect() {
            connected = true;
            return "connected";
        }
    }

    /** Overloads to tell apart. */
    public static class Overloads {
        public String over(int x) {
            return "int";
        }

        public String over(String s) {
            return "String";
        }

        public String over(int x, int y) {
            return "int,int";
        }

        public String over(long x) {
            return "long";
        }

        public String over(String[] s) {
            return "String[]";
        }
    }

    /** Methods with no code. */
    public abstract static class NoCode {
        public abstract String run();

        public native String nat();

        public String concrete() {
            return "concrete";
        }
    }

    /** Rewritten to a Java 6 class file: no invokedynamic in it. */
    public static class OldStyle {
        public int sum(int[] values, boolean failOnNegative) {
            int total = 0;
            for (int i = 0; i < values.length; i++) {
                if (values[i] < 0 && failOnNegative) {
                    throw new IllegalArgumentException("negative");
                }
                try {
                    total += 10 / values[i];
                } catch (ArithmeticException e) {
                    total += 1000;
                }
            }
            return total;
        }

        public static String join(String a, long b, String c) {
            StringBuilder out = new StringBuilder();
            out.append(a);
            if (b > 0) {
                out.append(b);
            }
            return out.append(c).toString();
        }
    }

    /** {@code compareTo(Bridged)}, and the bridge {@code compareTo(Object)} javac adds beside it. */
    public static class Bridged implements Comparable<Bridged> {
        public int rank;

        @Override
        public int compareTo(Bridged other) {
            return Integer.compare(rank, other.rank);
        }
    }

    /** A static field with the name and type a hook reads from an instance. */
    public static class StaticField {
        public static int count = 3;

        public String describe() {
            return "described";
        }
    }
}
