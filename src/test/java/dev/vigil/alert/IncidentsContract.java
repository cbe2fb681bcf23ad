package dev.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.domain.AlertRoute;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ConflictException;
import dev.vigil.domain.EscalationPolicy;
import dev.vigil.domain.Flip;
import dev.vigil.domain.Health;
import dev.vigil.domain.Incident;
import dev.vigil.domain.IncidentEvent;
import dev.vigil.domain.Job;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.Notification;
import dev.vigil.domain.Project;
import dev.vigil.domain.Silence;
import dev.vigil.domain.Status;
import dev.vigil.store.StoreContract;
import dev.vigil.store.TestJobs;
import dev.vigil.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The incident engine against a real database: flips in, incidents and outbox notifications out,
 * with time moved by a settable clock. Each flip is recorded as the writer records it and decided
 * by one pass of the {@link IncidentLoop}, as in the server. Delivery itself is tested elsewhere;
 * here a notification is what the engine enqueued (or recorded as suppressed) and its payload is
 * what a channel would send.
 */
public abstract class IncidentsContract extends StoreContract {
    private static final Instant T = Instant.parse("2026-03-01T02:10:00Z");
    private final Incidents incidents = new Incidents("https://vigil.example.com", 4, Duration.ofHours(1));
    private final MutableClock clock = new MutableClock(T, java.time.ZoneOffset.UTC);
    private EscalationLoop loop;
    private IncidentLoop flips;
    private Project prod;

    @BeforeEach
    void world() {
        prod = project("prod");
        loop = new EscalationLoop(db, incidents, clock, () -> {});
        flips = new IncidentLoop(db, incidents, clock, () -> {});
    }

    // ---- opening and resolving ----

    @Test
    void a_critical_flip_opens_an_incident_told_to_every_channel_and_recovery_resolves_it() {
        channels("chat", "pager");
        Job job = job(TestJobs.aJob("backup"));

        down(job, T);
        Incident open = active(job);
        assertThat(open.severity()).isEqualTo(Incident.Severity.CRITICAL);
        assertThat(open.state()).isEqualTo(Incident.State.OPEN);
        assertThat(open.notifiedAt()).isEqualTo(T);
        List<Sent> triggers = sent();
        assertThat(triggers).extracting(Sent::channel).containsExactly("chat", "pager");
        assertThat(triggers).allSatisfy(s -> {
            assertThat(s.message().action()).isEqualTo("trigger");
            assertThat(s.message().severity()).isEqualTo("critical");
            assertThat(s.message().incidentKey()).isEqualTo("vigil-" + job.uniqueKey() + "-" + open.id());
            assertThat(s.message().incidentUrl()).isEqualTo("https://vigil.example.com/ui/p/prod/incidents/" + open.id());
            assertThat(s.message().lastOutput()).as("the output recorded with the flip").isEqualTo("last line of output");
        });
        assertThat(triggers.get(0).key()).isNotEqualTo(triggers.get(1).key());

        up(job, T.plusSeconds(600));
        assertThat(activeOrNone(job)).isEmpty();
        Incident resolved = incident(open.id());
        assertThat(resolved.state()).isEqualTo(Incident.State.RESOLVED);
        assertThat(resolved.resolvedBy()).isNull();
        List<Sent> resolves = sent().subList(2, 4);
        assertThat(resolves).extracting(s -> s.message().action()).containsOnly("resolve");
        assertThat(resolves).extracting(s -> s.message().incidentKey()).containsOnly(triggers.get(0).message().incidentKey());
        assertThat(actions(open.id())).containsExactly("opened", "notified", "recovered");
    }

    @Test
    void a_flip_that_changes_nothing_alerting_opens_no_incident() {
        channels("chat");
        Job job = job(TestJobs.aJob("backup"));

        flip(job, T, Status.UP, Status.LATE, false, false);
        flip(job, T, Status.LATE, Status.RUNNING, false, false);

        assertThat(activeOrNone(job)).isEmpty();
        assertThat(incidentCount(job)).isZero();
        assertThat(sent()).isEmpty();
    }

