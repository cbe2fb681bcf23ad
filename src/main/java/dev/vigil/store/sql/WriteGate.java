package dev.vigil.store.sql;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The turn to write on SQLite's one write connection, with a fast lane: a writer marked urgent
 * (the single writer's group commits, which pings wait for) goes ahead of the others waiting, so
 * that it waits at most for the transaction in progress. A waiting writer that has been passed over
 * for {@link #MAX_PASSED_OVER_NANOS} goes next anyway, so that background loops are slowed by a
 * saturated writer, never stopped.
 */
final class WriteGate {
    static final long MAX_PASSED_OVER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final long maxPassedOverNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition turn = lock.newCondition();
    private boolean held;
    private int urgentWaiting;
    private int overdueWaiting;

    WriteGate() {
        this(MAX_PASSED_OVER_NANOS);
    }

    WriteGate(long maxPassedOverNanos) {
        this.maxPassedOverNanos = maxPassedOverNanos;
    }

    void enter(boolean urgent) {
        lock.lock();
        try {
            if (urgent) {
                urgentWaiting++;
                try {
                    while (held || overdueWaiting > 0) turn.awaitUninterruptibly();
                } finally {
                    urgentWaiting--;
                }
            } else {
                long deadline = System.nanoTime() + maxPassedOverNanos;
                boolean overdue = false;
                boolean interrupted = false;
                try {
                    while (held || (urgentWaiting > 0 && !overdue)) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0 && !overdue) {
                            overdue = true;
                            overdueWaiting++;
                        } else if (overdue) {
                            turn.awaitUninterruptibly();
                        } else {
                            try {
                                turn.awaitNanos(left);
                            } catch (InterruptedException e) {
                                interrupted = true; // the turn is still taken; the caller sees the flag after
                            }
                        }
                    }
                } finally {
                    if (overdue) overdueWaiting--;
                    if (interrupted) Thread.currentThread().interrupt();
                }
            }
            held = true;
        } finally {
            lock.unlock();
        }
    }

    void leave() {
        lock.lock();
        try {
            held = false;
            turn.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
