package dev.vigil.monitor;

import java.util.Arrays;

/**
 * Every job's next deadline, in memory: a binary min-heap of (deadline, job id) in primitive arrays
 * with a job id → heap position table, so that a million monitored jobs cost a few dozen bytes
 * each and finding what is due costs O(log n), not a sweep over all jobs. Thread-safe.
 */
public final class DeadlineIndex {
    private long[] deadlines = new long[1024];
    private long[] jobs = new long[1024];
    private int size;
    private final LongIntMap positions = new LongIntMap();
    private volatile Runnable onNewEarliest = () -> {};

    /** Called (outside the lock) whenever a put makes a deadline the earliest; the timer wakes on it. */
    public void onNewEarliest(Runnable listener) {
        this.onNewEarliest = listener;
    }

    /** Sets or replaces the job's deadline; a null deadline removes it. */
    public void put(long jobId, Long deadlineEpochMillis) {
        if (putLocked(jobId, deadlineEpochMillis)) onNewEarliest.run();
    }

    private synchronized boolean putLocked(long jobId, Long deadlineEpochMillis) {
        int pos = positions.get(jobId);
        if (deadlineEpochMillis == null) {
            if (pos >= 0) removeAt(pos);
            return false;
        }
        long d = deadlineEpochMillis;
        if (pos >= 0) {
            long old = deadlines[pos];
            deadlines[pos] = d;
            if (d < old) up(pos); else down(pos);
        } else {
            grow();
            deadlines[size] = d;
            jobs[size] = jobId;
            positions.put(jobId, size);
            up(size++);
        }
        return jobs[0] == jobId;
    }

    public synchronized void remove(long jobId) {
        put(jobId, null);
    }

    /** Removes the deadlines of every job the test accepts (a server gave up the jobs' partitions). */
    public synchronized int removeIf(java.util.function.LongPredicate test) {
        java.util.List<Long> gone = new java.util.ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (test.test(jobs[i])) gone.add(jobs[i]);
        }
        for (long job : gone) removeAt(positions.get(job));
        return gone.size();
    }

    /** The earliest deadline, or {@link Long#MAX_VALUE} when there is none. */
    public synchronized long earliest() {
        return size == 0 ? Long.MAX_VALUE : deadlines[0];
    }

    /**
     * Removes and hands over up to {@code max} jobs whose deadline is at or before {@code now};
     * returns how many were handed over.
     */
    public synchronized int pollDue(long nowEpochMillis, int max, DueSink sink) {
        int n = 0;
        while (n < max && size > 0 && deadlines[0] <= nowEpochMillis) {
            long job = jobs[0];
            long due = deadlines[0];
            removeAt(0);
            sink.accept(job, due);
            n++;
        }
        return n;
    }

    public synchronized long deadlineOf(long jobId) {
        int pos = positions.get(jobId);
        return pos < 0 ? -1 : deadlines[pos];
    }

    public synchronized int size() {
        return size;
    }

    @FunctionalInterface
    public interface DueSink {
        void accept(long jobId, long deadlineEpochMillis);
    }

    private void removeAt(int pos) {
        positions.remove(jobs[pos]);
        size--;
        if (pos == size) return;
        move(size, pos);
        down(pos);
        up(pos);
    }

    private void up(int pos) {
        while (pos > 0) {
            int parent = (pos - 1) >>> 1;
            if (deadlines[parent] <= deadlines[pos]) return;
            swap(pos, parent);
            pos = parent;
        }
    }

    private void down(int pos) {
        while (true) {
            int l = 2 * pos + 1, r = l + 1, min = pos;
            if (l < size && deadlines[l] < deadlines[min]) min = l;
            if (r < size && deadlines[r] < deadlines[min]) min = r;
            if (min == pos) return;
            swap(pos, min);
            pos = min;
        }
    }

    private void swap(int a, int b) {
        long d = deadlines[a], j = jobs[a];
        move(b, a);
        deadlines[b] = d;
        jobs[b] = j;
        positions.put(j, b);
    }

    private void move(int from, int to) {
        deadlines[to] = deadlines[from];
        jobs[to] = jobs[from];
        positions.put(jobs[to], to);
    }

    private void grow() {
        if (size < deadlines.length) return;
        deadlines = Arrays.copyOf(deadlines, size * 2);
        jobs = Arrays.copyOf(jobs, size * 2);
    }
}
