package dev.vigil.store.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.vigil.store.StoreException;
import java.util.ArrayList;
import java.util.List;

/** A job's tags as the JSON array kept in its row, so a listed job needs no second query. */
final class Tags {
    // Readers and writers are immutable and thread-safe; the mapper behind them is never touched again.
    private static final ObjectReader READER = new ObjectMapper().readerForListOf(String.class);
    private static final ObjectWriter WRITER = new ObjectMapper().writerFor(List.class);

    private Tags() {}

    static String toJson(List<String> tags) {
        try {
            return WRITER.writeValueAsString(tags);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is always JSON (indicates a bug)", e);
        }
    }

    static List<String> fromJson(String json) {
        List<String> plain = plainArray(json);
        if (plain != null) return plain;
        try {
            return READER.readValue(json);
        } catch (JsonProcessingException e) {
            throw new StoreException("corrupt tags in the jobs table: " + json, e);
        }
    }

    /**
     * The tags of an array as this class writes it, {@code ["a","b"]} with no escapes, without a JSON
     * parser (a listed board reads thousands); null for anything else, which the parser then reads.
     */
    private static List<String> plainArray(String json) {
        int n = json.length();
        if (n < 2 || json.charAt(0) != '[' || json.charAt(n - 1) != ']' || json.indexOf('\\') >= 0) return null;
        List<String> tags = new ArrayList<>();
        int i = 1;
        while (i < n - 1) {
            if (json.charAt(i) != '"') return null;
            int end = json.indexOf('"', i + 1);
            if (end < 0 || end >= n - 1) return null;
            tags.add(json.substring(i + 1, end));
            i = end + 1;
            if (i < n - 1) {
                if (json.charAt(i) != ',') return null;
                i++;
                if (i == n - 1) return null; // a trailing comma is not JSON
            }
        }
        return tags;
    }
}
