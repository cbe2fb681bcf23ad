package dev.vigil.agent;

import dev.vigil.agent.wire.RunEvent;
import dev.vigil.agent.process.OutputSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * A run's output on its way to the server: stdout and stderr interleaved as they arrive, cut into
 * chunks ({@link #CHUNK_BYTES}, or whatever came within a flush interval) numbered 1, 2, 3… Chunks
 * end on a character boundary, so a multi-byte character split between two reads stays whole. After
 * the server's limit has been passed nothing more is sent (the server notes the cut).
 */
final class RunLog implements OutputSink {
    static final int CHUNK_BYTES = 32 * 1024;

    /** Learns of each chunk just before it is handed over: its seq and the range of the output it holds. */
    @FunctionalInterface
    interface Progress {
        void sending(long seq, long from, long to);
    }

    private final long runId;
    private final Clock clock;
    private final long limit;
    private final Consumer<RunEvent> out;
    private final Progress progress;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private long seq;
    private long sent;

    RunLog(long runId, Clock clock, long limit, Consumer<RunEvent> out) {
        this(runId, clock, limit, out, (seq, from, to) -> { }, 0, 0);
    }

    /**
     * A log that goes on where another left off: its last chunk had {@code seq} and the output up
     * to byte {@code sent} has been handed over.
     */
    RunLog(long runId, Clock clock, long limit, Consumer<RunEvent> out, Progress progress, long seq, long sent) {
        this.runId = runId;
        this.clock = clock;
        this.limit = limit;
        this.out = out;
        this.progress = progress;
        this.seq = seq;
        this.sent = sent;
    }

    @Override
    public synchronized void chunk(Stream stream, byte[] data, int offset, int length) {
        if (sent > limit) return;
        buffer.write(data, offset, length);
        if (buffer.size() >= CHUNK_BYTES) flush(false);
    }

    /** Sends what is buffered; at the end of the run ({@code last}) also an incomplete character. */
    void flush(boolean last) {
        RunEvent chunk = take(last);
        if (chunk != null) out.accept(chunk);
    }

    /**
     * The buffered output as the next chunk, for the caller to hand over itself (with the run's
     * finish, say, in one write); null when there is nothing to send.
     */
    synchronized RunEvent take(boolean last) {
        byte[] bytes = buffer.toByteArray();
        int end = last ? bytes.length : completeUpTo(bytes);
        if (end == 0) return null;
        buffer.reset();
        buffer.write(bytes, end, bytes.length - end);
        if (sent > limit) return null;
        long from = sent;
        sent += end;
        progress.sending(++seq, from, sent);
        return RunEvent.output(runId, seq, clock.instant(), new String(bytes, 0, end, StandardCharsets.UTF_8));
    }

    /** The sequence number the run's finish gets: after every chunk. */
    synchronized long nextSeq() {
        return seq + 1;
    }

    /** Length of the prefix of {@code b} that ends on a UTF-8 character boundary. */
    static int completeUpTo(byte[] b) {
        int n = b.length;
        // Look back at most 3 bytes for the lead byte of a sequence that is cut off.
        for (int i = n - 1; i >= Math.max(0, n - 4); i--) {
            int x = b[i] & 0xff;
            if (x < 0x80) return n; // ASCII: everything before is complete
            if (x >= 0xc0) { // a lead byte: is its sequence complete?
                int need = x >= 0xf0 ? 4 : x >= 0xe0 ? 3 : 2;
                return n - i >= need ? n : i;
            }
        }
        return n; // no lead byte found: malformed anyway, send as is
    }
}
