package dev.vigil.execution;

import dev.vigil.agent.spool.SpooledEvents;
import dev.vigil.agent.spool.SpooledLink;
import dev.vigil.agent.wire.Poll;
import dev.vigil.agent.wire.PollReply;
import dev.vigil.agent.wire.RunEvent;
import dev.vigil.domain.ValidationException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The embedded agent's link: polls call the dispatcher directly; run events go to the same on-disk
 * spool as a remote agent's ({@link SpooledLink}), and its thread applies them in batches through
 * {@link RunEvents}, in process. So a crash of the server loses no report the agent made, and a
 * burst of reports costs a few transactions, not one or more per event.
 */
final class EmbeddedLink extends SpooledLink {
    /** A rough bound of a batch's size: its output is stored in one transaction. */
    private static final long MAX_BATCH_BYTES = 4L << 20;

    private final Dispatcher dispatcher;
    private final RunEvents runEvents;
    private final String agent;

    /** Opens the spool in {@code dir}; nothing is applied before {@link #startDelivery()}. */
    EmbeddedLink(Dispatcher dispatcher, RunEvents runEvents, String agent, Path dir) throws IOException {
        super(dir, "vigil-embedded-agent-delivery", RunEvents.MAX_BATCH, MAX_BATCH_BYTES);
        this.dispatcher = dispatcher;
        this.runEvents = runEvents;
        this.agent = agent;
    }

    @Override
    protected void deliver(List<RunEvent> batch) throws SpooledEvents.Rejected {
        try {
            runEvents.apply(AgentKey.EMBEDDED, agent, null, batch);
        } catch (ValidationException | AgentAccess.NotLeased e) {
            // A bad event, or one of a run that is not this agent's: dropped, not retried for ever.
            throw new SpooledEvents.Rejected(e.getMessage());
        }
    }

    @Override
    public PollReply poll(Poll poll) throws InterruptedException {
        return dispatcher.longPoll(poll, AgentKey.EMBEDDED);
    }

    @Override
    public void leave(String name, String instance) {
        dispatcher.leave(name, instance, AgentKey.EMBEDDED);
    }
}
