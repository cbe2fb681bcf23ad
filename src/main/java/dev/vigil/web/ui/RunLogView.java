package dev.vigil.web.ui;

import dev.vigil.domain.LogChunk;
import java.util.List;

/**
 * A stretch of a run's output: the chunks after some seq and where to go on from. While the run may
 * still write ({@code !done}) it ends in a tail element that fetches what follows; once done it ends.
 *
 * @param output   shown when the run never had chunks: a pinged run's captured output, or null
 * @param next     the seq to ask for output after, next time
 * @param more     more chunks are stored already: the tail fetches them at once
 * @param partial  an answer appended to the page, not the page itself
 */
public record RunLogView(long runId, List<LogChunk> chunks, String output, long next, boolean done, boolean more,
                         boolean partial) {

    public String tailUrl() {
        return Dashboard.ROOT + "/runs/" + runId + "/log?after=" + next;
    }

    public String tailTrigger() {
        return more ? "load" : "load delay:1s";
    }

    /** Nothing was shown and nothing will come: the page's "no output yet" turns into "no output". */
    public boolean endedEmpty() {
        return done && next == 0 && chunks.isEmpty() && output == null;
    }
}
