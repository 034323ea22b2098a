package com.example.loghost;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * {@link LogHost} logging through JBoss Logging to JBoss LogManager, as WildFly and Quarkus do
 * (run with {@code -Djava.util.logging.manager=org.jboss.logmanager.LogManager}).
 */
public final class JBossLogHost {

    public static void main(String[] args) throws Exception {
        org.jboss.logmanager.Logger root = org.jboss.logmanager.Logger.getLogger("");
        for (java.util.logging.Handler handler : root.getHandlers()) {
            root.removeHandler(handler); // LogManager's default console handler, with its own pattern
        }
        root.addHandler(new ConsoleHandler(ConsoleHandler.Target.SYSTEM_OUT,
                new PatternFormatter("LOG [%X{AWS-XRAY-TRACE-ID}] [%X{app}] %s%n")));
        Logger log = Logger.getLogger("loghost");
        LogHost.run(new LogHost.Log() {
            @Override
            public void info(String message) {
                MDC.put("app", "own");
                log.info(message);
                MDC.remove("app");
            }

            @Override
            public String threadContext(String key) {
                Object value = MDC.get(key);
                return value == null ? null : value.toString();
            }
        });
    }
}
