package dev.vigil.bench;

import dev.vigil.agent.ServerLink;
import dev.vigil.agent.remote.RemoteLink;
import dev.vigil.agent.wire.Poll;
import dev.vigil.agent.wire.PollReply;
import dev.vigil.agent.wire.RunEvent;
import dev.vigil.execution.AgentKey;
import dev.vigil.execution.Dispatcher;
import dev.vigil.execution.RunEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server called in this process: polls go to {@link Dispatcher#longPoll}, events are queued
 * and a delivery thread hands them to {@link RunEvents#apply} in order, up to 500 at a time, as
 * {@link RemoteLink} does over HTTP (without its disk spool), with the same agent key, so the
 * same checks.
 */
final class InProcessLink implements ServerLink, AutoCloseable {
    private final Dispatcher dispatcher;
    private final RunEvents events;
    private final AgentKey key;
    private final String name;
    private final String instance;
    private final Tracker tracker;
    private final LinkedBlockingQueue<RunEvent> queue = new LinkedBlockingQueue<>();
    private final Set<Long> undelivered = ConcurrentHashMap.newKeySet();
    private final AtomicLong inFlight = new AtomicLong();
    private final Thread delivery;
    private volatile Runnable onDelivered = () -> {};

    InProcessLink(Dispatcher dispatcher, RunEvents events, AgentKey key, String name, String instance, Tracker tracker) {
        this.dispatcher = dispatcher;
        this.events = events;
        this.key = key;
        this.name = name;
        this.instance = instance;
        this.tracker = tracker;
        this.delivery = Thread.ofPlatform().daemon(true).name("bench-delivery-" + name).start(this::deliver);
    }

    @Override
    public PollReply poll(Poll poll) throws InterruptedException {
        PollReply reply = dispatcher.longPoll(poll, key);
        tracker.handed(reply);
        return reply;
    }

    @Override
    public void send(RunEvent event) {
        if (event.kind() == RunEvent.Kind.FINISHED) undelivered.add(event.runId());
        inFlight.incrementAndGet();
        queue.add(event);
    }

    private void deliver() {
        List<RunEvent> batch = new ArrayList<>(500);
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, 499);
            try {
                events.apply(key, name, instance, batch);
            } catch (RuntimeException e) {
                System.err.println("delivery failed: " + e);
            }
            long now = System.nanoTime();
            for (RunEvent e : batch) {
                if (e.kind() == RunEvent.Kind.FINISHED) {
                    undelivered.remove(e.runId());
                    tracker.committed(e.runId(), now);
                }
            }
            inFlight.addAndGet(-batch.size());
            batch.clear();
            onDelivered.run(); // the agent counts undelivered finishes against its capacity
        }
    }

    @Override
    public void onDelivered(Runnable listener) {
        this.onDelivered = listener;
    }

    @Override
    public Set<Long> undelivered() {
        return Set.copyOf(undelivered);
    }

    @Override
    public boolean flush(Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() > end) return false;
            Thread.sleep(5);
        }
        return true;
    }

    @Override
    public void leave(String agent, String instance) {
        dispatcher.leave(agent, instance, key);
    }

    @Override
    public void close() {
        delivery.interrupt();
    }
}
