package dev.vigil.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The board's query ({@link JobListQuery#SUMMARIES}) on a plain JDBC connection, to tell the
 * database from the driver's column reads and the mapping: rows stepped through without reading a
 * column, or every column read by position as the store does (without building objects). In the
 * store's package (bench classpath only) for the package-private SQL text.
 */
public final class ListProbe {
    private ListProbe() {}

    /** Each column of the query as the store reads it: t text, b boolean, i int, l nullable long. */
    private static final String KINDS = "lttttbl" + "lttbllllllilliilbl";

    /** Executes and steps through the rows; returns how many. */
    public static int step(Connection c, long projectId) throws SQLException {
        return run(c, projectId, false);
    }

    /** Executes and reads every column of every row (longs and texts, as mapped); returns the rows. */
    public static int readColumns(Connection c, long projectId) throws SQLException {
        return run(c, projectId, true);
    }

    private static int run(Connection c, long projectId, boolean read) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(JobListQuery.SUMMARIES)) {
            ps.setLong(1, projectId);
            int rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    if (read) {
                        for (int i = 1; i <= columns; i++) {
                            switch (KINDS.charAt(i - 1)) {
                                case 't' -> rs.getString(i);
                                case 'b' -> rs.getBoolean(i);
                                case 'i' -> rs.getInt(i);
                                default -> {
                                    rs.getLong(i);
                                    rs.wasNull();
                                }
                            }
                        }
                    }
                    rows++;
                }
            }
            return rows;
        }
    }
}
