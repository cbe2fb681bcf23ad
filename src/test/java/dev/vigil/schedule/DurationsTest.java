package dev.vigil.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parses_compact_durations() {
        assertThat(Durations.parse("30s", "f")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("15m", "f")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("4h", "f")).isEqualTo(Duration.ofHours(4));
        assertThat(Durations.parse("1d", "f")).isEqualTo(Duration.ofHours(24));
        assertThat(Durations.parse("500ms", "f")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("1h30m", "f")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("1d2h3m4s5ms", "f")).isEqualTo(Duration.parse("P1DT2H3M4.005S"));
        assertThat(Durations.parse(" 0s ", "f")).isEqualTo(Duration.ZERO);
    }

    @Test
    void parses_iso_8601() {
        assertThat(Durations.parse("PT1H30M", "f")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("pt15m", "f")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("P1D", "f")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void rejects_empty_negative_and_junk_naming_the_field() {
        for (String bad : List.of("", " ", "5x", "ture", "-5s", "30", "1m1h", "1h1h", "1h 30m", "1.5h", "30S", "PT-1H", "P", "s",
                "99999999999999999999s")) {
            assertThatThrownBy(() -> Durations.parse(bad, "maxRuntime")).as(bad)
                    .isInstanceOfSatisfying(InvalidScheduleException.class, e -> assertThat(e.field()).isEqualTo("maxRuntime"))
                    .hasMessageStartingWith("maxRuntime: ");
        }
        assertThatThrownBy(() -> Durations.parse(null, "grace")).hasMessageStartingWith("grace: is empty");
        assertThatThrownBy(() -> Durations.parse("30", "grace")).hasMessageContaining("missing unit");
    }

    @Test
    void bounds_are_errors_naming_the_field_and_the_bound_however_large_the_value() {
        Duration min = Duration.ofSeconds(1);
        Duration max = Duration.ofDays(366);
        assertThat(Durations.parse("1s", "ttl", min, max)).isEqualTo(min);
        assertThat(Durations.parse("366d", "ttl", min, max)).isEqualTo(max);
        assertThatThrownBy(() -> Durations.parse("999ms", "ttl", min, max)).hasMessage("ttl: must be at least 1s");
        for (String tooLarge : List.of("366d1ms", "106751991167d", "9223372036854775807ms", "9223372036854775808s",
                "99999999999999999999d", "P9999999999D", "PT99999999999999999999S", "P106751991167D")) {
            assertThatThrownBy(() -> Durations.parse(tooLarge, "ttl", min, max)).as(tooLarge)
                    .isInstanceOfSatisfying(InvalidScheduleException.class, e -> assertThat(e.field()).isEqualTo("ttl"))
                    .hasMessage("ttl: must be at most 366d");
        }
        // Syntax is checked even past an overflow: a typo is reported as a typo.
        assertThatThrownBy(() -> Durations.parse("99999999999999999999d5x", "ttl", min, max)).hasMessageContaining("not a duration");
    }

    @Test
    void no_duration_is_longer_than_ten_years() {
        assertThat(Durations.parse("3650d", "f")).isEqualTo(Durations.MAX);
        assertThatThrownBy(() -> Durations.parse("3650d1ms", "f")).hasMessage("f: must be at most 3650d");
        assertThatThrownBy(() -> Durations.parse("1s", "f", Duration.ZERO, Durations.MAX.plusDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formats_compactly() {
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Durations.format(Duration.ofDays(1))).isEqualTo("1d");
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.format(Duration.parse("P2DT1M0.001S"))).isEqualTo("2d1m1ms");
    }

    @Test
    void format_then_parse_gives_back_the_same_duration() {
        List<Duration> samples = List.of(Duration.ZERO, Duration.ofMillis(1), Duration.ofSeconds(59), Duration.ofMinutes(61),
                Duration.ofHours(25), Duration.ofDays(400), Duration.ofNanos(1), Duration.parse("PT1.0000005S"),
                Duration.ofSeconds(86_399, 999_000_000));
        for (Duration d : samples) {
            assertThat(Durations.parse(Durations.format(d), "f")).as(d.toString()).isEqualTo(d);
        }
        for (long seconds = 0; seconds < 200_000; seconds += 977) {
            Duration d = Duration.ofSeconds(seconds, seconds % 1000 * 1_000_000);
            assertThat(Durations.parse(Durations.format(d), "f")).isEqualTo(d);
        }
    }

    @Test
    void negative_durations_cannot_be_formatted() {
        assertThatThrownBy(() -> Durations.format(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
