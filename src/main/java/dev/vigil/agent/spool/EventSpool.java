package dev.vigil.agent.spool;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vigil.agent.wire.RunEvent;
import dev.vigil.agent.wire.WireJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's on-disk queue of run events not yet on the server: one append-only file of JSON
 * lines and the byte offset up to which the server has them. A start or finish is on disk
 * ({@code fsync}) before {@link #append} returns, so a run's result survives an agent crash and a
 * server outage alike; concurrent appends share one {@code fsync}. Output chunks are written without
 * waiting for the disk. After a crash, a torn last line is cut off; the rest is delivered again,
 * which the server makes harmless (it applies each event at most once).
 */
final class EventSpool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventSpool.class);
    /** When everything is delivered and the file has grown past this, it starts over. */
    static final long COMPACT_BYTES = 4L << 20;

    private record Entry(RunEvent event, long end) {}

    private final Path file;
    private final Path ackFile;
    private final FileChannel channel;
    private final ArrayDeque<Entry> pending = new ArrayDeque<>();
    private final Map<Long, Integer> finishes = new HashMap<>();
    private final Object syncLock = new Object();
    private long written;
    private volatile long synced;

    EventSpool(Path dir) throws IOException {
        Files.createDirectories(dir);
        this.file = dir.resolve("events.jsonl");
        this.ackFile = dir.resolve("events.acked");
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        load();
    }

    /** Reads what is left from an earlier process: everything after the acknowledged offset. */
    private void load() throws IOException {
        long size = channel.size();
        long acked = 0;
        if (Files.exists(ackFile)) {
            try {
                acked = Long.parseLong(Files.readString(ackFile).trim());
            } catch (NumberFormatException e) {
                acked = 0; // unreadable: deliver everything again, which is harmless
            }
        }
        if (acked > size) acked = size; // the file was compacted after the offset was written
        long pos = acked;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            in.skip(charsBefore(acked));
            String line;
            while ((line = in.readLine()) != null) {
                long end = pos + line.getBytes(StandardCharsets.UTF_8).length + 1;
                if (end > size) break; // the last line has no newline: torn by a crash
                RunEvent e;
                try {
                    e = WireJson.MAPPER.readValue(line, RunEvent.class);
                } catch (JsonProcessingException ex) {
                    log.warn("spool {}: unreadable line at byte {}, dropped from there on", file, pos);
                    break;
                }
                add(new Entry(e, end));
                pos = end;
            }
        }
        channel.truncate(pos);
        written = pos;
        synced = pos;
        if (!pending.isEmpty()) log.info("spool {}: {} events from before wait for delivery", file, pending.size());
    }

    /** The acknowledged offset counts bytes and lies on a line boundary: decoding the bytes before it gives the chars to skip. */
    private long charsBefore(long bytes) throws IOException {
        if (bytes == 0) return 0;
        byte[] head = new byte[(int) Math.min(bytes, Integer.MAX_VALUE)];
        channel.read(ByteBuffer.wrap(head), 0);
        return new String(head, StandardCharsets.UTF_8).length();
    }

    private void add(Entry entry) {
        pending.addLast(entry);
        if (entry.event().kind() == RunEvent.Kind.FINISHED) finishes.merge(entry.event().runId(), 1, Integer::sum);
    }

    /** Appends the event; a start or finish is on disk when this returns. */
    void append(RunEvent event) {
        appendAll(List.of(event));
    }

    /**
     * Appends the events in order, with one write; when they hold a start or finish, they are on
     * disk, with one {@code fsync}, when this returns.
     */
    void appendAll(List<RunEvent> events) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(events.size() * 160);
        int[] ends = new int[events.size()];
        boolean sync = false;
        for (int i = 0; i < events.size(); i++) {
            RunEvent event = events.get(i);
            try {
                WireJson.MAPPER.writeValue(bytes, event);
            } catch (IOException e) {
                throw new IllegalStateException("cannot write event " + event, e);
            }
            bytes.write('\n');
            ends[i] = bytes.size();
            sync |= event.kind() != RunEvent.Kind.OUTPUT;
        }
        long end;
        synchronized (this) {
            try {
                ByteBuffer b = ByteBuffer.wrap(bytes.toByteArray());
                while (b.hasRemaining()) channel.write(b, written + b.position());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the agent spool " + file, e);
            }
            for (int i = 0; i < ends.length; i++) add(new Entry(events.get(i), written + ends[i]));
            written += bytes.size();
            end = written;
            notifyAll();
        }
        if (sync) syncTo(end);
    }

    /** Makes the file durable up to {@code end}; callers arriving meanwhile share one {@code fsync}. */
    private void syncTo(long end) {
        if (synced >= end) return;
        synchronized (syncLock) {
            if (synced >= end) return;
            long upTo;
            synchronized (this) {
                upTo = written;
            }
            try {
                channel.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot sync the agent spool " + file, e);
            }
            synced = upTo;
        }
    }

    /** Up to {@code max} of the oldest undelivered events, waiting up to {@code waitMillis} for one. */
    synchronized List<RunEvent> peek(int max, long waitMillis) throws InterruptedException {
        long until = System.currentTimeMillis() + waitMillis;
        while (pending.isEmpty()) {
            long left = until - System.currentTimeMillis();
            if (left <= 0) return List.of();
            wait(left);
        }
        List<RunEvent> out = new ArrayList<>(Math.min(max, pending.size()));
        for (Entry e : pending) {
            if (out.size() >= max) break;
            out.add(e.event());
        }
        return out;
    }

    /** The oldest {@code n} events are on the server. Locks in the order {@link #syncTo} does. */
    void delivered(int n) {
        synchronized (syncLock) {
            synchronized (this) {
                long end = -1;
                for (int i = 0; i < n && !pending.isEmpty(); i++) {
                    Entry e = pending.removeFirst();
                    end = e.end();
                    if (e.event().kind() == RunEvent.Kind.FINISHED) {
                        finishes.computeIfPresent(e.event().runId(), (k, c) -> c == 1 ? null : c - 1);
                    }
                }
                if (end < 0) return;
                try {
                    if (pending.isEmpty() && written > COMPACT_BYTES) {
                        channel.truncate(0); // the file first: an offset beyond the end reads as "all delivered"
                        written = 0;
                        synced = 0;
                        end = 0;
                    }
                    Files.writeString(ackFile, Long.toString(end));
                } catch (IOException e) {
                    log.warn("cannot record delivery in {}: {} events may be sent again after a restart", ackFile, n);
                }
                notifyAll();
            }
        }
    }

    synchronized int size() { return pending.size(); }

    synchronized Set<Long> undeliveredFinishes() {
        return Set.copyOf(finishes.keySet());
    }

    /** Waits until nothing is pending or the time is up; true if nothing is. */
    synchronized boolean awaitEmpty(long millis) throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        while (!pending.isEmpty()) {
            long left = until - System.currentTimeMillis();
            if (left <= 0) return false;
            wait(left);
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
