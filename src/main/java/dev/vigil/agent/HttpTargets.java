package dev.vigil.agent;

import dev.vigil.agent.http.CallOutcome;
import dev.vigil.agent.http.HttpCall;
import dev.vigil.agent.http.HttpRunner;
import dev.vigil.agent.http.RunningCall;
import dev.vigil.agent.wire.Assignment;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Runs {@code http} targets for an {@link AgentCore} with an {@link HttpRunner}. */
public final class HttpTargets {
    private HttpTargets() {}

    public static AgentCore.HttpStarter with(HttpRunner runner) {
        return (a, sink) -> {
            Assignment.HttpTarget t = a.http();
            Duration timeout = a.timeoutMillis() == null ? null : Duration.ofMillis(a.timeoutMillis());
            RunningCall call = runner.start(new HttpCall(t.method(), t.url(), t.headers(), t.body(), timeout), sink);
            CompletableFuture<AgentCore.Outcome> outcome = call.outcome().thenApply(HttpTargets::outcome);
            return new AgentCore.Execution() {
                @Override public void cancel() { call.cancel(); }
                @Override public CompletableFuture<AgentCore.Outcome> outcome() { return outcome; }
            };
        };
    }

    static AgentCore.Outcome outcome(CallOutcome o) {
        return new AgentCore.Outcome(o.runState().wire(), null, o.runReason());
    }
}
