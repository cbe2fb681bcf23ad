package dev.vigil.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Rows in aligned columns under upper-case headers, for people. An empty cell shows as {@code -};
 * the last column is not padded.
 */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + headers.size() + " columns; indicates a bug");
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object c : cells) row.add(c == null || c.toString().isEmpty() ? "-" : c.toString().replaceAll("[\\r\\n\\t]+", " "));
        rows.add(row);
        return this;
    }

    /** A row per element of a JSON array, its cells taken by {@code cells}. */
    public Table rows(JsonNode array, Function<JsonNode, Object[]> cells) {
        if (array != null) array.forEach(e -> row(cells.apply(e)));
        return this;
    }

    public int size() {
        return rows.size();
    }

    public void print(PrintWriter out) {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) width[i] = headers.get(i).length();
        for (List<String> r : rows) for (int i = 0; i < width.length; i++) width[i] = Math.max(width[i], r.get(i).length());
        line(out, headers.stream().map(h -> h.toUpperCase(java.util.Locale.ROOT)).toList(), width);
        for (List<String> r : rows) line(out, r, width);
        out.flush();
    }

    private static void line(PrintWriter out, List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            b.append(c);
            if (i < cells.size() - 1) b.append(" ".repeat(width[i] - c.length() + 2));
        }
        out.println(b);
    }

    /** A field's text, or null if it is absent or null. */
    public static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() ? null : n.isArray() ? join(n) : n.asText();
    }

    private static String join(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(e -> parts.add(e.asText()));
        return String.join(",", parts);
    }
}
