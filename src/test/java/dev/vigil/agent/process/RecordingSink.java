package dev.vigil.agent.process;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Keeps every byte per stream, for assertions. */
final class RecordingSink implements OutputSink {
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @Override
    public synchronized void chunk(Stream stream, byte[] data, int offset, int length) {
        (stream == Stream.STDOUT ? stdout : stderr).write(data, offset, length);
    }

    synchronized String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    synchronized String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    synchronized int stdoutSize() {
        return stdout.size();
    }

    synchronized int stderrSize() {
        return stderr.size();
    }

    List<String> stdoutLines() {
        return Arrays.stream(stdout().split("\n")).filter(line -> !line.isEmpty()).toList();
    }

    List<Long> stdoutPids() {
        return stdoutLines().stream().map(Long::parseLong).toList();
    }
}
