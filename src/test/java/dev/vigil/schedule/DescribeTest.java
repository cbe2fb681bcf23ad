package dev.vigil.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.Schedule;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DescribeTest {

    @Test
    void common_cron_shapes_in_words() {
        assertThat(describe("30 2 * * *", "Europe/London")).isEqualTo("every day at 02:30 (Europe/London)");
        assertThat(describe("*/15 * * * *", "UTC")).isEqualTo("every 15 minutes");
        assertThat(describe("* * * * *", "UTC")).isEqualTo("every minute");
        assertThat(describe("0 */2 * * *", "UTC")).isEqualTo("at minute 0 past every 2nd hour (UTC)");
        assertThat(describe("0 * * * *", "UTC")).isEqualTo("every hour (UTC)");
        assertThat(describe("5 * * * *", "UTC")).isEqualTo("at minute 5 past every hour (UTC)");
        assertThat(describe("0 9 * * 1-5", "America/New_York")).isEqualTo("every weekday (Monday to Friday) at 09:00 (America/New_York)");
        assertThat(describe("0 9 * * MON,WED,FRI", "UTC")).isEqualTo("every Monday, Wednesday and Friday at 09:00 (UTC)");
        assertThat(describe("0 10 * * 0,6", "UTC")).isEqualTo("every Saturday and Sunday at 10:00 (UTC)");
        assertThat(describe("0 0 * * 7", "UTC")).isEqualTo("every Sunday at 00:00 (UTC)");
        assertThat(describe("0 6 1 * *", "UTC")).isEqualTo("every month on day 1 at 06:00 (UTC)");
        assertThat(describe("0 0 1 JAN *", "UTC")).isEqualTo("every year on January 1 at 00:00 (UTC)");
        assertThat(describe("@daily", "UTC")).isEqualTo("every day at 00:00 (UTC)");
        assertThat(describe("*/10 * * * * *", "UTC")).isEqualTo("every 10 seconds");
    }

    @Test
    void unusual_shapes_fall_back_to_the_expression() {
        assertThat(describe("0 0 13 * 5", "UTC")).isEqualTo("cron '0 0 13 * 5' (UTC)");
        assertThat(describe("*/7 * * * *", "UTC")).isEqualTo("cron '*/7 * * * *' (UTC)");
        assertThat(describe("5 4 3 2 1 0", "Asia/Tokyo")).isEqualTo("cron '5 4 3 2 1 0' (Asia/Tokyo)");
    }

    @Test
    void every_and_none_in_words() {
        assertThat(Schedules.describe(new Schedule.Every(Duration.ofSeconds(30)))).isEqualTo("every 30s");
        assertThat(Schedules.describe(new Schedule.Every(Duration.ofMinutes(90)))).isEqualTo("every 1h30m");
        assertThat(Schedules.describe(Schedule.none())).isEqualTo("no schedule (on demand)");
    }

    private static String describe(String expression, String zone) {
        return Schedules.describe(Schedules.parseCron(expression, zone));
    }
}
