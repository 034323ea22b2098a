/**
 * The black-box test kit: what it takes to watch the agent from outside, as a user would.
 *
 * <ul>
 *   <li>{@link io.telemetryagent.testkit.XRayReceiver}: an X-Ray-compatible endpoint on 127.0.0.1
 *       that checks SigV4 signatures, validates documents against the segment schema and
 *       reassembles them into {@link io.telemetryagent.testkit.XRayTrace}s; runs standalone too:
 *       {@code java -cp agent-tests/target/classes:$(cat agent-tests/target/testkit.classpath)
 *       io.telemetryagent.testkit.XRayReceiver --port 0 --print-trees}.</li>
 *   <li>{@link io.telemetryagent.testkit.HostJvm}: starts a real JVM with {@code -javaagent} and
 *       talks to it; {@link io.telemetryagent.testkit.Jdk} chooses which Java runs it.</li>
 *   <li>{@link io.telemetryagent.testkit.Configs}: the {@code telemetry/opencensus} block pointing at
 *       a receiver.</li>
 * </ul>
 *
 * The host apps the kit launches live in {@code com.example.hosts}, outside the agent's own
 * {@code io.telemetryagent} packages, as any user's application would.
 */
package io.telemetryagent.testkit;
