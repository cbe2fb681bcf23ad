package dev.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.Channel;
import dev.vigil.domain.Flip;
import dev.vigil.domain.Health;
import dev.vigil.domain.Incident;
import dev.vigil.domain.IncidentEvent;
import dev.vigil.domain.Job;
import dev.vigil.domain.Notification;
import dev.vigil.domain.Project;
import dev.vigil.domain.Status;
import dev.vigil.store.IncidentStore;
import dev.vigil.store.StoreContract;
import dev.vigil.store.TestJobs;
import dev.vigil.store.Transactor;
import dev.vigil.store.Tx;
import dev.vigil.testing.MutableClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The incident loop against a real database: flips recorded as the writer records them, decided
 * later in transactions of the loop's own, once each and a job's in order, a failing flip retried
 * and then given up without holding back other jobs, and two loops sharing one database.
 */
public abstract class IncidentLoopContract extends StoreContract {
    private static final Instant T = Instant.parse("2026-03-01T02:10:00Z");
    private final MutableClock clock = new MutableClock(T, ZoneOffset.UTC);
    private final Incidents incidents = new Incidents("https://vigil.example.com", 4, Duration.ofHours(1));
    private final AtomicInteger commits = new AtomicInteger();
    /** Jobs whose incident cannot be read: a store failure inside the engine, for one job only. */
    private final java.util.Set<Long> poisoned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private Project prod;

    @BeforeEach
    void world() {
        // Subclasses may share one instance between tests (PostgreSQL's schema): start afresh.
        clock.set(T);
        commits.set(0);
        poisoned.clear();
        prod = project("prod");
        db.write(tx -> tx.channels().insert(new Channel(0, prod.id(), "webhook", "pager",
                "{\"url\": \"http://127.0.0.1:9/\"}", T)));
    }

    @Test
    void flips_left_undecided_are_decided_later_in_transactions_of_at_most_the_batch() {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) jobs.add(job("j" + i));
        for (Job j : jobs) down(j, T);
        assertThat(jobs).allSatisfy(j -> assertThat(active(j)).as("nothing decided by recording").isNull());

        // A loop that was not running when they were recorded (a restart) decides them.
        IncidentLoop loop = loop(db, 2, Duration.ofSeconds(10), 8);
        assertThat(loop.runOnce()).isEqualTo(5);

