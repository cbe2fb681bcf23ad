package dev.vigil.execution;

import dev.vigil.domain.Agent;

/**
 * What an agent takes and reports work with (docs/security.md#agents): the API key it presented — its
 * id, and the project it is bound to, if any — or, for the embedded agent, the server itself. An agent
 * name belongs to the key that registered it; a key bound to a project takes, keeps and reports for
 * only that project's runs.
 *
 * @param keyId     the API key's id; null for the embedded agent
 * @param projectId the project the key is bound to; null for every project
 */
public record AgentKey(Long keyId, Long projectId) {
    /** The embedded agent: the server itself, in process, in every project. */
    public static final AgentKey EMBEDDED = new AgentKey(null, null);

    /** An agent over HTTP with API key {@code keyId}, bound to {@code projectId} (null: every project). */
    public static AgentKey of(long keyId, Long projectId) {
        return new AgentKey(keyId, projectId);
    }

    public boolean embedded() {
        return keyId == null;
    }

    public Agent.Kind kind() {
        return embedded() ? Agent.Kind.EMBEDDED : Agent.Kind.REMOTE;
    }

    /** Whether it may take and report for runs of the project. */
    public boolean covers(long project) {
        return projectId == null || projectId == project;
    }
}
