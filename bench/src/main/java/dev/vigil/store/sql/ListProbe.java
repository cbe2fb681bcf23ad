package dev.vigil.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The board's job query on a plain JDBC connection, to tell the database and driver from the
 * mapping into domain objects: the same SQL text {@link JobListQuery} builds for "one project, first
 * page", read column by column, or mapped with {@link JobRows#map} and {@link StateRows#map}.
 * In the store's package (bench classpath only) for its package-private column lists.
 */
public final class ListProbe {
    private ListProbe() {}

    public static final String SQL = "SELECT " + JobRows.COLUMNS + ", " + StateRows.COLUMNS + JobRows.FROM
            + " LEFT JOIN job_state s ON s.job_id = j.id WHERE 1 = 1 AND j.project_id = ? ORDER BY p.slug, j.slug LIMIT ?";

    /** Executes and reads every column of every row as a string (no mapping); returns the rows. */
    public static int readRaw(Connection c, long projectId, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setLong(1, projectId);
            ps.setInt(2, limit);
            int rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= columns; i++) rs.getString(i);
                    rows++;
                }
            }
            return rows;
        }
    }

    /** Executes and maps every row as the store does; returns the rows. */
    public static int readMapped(Connection c, long projectId, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setLong(1, projectId);
            ps.setInt(2, limit);
            int rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JobRows.map(rs);
                    StateRows.map(rs, JobRows.COUNT);
                    rows++;
                }
            }
            return rows;
        }
    }
}
