package dev.vigil.schedule;

import static dev.vigil.schedule.CronFixtures.at;
import static dev.vigil.schedule.CronFixtures.between;
import static dev.vigil.schedule.CronFixtures.cron;
import static dev.vigil.schedule.CronFixtures.instants;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** America/New_York 2025: clocks go 02:00 EST → 03:00 EDT on 9 March, 02:00 EDT → 01:00 EST on 2 November. */
class NewYorkDstTest {

    private static final String NY = "America/New_York";

    @Test
    void fixed_time_in_spring_forward_gap_fires_once_at_end_of_gap() {
        FireTimes t = cron("30 2 * * *", NY);
        assertThat(t.next(at("2025-03-07T12:00:00Z"), 3)).containsExactlyElementsOf(instants(
                "2025-03-08T07:30:00Z",  // 02:30 EST
                "2025-03-09T07:00:00Z",  // 02:30 does not exist: 03:00 EDT, the end of the gap
                "2025-03-10T06:30:00Z")); // 02:30 EDT
    }

    @Test
    void fixed_time_in_repeated_hour_fires_only_at_first_occurrence() {
        FireTimes t = cron("30 1 * * *", NY);
        assertThat(t.next(at("2025-11-01T00:00:00Z"), 3)).containsExactlyElementsOf(instants(
                "2025-11-01T05:30:00Z",  // 01:30 EDT
                "2025-11-02T05:30:00Z",  // 01:30 EDT, first of the two 01:30s
                "2025-11-03T06:30:00Z")); // 01:30 EST
    }

    @Test
    void fixed_time_does_not_fire_again_during_second_pass_of_repeated_hour() {
        FireTimes t = cron("30 1 * * *", NY);
        assertThat(t.next(at("2025-11-02T06:15:00Z"))).contains(at("2025-11-03T06:30:00Z")); // now 01:15 EST
        assertThat(t.previous(at("2025-11-02T06:45:00Z"))).contains(at("2025-11-02T05:30:00Z")); // now 01:45 EST
    }

    @Test
    void every_half_hour_fires_in_both_passes_of_repeated_hour() {
        FireTimes t = cron("*/30 * * * *", NY);
        assertThat(t.next(at("2025-11-02T04:50:00Z"), 5)).containsExactlyElementsOf(instants(
                "2025-11-02T05:00:00Z", "2025-11-02T05:30:00Z",   // 01:00, 01:30 EDT
                "2025-11-02T06:00:00Z", "2025-11-02T06:30:00Z",   // 01:00, 01:30 EST
                "2025-11-02T07:00:00Z"));                         // 02:00 EST
    }

    @Test
    void every_half_hour_skips_nonexistent_local_times() {
        FireTimes t = cron("*/30 * * * *", NY);
        assertThat(t.next(at("2025-03-09T06:00:00Z"), 3)).containsExactlyElementsOf(instants(
                "2025-03-09T06:30:00Z",   // 01:30 EST
                "2025-03-09T07:00:00Z",   // 03:00 EDT; 02:00 and 02:30 never happen
                "2025-03-09T07:30:00Z"));
    }

    @Test
    void every_half_hour_fires_46_times_on_the_short_day_and_50_on_the_long_day() {
        FireTimes t = cron("*/30 * * * *", NY);
        // Local midnight to midnight: 9 March is 23 hours long, 2 November 25 hours.
        assertThat(between(t, at("2025-03-09T05:00:00Z"), at("2025-03-10T04:00:00Z"))).hasSize(46);
        assertThat(between(t, at("2025-11-02T04:00:00Z"), at("2025-11-03T05:00:00Z"))).hasSize(50);
        assertThat(between(t, at("2025-03-08T05:00:00Z"), at("2025-03-09T05:00:00Z"))).hasSize(48);
    }

    @Test
    void hour_step_skips_the_missing_two_oclock_without_a_shifted_fire() {
        FireTimes t = cron("0 */2 * * *", NY);
        assertThat(t.next(at("2025-03-09T05:00:00Z"), 2)).containsExactlyElementsOf(instants(
                "2025-03-09T08:00:00Z",   // 04:00 EDT: 02:00 did not exist, and is not moved
                "2025-03-09T10:00:00Z"));
    }

    @Test
    void hour_step_on_fall_back_day_fires_at_each_even_hour_once() {
        FireTimes t = cron("0 */2 * * *", NY);
        assertThat(t.next(at("2025-11-02T03:59:00Z"), 3)).containsExactlyElementsOf(instants(
                "2025-11-02T04:00:00Z",   // 00:00 EDT
                "2025-11-02T07:00:00Z",   // 02:00 EST (02:00 EDT never shows on the clock)
                "2025-11-02T09:00:00Z")); // 04:00 EST
    }

    @Test
    void every_hour_fires_twice_at_one_oclock_on_fall_back_day() {
        FireTimes t = cron("0 * * * *", NY);
        assertThat(t.next(at("2025-11-02T04:30:00Z"), 3)).containsExactlyElementsOf(instants(
                "2025-11-02T05:00:00Z", "2025-11-02T06:00:00Z", "2025-11-02T07:00:00Z"));
    }

    @Test
    void two_nonexistent_times_mapping_to_the_same_instant_fire_once() {
        FireTimes t = cron("0,30 2 * * *", NY);
        assertThat(t.next(at("2025-03-09T00:00:00Z"), 3)).containsExactlyElementsOf(instants(
                "2025-03-09T07:00:00Z",   // both 02:00 and 02:30 map here
                "2025-03-10T06:00:00Z",   // 02:00 EDT
                "2025-03-10T06:30:00Z"));
    }

    @Test
    void every_minute_of_a_fixed_skipped_hour_fires_once() {
        FireTimes t = cron("* 2 * * *", NY);
        assertThat(t.next(at("2025-03-09T06:59:00Z"), 2)).containsExactlyElementsOf(instants(
                "2025-03-09T07:00:00Z", "2025-03-10T06:00:00Z"));
    }

    @Test
    void seconds_in_the_gap_fire_at_the_end_of_the_gap_not_shifted_by_the_gap_length() {
        FireTimes t = cron("30 30 2 * * *", NY);
        assertThat(t.next(at("2025-03-09T00:00:00Z"))).contains(at("2025-03-09T07:00:00Z"));
    }

    @Test
    void previous_finds_the_gap_fire_time_as_due() {
        FireTimes t = cron("30 2 * * *", NY);
        assertThat(t.previous(at("2025-03-09T07:00:00Z"))).contains(at("2025-03-09T07:00:00Z"));
        assertThat(t.previous(at("2025-03-09T06:59:59Z"))).contains(at("2025-03-08T07:30:00Z"));
    }
}
