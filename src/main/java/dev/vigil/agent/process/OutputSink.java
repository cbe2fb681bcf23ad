package dev.vigil.agent.process;

import java.util.List;

/**
 * Receives a process's output as it arrives. Called from one reader thread per stream, so calls for
 * the same stream come in order, while STDOUT and STDERR calls may run concurrently: an
 * implementation that receives both must be thread-safe.
 *
 * <p>The array is reused once the call returns; copy what you keep. A sink that throws loses that
 * chunk only: reading continues, so the process never blocks on a full pipe. A slow sink slows the
 * process down once its pipe buffer (64 KiB on Linux) is full.
 */
@FunctionalInterface
public interface OutputSink {

    enum Stream { STDOUT, STDERR }

    void chunk(Stream stream, byte[] data, int offset, int length);

    /** A sink that drops everything. */
    OutputSink DISCARD = (stream, data, offset, length) -> { };

    /** Delivers each chunk to every sink, in the order given; one failing sink does not starve the rest. */
    static OutputSink tee(OutputSink... sinks) {
        List<OutputSink> all = List.of(sinks);
        return (stream, data, offset, length) -> {
            RuntimeException first = null;
            for (OutputSink sink : all) {
                try {
                    sink.chunk(stream, data, offset, length);
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        };
    }
}
