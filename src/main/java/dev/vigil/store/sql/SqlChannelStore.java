package dev.vigil.store.sql;

import dev.vigil.domain.Channel;
import dev.vigil.domain.ConflictException;
import dev.vigil.store.ChannelStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

final class SqlChannelStore implements ChannelStore {
    private static final String COLUMNS = "id, project_id, kind, name, config, created_at, fallback, failing_since,"
            + " failing_error";
    private final Sql sql;

    SqlChannelStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public Channel insert(Channel channel) {
        return sql.one("INSERT INTO channels (project_id, kind, name, config, created_at, fallback)"
                        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING " + COLUMNS,
                SqlChannelStore::map, channel.projectId(), channel.kind(), channel.name(), channel.config(),
                channel.createdAt(), channel.fallback())
                .orElseThrow(() -> new ConflictException(
                        "a channel named '" + channel.name() + "' already exists in this project"));
    }

    @Override
    public Optional<Channel> byId(long id) {
        return sql.one("SELECT " + COLUMNS + " FROM channels WHERE id = ?", SqlChannelStore::map, id);
    }

    @Override
    public List<Channel> byProject(long projectId) {
        return sql.list("SELECT " + COLUMNS + " FROM channels WHERE project_id = ? ORDER BY name",
                SqlChannelStore::map, projectId);
    }

    @Override
    public Optional<Channel> update(Channel channel) {
        boolean taken = sql.one("SELECT 1 FROM channels WHERE project_id = ? AND name = ? AND id <> ?", rs -> true,
                channel.projectId(), channel.name(), channel.id()).isPresent();
        if (taken) throw new ConflictException("a channel named '" + channel.name() + "' already exists in this project");
        return sql.one("UPDATE channels SET kind = ?, name = ?, config = ?, fallback = ?, failing_since = NULL,"
                        + " failing_error = NULL WHERE id = ? RETURNING " + COLUMNS,
                SqlChannelStore::map, channel.kind(), channel.name(), channel.config(), channel.fallback(), channel.id());
    }

    @Override
    public boolean delete(long id) {
        return sql.update("DELETE FROM channels WHERE id = ?", id) > 0;
    }

    @Override
    public List<Channel> fallbacks(long projectId) {
        return sql.list("SELECT " + COLUMNS + " FROM channels WHERE project_id = ? AND fallback ORDER BY name",
                SqlChannelStore::map, projectId);
    }

    @Override
    public boolean markFailing(long id, Instant at, String error) {
        return sql.update("UPDATE channels SET failing_since = ?, failing_error = ? WHERE id = ? AND failing_since IS NULL",
                at, error, id) > 0;
    }

    @Override
    public boolean clearFailing(long id) {
        return sql.update("UPDATE channels SET failing_since = NULL, failing_error = NULL"
                + " WHERE id = ? AND failing_since IS NOT NULL", id) > 0;
    }

    private static Channel map(ResultSet rs) throws SQLException {
        return new Channel(rs.getLong("id"), rs.getLong("project_id"), rs.getString("kind"),
                rs.getString("name"), rs.getString("config"), Rows.instant(rs, "created_at"), rs.getBoolean("fallback"),
                Rows.instant(rs, "failing_since"), rs.getString("failing_error"));
    }
}
