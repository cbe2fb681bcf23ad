package dev.vigil.schedule;

import static dev.vigil.schedule.CronFixtures.at;
import static dev.vigil.schedule.CronFixtures.between;
import static dev.vigil.schedule.CronFixtures.cron;
import static dev.vigil.schedule.CronFixtures.instants;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Europe/London 2025: 01:00 GMT → 02:00 BST on 30 March, 02:00 BST → 01:00 GMT on 26 October (both 01:00Z). */
class LondonDstTest {

    private static final String LONDON = "Europe/London";

    @Test
    void fixed_time_in_spring_forward_gap_fires_once_at_end_of_gap() {
        assertThat(cron("30 1 * * *", LONDON).next(at("2025-03-28T12:00:00Z"), 3)).containsExactlyElementsOf(instants(
                "2025-03-29T01:30:00Z",   // 01:30 GMT
                "2025-03-30T01:00:00Z",   // 02:00 BST, the end of the gap
                "2025-03-31T00:30:00Z")); // 01:30 BST
    }

    @Test
    void fixed_time_in_repeated_hour_fires_only_at_first_occurrence() {
        assertThat(cron("30 1 * * *", LONDON).next(at("2025-10-24T12:00:00Z"), 3)).containsExactlyElementsOf(instants(
                "2025-10-25T00:30:00Z",   // 01:30 BST
                "2025-10-26T00:30:00Z",   // 01:30 BST; not again at 01:30 GMT (01:30Z)
                "2025-10-27T01:30:00Z")); // 01:30 GMT
    }

    @Test
    void fixed_time_outside_the_transition_hours_keeps_its_local_time() {
        assertThat(cron("0 9 * * *", LONDON).next(at("2025-03-29T12:00:00Z"), 2)).containsExactlyElementsOf(instants(
                "2025-03-30T08:00:00Z", "2025-03-31T08:00:00Z"));
    }

    @Test
    void every_half_hour_counts_46_on_the_short_day_and_50_on_the_long_day() {
        FireTimes t = cron("*/30 * * * *", LONDON);
        assertThat(between(t, at("2025-03-30T00:00:00Z"), at("2025-03-30T23:00:00Z"))).hasSize(46);
        assertThat(between(t, at("2025-10-25T23:00:00Z"), at("2025-10-27T00:00:00Z"))).hasSize(50);
    }

    @Test
    void every_half_hour_across_both_transitions() {
        FireTimes t = cron("*/30 * * * *", LONDON);
        assertThat(t.next(at("2025-03-30T00:00:00Z"), 3)).containsExactlyElementsOf(instants(
                "2025-03-30T00:30:00Z", "2025-03-30T01:00:00Z", "2025-03-30T01:30:00Z")); // 00:30 GMT, 02:00, 02:30 BST
        assertThat(t.next(at("2025-10-26T00:00:00Z"), 4)).containsExactlyElementsOf(instants(
                "2025-10-26T00:30:00Z", "2025-10-26T01:00:00Z", "2025-10-26T01:30:00Z", "2025-10-26T02:00:00Z"));
    }

    @Test
    void hour_step_does_not_fire_for_the_missing_one_oclock() {
        assertThat(cron("0 1-23/2 * * *", LONDON).next(at("2025-03-29T23:30:00Z"), 2)).containsExactlyElementsOf(instants(
                "2025-03-30T02:00:00Z",   // 03:00 BST; 01:00 GMT did not exist
                "2025-03-30T04:00:00Z"));
    }

    @Test
    void far_future_spring_forward_follows_the_same_rule() {
        // 28 March 2100 is the last Sunday of March.
        assertThat(cron("30 1 * * *", LONDON).next(at("2100-03-26T12:00:00Z"), 3)).containsExactlyElementsOf(instants(
                "2100-03-27T01:30:00Z", "2100-03-28T01:00:00Z", "2100-03-29T00:30:00Z"));
    }
}
