package io.telemetryagent.trace;

import java.util.concurrent.ThreadLocalRandom;

/** Decides, once per trace at its root, whether it is recorded. */
public final class Sampler {

    private final int percent;

    public Sampler(int percent) {
        this.percent = percent;
    }

    /** Follows an upstream decision when there is one, else keeps {@code percent} of new traces. */
    public boolean decide(TraceHeader.Sampling upstream) {
        if (upstream == TraceHeader.Sampling.SAMPLED) {
            return true;
        }
        if (upstream == TraceHeader.Sampling.NOT_SAMPLED) {
            return false;
        }
        return percent >= 100 || (percent > 0 && ThreadLocalRandom.current().nextInt(100) < percent);
    }
}
