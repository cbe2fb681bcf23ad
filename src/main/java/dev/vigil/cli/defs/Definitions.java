package dev.vigil.cli.defs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Definition files read and merged into one document for {@code POST /api/v1/apply}, with where each
 * part came from, so that an error the server names by field path is shown at its file and line.
 *
 * @param document the merged document: {@code {"projects": {slug: {jobs: [...], channels: [...], ...}}}}
 * @param origins  for each merged object's path (e.g. {@code projects.prod.jobs[3]}), where it came from
 * @param baseDirs for each merged object's path, the directory of its file (for {@code fromFile} secrets)
 */
public record Definitions(ObjectNode document, Map<String, Origin> origins, Map<String, java.nio.file.Path> baseDirs) {

    /** Where a part of the merged document was written: the file, its own path in that file, and its positions. */
    public record Origin(String file, String path, SourceMap positions) {}

    /**
     * Where a field path of the merged document was written, as {@code file:line:column}; the file alone
     * when the path lies outside any object read from a file.
     */
    public String locate(String field) {
        if (field == null) return null;
        String best = null;
        for (String prefix : origins.keySet()) {
            if (startsWithPath(field, prefix) && (best == null || prefix.length() > best.length())) best = prefix;
        }
        if (best == null) return null;
        Origin o = origins.get(best);
        String inFile = o.path() + field.substring(best.length());
        SourceMap.Position at = o.positions().nearest(inFile);
        return at == null ? o.file() : o.file() + ":" + at.line() + ":" + at.column();
    }

    static boolean startsWithPath(String field, String prefix) {
        if (prefix.isEmpty()) return true;
        if (!field.startsWith(prefix)) return false;
        if (field.length() == prefix.length()) return true;
        char next = field.charAt(prefix.length());
        return next == '.' || next == '[';
    }
}
