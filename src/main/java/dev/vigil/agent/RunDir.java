package dev.vigil.agent;

import dev.vigil.agent.process.ProcessDir;
import dev.vigil.agent.wire.Assignment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process run's directory on the agent's disk, {@code <agent dir>/runs/<run id>/}: made before
 * the process starts, removed once the run's finish is handed to the link. It holds the process's
 * own files ({@link ProcessDir}) and two of the agent's, so that a later agent process can take the
 * run over where this one left it: {@code run} (the job and attempt) and {@code reported} (the last
 * output chunk handed to the link: its seq and the bytes of the output it holds).
 */
final class RunDir {
    private static final Logger log = LoggerFactory.getLogger(RunDir.class);
    /** {@code reported} is rewritten in place with one write of this many bytes, so it is never torn. */
    private static final int REPORTED_BYTES = 64;

    /** The last chunk handed over: {@code seq} held bytes {@code [from, to)} of the output; seq 0 for none yet. */
    record Reported(long seq, long from, long to) {
        static final Reported NONE = new Reported(0, 0, 0);
    }

    private final long runId;
    private final Path path;
    private FileChannel reported; // guarded by this; opened on the first chunk

    private RunDir(long runId, Path path) {
        this.runId = runId;
        this.path = path;
    }

    /** Makes the directory of a run about to start. */
    static RunDir create(Path runs, Assignment a) throws IOException {
        Path path = Files.createDirectories(runs.resolve(Long.toString(a.runId())));
        Files.writeString(path.resolve("run"), a.job() + "\n" + a.attempt() + "\n");
        return new RunDir(a.runId(), path);
    }

    /** The runs an earlier agent process left, oldest first. */
    static List<RunDir> leftIn(Path runs) throws IOException {
        List<RunDir> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(runs)) {
            for (Path entry : entries) {
                try {
                    found.add(new RunDir(Long.parseLong(entry.getFileName().toString()), entry));
                } catch (NumberFormatException e) {
                    log.warn("ignoring {}: not a run's directory", entry);
                }
            }
        }
        found.sort(Comparator.comparingLong(RunDir::runId));
        return found;
    }

    long runId() { return runId; }

    ProcessDir process() {
        return new ProcessDir(path);
    }

    /** The job, as recorded at the start ({@code ?} if that record is missing). */
    String job() {
        try {
            return Files.readAllLines(path.resolve("run")).getFirst();
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** The last chunk handed over, as recorded; {@link Reported#NONE} if none was (or the record is unreadable). */
    Reported reported() {
        try {
            String[] f = Files.readString(path.resolve("reported")).trim().split(" ");
            return new Reported(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]));
        } catch (IOException | RuntimeException e) {
            return Reported.NONE;
        }
    }

    /**
     * Records a chunk about to be handed over. Recorded first, so that after a crash the chunk is
     * sent again, the same, whether it reached the link or not (the server keeps one per seq).
     */
    synchronized void reporting(long seq, long from, long to) {
        byte[] line = String.format("%-" + (REPORTED_BYTES - 1) + "s%n", seq + " " + from + " " + to)
                .getBytes(StandardCharsets.US_ASCII);
        try {
            if (reported == null) {
                reported = FileChannel.open(path.resolve("reported"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            }
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) reported.write(b, b.position());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the output of run " + runId + " in " + path, e);
        }
    }

    /** Removes the directory: the run's finish is handed over. */
    synchronized void delete() {
        try {
            if (reported != null) reported.close();
            try (Stream<Path> files = Files.walk(path)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("cannot remove {}: {}; a later agent process will report run {} again (harmlessly)", path, e.toString(), runId);
        }
    }
}
