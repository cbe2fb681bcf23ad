package dev.vigil.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class ValidationMessagesTest {

    @Test
    void wrong_field_count_says_what_was_expected() {
        rejectCron("* * * *").hasMessage(
                "cron: expected 5 fields (minute hour day-of-month month day-of-week) or 6 fields (second first), got 4");
        rejectCron("1 2 3 4 5 6 7").hasMessageEndingWith("got 7");
        rejectCron("  ").hasMessageStartingWith("cron: is empty");
    }

    @Test
    void out_of_range_values_name_the_field_and_the_range() {
        rejectCron("61 * * * *").hasMessage("cron: minute field: 61 is out of range 0-59");
        rejectCron("0 24 * * *").hasMessage("cron: hour field: 24 is out of range 0-23");
        rejectCron("0 0 0 * *").hasMessage("cron: day-of-month field: 0 is out of range 1-31");
        rejectCron("0 0 * 13 *").hasMessage("cron: month field: 13 is out of range 1-12");
        rejectCron("0 0 * * 8").hasMessage("cron: day-of-week field: 8 is out of range 0-7");
        rejectCron("61 0 0 * * *").hasMessage("cron: second field: 61 is out of range 0-59");
    }

    @Test
    void bad_steps_and_ranges_are_explained() {
        rejectCron("*/0 * * * *").hasMessage("cron: minute field: step 0 in '*/0' is out of range 1-59");
        rejectCron("*/61 * * * *").hasMessage("cron: minute field: step 61 in '*/61' is out of range 1-59");
        rejectCron("5-1 * * * *").hasMessage("cron: minute field: range '5-1' runs backwards; the start must not be after the end");
        rejectCron("0 0 * * FRI-MON").hasMessageStartingWith("cron: day-of-week field: range 'FRI-MON' runs backwards");
    }

    @Test
    void unsupported_syntax_and_junk_are_rejected_with_the_allowed_syntax() {
        rejectCron("0 0 ? * *").hasMessageStartingWith("cron: day-of-month field: '?' is not supported; use numbers");
        rejectCron("0 0 * * MON#2").hasMessageStartingWith("cron: day-of-week field: '#' is not supported");
        rejectCron("0 0 L * *").hasMessageStartingWith("cron: day-of-month field: 'L' is not valid here");
        rejectCron("0 0 * FOO *").hasMessageStartingWith("cron: month field: 'FOO' is not valid here");
        rejectCron("1,,2 * * * *").hasMessageStartingWith("cron: minute field: '1,,2' is not valid here");
        rejectCron("@fortnightly").hasMessageStartingWith("cron: unknown macro '@fortnightly'; known: @yearly");
    }

    @Test
    void unknown_time_zone_is_named() {
        assertThatThrownBy(() -> Schedules.parseCron("0 0 * * *", "Europe/Lodnon"))
                .isInstanceOfSatisfying(InvalidScheduleException.class, e -> assertThat(e.field()).isEqualTo("timezone"))
                .hasMessage("timezone: unknown time zone 'Europe/Lodnon'");
    }

    @Test
    void an_empty_time_zone_is_refused_not_read_as_utc() {
        for (String empty : new String[] {"", " "}) {
            assertThatThrownBy(() -> Schedules.parseCron("0 0 * * *", empty))
                    .isInstanceOfSatisfying(InvalidScheduleException.class, e -> assertThat(e.field()).isEqualTo("timezone"))
                    .hasMessageStartingWith("timezone: is empty");
        }
    }

    @Test
    void missing_time_zone_means_utc_and_zone_names_are_kept() {
        assertThat(Schedules.parseCron("0 0 * * *", null).zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(Schedules.parseCron("0 0 * * *", "utc").zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(Schedules.parseCron(" 0  0 * * * ", "Europe/London"))
                .satisfies(c -> assertThat(c.expression()).isEqualTo("0 0 * * *"))
                .satisfies(c -> assertThat(c.zone()).isEqualTo(ZoneId.of("Europe/London")));
    }

    @Test
    void every_must_be_a_positive_duration() {
        assertThatThrownBy(() -> Schedules.parseEvery("0s")).hasMessage("every: must be at least 1s")
                .isInstanceOfSatisfying(InvalidScheduleException.class, e -> assertThat(e.field()).isEqualTo("every"));
        assertThatThrownBy(() -> Schedules.parseEvery("5x")).hasMessageStartingWith("every: '5x' is not a duration");
        assertThatThrownBy(() -> Schedules.parseEvery("-5m")).hasMessageStartingWith("every: '-5m' is negative");
    }

    @Test
    void every_is_at_least_a_second_and_at_most_366_days() {
        assertThat(Schedules.parseEvery("1s").interval()).isEqualTo(Schedules.MIN_EVERY);
        assertThat(Schedules.parseEvery("366d").interval()).isEqualTo(Schedules.MAX_EVERY);
        assertThatThrownBy(() -> Schedules.parseEvery("1ms")).hasMessage("every: must be at least 1s");
        assertThatThrownBy(() -> Schedules.parseEvery("9223372036854775s")).hasMessage("every: must be at most 366d");
    }

    @Test
    void a_cron_no_date_can_match_is_refused_and_a_rare_one_is_not() {
        rejectCron("0 0 30 2 *").hasMessage("cron: '0 0 30 2 *' never fires: no month has the day of the month it names");
        rejectCron("0 0 31 2,4,6,9,11 *").hasMessageContaining("never fires");
        rejectCron("0 0 0 31 2 *").hasMessageContaining("never fires");
        assertThat(Schedules.parseCron("0 0 29 2 *", "UTC").expression()).isEqualTo("0 0 29 2 *");
        assertThat(Schedules.parseCron("0 0 29 2 1", "UTC").expression()).isEqualTo("0 0 29 2 1"); // 29 Feb or any Monday of Feb
        assertThat(Schedules.parseCron("0 0 31 * *", "UTC").expression()).isEqualTo("0 0 31 * *");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> rejectCron(String expression) {
        return assertThatThrownBy(() -> Schedules.parseCron(expression, "UTC"))
                .isInstanceOfSatisfying(InvalidScheduleException.class, e -> assertThat(e.field()).isEqualTo("cron"));
    }
}
