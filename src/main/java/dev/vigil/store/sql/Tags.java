package dev.vigil.store.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.vigil.store.StoreException;
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
        try {
            return READER.readValue(json);
        } catch (JsonProcessingException e) {
            throw new StoreException("corrupt tags in the jobs table: " + json, e);
        }
    }
}
