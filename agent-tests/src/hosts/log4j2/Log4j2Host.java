package com.example.loghost;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/** {@link LogHost} logging through the Log4j 2 API to Log4j Core ({@code log4j2.xml} beside it). */
public final class Log4j2Host {

    private static final Logger LOG = LogManager.getLogger("loghost");

    public static void main(String[] args) throws Exception {
        LogHost.run(new LogHost.Log() {
            @Override
            public void info(String message) {
                ThreadContext.put("app", "own");
                LOG.info(message);
                ThreadContext.remove("app");
            }

            @Override
            public String threadContext(String key) {
                return ThreadContext.get(key);
            }
        });
    }
}