        assertThat(commits).as("transactions of 2, 2 and 1").hasValue(3);
        assertThat(jobs).allSatisfy(j -> assertThat(active(j).openedAt()).isEqualTo(T));
        assertThat(pendingNotifications()).hasSize(5);
        assertThat(loop.runOnce()).as("each flip is decided once").isZero();
        assertThat(loop.backlog().waiting()).isZero();
    }

    @Test
    void flips_that_change_no_incident_are_decided_without_telling_delivery_or_dashboards() {
        Job job = job("backup");
        flip(job, T, Status.UP, Status.LATE, false); // a warning, and no route asks for warnings
        flip(job, T.plusSeconds(1), Status.LATE, Status.UP, false);

        assertThat(loop(db, 500, Duration.ofSeconds(10), 8).runOnce()).isEqualTo(2);

        assertThat(incidentsOf(job)).isEmpty();
        assertThat(commits).as("nothing changed, nobody told").hasValue(0);
        down(job, T.plusSeconds(2));
        assertThat(loop(db, 500, Duration.ofSeconds(10), 8).runOnce()).isEqualTo(1);
        assertThat(commits).hasValue(1);
    }

    @Test
    void the_time_budget_ends_a_transaction_early_but_each_decides_at_least_one_flip() {
        for (int i = 0; i < 3; i++) down(job("j" + i), T);

        assertThat(loop(db, 500, Duration.ofNanos(1), 8).runOnce()).isEqualTo(3);

        assertThat(commits).hasValue(3);
    }

    @Test
    void a_job_s_flips_are_decided_in_the_order_they_were_recorded() {
        Job job = job("backup");
        down(job, T);
        up(job, T.plusSeconds(60));
        down(job, T.plusSeconds(120));

        assertThat(loop(db, 500, Duration.ofSeconds(10), 8).runOnce()).isEqualTo(3);

        List<Incident> all = incidentsOf(job);
        assertThat(all).hasSize(2);
        Incident first = all.get(1);
        Incident second = all.get(0);
        assertThat(first.state()).isEqualTo(Incident.State.RESOLVED);
        assertThat(first.resolvedAt()).as("decided as of the flip's own time").isEqualTo(T.plusSeconds(60));
        assertThat(second.state()).isEqualTo(Incident.State.OPEN);
        assertThat(second.openedAt()).isEqualTo(T.plusSeconds(120));
        assertThat(actions(first)).containsExactly("opened", "notified", "recovered");
    }

    @Test
    void flapping_counts_the_incidents_opened_earlier_in_the_same_transaction_and_before_it() {
        Job flaky = job("flaky");
        Job steady = job("steady");
        down(flaky, T);
        up(flaky, T.plusSeconds(30));
        assertThat(loop(db, 500, Duration.ofSeconds(10), 8).runOnce()).isEqualTo(2);
        for (int i = 1; i <= 4; i++) {
            down(flaky, T.plusSeconds(60L * i));
            up(flaky, T.plusSeconds(60L * i + 30));
        }
        down(steady, T.plusSeconds(300));

        assertThat(loop(db, 500, Duration.ofSeconds(10), 8).runOnce()).isEqualTo(9);

        List<Incident> all = incidentsOf(flaky);
        assertThat(all).hasSize(5);
        assertThat(all.getFirst().flapping()).as("the fifth within the hour, four of them opened in this transaction")
                .isTrue();
        assertThat(all.subList(1, 5)).noneMatch(Incident::flapping);
        assertThat(active(steady).flapping()).isFalse();
    }

    @Test
    void a_failing_flip_is_tried_again_later_and_holds_back_only_its_own_job() {
        Job bad = job("bad");
        Job good = job("good");
        poisoned.add(bad.id());
        down(bad, T);
        up(bad, T.plusSeconds(1));
        down(good, T.plusSeconds(2));
        IncidentLoop loop = loop(poisonable(), 500, Duration.ofSeconds(10), 8);

        assertThat(loop.runOnce()).as("only the other job's flip").isEqualTo(1);
        assertThat(loop.retried()).isEqualTo(1);
        assertThat(active(good)).isNotNull();
        assertThat(incidentsOf(bad)).isEmpty();
        assertThat(loop.backlog().waiting()).as("the failed flip and the one behind it").isEqualTo(2);

        clock.set(T.plus(IncidentLoop.FIRST_RETRY).minusMillis(1));
        assertThat(loop.runOnce()).as("not due yet").isZero();

        poisoned.clear();
        clock.set(T.plus(IncidentLoop.FIRST_RETRY));
        assertThat(loop.runOnce()).isEqualTo(2);
        List<Incident> recovered = incidentsOf(bad);
        assertThat(recovered).hasSize(1);
        assertThat(actions(recovered.getFirst())).containsExactly("opened", "notified", "recovered");
        assertThat(loop.failed()).isZero();
    }

    @Test
    void a_flip_failing_every_time_is_given_up_and_its_job_moves_on() {
        Job bad = job("bad");
        poisoned.add(bad.id());
        down(bad, T);
        IncidentLoop loop = loop(poisonable(), 500, Duration.ofSeconds(10), 3);

        loop.runOnce();
        clock.set(T.plus(IncidentLoop.retryDelay(1)));
        loop.runOnce();
        clock.set(clock.instant().plus(IncidentLoop.retryDelay(2)));
        loop.runOnce();

        assertThat(loop.retried()).isEqualTo(2);
        assertThat(loop.failed()).isEqualTo(1);
        assertThat(loop.backlog().waiting()).isZero();
        poisoned.clear();
        down(bad, clock.instant());
        assertThat(loop.runOnce()).as("its later flips are decided").isEqualTo(1);
        assertThat(active(bad)).isNotNull();
    }

    @Test
    void retries_wait_longer_each_time_up_to_a_minute() {
        assertThat(List.of(1, 2, 3, 7, 30).stream().map(IncidentLoop::retryDelay).toList()).containsExactly(
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofMinutes(1),
                Duration.ofMinutes(1));
    }

    @Test
    void two_loops_sharing_the_database_decide_every_flip_once_and_each_job_s_in_order() throws Exception {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 40; i++) jobs.add(job("j" + i));
        for (int round = 0; round < 2; round++) {
            for (Job j : jobs) down(j, T.plusSeconds(10L * round));
            for (Job j : jobs) up(j, T.plusSeconds(10L * round + 5));
        }
        // Two servers: each its own engine and loop, small transactions so that they interleave.
        IncidentLoop a = new IncidentLoop(db, new Incidents("https://a.example.com"), clock, () -> {}, 7,
                Duration.ofSeconds(10), 8);
        IncidentLoop b = new IncidentLoop(db, new Incidents("https://b.example.com"), clock, () -> {}, 7,
                Duration.ofSeconds(10), 8);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<Integer> byA = CompletableFuture.supplyAsync(() -> runAfter(go, a), threads);
            CompletableFuture<Integer> byB = CompletableFuture.supplyAsync(() -> runAfter(go, b), threads);
            go.countDown();
            int decided = byA.get(60, TimeUnit.SECONDS) + byB.get(60, TimeUnit.SECONDS);

            assertThat(decided).isEqualTo(160);
        } finally {
            threads.shutdownNow();
        }
        assertThat(a.retried() + b.retried() + a.failed() + b.failed()).isZero();
        for (Job j : jobs) {
            List<Incident> two = incidentsOf(j);
            assertThat(two).as(j.slug()).hasSize(2).allMatch(Incident::isResolved);
            assertThat(two.get(1).openedAt()).isEqualTo(T);
            assertThat(two.get(1).resolvedAt()).isEqualTo(T.plusSeconds(5));
            assertThat(two.get(0).openedAt()).isEqualTo(T.plusSeconds(10));
            assertThat(two.get(0).resolvedAt()).isEqualTo(T.plusSeconds(15));
            assertThat(two).allSatisfy(i -> assertThat(actions(i)).containsExactly("opened", "notified", "recovered"));
        }
        List<Notification> sent = pendingNotifications();
        assertThat(sent).hasSize(160);
        assertThat(sent).extracting(Notification::idempotencyKey).doesNotHaveDuplicates();
    }

    // ---- fixtures ----

    private static int runAfter(CountDownLatch go, IncidentLoop loop) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return loop.runOnce();
    }

    private IncidentLoop loop(Transactor store, int batch, Duration budget, int maxAttempts) {
        return new IncidentLoop(store, incidents, clock, commits::incrementAndGet, batch, budget, maxAttempts);
    }

    private Job job(String slug) {
        return insert(TestJobs.aJob(slug).in(prod));
    }

    private void down(Job job, Instant at) {
        flip(job, at, Status.UP, Status.MISSED, true);
    }

    private void up(Job job, Instant at) {
        flip(job, at, Status.MISSED, Status.UP, false);
    }

    /** As the writer records it: the flip and the output, nothing else. */
    private void flip(Job job, Instant at, Status from, Status to, boolean alerting) {
        db.write(tx -> tx.flips().insert(new Flip(0, job.id(), at, from, to, Health.HEALTHY, Health.HEALTHY, alerting,
                true, from.wire() + " → " + to.wire()), null));
    }

    private Incident active(Job job) {
        return db.read(tx -> tx.incidents().activeFor(job.id())).orElse(null);
    }

    /** Newest first. */
    private List<Incident> incidentsOf(Job job) {
        return db.read(tx -> tx.incidents().byJob(job.id(), 100));
    }

    private List<String> actions(Incident incident) {
        return db.read(tx -> tx.incidents().events(incident.id())).stream().map(IncidentEvent::action).toList();
    }

    private List<Notification> pendingNotifications() {
        return db.read(tx -> tx.outbox().recentInProject(prod.id(), 1_000)).stream()
                .filter(n -> n.state() == Notification.State.PENDING).toList();
    }

    /** The same database, but reading a poisoned job's incident fails inside the engine. */
    private Transactor poisonable() {
        return new Transactor() {
            @Override public <T> T write(Function<Tx, T> work) { return db.write(tx -> work.apply(poison(tx))); }
            @Override public <T> T read(Function<Tx, T> work) { return db.read(work); }
            @Override public String databaseName() { return db.databaseName(); }
            @Override public void close() {}
        };
    }

    private Tx poison(Tx tx) {
        IncidentStore real = tx.incidents();
        IncidentStore failing = proxy(IncidentStore.class, real, (name, args) -> {
            boolean poisonedJob = switch (name) {
                case "activeFor" -> poisoned.contains((Long) args[0]);
                case "activeOf" -> ((java.util.Collection<?>) args[0]).stream().anyMatch(poisoned::contains);
                default -> false;
            };
            if (poisonedJob) throw new IllegalStateException("cannot read the incident of job " + args[0]);
        });
        return proxy(Tx.class, tx, (name, args) -> {}, failing);
    }

    private interface Check {
        void before(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T real, Check check, Object... incidentStore) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (incidentStore.length > 0 && method.getName().equals("incidents")) return incidentStore[0];
            check.before(method.getName(), args);
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
