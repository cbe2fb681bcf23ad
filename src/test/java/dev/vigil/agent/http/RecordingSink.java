package dev.vigil.agent.http;

import dev.vigil.agent.process.OutputSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Keeps every byte, per stream and interleaved as written, for assertions. */
final class RecordingSink implements OutputSink {
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final ByteArrayOutputStream all = new ByteArrayOutputStream();

    @Override
    public synchronized void chunk(Stream stream, byte[] data, int offset, int length) {
        (stream == Stream.STDOUT ? stdout : stderr).write(data, offset, length);
        all.write(data, offset, length);
    }

    /** The response body. */
    synchronized String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    /** Vigil's own lines. */
    synchronized String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    /** Both, in the order written: what a run's log shows. */
    synchronized String all() {
        return all.toString(StandardCharsets.UTF_8);
    }
}
