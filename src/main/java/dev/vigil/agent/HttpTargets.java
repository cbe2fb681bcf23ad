package dev.vigil.agent;

import dev.vigil.agent.http.CallOutcome;
import dev.vigil.agent.http.HttpCall;
import dev.vigil.agent.http.HttpRunner;
import dev.vigil.agent.http.RunningCall;
import dev.vigil.agent.wire.Assignment;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Runs {@code http} targets for an {@link AgentCore} with an {@link HttpRunner}. Every request says
 * what it is (PRODUCT.md §5), so that a receiver can log it and deduplicate work sent twice:
 * {@code Vigil-Run-Id}, {@code Vigil-Job} ({@code project/slug}), {@code Vigil-Attempt},
 * {@code Vigil-Scheduled-For} (the fire time, for scheduled runs) and {@code Idempotency-Key} — the
 * same for every attempt of one fire time, and for an unscheduled run the same for every delivery
 * of that run. A header the job defines itself wins.
 */
public final class HttpTargets {
    public static final String RUN_ID = "Vigil-Run-Id";
    public static final String JOB = "Vigil-Job";
    public static final String ATTEMPT = "Vigil-Attempt";
    public static final String SCHEDULED_FOR = "Vigil-Scheduled-For";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private HttpTargets() {}

    /** The job's headers with the run's own added under names the job did not set. */
    static java.util.Map<String, String> headers(Assignment a) {
        java.util.Map<String, String> out = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        out.put(RUN_ID, Long.toString(a.runId()));
        out.put(JOB, a.job());
        out.put(ATTEMPT, Integer.toString(a.attempt()));
        if (a.scheduledFor() != null) out.put(SCHEDULED_FOR, a.scheduledFor().toString());
        out.put(IDEMPOTENCY_KEY, a.scheduledFor() != null
                ? "vigil:" + a.job() + ":" + a.scheduledFor()
                : "vigil:" + a.job() + ":run-" + a.runId());
        out.putAll(a.http().headers());
        return new java.util.LinkedHashMap<>(out);
    }

    public static AgentCore.HttpStarter with(HttpRunner runner) {
        return (a, sink) -> {
            Assignment.HttpTarget t = a.http();
            Duration timeout = a.timeoutMillis() == null ? null : Duration.ofMillis(a.timeoutMillis());
            RunningCall call = runner.start(new HttpCall(t.method(), t.url(), headers(a), t.body(), timeout), sink);
            CompletableFuture<AgentCore.Outcome> outcome = call.outcome().thenApply(HttpTargets::outcome);
            return new AgentCore.Execution() {
                @Override public void cancel() { call.cancel(); }
                @Override public CompletableFuture<AgentCore.Outcome> outcome() { return outcome; }
            };
        };
    }

    static AgentCore.Outcome outcome(CallOutcome o) {
        return new AgentCore.Outcome(o.runState(), null, o.runReason());
    }
}
