package dev.vigil.alert;

import dev.vigil.domain.DeliveryAttempt;
import dev.vigil.domain.Notification;
import dev.vigil.domain.Notification.State;
import dev.vigil.store.OutboxStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/** The outbox contract in memory. Callers serialize access through {@link InMemoryStore}. */
final class InMemoryOutbox implements OutboxStore {
    private final Map<Long, Notification> byId = new LinkedHashMap<>();
    private final List<DeliveryAttempt> attempts = new ArrayList<>();
    /** Notification ids whose next recordAttempt throws once, to simulate a failing database. */
    final Set<Long> failNextRecordFor = ConcurrentHashMap.newKeySet();
    /** When set, the next claimDue throws once, to simulate a database outage. */
    final AtomicBoolean failNextClaim = new AtomicBoolean();
    private long ids;

    @Override
    public void enqueueLater(Notification n) {
        enqueue(n);
    }

    @Override
    public boolean enqueue(Notification n) {
        if (byId.values().stream().anyMatch(o -> o.idempotencyKey().equals(n.idempotencyKey()))) return false;
        long id = ++ids;
        byId.put(id, new Notification(id, n.channelId(), n.jobId(), n.flipId(), n.idempotencyKey(), n.payload(),
                State.PENDING, 0, n.nextAttemptAt(), n.createdAt(), null, null, n.incidentId()));
        return true;
    }

    @Override
    public List<Notification> claimDue(Instant now, Instant leaseUntil, int limit) {
        if (failNextClaim.getAndSet(false)) throw new IllegalStateException("simulated database outage");
        List<Notification> due = byId.values().stream()
                .filter(n -> n.state() == State.PENDING && !n.nextAttemptAt().isAfter(now))
                .sorted(Comparator.comparing(Notification::nextAttemptAt).thenComparing(Notification::id))
                .limit(limit).toList();
        return due.stream().map(n -> update(n.id(), o -> with(o, State.PENDING, o.attempts(), leaseUntil, null, o.lastError())))
                .toList();
    }

    @Override
    public synchronized Optional<Instant> earlierPending(Notification n) {
        if (n.incidentId() == null) return Optional.empty();
        return byId.values().stream().filter(o -> n.incidentId().equals(o.incidentId()) && o.channelId() == n.channelId()
                        && o.id() < n.id() && o.state() == State.PENDING)
                .map(Notification::nextAttemptAt).min(Comparator.naturalOrder());
    }

    @Override
    public Optional<Instant> nextDue() {
        return byId.values().stream().filter(n -> n.state() == State.PENDING)
                .map(Notification::nextAttemptAt).min(Comparator.naturalOrder());
    }

    @Override
    public void recordAttempt(DeliveryAttempt a) {
        if (failNextRecordFor.remove(a.notificationId())) throw new IllegalStateException("simulated database failure");
        attempts.add(new DeliveryAttempt(attempts.size() + 1, a.notificationId(), a.at(), a.ok(), a.statusCode(),
                a.error(), a.durationMs()));
    }

    @Override
    public void markDelivered(long id, int attempts, Instant at) {
        update(id, o -> with(o, State.DELIVERED, attempts, o.nextAttemptAt(), at, o.lastError()));
    }

    @Override
    public void markRetry(long id, int attempts, Instant nextAttemptAt, String error) {
        update(id, o -> with(o, State.PENDING, attempts, nextAttemptAt, null, error));
    }

    @Override
    public void markFailed(long id, int attempts, String error) {
        update(id, o -> with(o, State.FAILED, attempts, o.nextAttemptAt(), null, error));
    }

    @Override
    public Optional<Notification> byId(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public List<Notification> recent(Long jobId, int limit) {
        return byId.values().stream().filter(n -> jobId == null || n.jobId() == jobId)
                .sorted(Comparator.comparing(Notification::id).reversed()).limit(limit).toList();
    }

    @Override
    public List<Notification> recentInProject(long projectId, int limit) {
        throw new UnsupportedOperationException("the in-memory outbox does not know projects");
    }

    @Override
    public List<DeliveryAttempt> attempts(long notificationId) {
        return attempts.stream().filter(a -> a.notificationId() == notificationId).toList();
    }

    List<Notification> all() {
        return List.copyOf(byId.values());
    }

    private Notification update(long id, UnaryOperator<Notification> change) {
        Notification changed = change.apply(byId.get(id));
        byId.put(id, changed);
        return changed;
    }

    private static Notification with(Notification o, State state, int attempts, Instant next, Instant deliveredAt,
                                      String error) {
        return new Notification(o.id(), o.channelId(), o.jobId(), o.flipId(), o.idempotencyKey(), o.payload(),
                state, attempts, next, o.createdAt(), deliveredAt, error, o.incidentId());
    }
}
