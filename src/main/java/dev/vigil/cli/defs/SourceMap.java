package dev.vigil.cli.defs;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each value of a parsed file stands: field path (as the API names fields, e.g.
 * {@code projects.prod.jobs[2].schedule.cron}) to its line and column.
 */
public final class SourceMap {
    public record Position(int line, int column) {}

    private final Map<String, Position> positions = new HashMap<>();

    void put(String path, int line, int column) {
        positions.putIfAbsent(path, new Position(line, column));
    }

    /** The position of the path, or of its nearest enclosing value that has one; null if none. */
    public Position nearest(String path) {
        String p = path;
        while (true) {
            Position at = positions.get(p);
            if (at != null) return at;
            if (p.isEmpty()) return null;
            p = parent(p);
        }
    }

    static String parent(String path) {
        int dot = path.lastIndexOf('.');
        int bracket = path.lastIndexOf('[');
        int cut = Math.max(dot, bracket);
        return cut < 0 ? "" : path.substring(0, cut);
    }
}
