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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A full agent polls again as soon as a finish is delivered, even when the delivery lands while its
 * poll is still under way and that poll parks on the way (as a lock, a connection pool or a future
 * inside a real link does): the wake-up must not be lost, or the agent idles for its whole heartbeat
 * interval ({@link AgentCore#FULL_POLL_INTERVAL}) with free capacity and work waiting.
 */
class AgentCoreWakeupTest {

    /** Hands out one run per poll while the agent has room; delivers finishes during the next poll, then parks. */
    private static final class ParkingLink extends ScriptedLink {
        final List<Long> pollNanos = new CopyOnWriteArrayList<>();
        final Set<Long> undelivered = ConcurrentHashMap.newKeySet();
        volatile Runnable delivered = () -> { };
        volatile long deliveredAt;
        long next = 1;

        @Override
        public synchronized PollReply poll(Poll poll) {
            pollNanos.add(System.nanoTime());
            if (!undelivered.isEmpty()) {
                // The finish reaches the server while this poll is under way …
                undelivered.clear();
                deliveredAt = System.nanoTime();
                delivered.run();
                // … and something on the poll's way parks: it takes the permit an unpark would have left.
                LockSupport.parkNanos(20_000_000);
            }
            if (poll.running() >= poll.capacity() || next > 3) return new PollReply(List.of(), List.of(), 20_000, 1_000_000);
            long id = next++;
            return new PollReply(List.of(new Assignment(id, "ops/quick", 1, null, List.of("true"), null, null, Map.of(),
                    null, 0)), List.of(), 20_000, 1_000_000);
        }

        @Override
        public void send(RunEvent event) {
            if (event.kind() == RunEvent.Kind.FINISHED) undelivered.add(event.runId());
        }

        @Override public void onDelivered(Runnable listener) { delivered = listener; }

        @Override public Set<Long> undelivered() { return Set.copyOf(undelivered); }
    }

    @Test
    void a_finish_delivered_while_the_agent_polls_wakes_it_at_once() throws Exception {
        ParkingLink link = new ParkingLink();
        try (Supervisor supervisor = new Supervisor();
             AgentCore core = new AgentCore(link, supervisor, null, Clock.systemUTC(),
                     new AgentCore.Identity("box", "i-1", List.of(), 1, "test"))) {
            Thread loop = Thread.ofPlatform().name("agent-loop").start(core::run);
            // Run 1 is taken, runs and finishes; the full agent polls, the finish is delivered during
            // that poll, and the agent must then poll at once for run 2, not after its heartbeat.
            await().atMost(Duration.ofSeconds(10)).until(() -> link.deliveredAt != 0);
            long delivered = link.deliveredAt;
            await().atMost(Duration.ofSeconds(10)).until(() -> link.pollNanos.stream().anyMatch(t -> t > delivered + 20_000_000));
            long nextPoll = link.pollNanos.stream().filter(t -> t > delivered + 20_000_000).findFirst().orElseThrow();
            assertThat(Duration.ofNanos(nextPoll - delivered))
                    .as("polled again after the delivery, not after the %s heartbeat", AgentCore.FULL_POLL_INTERVAL)
                    .isLessThan(AgentCore.FULL_POLL_INTERVAL.dividedBy(2));
            core.close();
            loop.join(5_000);
        }
    }
}
