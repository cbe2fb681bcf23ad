package dev.vigil.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.Schedule;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CompiledScheduleCacheTest {

    @Test
    void equal_cron_schedules_share_one_compiled_evaluation_and_different_zones_do_not() {
        var london = new Schedule.Cron("30 2 * * *", ZoneId.of("Europe/London"));
        var again = new Schedule.Cron("30  2 * * *", ZoneId.of("Europe/London")); // same after normalising spaces
        var paris = new Schedule.Cron("30 2 * * *", ZoneId.of("Europe/Paris"));
        assertThat(Schedules.fireTimes(again)).isSameAs(Schedules.fireTimes(london));
        assertThat(Schedules.fireTimes(paris)).isNotSameAs(Schedules.fireTimes(london));
        assertThat(Schedules.fireTimes(paris).next(Instant.parse("2025-06-01T00:00:00Z")))
                .contains(Instant.parse("2025-06-01T00:30:00Z"));
    }
}
