package dev.vigil.execution;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes agents' held polls when there may be work for them: a run was queued, a run ended and
 * freed its job, a stop was requested. A generation counter makes a signal sent between looking
 * and waiting count, so no wake-up is missed.
 */
public final class WorkSignal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long generation;
    private final java.util.List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Also tells {@code listener} (the dashboard's live feed) of every signal; it must be cheap. */
    public void onSignal(Runnable listener) {
        listeners.add(listener);
    }

    public long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    public void signal() {
        lock.lock();
        try {
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (Runnable l : listeners) l.run();
    }

    /** Waits until a signal after {@code seen} or the time is up; true if signalled. */
    public boolean await(long seen, long millis) throws InterruptedException {
        long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lock();
        try {
            while (generation == seen) {
                if (nanos <= 0) return false;
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
