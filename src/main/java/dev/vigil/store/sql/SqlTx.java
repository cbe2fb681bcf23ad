package dev.vigil.store.sql;

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
import dev.vigil.store.Tx;

/** The stores over one transaction. They are stateless views of {@link Sql}, so cheap to create. */
final class SqlTx implements Tx {
    private final Sql sql;

    SqlTx(Sql sql) {
        this.sql = sql;
    }

    Sql sql() { return sql; }

    @Override public ProjectStore projects() { return new SqlProjectStore(sql); }
    @Override public JobStore jobs() { return new SqlJobStore(sql); }
    @Override public JobStateStore states() { return new SqlJobStateStore(sql); }
    @Override public EventStore events() { return new SqlEventStore(sql); }
    @Override public RunStore runs() { return new SqlRunStore(sql); }
    @Override public RunLogStore runLogs() { return new SqlRunLogStore(sql); }
    @Override public FlipStore flips() { return new SqlFlipStore(sql); }
    @Override public ChannelStore channels() { return new SqlChannelStore(sql); }
    @Override public OutboxStore outbox() { return new SqlOutboxStore(sql); }
    @Override public ApiKeyStore apiKeys() { return new SqlApiKeyStore(sql); }
    @Override public dev.vigil.store.AgentStore agents() { return new SqlAgentStore(sql); }
    @Override public dev.vigil.store.SessionStore sessions() { return new SqlSessionStore(sql); }
    @Override public dev.vigil.store.IncidentStore incidents() { return new SqlIncidentStore(sql); }
    @Override public dev.vigil.store.AlertRuleStore alertRules() { return new SqlAlertRuleStore(sql); }
    @Override public dev.vigil.store.ClusterStore cluster() { return new SqlClusterStore(sql); }
    @Override public dev.vigil.store.AuditStore audit() { return new SqlAuditStore(sql); }
    @Override public dev.vigil.store.ManagedStore managed() { return new SqlManagedStore(sql); }
}
