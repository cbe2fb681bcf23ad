package dev.vigil.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A cron expression is kept trimmed with single spaces, however it was spaced. */
class ScheduleCronTest {
    private static String normal(String expression) {
        return new Schedule.Cron(expression, ZoneOffset.UTC).expression();
    }

    @Test
    void whitespace_is_normalized() {
        assertThat(normal("0 3 * * *")).isEqualTo("0 3 * * *");
        assertThat(normal("  0  3\t*\n* *  ")).isEqualTo("0 3 * * *");
        assertThat(normal("0 \t3 * * *")).isEqualTo("0 3 * * *");
        assertThat(normal("0\u000B3 * * *")).isEqualTo("0 3 * * *");
        assertThat(normal("0\u00A03 * * *")).isEqualTo("0\u00A03 * * *"); // not ASCII whitespace: kept, as before
    }
}
