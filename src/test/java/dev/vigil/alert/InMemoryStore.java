package dev.vigil.alert;

import dev.vigil.store.ApiKeyStore;
import dev.vigil.store.ChannelStore;
import dev.vigil.store.EventStore;
import dev.vigil.store.FlipStore;
import dev.vigil.store.JobStateStore;
import dev.vigil.store.JobStore;
import dev.vigil.store.OutboxStore;
import dev.vigil.store.ProjectStore;
import dev.vigil.store.RunLogStore;
import dev.vigil.store.RunStore;
import dev.vigil.store.Transactor;
import dev.vigil.store.Tx;
import java.util.function.Function;

/**
 * A fake database for alerting tests: channels and the outbox in memory, one transaction at a
 * time (a lock, no rollback). The other stores are not needed here and throw.
 */
final class InMemoryStore implements Transactor, Tx {
    final InMemoryChannels channels = new InMemoryChannels();
    final InMemoryOutbox outbox = new InMemoryOutbox();
    private final Object lock = new Object();

    @Override
    public <T> T write(Function<Tx, T> work) {
        synchronized (lock) {
            return work.apply(this);
        }
    }

    @Override
    public <T> T read(Function<Tx, T> work) {
        synchronized (lock) {
            return work.apply(this);
        }
    }

    @Override public String databaseName() { return "in-memory"; }
    @Override public void close() {}

    @Override public ChannelStore channels() { return channels; }
    @Override public OutboxStore outbox() { return outbox; }

    @Override public ProjectStore projects() { throw unsupported(); }
    @Override public JobStore jobs() { throw unsupported(); }
    @Override public JobStateStore states() { throw unsupported(); }
    @Override public EventStore events() { throw unsupported(); }
    @Override public RunStore runs() { throw unsupported(); }
    @Override public RunLogStore runLogs() { throw unsupported(); }
    @Override public FlipStore flips() { throw unsupported(); }
    @Override public ApiKeyStore apiKeys() { throw unsupported(); }
    @Override public dev.vigil.store.AgentStore agents() { throw unsupported(); }
    @Override public dev.vigil.store.SessionStore sessions() { throw unsupported(); }
    @Override public dev.vigil.store.IncidentStore incidents() { throw unsupported(); }
    @Override public dev.vigil.store.AlertRuleStore alertRules() { throw unsupported(); }
    @Override public dev.vigil.store.ClusterStore cluster() { throw unsupported(); }
    @Override public dev.vigil.store.AuditStore audit() { throw unsupported(); }
    @Override public dev.vigil.store.ManagedStore managed() { throw unsupported(); }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("not needed by alerting tests");
    }
}