    // ---- routing ----

    @Test
    void routes_send_by_tag_and_owner_and_the_first_match_decides_unless_it_continues() {
        channels("pager", "chat", "bob-mail");
        routes(new AlertRoute("db to pager", List.of("db"), List.of(), List.of(), List.of("pager"), null, true),
                new AlertRoute("bob", List.of(), List.of("bob"), List.of(), List.of("bob-mail"), null, false),
                new AlertRoute("rest", List.of(), List.of(), List.of(), List.of("chat"), null, false));
        Job db = job(TestJobs.aJob("db-backup").tags("db"));
        Job bobs = job(TestJobs.aJob("report").owner("bob"));
        Job other = job(TestJobs.aJob("cleanup"));

        down(db, T);
        down(bobs, T);
        down(other, T);

        Map<String, List<String>> byJob = sent().stream().collect(Collectors.groupingBy(s -> s.message().slug(),
                Collectors.mapping(Sent::channel, Collectors.toList())));
        assertThat(byJob).containsEntry("db-backup", List.of("pager", "chat"))
                .containsEntry("report", List.of("bob-mail"))
                .containsEntry("cleanup", List.of("chat"));
    }

    @Test
    void an_incident_no_route_takes_is_kept_and_says_so() {
        channels("pager");
        routes(new AlertRoute(null, List.of("db"), List.of(), List.of(), List.of("pager"), null, false));
        Job job = job(TestJobs.aJob("report"));

        down(job, T);

        assertThat(active(job).suppressed()).isEqualTo("no route matches it");
        assertThat(sent()).isEmpty();
        assertThat(actions(active(job).id())).containsExactly("opened", "suppressed");
    }

    @Test
    void warnings_open_only_where_a_route_asks_and_worsen_to_critical_in_place() {
        channels("chat", "pager");
        routes(new AlertRoute("web warnings", List.of("web"), List.of(), List.of("warning"), List.of("chat"), null, false),
                new AlertRoute("critical", List.of(), List.of(), List.of(), List.of("pager"), null, false));
        Job web = job(TestJobs.aJob("site").tags("web"));
        Job quiet = job(TestJobs.aJob("batch"));

        flip(quiet, T, Status.UP, Status.LATE, false, false);
        assertThat(activeOrNone(quiet)).isEmpty();

        flip(web, T, Status.UP, Status.LATE, false, false);
        Incident warning = active(web);
        assertThat(warning.severity()).isEqualTo(Incident.Severity.WARNING);
        assertThat(sent()).singleElement().satisfies(s -> {
            assertThat(s.channel()).isEqualTo("chat");
            assertThat(s.message().severity()).isEqualTo("warning");
            assertThat(AlertText.title(s.message())).isEqualTo("WARNING prod/site: late");
        });

        flip(web, T.plusSeconds(600), Status.LATE, Status.MISSED, true, true);
        Incident critical = active(web);
        assertThat(critical.id()).isEqualTo(warning.id());
        assertThat(critical.severity()).isEqualTo(Incident.Severity.CRITICAL);
        assertThat(sent()).hasSize(2).last().satisfies(s -> {
            assertThat(s.channel()).isEqualTo("pager");
            assertThat(s.message().severity()).isEqualTo("critical");
            assertThat(s.message().status()).isEqualTo("missed");
        });
        assertThat(actions(warning.id())).contains("severity");
    }

    // ---- escalation and people ----

