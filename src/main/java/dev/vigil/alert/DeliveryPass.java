package dev.vigil.alert;

import dev.vigil.domain.Channel;
import dev.vigil.domain.DeliveryAttempt;
import dev.vigil.domain.Notification;
import dev.vigil.domain.VigilException;
import dev.vigil.store.OutboxStore;
import dev.vigil.store.Transactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of the delivery loop: claim what is due, try each once, record the outcome. Each
 * notification gets its own short transactions, so a slow receiver never holds a database
 * transaction open and one bad notification does not roll back the others.
 */
final class DeliveryPass {
    private static final Logger log = LoggerFactory.getLogger(DeliveryPass.class);

    private final Transactor transactor;
    private final ChannelRegistry registry;
    private final Clock clock;
    private final Duration lease;
    private final int batchSize;
    private final int maxAttempts;
    private final Backoff backoff;
    private final RandomGenerator random;
    private final DeliveryCounters counters;

    DeliveryPass(Transactor transactor, ChannelRegistry registry, Clock clock, Duration lease, int batchSize,
                 int maxAttempts, Backoff backoff, RandomGenerator random, DeliveryCounters counters) {
        this.transactor = transactor;
        this.registry = registry;
        this.clock = clock;
        this.lease = lease;
        this.batchSize = batchSize;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.random = random;
        this.counters = counters;
    }

    /** @return how many notifications were claimed */
    int run() {
        Instant now = clock.instant();
        Instant leaseUntil = now.plus(lease);
        List<Notification> claimed = transactor.write(tx -> tx.outbox().claimDue(now, leaseUntil, batchSize));
        // Past this point another server could soon take over our claims, so we hand the rest back.
        Instant stopSendingAt = leaseUntil.minus(lease.dividedBy(2));
        // One channel's notifications go one after another, in order; channels go side by side, so
        // that a receiver that hangs until its timeout does not hold up every other channel's alerts.
        Map<Long, List<Notification>> byChannel = claimed.stream()
                .collect(Collectors.groupingBy(Notification::channelId, LinkedHashMap::new, Collectors.toList()));
        if (byChannel.size() <= 1) {
            deliverInOrder(claimed, stopSendingAt);
        } else {
            try (ExecutorService channels = Executors.newVirtualThreadPerTaskExecutor()) {
                for (List<Notification> group : byChannel.values()) {
                    channels.submit(() -> deliverInOrder(group, stopSendingAt));
                }
            }
        }
        return claimed.size();
    }

    private void deliverInOrder(List<Notification> notifications, Instant stopSendingAt) {
        for (Notification n : notifications) {
            try {
                if (clock.instant().isBefore(stopSendingAt)) {
                    deliver(n);
                } else {
                    release(n);
                }
            } catch (RuntimeException e) {
                // Left claimed: it comes back when its lease runs out (STYLE lesson 9).
                counters.errors.incrementAndGet();
                log.error("Delivering notification {} failed unexpectedly; it is retried after its lease", n.id(), e);
            }
        }
    }

    /** What a delivery reads first, in one transaction: an earlier notification it must wait for, and its channel. */
    private record Before(Optional<Instant> earlier, Optional<Channel> channel) {}

    private void deliver(Notification n) {
        Before before = transactor.read(tx -> new Before(tx.outbox().earlierPending(n), tx.channels().byId(n.channelId())));
        Optional<Instant> earlier = before.earlier();
        if (earlier.isPresent()) {
            // Keeps an incident's transitions in order per channel: wait for the earlier one.
            Instant after = earlier.get().isAfter(clock.instant()) ? earlier.get() : clock.instant().plusSeconds(1);
            transactor.write(tx -> {
                tx.outbox().markRetry(n.id(), n.attempts(), after.plusMillis(1), n.lastError());
                return null;
            });
            return;
        }
        Optional<Channel> channel = before.channel();
        AlertMessage message = readable(n);
        Instant startedAt = clock.instant();
        // Measured with nanoTime, not the clock: a duration must not jump with wall-clock changes.
        long startNanos = System.nanoTime();
        DeliveryException failure = channel.isEmpty()
                ? DeliveryException.permanent("channel " + n.channelId() + " no longer exists (deleted)", null, null)
                : message == null ? DeliveryException.permanent("unreadable payload: not an alert message", null, null)
                : trySend(channel.get(), n, message);
        long durationMs = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        record(n, message, channel.orElse(null), startedAt, durationMs, failure);
    }

    /** @return null if delivered */
    private DeliveryException trySend(Channel channel, Notification n, AlertMessage message) {
        try {
            registry.send(channel, message, n.idempotencyKey());
            return null;
        } catch (DeliveryException e) {
            return e;
        } catch (RuntimeException e) {
            // A channel broke its contract; retrying gives a fix (or a flaky dependency) a chance.
            log.error("Alert channel '{}' threw instead of DeliveryException", channel.kind(), e);
            return DeliveryException.retryable("unexpected error in channel " + channel.kind() + ": " + e, null, e);
        }
    }

    private void record(Notification n, AlertMessage message, Channel channel, Instant at, long durationMs,
                        DeliveryException failure) {
        int attempts = n.attempts() + 1;
        Instant now = clock.instant();
        String error = failure == null ? null : failure.getMessage();
        Outcome outcome = failure == null ? Outcome.DELIVERED
                : failure.permanent() || attempts >= maxAttempts ? Outcome.FAILED : Outcome.RETRY;
        int alarms = transactor.write(tx -> {
            OutboxStore outbox = tx.outbox();
            outbox.recordAttempt(new DeliveryAttempt(0, n.id(), at, failure == null,
                    failure == null ? null : failure.statusCode(), error, durationMs));
            switch (outcome) {
                case DELIVERED -> outbox.markDelivered(n.id(), attempts, now);
                case RETRY -> outbox.markRetry(n.id(), attempts, now.plus(delayAfter(attempts)), error);
                case FAILED -> outbox.markFailed(n.id(), attempts, failure.permanent()
                        ? error : "gave up after " + attempts + " attempts; last error: " + error);
            }
            if (channel == null) return 0;
            return outcome == Outcome.FAILED ? ChannelAlarm.failed(tx, channel, n, message, error, now)
                    : outcome == Outcome.DELIVERED ? ChannelAlarm.delivered(tx, channel, n, message, now) : 0;
        });
        if (alarms > 0) counters.alarms.addAndGet(alarms);
        switch (outcome) {
            case DELIVERED -> counters.delivered.incrementAndGet();
            case RETRY -> {
                counters.retried.incrementAndGet();
                log.warn("Notification {} attempt {} failed, will retry: {}", n.id(), attempts, error);
            }
            case FAILED -> {
                counters.failed.incrementAndGet();
                log.error("Notification {} failed after {} attempt(s): {}", n.id(), attempts, error);
            }
        }
    }

    // Channels are delivered side by side, and a RandomGenerator need not be thread-safe.
    private Duration delayAfter(int attempts) {
        synchronized (random) {
            return backoff.delayAfter(attempts, random);
        }
    }

    /** The notification's message, or null if its payload is not one (a hand-edited row). */
    private static AlertMessage readable(Notification n) {
        try {
            return AlertMessage.fromJson(n.payload());
        } catch (VigilException e) {
            return null;
        }
    }

    /** Hands a claimed notification back untouched, due now, without counting an attempt. */
    private void release(Notification n) {
        transactor.write(tx -> {
            tx.outbox().markRetry(n.id(), n.attempts(), clock.instant(), n.lastError());
            return null;
        });
    }

    private enum Outcome { DELIVERED, RETRY, FAILED }
}
