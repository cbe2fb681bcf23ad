package dev.vigil.monitor;

import static dev.vigil.domain.Status.LATE;
import static dev.vigil.domain.Status.MISSED;
import static dev.vigil.domain.Status.UP;
import static java.time.Instant.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The monitor expects what the scheduler fires (PRODUCT.md §3): a fixed local time in the
 * spring-forward gap is due at the end of the gap; in the repeated hour it is due once, at its first
 * occurrence. Daily jobs have a 1 h default grace and a 1 h early tolerance.
 */
class DaylightSavingMonitorTest {

    @Test
    void new_york_spring_forward_job_in_the_gap_is_due_at_three_edt_and_missed_an_hour_later() {
        var h = RulesHarness.cron("30 2 * * *", "America/New_York").createdAt("2025-03-08T17:00:00Z");
        assertThat(h.state.expectedAt()).isEqualTo(parse("2025-03-09T07:00:00Z"));
        h.runUntil(parse("2025-03-09T07:59:59Z"));
        assertThat(h.state.status()).isEqualTo(LATE);
        h.runUntil(parse("2025-03-09T08:00:00Z"));
        assertThat(h.state.status()).isEqualTo(MISSED);
    }

    @Test
    void new_york_spring_forward_ping_at_three_edt_counts_and_the_next_day_is_back_at_two_thirty() {
        var h = RulesHarness.cron("30 2 * * *", "America/New_York").createdAt("2025-03-08T17:00:00Z");
        h.success(parse("2025-03-09T07:00:20Z"));
        assertThat(h.state.status()).isEqualTo(UP);
        assertThat(h.state.expectedAt()).isEqualTo(parse("2025-03-10T06:30:00Z"));
    }

    @Test
    void new_york_fall_back_job_in_the_repeated_hour_is_expected_once() {
        var h = RulesHarness.cron("30 1 * * *", "America/New_York").createdAt("2025-11-01T12:00:00Z");
        h.success(parse("2025-11-01T05:30:05Z"));
        assertThat(h.state.expectedAt()).isEqualTo(parse("2025-11-02T05:30:00Z"));
        h.success(parse("2025-11-02T05:30:05Z"));
        // 01:30 EST (06:30Z) is the repeated local time: not expected again; next is 2025-11-03 01:30 EST.
        assertThat(h.state.expectedAt()).isEqualTo(parse("2025-11-03T06:30:00Z"));
        h.runUntil(parse("2025-11-03T06:29:59Z"));
        assertThat(h.state.status()).isEqualTo(UP);
    }

    @Test
    void london_spring_forward_gap_is_due_at_two_bst() {
        var h = RulesHarness.cron("30 1 * * *", "Europe/London").createdAt("2025-03-29T12:00:00Z");
        assertThat(h.state.expectedAt()).isEqualTo(parse("2025-03-30T01:00:00Z"));
        h.success(parse("2025-03-30T01:00:30Z"));
        assertThat(h.state.expectedAt()).isEqualTo(parse("2025-03-31T00:30:00Z"));
    }

    @Test
    void london_fall_back_repeated_hour_expected_at_first_occurrence_only() {
        var h = RulesHarness.cron("30 1 * * *", "Europe/London").createdAt("2025-10-25T12:00:00Z");
        assertThat(h.state.expectedAt()).isEqualTo(parse("2025-10-26T00:30:00Z"));
        h.runUntil(parse("2025-10-26T01:30:00Z"));
        assertThat(h.state.status()).isEqualTo(MISSED);
        h.success(parse("2025-10-26T01:40:00Z"));
        assertThat(h.state.expectedAt()).isEqualTo(parse("2025-10-27T01:30:00Z"));
    }

    @Test
    void sydney_spring_forward_in_october_is_due_at_three_aedt() {
        var h = RulesHarness.cron("30 2 * * *", "Australia/Sydney").createdAt("2025-10-04T00:00:00Z");
        assertThat(h.state.expectedAt()).isEqualTo(parse("2025-10-04T16:00:00Z"));
    }

    @Test
    void sydney_fall_back_in_april_expects_the_first_two_thirty_only() {
        var h = RulesHarness.cron("30 2 * * *", "Australia/Sydney").createdAt("2025-04-05T00:00:00Z");
        assertThat(h.state.expectedAt()).isEqualTo(parse("2025-04-05T15:30:00Z"));
        h.success(parse("2025-04-05T15:31:00Z"));
        assertThat(h.state.expectedAt()).isEqualTo(parse("2025-04-06T16:30:00Z"));
    }

    @Test
    void hourly_step_job_is_expected_in_both_occurrences_of_the_repeated_hour() {
        var h = RulesHarness.cron("15 * * * *", "America/New_York").createdAt("2025-11-02T04:00:00Z");
        h.success(parse("2025-11-02T05:15:00Z"));
        assertThat(h.state.expectedAt()).isEqualTo(parse("2025-11-02T06:15:00Z"));
        h.runUntil(parse("2025-11-02T06:15:00Z"));
        assertThat(h.state.status()).isEqualTo(LATE);
    }
}
