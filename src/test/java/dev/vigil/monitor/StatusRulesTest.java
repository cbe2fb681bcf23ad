package dev.vigil.monitor;

import static dev.vigil.domain.Status.FAILED;
import static dev.vigil.domain.Status.LATE;
import static dev.vigil.domain.Status.MISSED;
import static dev.vigil.domain.Status.NEW;
import static dev.vigil.domain.Status.OVERDUE;
import static dev.vigil.domain.Status.PAUSED;
import static dev.vigil.domain.Status.RUNNING;
import static dev.vigil.domain.Status.UP;
import static java.time.Instant.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.EventKind;
import dev.vigil.domain.Health;
import dev.vigil.domain.HealthPolicy;
import dev.vigil.domain.RunState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatusRulesTest {

    @Test
    void new_cron_job_expects_its_first_fire_time_and_goes_late_then_missed_without_a_start() {
        var h = RulesHarness.cron("*/5 * * * *", "UTC").createdAt("2025-06-01T10:01:00Z");
        assertThat(h.state.status()).isEqualTo(NEW);
        assertThat(h.state.expectedAt()).isEqualTo(parse("2025-06-01T10:05:00Z"));
        assertThat(h.state.nextDeadline()).isEqualTo(parse("2025-06-01T10:05:00Z"));

        h.runUntil(parse("2025-06-01T10:05:59Z"));
        assertThat(h.state.status()).isEqualTo(LATE);
        assertThat(h.alertsOpened()).isZero();

        h.runUntil(parse("2025-06-01T10:06:00Z"));
        assertThat(h.state.status()).isEqualTo(MISSED);
        assertThat(h.state.alerting()).isTrue();
        assertThat(h.alertsOpened()).isEqualTo(1);
        assertThat(h.decisions.getLast().events()).extracting(Decision.Derived::kind).containsExactly(EventKind.MISSED);
    }

    @Test
    void missed_job_alerts_once_however_many_fire_times_pass_and_a_ping_recovers_it_once() {
        var h = RulesHarness.cron("* * * * *", "UTC").createdAt("2025-06-01T10:00:30Z");
        h.runUntil(parse("2025-06-01T12:00:00Z"));
        assertThat(h.state.status()).isEqualTo(MISSED);
        assertThat(h.state.nextDeadline()).isNull();

        h.success(parse("2025-06-01T12:00:10Z"));
        assertThat(h.state.status()).isEqualTo(UP);
        assertThat(h.alertsOpened()).isEqualTo(1);
        assertThat(h.alertsClosed()).isEqualTo(1);
        assertThat(h.state.expectedAt()).isEqualTo(parse("2025-06-01T12:01:00Z"));
    }

    @Test
    void success_ping_slightly_before_the_fire_time_counts_for_that_fire_time() {
        var h = RulesHarness.cron("30 2 * * *", "UTC").createdAt("2025-06-01T00:00:00Z");
        h.success(parse("2025-06-01T02:29:50Z"));
        assertThat(h.state.expectedAt()).isEqualTo(parse("2025-06-02T02:30:00Z"));
        h.runUntil(parse("2025-06-01T23:00:00Z"));
        assertThat(h.state.status()).isEqualTo(UP);
    }

    @Test
    void manual_run_hours_before_the_fire_time_does_not_cover_it() {
        var h = RulesHarness.cron("30 2 * * *", "UTC").createdAt("2025-06-01T00:00:00Z");
        h.success(parse("2025-06-01T00:01:00Z"));
        assertThat(h.state.expectedAt()).isEqualTo(parse("2025-06-01T02:30:00Z"));
        h.runUntil(parse("2025-06-01T03:30:00Z"));
        assertThat(h.state.status()).isEqualTo(MISSED);
    }

    @Test
    void late_start_within_grace_covers_the_awaited_fire_time_not_the_next_one() {
        var h = RulesHarness.cron("* * * * *", "UTC").createdAt("2025-06-01T10:00:30Z");
        h.runUntil(parse("2025-06-01T10:01:00Z"));
        assertThat(h.state.status()).isEqualTo(LATE);
        h.start(parse("2025-06-01T10:01:50Z"));
        assertThat(h.state.status()).isEqualTo(RUNNING);
        assertThat(h.state.expectedAt()).isEqualTo(parse("2025-06-01T10:02:00Z"));
    }

    @Test
    void started_run_becomes_overdue_after_max_runtime_and_progress_extends_it() {
        var h = RulesHarness.unscheduled().maxRuntime(Duration.ofMinutes(10)).createdAt("2025-06-01T00:00:00Z");
        assertThat(h.state.nextDeadline()).isNull();
        h.start(parse("2025-06-01T01:00:00Z"));
        assertThat(h.state.nextDeadline()).isEqualTo(parse("2025-06-01T01:10:00Z"));
        h.progress(parse("2025-06-01T01:08:00Z"), "extract");
        assertThat(h.state.nextDeadline()).isEqualTo(parse("2025-06-01T01:18:00Z"));
        h.runUntil(parse("2025-06-01T01:17:59Z"));
        assertThat(h.state.status()).isEqualTo(RUNNING);
        h.runUntil(parse("2025-06-01T01:18:00Z"));
        assertThat(h.state.status()).isEqualTo(OVERDUE);
        assertThat(h.alertsOpened()).isEqualTo(1);

        h.success(parse("2025-06-01T01:30:00Z"));
        assertThat(h.state.status()).isEqualTo(UP);
        assertThat(h.alertsClosed()).isEqualTo(1);
    }

    @Test
    void without_max_runtime_the_next_expected_start_plus_grace_bounds_a_run() {
        var h = RulesHarness.cron("0 * * * *", "UTC").grace(Duration.ofMinutes(5)).createdAt("2025-06-01T00:30:00Z");
        h.start(parse("2025-06-01T01:00:00Z"));
        assertThat(h.state.nextDeadline()).isEqualTo(parse("2025-06-01T02:05:00Z"));
        h.runUntil(parse("2025-06-01T02:05:00Z"));
        assertThat(h.state.status()).isEqualTo(OVERDUE);
    }

    @Test
    void one_failure_is_tolerated_and_the_second_consecutive_failure_makes_the_job_unhealthy() {
        var h = RulesHarness.every(Duration.ofHours(1)).createdAt("2025-06-01T00:00:00Z");
        h.success(parse("2025-06-01T01:00:00Z"));
        h.failure(parse("2025-06-01T02:00:00Z"));
        assertThat(h.state.status()).isEqualTo(FAILED);
        assertThat(h.state.health()).isEqualTo(Health.HEALTHY);
        assertThat(h.alertsOpened()).isZero();

        h.failure(parse("2025-06-01T03:00:00Z"));
        assertThat(h.state.health()).isEqualTo(Health.UNHEALTHY);
        assertThat(h.alertsOpened()).isEqualTo(1);

        h.success(parse("2025-06-01T04:00:00Z"));
        assertThat(h.state.health()).isEqualTo(Health.HEALTHY);
        assertThat(h.alertsClosed()).isEqualTo(1);
    }

    @Test
    void a_single_failure_is_unhealthy_when_the_last_success_is_a_day_old() {
        var h = RulesHarness.unscheduled().createdAt("2025-06-01T00:00:00Z");
        h.success(parse("2025-06-01T00:10:00Z"));
        h.failure(parse("2025-06-02T00:10:00Z"));
        assertThat(h.state.health()).isEqualTo(Health.UNHEALTHY);
    }

    @Test
    void a_job_that_never_succeeded_counts_from_its_creation() {
        var h = RulesHarness.unscheduled().createdAt("2025-06-01T00:00:00Z");
        h.failure(parse("2025-06-01T23:59:59Z"));
        assertThat(h.state.health()).isEqualTo(Health.HEALTHY);
        assertThat(h.state.nextDeadline()).isEqualTo(parse("2025-06-02T00:00:00Z"));
        h.runUntil(parse("2025-06-02T00:00:00Z"));
        assertThat(h.state.health()).isEqualTo(Health.UNHEALTHY);
        assertThat(h.alertsOpened()).isEqualTo(1);
    }

    @Test
    void health_policy_numbers_are_per_job() {
        var h = RulesHarness.unscheduled().health(new HealthPolicy(3, Duration.ofDays(7), 2))
                .createdAt("2025-06-01T00:00:00Z");
        h.failure(parse("2025-06-01T01:00:00Z"));
        h.failure(parse("2025-06-01T02:00:00Z"));
        assertThat(h.state.health()).isEqualTo(Health.HEALTHY);
        h.failure(parse("2025-06-01T03:00:00Z"));
        assertThat(h.state.health()).isEqualTo(Health.UNHEALTHY);
        h.success(parse("2025-06-01T04:00:00Z"));
        assertThat(h.state.health()).isEqualTo(Health.UNHEALTHY);
        h.success(parse("2025-06-01T05:00:00Z"));
        assertThat(h.state.health()).isEqualTo(Health.HEALTHY);
    }

    @Test
    void success_faster_than_min_runtime_is_a_failure_with_a_reason() {
        var h = RulesHarness.unscheduled().minRuntime(Duration.ofMinutes(1)).createdAt("2025-06-01T00:00:00Z");
        h.start(parse("2025-06-01T01:00:00Z"));
        Decision d = h.success(parse("2025-06-01T01:00:05Z"));
        assertThat(d.runOutcome().state()).isEqualTo(RunState.FAILED);
        assertThat(d.runOutcome().reason()).isEqualTo("finished in 5s, faster than minRuntime 1m");
        assertThat(h.state.status()).isEqualTo(FAILED);
    }

    @Test
    void ttl_sets_the_next_deadline_like_an_expiring_key() {
        var h = RulesHarness.cron("0 0 * * *", "UTC").createdAt("2025-06-01T00:00:30Z");
        h.withTtl(Observation.Kind.SUCCESS, parse("2025-06-01T00:01:00Z"), Duration.ofMinutes(5));
        assertThat(h.state.nextDeadline()).isEqualTo(parse("2025-06-01T00:06:00Z"));
        h.runUntil(parse("2025-06-01T00:06:00Z"));
        assertThat(h.state.status()).isEqualTo(MISSED);
    }

    @Test
    void paused_job_has_no_deadlines_keeps_its_status_on_pings_and_resumes_expecting_from_now() {
        var h = RulesHarness.cron("*/5 * * * *", "UTC").createdAt("2025-06-01T10:01:00Z");
        h.pause(parse("2025-06-01T10:02:00Z"));
        assertThat(h.state.status()).isEqualTo(PAUSED);
        assertThat(h.state.nextDeadline()).isNull();
        h.failure(parse("2025-06-01T10:05:00Z"));
        h.failure(parse("2025-06-01T10:10:00Z"));
        assertThat(h.state.status()).isEqualTo(PAUSED);
        assertThat(h.state.health()).isEqualTo(Health.HEALTHY);
        assertThat(h.state.lastFailedAt()).isEqualTo(parse("2025-06-01T10:10:00Z"));

        h.resume(parse("2025-06-01T11:01:00Z"));
        assertThat(h.state.status()).isEqualTo(FAILED);
        assertThat(h.state.expectedAt()).isEqualTo(parse("2025-06-01T11:05:00Z"));
    }

    @Test
    void resuming_an_unhealthy_job_starts_it_afresh_and_opens_no_incident() {
        var h = RulesHarness.cron("*/5 * * * *", "UTC").createdAt("2025-06-01T10:01:00Z");
        h.failure(parse("2025-06-01T10:05:00Z"));
        h.failure(parse("2025-06-01T10:10:00Z"));
        assertThat(h.state.health()).isEqualTo(Health.UNHEALTHY);
        assertThat(h.alertsOpened()).isEqualTo(1);
        h.pause(parse("2025-06-01T10:11:00Z"));

        h.resume(parse("2025-06-01T10:12:00Z"));
        h.runUntil(parse("2025-06-02T12:00:00Z").minusSeconds(1)); // past failureWithoutSuccessFor, but missed first
        assertThat(h.decisions.get(3).after().health()).isEqualTo(Health.HEALTHY);
        assertThat(h.decisions.get(3).after().alerting()).isFalse();
        assertThat(h.decisions.get(3).flip().alertingChanged()).isFalse();
    }

    @Test
    void a_cancelled_run_counts_neither_as_success_nor_as_failure() {
        var h = RulesHarness.unscheduled().createdAt("2025-06-01T10:00:00Z");
        h.failure(parse("2025-06-01T10:01:00Z"));
        h.start(parse("2025-06-01T10:02:00Z"));
        assertThat(h.state.status()).isEqualTo(RUNNING);

        Decision d = h.cancel(parse("2025-06-01T10:03:00Z"));

        assertThat(d.runOutcome().state()).isEqualTo(RunState.CANCELLED);
        assertThat(h.state.status()).isEqualTo(FAILED);
        assertThat(h.state.consecutiveFailures()).isEqualTo(1);
        assertThat(h.state.health()).isEqualTo(Health.HEALTHY);
        assertThat(h.state.lastFailedAt()).isEqualTo(parse("2025-06-01T10:01:00Z"));
        assertThat(h.state.openRuns()).isZero();
        assertThat(h.alertsOpened()).isZero();
    }

    @Test
    void a_managed_job_is_late_only_when_its_run_has_not_started_five_seconds_after_the_fire_time() {
        var h = RulesHarness.every(Duration.ofMinutes(10)).managed().createdAt("2025-06-01T10:00:00Z");
        assertThat(h.state.nextDeadline()).isEqualTo(parse("2025-06-01T10:10:05Z"));
        h.start(parse("2025-06-01T10:10:01Z"));
        h.success(parse("2025-06-01T10:10:02Z"));
        assertThat(h.flips).extracting(Decision.FlipDraft::toStatus).doesNotContain(LATE);

        h.runUntil(parse("2025-06-01T10:20:05Z")); // an every job expects its next start one interval after the last
        assertThat(h.state.status()).isEqualTo(UP);
        h.runUntil(parse("2025-06-01T10:20:06Z"));
        assertThat(h.state.status()).isEqualTo(LATE);
        h.runUntil(parse("2025-06-01T10:21:01Z"));
        assertThat(h.state.status()).isEqualTo(MISSED);
    }

    @Test
    void a_fire_time_that_will_not_run_is_not_awaited() {
        var h = RulesHarness.every(Duration.ofMinutes(10)).managed().createdAt("2025-06-01T10:00:00Z");
        h.notRun(parse("2025-06-01T10:10:00Z"), parse("2025-06-01T10:10:00Z"));
        assertThat(h.state.expectedAt()).isEqualTo(parse("2025-06-01T10:20:00Z"));
        h.runUntil(parse("2025-06-01T10:19:59Z"));
        assertThat(h.state.status()).isEqualTo(NEW);
    }

    @Test
    void pausing_an_alerting_job_closes_its_incident() {
        var h = RulesHarness.cron("* * * * *", "UTC").createdAt("2025-06-01T10:00:30Z");
        h.runUntil(parse("2025-06-01T10:10:00Z"));
        assertThat(h.state.alerting()).isTrue();
        h.pause(parse("2025-06-01T10:11:00Z"));
        assertThat(h.state.alerting()).isFalse();
        assertThat(h.alertsClosed()).isEqualTo(1);
    }

    @Test
    void every_job_restarts_its_interval_at_each_report() {
        var h = RulesHarness.every(Duration.ofMinutes(30)).grace(Duration.ofMinutes(5)).createdAt("2025-06-01T00:00:00Z");
        assertThat(h.state.expectedAt()).isEqualTo(parse("2025-06-01T00:30:00Z"));
        h.success(parse("2025-06-01T00:20:00Z"));
        assertThat(h.state.expectedAt()).isEqualTo(parse("2025-06-01T00:50:00Z"));
        h.runUntil(parse("2025-06-01T00:55:00Z"));
        assertThat(h.state.status()).isEqualTo(MISSED);
    }

    @Test
    void log_reports_change_nothing() {
        var h = RulesHarness.cron("*/5 * * * *", "UTC").createdAt("2025-06-01T10:01:00Z");
        var before = h.state;
        Decision d = h.observe(Observation.of(Observation.Kind.LOG, parse("2025-06-01T10:02:00Z")), RunFacts.NONE);
        assertThat(d.after()).isEqualTo(before);
        assertThat(d.flip()).isNull();
    }
}