    @Test
    void escalation_steps_fire_after_their_delay_repeat_and_stop_on_acknowledge() {
        channels("team", "alice");
        policy("ops", Duration.ofMinutes(30), null,
                new EscalationPolicy.Step(Duration.ZERO, List.of("team"), false),
                new EscalationPolicy.Step(Duration.ofMinutes(10), List.of(), true));
        routes(new AlertRoute("all", List.of(), List.of(), List.of(), List.of(), "ops", false));
        Job job = job(TestJobs.aJob("backup").owner("alice"));

        down(job, T);
        assertThat(sent()).extracting(Sent::channel).containsExactly("team");

        check(T.plus(Duration.ofMinutes(10)).minusMillis(1));
        assertThat(sent()).hasSize(1);

        check(T.plus(Duration.ofMinutes(10)));
        assertThat(sent()).hasSize(2).last().satisfies(s -> {
            assertThat(s.channel()).isEqualTo("alice");
            assertThat(s.message().step()).isEqualTo(1);
            assertThat(AlertText.title(s.message())).endsWith("(escalated)");
        });

        check(T.plus(Duration.ofMinutes(40)));
        assertThat(sent()).hasSize(3).last().satisfies(s -> {
            assertThat(s.channel()).isEqualTo("alice");
            assertThat(s.message().repeat()).isEqualTo(1);
        });

        Incident acked = db.write(tx -> incidents.acknowledge(tx, active(job).id(), "alice", "on it",
                T.plus(Duration.ofMinutes(41))));
        assertThat(acked.state()).isEqualTo(Incident.State.ACKNOWLEDGED);
        assertThat(acked.nextCheckAt()).isNull();
        List<Sent> acks = sent().subList(3, sent().size());
        assertThat(acks).extracting(Sent::channel).containsExactlyInAnyOrder("team", "alice");
        assertThat(acks).allSatisfy(s -> {
            assertThat(s.message().action()).isEqualTo("acknowledge");
            assertThat(s.message().actor()).isEqualTo("alice");
            assertThat(s.message().comment()).isEqualTo("on it");
        });

        check(T.plus(Duration.ofHours(5)));
        assertThat(sent()).hasSize(5);
        assertThat(actions(acked.id())).containsExactly("opened", "notified", "escalated", "repeated", "acknowledged");
        assertThat(events(acked.id()).getLast().actor()).isEqualTo("alice");
    }

