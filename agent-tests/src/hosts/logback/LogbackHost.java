package com.example.loghost;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** {@link LogHost} logging through SLF4J to Logback ({@code logback.xml} beside it). */
public final class LogbackHost {

    private static final Logger LOG = LoggerFactory.getLogger("loghost");

    public static void main(String[] args) throws Exception {
        LogHost.run(new LogHost.Log() {
            @Override
            public void info(String message) {
                MDC.put("app", "own");
                LOG.info(message);
                MDC.remove("app");
            }

            @Override
            public String threadContext(String key) {
                return MDC.get(key);
            }
        });
    }
}
