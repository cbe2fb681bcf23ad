package dev.vigil.schedule;

import static dev.vigil.schedule.CronFixtures.at;
import static dev.vigil.schedule.CronFixtures.cron;
import static dev.vigil.schedule.CronFixtures.instants;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronSyntaxTest {

    private static final String UTC = "UTC";

    @Test
    void six_field_expression_has_seconds_first() {
        assertThat(cron("*/20 * * * * *", UTC).next(at("2025-01-01T00:00:00Z"), 3)).containsExactlyElementsOf(instants(
                "2025-01-01T00:00:20Z", "2025-01-01T00:00:40Z", "2025-01-01T00:01:00Z"));
        assertThat(cron("30 0 9 * * *", UTC).next(at("2025-01-01T09:00:30Z"))).contains(at("2025-01-02T09:00:30Z"));
    }

    @Test
    void macros_expand_to_their_usual_expressions() {
        Instant from = at("2025-01-01T10:00:00Z");
        assertThat(cron("@hourly", UTC).next(from)).contains(at("2025-01-01T11:00:00Z"));
        assertThat(cron("@daily", UTC).next(from)).contains(at("2025-01-02T00:00:00Z"));
        assertThat(cron("@midnight", UTC).next(from)).contains(at("2025-01-02T00:00:00Z"));
        assertThat(cron("@weekly", UTC).next(from)).contains(at("2025-01-05T00:00:00Z")); // Sunday
        assertThat(cron("@monthly", UTC).next(from)).contains(at("2025-02-01T00:00:00Z"));
        assertThat(cron("@yearly", UTC).next(from)).contains(at("2026-01-01T00:00:00Z"));
        assertThat(cron("@ANNUALLY", UTC).next(from)).contains(at("2026-01-01T00:00:00Z"));
    }

    @Test
    void day_of_month_and_day_of_week_both_restricted_match_either() {
        // Fridays, and the 13th whatever its weekday (13 January 2025 is a Monday).
        assertThat(cron("0 0 13 * 5", UTC).next(at("2025-01-01T00:00:00Z"), 4)).containsExactlyElementsOf(instants(
                "2025-01-03T00:00:00Z", "2025-01-10T00:00:00Z", "2025-01-13T00:00:00Z", "2025-01-17T00:00:00Z"));
    }

    @Test
    void day_field_starting_with_star_means_both_must_match_as_in_vixie_cron() {
        // "*/2" counts as unrestricted for the OR rule: odd days that are Mondays.
        assertThat(cron("0 0 */2 * 1", UTC).next(at("2025-01-01T00:00:00Z"), 4)).containsExactlyElementsOf(instants(
                "2025-01-13T00:00:00Z", "2025-01-27T00:00:00Z", "2025-02-03T00:00:00Z", "2025-02-17T00:00:00Z"));
    }

    @Test
    void only_day_of_week_restricted_fires_on_those_weekdays() {
        assertThat(cron("0 9 * * MON-FRI", UTC).next(at("2025-01-03T10:00:00Z"), 2)).containsExactlyElementsOf(instants(
                "2025-01-06T09:00:00Z", "2025-01-07T09:00:00Z")); // Friday evening → Monday
    }

    @Test
    void day_of_week_zero_and_seven_are_both_sunday() {
        assertThat(cron("0 0 * * 7", UTC).next(at("2025-01-01T00:00:00Z"))).contains(at("2025-01-05T00:00:00Z"));
        assertThat(cron("0 0 * * 0", UTC).next(at("2025-01-01T00:00:00Z"))).contains(at("2025-01-05T00:00:00Z"));
        assertThat(cron("0 0 * * 5-7", UTC).next(at("2025-01-01T00:00:00Z"), 4)).containsExactlyElementsOf(instants(
                "2025-01-03T00:00:00Z", "2025-01-04T00:00:00Z", "2025-01-05T00:00:00Z", "2025-01-10T00:00:00Z"));
    }

    @Test
    void weekday_range_may_end_on_sunday_by_name() {
        assertThat(cron("0 0 * * SAT-SUN", UTC).next(at("2025-01-01T00:00:00Z"), 3)).containsExactlyElementsOf(instants(
                "2025-01-04T00:00:00Z", "2025-01-05T00:00:00Z", "2025-01-11T00:00:00Z"));
    }

    @Test
    void month_and_day_names_lists_ranges_and_steps() {
        assertThat(cron("5-50/15 1,13 1 jan,Mar *", UTC).next(at("2025-01-01T01:20:00Z"), 4)).containsExactlyElementsOf(
                instants("2025-01-01T01:35:00Z", "2025-01-01T01:50:00Z", "2025-01-01T13:05:00Z", "2025-01-01T13:20:00Z"));
        assertThat(cron("0 0 1 jan,Mar *", UTC).next(at("2025-01-01T00:00:00Z"))).contains(at("2025-03-01T00:00:00Z"));
    }

    @Test
    void leap_day_expression_skips_to_the_next_leap_year() {
        assertThat(cron("0 0 29 2 *", UTC).next(at("2025-01-01T00:00:00Z"))).contains(at("2028-02-29T00:00:00Z"));
        assertThat(cron("0 0 29 2 *", UTC).next(at("2096-03-01T00:00:00Z"))).contains(at("2104-02-29T00:00:00Z"));
    }

    @Test
    void expression_that_can_never_fire_is_empty() {
        // parseCron refuses these (ValidationMessagesTest); one stored before it did must still evaluate.
        for (String e : new String[] {"0 0 30 2 *", "0 0 31 4,6,9,11 *", "0 0 31 2 *"}) {
            FireTimes t = Schedules.fireTimes(new dev.vigil.domain.Schedule.Cron(e, java.time.ZoneId.of("Europe/London")));
            assertThat(t.next(at("2025-01-01T00:00:00Z"))).isEmpty();
            assertThat(t.previous(at("2025-01-01T00:00:00Z"))).isEmpty();
            assertThat(t.next(at("2025-01-01T00:00:00Z"), 5)).isEmpty();
            assertThat(t.typicalInterval()).isEqualTo(Duration.ZERO);
        }
    }

    @Test
    void far_past_dates_use_the_offsets_of_their_time() {
        // 1900: New York had no daylight saving time; EST all year.
        assertThat(cron("30 2 * * *", "America/New_York").next(at("1900-06-01T00:00:00Z"))).contains(at("1900-06-01T07:30:00Z"));
        assertThat(cron("30 2 * * *", "America/New_York").next(at("2400-01-01T00:00:00Z"))).contains(at("2400-01-01T07:30:00Z"));
    }

    @Test
    void typical_interval_is_the_smallest_gap_between_fires() {
        assertThat(cron("*/15 * * * *", UTC).typicalInterval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(cron("0 */2 * * *", "America/New_York").typicalInterval()).isEqualTo(Duration.ofHours(2));
        assertThat(cron("30 2 * * *", "Australia/Sydney").typicalInterval()).isEqualTo(Duration.ofDays(1));
        assertThat(cron("0 9 * * 1-5", UTC).typicalInterval()).isEqualTo(Duration.ofDays(1));
        assertThat(cron("0 0 * * 1", UTC).typicalInterval()).isEqualTo(Duration.ofDays(7));
        assertThat(cron("*/10 * * * * *", UTC).typicalInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void extreme_instants_give_empty_instead_of_failing() {
        FireTimes t = cron("*/30 * * * *", "Europe/London");
        assertThat(t.next(Instant.MAX)).isEmpty();
        assertThat(t.previous(Instant.MIN)).isEmpty();
        assertThat(cron("30 2 * * *", "America/New_York").next(Instant.MAX)).isEmpty();
        assertThat(cron("30 2 * * *", "America/New_York").next(at("+99999-06-01T00:00:00Z"))).contains(at("+99999-06-01T06:30:00Z"));
    }
}
