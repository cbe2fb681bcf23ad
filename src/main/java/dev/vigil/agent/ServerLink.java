package dev.vigil.agent;

import dev.vigil.agent.wire.Poll;
import dev.vigil.agent.wire.PollReply;
import dev.vigil.agent.wire.RunEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** How an agent talks to the server: in process for the embedded agent, over HTTP for remote ones. */
public interface ServerLink {

    /**
     * Who to tell when events handed over were delivered: an agent counts finishes not yet
     * delivered against its capacity, and may take work again once they are.
     */
    default void onDelivered(Runnable listener) {}

    /** Registers, renews the lease, and asks for work; may be held open up to {@code poll.waitMillis()}. */
    PollReply poll(Poll poll) throws IOException, InterruptedException;

    /**
     * Hands an event over for delivery, in order. When this returns, the event is as safe as the
     * link can make it (on the server, or on the agent's disk) and will be delivered at least once.
     */
    void send(RunEvent event);

    /** Hands several events over, in order, as {@link #send} does each; a link may make them safe at once. */
    default void sendAll(List<RunEvent> events) {
        events.forEach(this::send);
    }

    /** Runs whose finish was handed over but is not yet known to be on the server. */
    Set<Long> undelivered();

    /** Waits until everything handed over is delivered or the time is up; true if all was delivered. */
    boolean flush(Duration max) throws InterruptedException;

    /** The agent leaves (after draining): it holds no runs any more. */
    void leave(String name, String instance) throws IOException, InterruptedException;

    /** The server refused the agent (a bad token, a name in use): retrying the same will not help soon. */
    final class Refused extends IOException {
        private final int status;

        public Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() { return status; }
    }
}
