package dev.vigil.execution;

import dev.vigil.domain.LogChunk;
import dev.vigil.domain.ValidationException;
import dev.vigil.store.RunLogStore;
import dev.vigil.store.Transactor;
import dev.vigil.util.RetentionSweep;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output of managed runs as agents stream it, in numbered chunks: stored once per (run, seq)
 * however often a chunk is delivered, at most {@code limitBytes} per run, and deleted
 * {@code retention} after the run ended by a background sweep.
 *
 * <p>The limit: a chunk that does not fit is cut to what does (never inside a character), followed
 * by one marker chunk at {@link #MARKER_SEQ}; chunks that arrive after it are dropped, also ones
 * with a smaller seq that were delayed. A stored log is so at most {@code limitBytes} plus the
 * marker. The marker is idempotent because its seq is fixed: a second one is a duplicate key.
 *
 * <p>Each append (or batch of appends) is one transaction that reads the run's byte total, then inserts. On SQLite
 * writers are serialized; on PostgreSQL two appends to the same run at the same moment (an agent's
 * retry racing its first attempt) may both fit against the same total, so the limit can be passed
 * by one chunk there. Nothing is ever stored twice.
 */
public final class RunLogs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunLogs.class);
    /**
     * The seq of the limit marker, so it sorts after every chunk: 2^53 − 1, the largest integer a
     * JavaScript client reads exactly, so that a browser tailing the log can pass it back as
     * {@code after}. Agents number their chunks below it.
     */
    public static final long MARKER_SEQ = (1L << 53) - 1;
    public static final Duration SWEEP_INTERVAL = RetentionSweep.INTERVAL;
    /** Chunks deleted per transaction, so that the sweep never holds the writer for long. */
    static final int SWEEP_BATCH = RetentionSweep.BATCH;
    /** Chunks read per transaction by {@link #write}. */
    static final int PAGE = 500;

    private final Transactor store;
    private final int limitBytes;
    private final Clock clock;
    private final String marker;
    private final RetentionSweep sweeper;

    /**
     * @param limitBytes UTF-8 bytes of output kept per run, at least 1
     * @param retention  how long after a run ended its output is kept, more than 0
     */
    public RunLogs(Transactor store, int limitBytes, Duration retention, Clock clock) {
        if (limitBytes < 1) throw new IllegalArgumentException("limitBytes must be at least 1, got " + limitBytes);
        this.store = store;
        this.limitBytes = limitBytes;
        this.clock = clock;
        this.sweeper = new RetentionSweep("vigil-run-logs", "chunks of output of runs that ended", retention, clock,
                (cutoff, batch) -> store.write(tx -> tx.runLogs().deleteForRunsEndedBefore(cutoff, batch)));
        this.marker = marker(limitBytes);
    }

    /** The text of the marker chunk, e.g. {@code "\n[vigil: output beyond 1 MiB was dropped]\n"}. */
    public static String marker(int limitBytes) {
        return "\n[vigil: output beyond " + size(limitBytes) + " was dropped]\n";
    }

    /**
     * Stores a chunk of the run's output unless it is stored already, within the run's limit; one
     * transaction.
     *
     * @param seq the agent's number for the chunk, from 1 to {@code MARKER_SEQ - 1}
     * @throws ValidationException if the seq is out of that range
     * @throws dev.vigil.domain.NotFoundException if there is no such run
     */
    public void append(long runId, long seq, Instant at, String text) {
        if (seq >= MARKER_SEQ) throw new ValidationException("seq", "must be below " + MARKER_SEQ + ", got " + seq);
        LogChunk chunk = new LogChunk(runId, seq, at, text);
        store.write(tx -> {
            append(tx.runLogs(), chunk);
            return null;
        });
    }

    /**
     * Stores each chunk as {@link #append(long, long, Instant, String)} does, all in one transaction,
     * in order. A chunk of a run that does not exist (any more) is skipped.
     *
     * @return the chunks skipped because their run does not exist
     * @throws ValidationException if a seq is out of range; nothing is stored then
     */
    public int appendAll(List<LogChunk> chunks) {
        for (LogChunk c : chunks) {
            if (c.seq() >= MARKER_SEQ) throw new ValidationException("seq", "must be below " + MARKER_SEQ + ", got " + c.seq());
        }
        if (chunks.isEmpty()) return 0;
        return store.write(tx -> {
            RunLogStore logs = tx.runLogs();
            // The chunks that fit under the limit (nearly all) are stored together, a few statements
            // for all; one that does not goes the careful way, after those before it are stored.
            Map<Long, Long> used = new HashMap<>(logs.bytesOf(chunks.stream().map(LogChunk::runId).toList()));
            List<LogChunk> fitting = new ArrayList<>();
            int missing = 0;
            for (LogChunk c : chunks) {
                long size = used.getOrDefault(c.runId(), 0L);
                if (c.bytes() <= limitBytes - size) {
                    fitting.add(c);
                    used.put(c.runId(), size + c.bytes());
                    continue;
                }
                missing += storeTogether(logs, fitting);
                try {
                    append(logs, c);
                } catch (dev.vigil.domain.NotFoundException e) {
                    missing++; // found by a plain read: the transaction goes on (see SqlRunLogStore.append)
                }
                used.put(c.runId(), logs.bytes(c.runId()));
            }
            return missing + storeTogether(logs, fitting);
        });
    }

    /** Stores the chunks together and empties the list; returns how many belong to runs that do not exist. */
    private static int storeTogether(RunLogStore logs, List<LogChunk> chunks) {
        if (chunks.isEmpty()) return 0;
        Set<Long> missingRuns = logs.appendAll(chunks);
        int missing = missingRuns.isEmpty() ? 0 : (int) chunks.stream().filter(c -> missingRuns.contains(c.runId())).count();
        chunks.clear();
        return missing;
    }

    private void append(RunLogStore logs, LogChunk chunk) {
        long room = limitBytes - logs.bytes(chunk.runId());
        if (chunk.bytes() <= room) {
            logs.append(chunk);
            return;
        }
        // A redelivery of a chunk stored whole (or cut) changes nothing, and must add no marker.
        if (isStored(logs, chunk.runId(), chunk.seq())) return;
        String kept = prefix(chunk.text(), room);
        if (!kept.isEmpty()) logs.append(new LogChunk(chunk.runId(), chunk.seq(), chunk.at(), kept));
        logs.append(new LogChunk(chunk.runId(), MARKER_SEQ, chunk.at(), marker));
    }

    private static boolean isStored(RunLogStore logs, long runId, long seq) {
        List<LogChunk> next = logs.after(runId, seq - 1, 1);
        return !next.isEmpty() && next.getFirst().seq() == seq;
    }

    /** The longest prefix of {@code text} of at most {@code budget} UTF-8 bytes, whole characters only. */
    static String prefix(String text, long budget) {
        long bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > budget) break;
            bytes += n;
            i += Character.charCount(cp);
        }
        return text.substring(0, i);
    }

    /**
     * Writes the run's stored output to {@code out}, its chunks in seq order. Reads a page per
     * transaction, so that a slow reader holds no transaction open and a big log is never all in
     * memory.
     *
     * @return whether the run has any chunks
     */
    public boolean write(long runId, Writer out) throws IOException {
        boolean any = false;
        long after = 0;
        while (true) {
            long from = after;
            List<LogChunk> page = store.read(tx -> tx.runLogs().after(runId, from, PAGE));
            for (LogChunk c : page) out.write(c.text());
            any |= !page.isEmpty();
            if (page.size() < PAGE) return any;
            after = page.getLast().seq();
        }
    }

    /** The run's stored output, its chunks in seq order; empty if it has none. */
    public String text(long runId) {
        StringWriter out = new StringWriter();
        try {
            write(runId, out);
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail; indicates a bug", e);
        }
        return out.toString();
    }

    /**
     * Deletes the output of runs that ended more than {@code retention} ago, a batch per
     * transaction.
     *
     * @return the chunks deleted
     */
    public int sweep() {
        return sweeper.sweep();
    }

    /** Starts the background sweep: now, then every {@link #SWEEP_INTERVAL}. */
    public void start() {
        sweeper.start();
    }

    /** One pass of the background thread: sweeps when due; returns how long it may sleep. */
    long pass() {
        return sweeper.pass();
    }

    @Override
    public void close() {
        sweeper.close();
    }

    private static String size(int bytes) {
        if (bytes % (1 << 20) == 0) return bytes / (1 << 20) + " MiB";
        if (bytes % (1 << 10) == 0) return bytes / (1 << 10) + " KiB";
        return bytes + " bytes";
    }
}
