package io.telemetryagent.instrument;

import io.telemetryagent.instrument.apachehttp4.ApacheHttpClient4Library;
import io.telemetryagent.instrument.apachehttp5.ApacheHttpClient5Library;
import io.telemetryagent.instrument.awssdk1.AwsSdk1Library;
import io.telemetryagent.instrument.awssdk2.AwsSdk2Library;
import io.telemetryagent.instrument.concurrent.ConcurrentLibrary;
import io.telemetryagent.instrument.httpserver.HttpServerLibrary;
import io.telemetryagent.instrument.jdbc.JdbcLibrary;
import io.telemetryagent.instrument.jdkhttp.JdkHttpClientLibrary;
import io.telemetryagent.instrument.logging.LoggingLibrary;
import io.telemetryagent.instrument.okhttp.OkHttpLibrary;
import io.telemetryagent.instrument.reactornetty.ReactorNettyLibrary;
import io.telemetryagent.instrument.reactornettyserver.ReactorNettyServerLibrary;
import io.telemetryagent.instrument.servlet.ServletLibrary;
import io.telemetryagent.instrument.urlconnection.UrlConnectionLibrary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry: every library the agent instruments, and the id of each hook, given in order as
 * the agent starts. Made in premain, where naming the targets loads only the libraries' own
 * small classes (no weaver, no ASM, no hook).
 */
public final class Libraries {

    /** Every library, one line each. A new one is one more line (CONTRIBUTING.md). */
    private static Library[] registry() {
        return new Library[] {
            new ConcurrentLibrary(),
            new HttpServerLibrary(),
            new UrlConnectionLibrary(),
            new JdkHttpClientLibrary(),
            new OkHttpLibrary(),
            new ApacheHttpClient4Library(),
            new ApacheHttpClient5Library(),
            new ReactorNettyLibrary(),
            new ReactorNettyServerLibrary(),
            new ServletLibrary(),
            new AwsSdk2Library(),
            new AwsSdk1Library(),
            new JdbcLibrary(),
            new LoggingLibrary(),
        };
    }

    private final List<Library> libraries;
    /** Binary name to its target. */
    private final Map<String, Target> targets = new HashMap<>();
    private final List<String> classNames = new ArrayList<>();
    private final int hookCount;

    /** The registry's libraries, their hooks numbered. */
    public Libraries() {
        this(registry());
    }

    /**
     * These libraries, their hooks numbered in order from 0; two libraries naming one class is a
     * mistake of ours, refused here (the first would silently win).
     */
    Libraries(Library... libraries) {
        this.libraries = List.of(libraries);
        int next = 0;
        for (Library library : libraries) {
            for (Slot slot : library.slots()) {
                slot.assign(next++);
            }
            for (Target target : library.targets()) {
                for (String className : target.classNames()) {
                    Target before = targets.putIfAbsent(className, target);
                    if (before != null) {
                        throw new IllegalStateException(className + " is a target of both " + before.library().name()
                                + " and " + library.name());
                    }
                    classNames.add(className);
                }
            }
        }
        this.hookCount = next;
    }

    public List<Library> all() {
        return libraries;
    }

    /** Binary names of every target class, in registry order. */
    public List<String> classNames() {
        return Collections.unmodifiableList(classNames);
    }

    /** The target {@code binaryName} belongs to, or null when it is none. */
    public Target target(String binaryName) {
        return targets.get(binaryName);
    }

    /** One more than the largest hook id. */
    public int hookCount() {
        return hookCount;
    }
}
