package dev.vigil.store.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.domain.Agent;
import dev.vigil.store.AgentStore;
import dev.vigil.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

final class SqlAgentStore implements AgentStore {
    private static final String COLUMNS = "name, instance, kind, labels, capacity, state, version, registered_at, last_seen_at, key_id";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Sql sql;

    SqlAgentStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public Optional<Agent> byName(String name) {
        return sql.one("SELECT " + COLUMNS + " FROM agents WHERE name = ?", SqlAgentStore::map, name);
    }

    @Override
    public void save(Agent a) {
        sql.update("INSERT INTO agents (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
                        + " instance = excluded.instance, kind = excluded.kind, labels = excluded.labels,"
                        + " capacity = excluded.capacity, state = excluded.state, version = excluded.version,"
                        + " registered_at = excluded.registered_at, last_seen_at = excluded.last_seen_at, key_id = excluded.key_id",
                a.name(), a.instance(), a.kind().wire(), labels(a.labels()), a.capacity(), a.state().wire(), a.version(),
                a.registeredAt(), a.lastSeenAt(), a.keyId());
    }

    @Override
    public List<Agent> list() {
        return sql.list("SELECT " + COLUMNS + " FROM agents ORDER BY name", SqlAgentStore::map);
    }

    @Override
    public List<Agent> silentSince(Instant cutoff) {
        return sql.list("SELECT " + COLUMNS + " FROM agents WHERE state IN ('connected', 'draining') AND last_seen_at < ?"
                + " ORDER BY name", SqlAgentStore::map, cutoff);
    }

    @Override
    public boolean setState(String name, String instance, Agent.State state) {
        return sql.update("UPDATE agents SET state = ? WHERE name = ? AND instance = ?", state.wire(), name, instance) == 1;
    }

    private static String labels(List<String> labels) {
        try {
            return JSON.writeValueAsString(labels);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write labels", e);
        }
    }

    private static Agent map(ResultSet rs) throws SQLException {
        List<String> labels;
        try {
            labels = JSON.readValue(rs.getString("labels"), new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable labels of agent " + rs.getString("name"), e);
        }
        return new Agent(rs.getString("name"), rs.getString("instance"), Agent.Kind.fromWire(rs.getString("kind")), labels,
                rs.getInt("capacity"), Agent.State.fromWire(rs.getString("state")), rs.getString("version"),
                Rows.instant(rs, "registered_at"), Rows.instant(rs, "last_seen_at"), Rows.longOrNull(rs, "key_id"));
    }
}
