package dev.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.process.Supervisor;
import dev.vigil.agent.wire.Poll;
import dev.vigil.agent.wire.PollReply;
import dev.vigil.agent.wire.RunEvent;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An agent that cannot reach its server keeps trying within the lease the server announced. */
class AgentCoreLeaseTest {

    /** Answers the first poll with a 300 ms lease, then is unreachable. */
    private static final class GoneServer extends ScriptedLink {
        final AtomicInteger polls = new AtomicInteger();

        @Override
        public PollReply poll(Poll poll) throws IOException {
            if (polls.incrementAndGet() == 1) return new PollReply(List.of(), List.of(), 300, 1_000_000);
            throw new ConnectException("Connection refused");
        }

        @Override public void send(RunEvent event) {}
    }

    @Test
    void retries_an_unreachable_server_within_a_third_of_its_lease() throws Exception {
        GoneServer link = new GoneServer();
        try (Supervisor supervisor = new Supervisor();
             AgentCore core = new AgentCore(link, supervisor, null, Clock.systemUTC(),
                     new AgentCore.Identity("box", "i-1", List.of(), 1, "test"))) {
            Thread loop = Thread.ofPlatform().daemon(true).start(core::run);
            Thread.sleep(2_000);
            core.close();
            loop.join(5_000);
        }
        // Backing off 0.5, 1, 2 s … would poll 3 times in 2 s; paced by the 300 ms lease it polls every 100 ms.
        assertThat(link.polls.get()).isGreaterThan(8);
    }
}
