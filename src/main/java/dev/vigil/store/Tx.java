package dev.vigil.store;

/** The stores, bound to one open transaction. Valid only inside the work given to {@link Transactor}. */
public interface Tx {
    ProjectStore projects();
    JobStore jobs();
    JobStateStore states();
    EventStore events();
    RunStore runs();
    RunLogStore runLogs();
    FlipStore flips();
    ChannelStore channels();
    OutboxStore outbox();
    ApiKeyStore apiKeys();
    AgentStore agents();
    SessionStore sessions();
    IncidentStore incidents();
    AlertRuleStore alertRules();
    ClusterStore cluster();
    AuditStore audit();
    ManagedStore managed();
}
