package io.telemetryagent.instrument.jdbc;

import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * HikariCP's {@code PoolBase}: where the pool validates a connection ({@code isConnectionDead},
 * {@code isConnectionAlive} before 4.0), opens one ({@code newPoolEntry}, with its init SQL and
 * driver checks) and resets one given back. See {@link PoolInternalGuard}.
 */
public final class HikariPoolInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "com.zaxxer.hikari.pool.PoolBase";
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public List<MethodHook> hooks() {
        return List.of(MethodHook.span(named("isConnectionDead", "isConnectionAlive", "newPoolEntry",
                                "resetConnectionState"), HookId.JDBC_POOL_INTERNAL, self())
                .end(self(), false, false));
    }
}
