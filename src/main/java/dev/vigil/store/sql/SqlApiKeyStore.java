package dev.vigil.store.sql;

import dev.vigil.domain.ApiKey;
import dev.vigil.domain.ConflictException;
import dev.vigil.domain.Enums;
import dev.vigil.store.ApiKeyStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

final class SqlApiKeyStore implements ApiKeyStore {
    private static final String COLUMNS = "id, name, prefix, hash, project_id, role, created_at";
    private final Sql sql;

    SqlApiKeyStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public ApiKey insert(ApiKey key) {
        return sql.one("INSERT INTO api_keys (name, prefix, hash, project_id, role, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING " + COLUMNS,
                SqlApiKeyStore::map, key.name(), key.prefix(), key.hash(), key.projectId(), key.role().wire(), key.createdAt())
                .orElseThrow(() -> new ConflictException("an API key with this hash already exists"));
    }

    @Override
    public Optional<ApiKey> byHash(String hash) {
        return sql.one("SELECT " + COLUMNS + " FROM api_keys WHERE hash = ?", SqlApiKeyStore::map, hash);
    }

    @Override
    public Optional<ApiKey> byId(long id) {
        return sql.one("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?", SqlApiKeyStore::map, id);
    }

    @Override
    public int lockGlobalAdmins() {
        // One text for both databases: the no-op UPDATE takes PostgreSQL's row locks (a concurrent
        // caller waits, then counts without the rows deleted meanwhile); SQLite has one writer anyway.
        return sql.update("UPDATE api_keys SET role = role WHERE role = ? AND project_id IS NULL", ApiKey.Role.ADMIN.wire());
    }

    @Override
    public List<ApiKey> list() {
        return sql.list("SELECT " + COLUMNS + " FROM api_keys ORDER BY id", SqlApiKeyStore::map);
    }

    @Override
    public boolean rehash(long id, String hash, String prefix) {
        return sql.update("UPDATE api_keys SET hash = ?, prefix = ? WHERE id = ?", hash, prefix, id) == 1;
    }

    @Override
    public boolean delete(long id) {
        return sql.update("DELETE FROM api_keys WHERE id = ?", id) > 0;
    }

    private static ApiKey map(ResultSet rs) throws SQLException {
        return new ApiKey(rs.getLong("id"), rs.getString("name"), rs.getString("prefix"), rs.getString("hash"),
                Rows.longOrNull(rs, "project_id"), Enums.fromWire(ApiKey.Role.class, rs.getString("role"), "role"),
                Rows.instant(rs, "created_at"));
    }
}
