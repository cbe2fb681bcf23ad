package dev.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.agent.process.Supervisor;
import dev.vigil.agent.wire.Assignment;
import dev.vigil.agent.wire.Poll;
import dev.vigil.agent.wire.PollReply;
import dev.vigil.agent.wire.RunEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Runs handed out ahead of their time: the agent holds them (they count as its own and against its
 * capacity), starts them when their time comes, and lets go of one the server takes back before then
 * without ever starting it.
 */
class AgentCoreStartAtTest {
    private static final long EARLY = 300;

    /** Hands out runs 1 and 2 to start in {@link #EARLY} ms; the next poll takes run 2 back. */
    private static final class Ahead extends ScriptedLink {
        final List<Poll> polls = new CopyOnWriteArrayList<>();
        final List<RunEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public PollReply poll(Poll poll) {
            polls.add(poll);
            if (polls.size() == 1) {
                return new PollReply(List.of(assignment(1), assignment(2)), List.of(), 20_000, 1_000_000);
            }
            return new PollReply(List.of(), polls.size() == 2 ? List.of(2L) : List.of(), 20_000, 1_000_000);
        }

        private static Assignment assignment(long runId) {
            return new Assignment(runId, "ops/on-time", 1, null, List.of("true"), null, null, Map.of(), null, EARLY);
        }

        @Override public void send(RunEvent event) { events.add(event); }
    }

    @Test
    void a_run_handed_out_ahead_starts_at_its_time_and_one_taken_back_before_it_never_starts() throws Exception {
        Ahead link = new Ahead();
        Instant handedOut;
        try (Supervisor supervisor = new Supervisor();
             AgentCore core = new AgentCore(link, supervisor, null, Clock.systemUTC(),
                     new AgentCore.Identity("box", "i-1", List.of(), 4, "test"))) {
            handedOut = Instant.now();
            assertThat(core.pollOnce(0)).isEqualTo(2);
            assertThat(link.events).as("nothing starts before its time").isEmpty();
            core.pollOnce(0); // run 2 is taken back
            await().atMost(Duration.ofSeconds(10)).until(() -> link.events.stream()
                    .anyMatch(e -> e.runId() == 1 && e.kind() == RunEvent.Kind.FINISHED));
            core.pollOnce(0);
        }

        assertThat(link.polls.getFirst().startsLater()).isTrue();
        assertThat(link.polls.get(1).known()).as("waiting runs are the agent's own").containsExactlyInAnyOrder(1L, 2L);
        assertThat(link.polls.get(1).running()).as("and count against its capacity").isEqualTo(2);
        assertThat(link.polls.get(2).known()).doesNotContain(2L);
        RunEvent started = link.events.stream().filter(e -> e.kind() == RunEvent.Kind.STARTED).findFirst().orElseThrow();
        assertThat(started.runId()).isEqualTo(1);
        assertThat(started.at()).isAfterOrEqualTo(handedOut.plusMillis(EARLY));
        assertThat(link.events).as("run 2 never started").noneMatch(e -> e.runId() == 2);
    }
}
