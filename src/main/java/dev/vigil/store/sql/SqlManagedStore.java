package dev.vigil.store.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.domain.Managed;
import dev.vigil.store.ManagedStore;
import dev.vigil.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

final class SqlManagedStore implements ManagedStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Sql sql;

    SqlManagedStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public List<Managed> byProject(long projectId) {
        return sql.list("SELECT project_id, kind, name, source, secret_refs FROM managed_definitions WHERE project_id = ?"
                + " ORDER BY kind, name", SqlManagedStore::map, projectId);
    }

    @Override
    public List<Long> projectsOf(String source) {
        return sql.list("SELECT DISTINCT project_id FROM managed_definitions WHERE source = ? ORDER BY project_id",
                rs -> rs.getLong(1), source);
    }

    @Override
    public void put(Managed m, Instant at) {
        String refs = m.secretRefs().isEmpty() ? null : write(m.secretRefs());
        sql.update("INSERT INTO managed_definitions (project_id, kind, name, source, secret_refs, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, kind, name) DO UPDATE SET source = excluded.source,"
                + " secret_refs = excluded.secret_refs, updated_at = excluded.updated_at",
                m.projectId(), m.kind(), m.name(), m.source(), refs, at);
    }

    @Override
    public boolean delete(long projectId, String kind, String name) {
        return sql.update("DELETE FROM managed_definitions WHERE project_id = ? AND kind = ? AND name = ?", projectId, kind, name) > 0;
    }

    private static Managed map(ResultSet rs) throws SQLException {
        String refs = rs.getString("secret_refs");
        Map<String, String> secretRefs;
        try {
            secretRefs = refs == null ? Map.of() : JSON.readValue(refs, new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new StoreException("stored secret refs do not parse; indicates a bug", e);
        }
        return new Managed(rs.getLong("project_id"), rs.getString("kind"), rs.getString("name"), rs.getString("source"), secretRefs);
    }

    private static String write(Map<String, String> refs) {
        try {
            return JSON.writeValueAsString(new java.util.TreeMap<>(refs));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write secret refs; indicates a bug", e);
        }
    }
}
