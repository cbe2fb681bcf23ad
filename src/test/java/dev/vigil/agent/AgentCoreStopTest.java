package dev.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vigil.agent.process.Supervisor;
import dev.vigil.agent.wire.Assignment;
import dev.vigil.agent.wire.Poll;
import dev.vigil.agent.wire.PollReply;
import dev.vigil.agent.wire.RunEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A server's stop request for a run that has just ended is no stop at all: the in-process link
 * records the end at once and wakes the held poll, whose answer then names the run (the server no
 * longer holds it) before the agent has let go of it.
 */
class AgentCoreStopTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(AgentCore.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    /** Assigns run 7 on the first poll; when its end is sent, polls again and is told to stop it. */
    private static final class EndThenStop extends ScriptedLink {
        final AtomicInteger polls = new AtomicInteger();
        final List<RunEvent> events = new CopyOnWriteArrayList<>();
        volatile AgentCore core;

        @Override
        public PollReply poll(Poll poll) {
            if (polls.incrementAndGet() == 1) {
                return new PollReply(List.of(new Assignment(7, "ops/quick", 1, null, List.of("true"), null, null, Map.of(), null, 0)),
                        List.of(), 20_000, 1_000_000);
            }
            return new PollReply(List.of(), List.of(7L), 20_000, 1_000_000);
        }

        @Override
        public void send(RunEvent event) {
            events.add(event);
            if (event.kind() != RunEvent.Kind.FINISHED) return;
            try {
                core.pollIfIdle(); // as the woken held poll of the embedded agent answers
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void a_stop_for_a_run_that_already_ended_is_not_acted_on() throws Exception {
        EndThenStop link = new EndThenStop();
        try (Supervisor supervisor = new Supervisor();
             AgentCore core = new AgentCore(link, supervisor, null, Clock.systemUTC(),
                     new AgentCore.Identity("box", "i-1", List.of(), 1, "test"))) {
            link.core = core;
            assertThat(core.pollOnce(0)).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> core.runningCount() == 0);
        }
        assertThat(link.polls.get()).isEqualTo(2);
        assertThat(link.events).filteredOn(e -> e.kind() == RunEvent.Kind.FINISHED).singleElement()
                .satisfies(e -> assertThat(e.end()).isEqualTo("succeeded"));
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.startsWith("stopping run"));
    }
}