    @Test
    void reminders_stop_after_their_count_and_a_missing_owner_channel_is_recorded() {
        channels("team");
        policy("short", Duration.ofMinutes(5), 2, new EscalationPolicy.Step(Duration.ZERO, List.of("team"), true));
        routes(new AlertRoute(null, List.of(), List.of(), List.of(), List.of(), "short", false));
        Job job = job(TestJobs.aJob("backup").owner("carol"));

        down(job, T);
        for (int minute = 5; minute <= 30; minute += 5) check(T.plus(Duration.ofMinutes(minute)));

        assertThat(sent()).extracting(s -> s.message().repeat()).containsExactly(0, 1, 2);
        assertThat(active(job).nextCheckAt()).isNull();
        assertThat(events(active(job).id())).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("owner");
            assertThat(e.detail()).isEqualTo("no channel is named after the owner 'carol'");
        });
    }

    @Test
    void after_downtime_only_the_latest_reminder_is_sent() {
        channels("team");
        policy("often", Duration.ofMinutes(5), null, new EscalationPolicy.Step(Duration.ZERO, List.of("team"), false));
        routes(new AlertRoute(null, List.of(), List.of(), List.of(), List.of(), "often", false));
        Job job = job(TestJobs.aJob("backup"));

        down(job, T);
        check(T.plus(Duration.ofMinutes(62)));

        assertThat(sent()).extracting(s -> s.message().repeat()).containsExactly(0, 12);
    }

    @Test
    void resolving_by_hand_tells_the_channels_and_the_job_must_recover_before_a_new_incident() {
        channels("chat");
        Job job = job(TestJobs.aJob("backup"));
        down(job, T);
        long id = active(job).id();

        Incident resolved = db.write(tx -> incidents.resolve(tx, id, "bob", "known outage", T.plusSeconds(60)));

        assertThat(resolved.resolvedBy()).isEqualTo("bob");
        assertThat(sent()).last().satisfies(s -> {
            assertThat(s.message().action()).isEqualTo("resolve");
            assertThat(s.message().actor()).isEqualTo("bob");
            assertThat(AlertText.title(s.message())).isEqualTo("RESOLVED prod/backup by bob");
        });
        flip(job, T.plusSeconds(120), Status.MISSED, Status.FAILED, true, false);
        assertThat(activeOrNone(job)).isEmpty();
        up(job, T.plusSeconds(180));
        down(job, T.plusSeconds(240));
        assertThat(active(job).id()).isNotEqualTo(id);
        assertThatThrownBy(() -> db.write(tx -> incidents.resolve(tx, id, "bob", null, T.plusSeconds(300))))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already resolved by bob");
    }

    @Test
    void acknowledging_twice_or_a_resolved_incident_is_a_conflict() {
        channels("chat");
        Job job = job(TestJobs.aJob("backup"));
        down(job, T);
        long id = active(job).id();

        db.write(tx -> incidents.acknowledge(tx, id, "alice", null, T.plusSeconds(10)));

        assertThatThrownBy(() -> db.write(tx -> incidents.acknowledge(tx, id, "bob", null, T.plusSeconds(20))))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already acknowledged by alice");
        up(job, T.plusSeconds(30));
        assertThatThrownBy(() -> db.write(tx -> incidents.acknowledge(tx, id, "bob", null, T.plusSeconds(40))))
                .isInstanceOf(ConflictException.class).hasMessageContaining("is resolved");
    }

    // ---- holds ----

    @Test
    void a_silence_records_notifications_as_suppressed_and_an_incident_still_open_is_notified_when_it_ends() {
        channels("chat");
        Job job = job(TestJobs.aJob("backup").tags("db"));
        Silence silence = db.write(tx -> tx.alertRules().insertSilence(new Silence(0, prod.id(), null, "db",
                T.minusSeconds(60), T.plus(Duration.ofMinutes(30)), "db migration", "alice", T.minusSeconds(60))));

        down(job, T);

        Incident held = active(job);
        assertThat(held.notifiedAt()).isNull();
        assertThat(held.suppressed()).isEqualTo("silence " + silence.id() + " by alice until "
                + T.plus(Duration.ofMinutes(30)) + ": db migration");
        assertThat(notifications()).singleElement().satisfies(n -> {
            assertThat(n.state()).isEqualTo(Notification.State.SUPPRESSED);
            assertThat(n.lastError()).isEqualTo(held.suppressed());
        });

        check(T.plus(Duration.ofMinutes(10)));
        assertThat(notifications()).hasSize(1);

        check(T.plus(Duration.ofMinutes(30)));
        assertThat(sent()).singleElement().satisfies(s -> assertThat(s.message().action()).isEqualTo("trigger"));
        assertThat(active(job).notifiedAt()).isEqualTo(T.plus(Duration.ofMinutes(30)));
        assertThat(actions(held.id())).containsExactly("opened", "suppressed", "released");
    }

    @Test
    void an_incident_acknowledged_while_held_is_not_sent_when_the_hold_ends() {
        channels("chat");
        Job job = job(TestJobs.aJob("backup"));
        db.write(tx -> tx.alertRules().insertSilence(new Silence(0, prod.id(), "backup", null, T.minusSeconds(60),
                T.plus(Duration.ofMinutes(10)), "deploy", "alice", T.minusSeconds(60))));
        down(job, T);

        Incident acked = db.write(tx -> incidents.acknowledge(tx, active(job).id(), "bob", null, T.plusSeconds(30)));
        check(T.plus(Duration.ofMinutes(11)));

        assertThat(acked.nextCheckAt()).isNull();
        assertThat(sent()).isEmpty();
        assertThat(events(acked.id()).getLast().detail()).isEqualTo("nothing had been sent");
    }

    @Test
    void a_silence_ended_early_is_noticed_within_a_minute() {
        channels("chat");
        Job job = job(TestJobs.aJob("backup"));
        Silence silence = db.write(tx -> tx.alertRules().insertSilence(new Silence(0, prod.id(), "backup", null,
                T.minusSeconds(60), T.plus(Duration.ofDays(1)), "noisy", "alice", T.minusSeconds(60))));
        down(job, T);

        db.write(tx -> tx.alertRules().expireSilence(silence.id(), T.plusSeconds(5)));
        check(T.plus(Incidents.HOLD_RECHECK));

        assertThat(sent()).hasSize(1);
    }

    @Test
    void an_incident_resolved_while_held_sends_nothing() {
        channels("chat");
        Job job = job(TestJobs.aJob("backup"));
        db.write(tx -> tx.alertRules().insertSilence(new Silence(0, prod.id(), null, null, T.minusSeconds(60),
                T.plus(Duration.ofHours(1)), "whole project", "alice", T.minusSeconds(60))));

        down(job, T);
        up(job, T.plusSeconds(60));

        assertThat(sent()).isEmpty();
        assertThat(notifications()).extracting(Notification::state).containsOnly(Notification.State.SUPPRESSED);
        assertThat(events(notifications().getFirst().incidentId()).getLast().detail())
                .contains("nothing had been sent, so nothing to resolve");
    }

    @Test
    void a_maintenance_window_holds_notifications_while_it_is_in_force() {
        channels("chat");
        Job job = job(TestJobs.aJob("backup"));
        db.write(tx -> tx.alertRules().insertWindow(new MaintenanceWindow(0, prod.id(), "nightly", null, null,
                "0 2 * * *", Duration.ofHours(1), "UTC", "patching", "alice", T.minusSeconds(3600))));

        down(job, T);

        assertThat(active(job).suppressed()).startsWith("maintenance window 'nightly' until 2026-03-01T03:00:00Z");
        assertThat(notifications()).extracting(Notification::state).containsOnly(Notification.State.SUPPRESSED);

        check(Instant.parse("2026-03-01T03:00:00Z"));
        assertThat(sent()).hasSize(1);
    }

    @Test
    void an_upstream_incident_inhibits_the_downstream_one_until_the_upstream_recovers() {
        channels("chat");
        Job extract = job(TestJobs.aJob("extract"));
        Job load = job(TestJobs.aJob("load").dependsOn("extract"));

        down(extract, T);
        down(load, T.plusSeconds(1));

        assertThat(sent()).extracting(s -> s.message().slug()).containsExactly("extract");
        assertThat(active(load).suppressed()).startsWith("inhibited: upstream prod/extract has incident "
                + active(extract).id() + " open");

        up(extract, T.plusSeconds(20));
        check(T.plusSeconds(31));

        assertThat(sent()).extracting(s -> s.message().slug() + " " + s.message().action())
                .containsExactly("extract trigger", "extract resolve", "load trigger");
    }

    // ---- flapping ----

    @Test
    void a_flapping_job_is_notified_once_and_resolves_after_a_calm_window() {
        channels("chat");
        Job job = job(TestJobs.aJob("flaky"));
        Instant t = T;
        for (int i = 0; i < 4; i++) {
            down(job, t);
            up(job, t.plusSeconds(60));
            t = t.plus(Duration.ofMinutes(5));
        }
        assertThat(sent()).hasSize(8);

        down(job, t);
        Incident flapping = active(job);
        assertThat(flapping.flapping()).isTrue();
        assertThat(flapping.reason()).startsWith("flapping: 5 incidents within 1h");
        assertThat(sent()).hasSize(9).last().satisfies(s -> {
            assertThat(s.message().flapping()).isTrue();
            assertThat(AlertText.title(s.message())).startsWith("FLAPPING prod/flaky");
        });

        up(job, t.plusSeconds(60));
        down(job, t.plusSeconds(120));
        Instant lastFlip = t.plusSeconds(180);
        up(job, lastFlip);
        assertThat(active(job).id()).isEqualTo(flapping.id());
        assertThat(sent()).hasSize(9);

        check(lastFlip.plus(Duration.ofHours(1)).minusMillis(1));
        assertThat(active(job).state()).isEqualTo(Incident.State.OPEN);

        check(lastFlip.plus(Duration.ofHours(1)));
        assertThat(incident(flapping.id()).state()).isEqualTo(Incident.State.RESOLVED);
        assertThat(sent()).hasSize(10).last().satisfies(s -> assertThat(s.message().action()).isEqualTo("resolve"));
        assertThat(actions(flapping.id())).containsExactly("opened", "flapping", "notified", "flipped", "flipped",
                "flipped", "recovered");
    }

    // ---- fixtures ----

    /** A notification the engine enqueued to be sent, with its channel's name and parsed payload. */
    record Sent(String channel, String key, AlertMessage message) {}

    private void channels(String... names) {
        db.write(tx -> {
            for (String name : names) {
                tx.channels().insert(new Channel(0, prod.id(), "webhook", name, "{\"url\": \"http://127.0.0.1:9/\"}", T));
            }
            return null;
        });
    }

    private void routes(AlertRoute... routes) {
        db.write(tx -> {
            tx.alertRules().replaceRoutes(prod.id(), List.of(routes), T);
            return null;
        });
    }

    private void policy(String name, Duration repeatEvery, Integer repeatTimes, EscalationPolicy.Step... steps) {
        db.write(tx -> tx.alertRules().putPolicy(new EscalationPolicy(0, prod.id(), name, List.of(steps), repeatEvery,
                repeatTimes, T)));
    }

    private Job job(TestJobs.Builder builder) {
        return insert(builder.in(prod));
    }

    private void down(Job job, Instant at) {
        flip(job, at, Status.UP, Status.MISSED, true, true);
    }

    private void up(Job job, Instant at) {
        flip(job, at, Status.MISSED, Status.UP, false, true);
    }

    private void flip(Job job, Instant at, Status from, Status to, boolean alerting, boolean changed) {
        db.write(tx -> tx.flips().insert(new Flip(0, job.id(), at, from, to, Health.HEALTHY, Health.HEALTHY, alerting,
                changed, from.wire() + " → " + to.wire()), "last line of output"));
        assertThat(flips.runOnce()).as("flips decided").isEqualTo(1);
    }

    private void check(Instant at) {
        clock.set(at);
        loop.runOnce();
    }

    private java.util.Optional<Incident> activeOrNone(Job job) {
        return db.read(tx -> tx.incidents().activeFor(job.id()));
    }

    private int incidentCount(Job job) {
        return db.read(tx -> tx.incidents().byJob(job.id(), 100).size());
    }

    private Incident active(Job job) {
        return db.read(tx -> tx.incidents().activeFor(job.id())).orElseThrow();
    }

    private Incident incident(long id) {
        return db.read(tx -> tx.incidents().byId(id)).orElseThrow();
    }

    private List<IncidentEvent> events(long incidentId) {
        return db.read(tx -> tx.incidents().events(incidentId));
    }

    private List<String> actions(long incidentId) {
        return events(incidentId).stream().map(IncidentEvent::action).toList();
    }

    /** Every notification, oldest first. */
    private List<Notification> notifications() {
        return db.read(tx -> tx.outbox().recentInProject(prod.id(), 1_000)).stream()
                .sorted(Comparator.comparingLong(Notification::id)).toList();
    }

    /** Notifications to be sent (not suppressed), oldest first. */
    private List<Sent> sent() {
        Map<Long, String> names = db.read(tx -> tx.channels().byProject(prod.id())).stream()
                .collect(Collectors.toMap(Channel::id, Channel::name));
        Function<Notification, Sent> toSent = n -> new Sent(names.get(n.channelId()), n.idempotencyKey(),
                AlertMessage.fromJson(n.payload()));
        return notifications().stream().filter(n -> n.state() != Notification.State.SUPPRESSED).map(toSent).toList();
    }
}
