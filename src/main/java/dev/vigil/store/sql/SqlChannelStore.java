package dev.vigil.store.sql;

import dev.vigil.domain.Channel;
import dev.vigil.domain.ConflictException;
import dev.vigil.store.ChannelStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

final class SqlChannelStore implements ChannelStore {
    private static final String COLUMNS = "id, project_id, kind, name, config, created_at";
    private final Sql sql;

    SqlChannelStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public Channel insert(Channel channel) {
        return sql.one("INSERT INTO channels (project_id, kind, name, config, created_at)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING " + COLUMNS,
                SqlChannelStore::map, channel.projectId(), channel.kind(), channel.name(), channel.config(), channel.createdAt())
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
    public boolean delete(long id) {
        return sql.update("DELETE FROM channels WHERE id = ?", id) > 0;
    }

    private static Channel map(ResultSet rs) throws SQLException {
        return new Channel(rs.getLong("id"), rs.getLong("project_id"), rs.getString("kind"),
                rs.getString("name"), rs.getString("config"), Rows.instant(rs, "created_at"));
    }
}
