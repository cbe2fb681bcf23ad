package dev.vigil.agent;

import dev.vigil.agent.wire.Assignment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs an agent was handed ahead of their time ({@link Assignment#startInMillis}), held until
 * it comes: they are the agent's own (named in its polls, counted against its capacity), those due
 * at one moment are started together, and one the server takes back before its time never starts.
 * A run moving on to being started is held here until its start is done, so that the agent's list
 * of what it holds never misses it.
 */
final class RunsAhead implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunsAhead.class);
    private static final int WAITING = 0, STARTING = 1, GIVEN_UP = 2;

    private record Held(Assignment assignment, AtomicInteger state) {}

    private final Map<Long, Held> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("vigil-agent-starter").daemon(true).factory());
    private final Consumer<List<Assignment>> start;
    private final Runnable afterStart;

    /**
     * @param start      starts runs whose time has come (all of them at once)
     * @param afterStart told after each group started (the agent looks for work again)
     */
    RunsAhead(Consumer<List<Assignment>> start, Runnable afterStart) {
        this.start = start;
        this.afterStart = afterStart;
    }

    /** Holds the runs until their time; those due at the same moment start together. */
    void hold(List<Assignment> runs) {
        Map<Long, List<Assignment>> byDelay = new TreeMap<>();
        for (Assignment a : runs) byDelay.computeIfAbsent(a.startInMillis(), k -> new ArrayList<>()).add(a);
        byDelay.forEach((delay, group) -> {
            for (Assignment a : group) held.put(a.runId(), new Held(a, new AtomicInteger(WAITING)));
            // Off the timer thread at once: groups of other polls due at the same moment start alongside.
            timer.schedule(() -> Thread.ofPlatform().name("vigil-agent-start").daemon(true).start(() -> due(group)),
                    delay, TimeUnit.MILLISECONDS);
        });
    }

    Set<Long> ids() {
        return held.keySet();
    }

    /**
     * The server took the run back before its time (the job was paused, the run cancelled).
     * @return true if it was waiting here and now never starts; false if it is not here or already starting
     */
    boolean takeBack(long runId) {
        Held h = held.get(runId);
        if (h == null || !h.state().compareAndSet(WAITING, GIVEN_UP)) return false;
        held.remove(runId);
        log.info("run {} of {} was taken back before its time", runId, h.assignment().job());
        return true;
    }

    /** Gives up every run still waiting (a draining agent): the next poll no longer names them, so the server queues them again. */
    void giveBackAll() {
        for (long runId : List.copyOf(held.keySet())) {
            Held h = held.get(runId);
            if (h != null && h.state().compareAndSet(WAITING, GIVEN_UP)) held.remove(runId);
        }
    }

    /** Runs whose time has come, minus those taken back meanwhile. */
    private void due(List<Assignment> group) {
        List<Assignment> now = new ArrayList<>(group.size());
        for (Assignment a : group) {
            Held h = held.get(a.runId());
            if (h != null && h.state().compareAndSet(WAITING, STARTING)) now.add(a);
        }
        try {
            start.accept(now);
        } catch (RuntimeException e) {
            log.error("cannot start {} runs that came due", now.size(), e);
        } finally {
            for (Assignment a : now) held.remove(a.runId());
            afterStart.run();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
