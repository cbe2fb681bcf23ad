package dev.vigil.store.sql;

import dev.vigil.domain.ApiKey;
import dev.vigil.domain.Enums;
import dev.vigil.store.SessionStore;
import java.time.Instant;
import java.util.Optional;

final class SqlSessionStore implements SessionStore {
    private final Sql sql;

    SqlSessionStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(String hash, long apiKeyId, String csrf, Instant createdAt, Instant expiresAt) {
        sql.update("INSERT INTO ui_sessions (hash, api_key_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                hash, apiKeyId, csrf, createdAt, expiresAt);
    }

    @Override
    public Optional<Session> live(String hash, Instant now) {
        return sql.one("SELECT s.hash, s.csrf, s.created_at, s.expires_at,"
                        + " k.id, k.name, k.prefix, k.hash AS key_hash, k.project_id, k.role, k.created_at AS key_created_at"
                        + " FROM ui_sessions s JOIN api_keys k ON k.id = s.api_key_id WHERE s.hash = ? AND s.expires_at > ?",
                rs -> new Session(rs.getString("hash"),
                        new ApiKey(rs.getLong("id"), rs.getString("name"), rs.getString("prefix"), rs.getString("key_hash"),
                                Rows.longOrNull(rs, "project_id"), Enums.fromWire(ApiKey.Role.class, rs.getString("role"), "role"),
                                Rows.instant(rs, "key_created_at")),
                        rs.getString("csrf"), Rows.instant(rs, "created_at"), Rows.instant(rs, "expires_at")),
                hash, now);
    }

    @Override
    public boolean delete(String hash) {
        return sql.update("DELETE FROM ui_sessions WHERE hash = ?", hash) > 0;
    }

    @Override
    public int deleteExpired(Instant now) {
        return sql.update("DELETE FROM ui_sessions WHERE expires_at <= ?", now);
    }
}
