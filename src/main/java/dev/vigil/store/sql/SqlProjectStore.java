package dev.vigil.store.sql;

import dev.vigil.domain.ConflictException;
import dev.vigil.domain.Project;
import dev.vigil.store.ProjectStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

final class SqlProjectStore implements ProjectStore {
    private static final String COLUMNS = "id, slug, name, ping_key, created_at";
    private final Sql sql;

    SqlProjectStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public Project insert(String slug, String name, String pingKey, Instant createdAt) {
        // DO NOTHING rather than catching the violation: on PostgreSQL that would abort the transaction.
        Optional<Long> id = sql.insert("INSERT INTO projects (slug, name, ping_key, created_at) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING RETURNING id", slug, name, pingKey, createdAt);
        if (id.isEmpty()) {
            throw new ConflictException(bySlug(slug).isPresent()
                    ? "a project with slug '" + slug + "' already exists"
                    : "another project already has this ping key");
        }
        return new Project(id.get(), slug, name, pingKey, Instant.ofEpochMilli(createdAt.toEpochMilli()));
    }

    @Override
    public boolean rename(long id, String name) {
        return sql.update("UPDATE projects SET name = ? WHERE id = ?", name, id) > 0;
    }

    @Override
    public Optional<Project> byId(long id) {
        return sql.one("SELECT " + COLUMNS + " FROM projects WHERE id = ?", SqlProjectStore::map, id);
    }

    @Override
    public Optional<Project> bySlug(String slug) {
        return sql.one("SELECT " + COLUMNS + " FROM projects WHERE slug = ?", SqlProjectStore::map, slug);
    }

    @Override
    public Optional<Project> byPingKey(String pingKey) {
        return sql.one("SELECT " + COLUMNS + " FROM projects WHERE ping_key = ?", SqlProjectStore::map, pingKey);
    }

    @Override
    public List<Project> list() {
        return sql.list("SELECT " + COLUMNS + " FROM projects ORDER BY slug", SqlProjectStore::map);
    }

    private static Project map(ResultSet rs) throws SQLException {
        return new Project(rs.getLong("id"), rs.getString("slug"), rs.getString("name"),
                rs.getString("ping_key"), Rows.instant(rs, "created_at"));
    }
}
