package dev.vigil.alert.channel.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.Fixtures;
import dev.vigil.domain.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogChannelTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger("vigil.alerts");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Channel channel = new Channel(5, Fixtures.PROJECT_ID, "log", "audit", "{}", Fixtures.T0);

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    void down_alert_is_one_warn_line_with_the_job_status_reason_and_key() {
        AlertMessage down = Fixtures.message(Fixtures.backupJob(), Fixtures.missedFlip(9), Fixtures.BASE_URL, null);

        new LogChannel().send(channel, down, "vigil-k-9-5");

        assertThat(lines.list).hasSize(1);
        ILoggingEvent line = lines.list.get(0);
        assertThat(line.getLevel()).isEqualTo(Level.WARN);
        assertThat(line.getLoggerName()).isEqualTo("vigil.alerts");
        assertThat(line.getFormattedMessage()).isEqualTo("alert down job=prod/nightly-backup status=missed "
                + "health=healthy since=2025-03-01T12:00:00Z reason=\"no start within grace (expected 02:00 UTC)\" "
                + "owner=\"alice\" tags=db,backup channel=\"audit\" key=vigil-k-9-5 "
                + "url=https://vigil.example.com/ui/p/prod/jobs/nightly-backup");
    }

    @Test
    void up_alert_is_an_info_line() {
        AlertMessage up = Fixtures.message(Fixtures.backupJob(), Fixtures.recoveredFlip(10), Fixtures.BASE_URL, null);

        new LogChannel().send(channel, up, "k");

        assertThat(lines.list).singleElement().satisfies(l -> {
            assertThat(l.getLevel()).isEqualTo(Level.INFO);
            assertThat(l.getFormattedMessage()).startsWith("alert up job=prod/nightly-backup status=up");
        });
    }

    @Test
    void reason_with_quotes_and_newlines_stays_on_one_line() {
        AlertMessage odd = new AlertMessage("trigger", "critical", 1, "k", Fixtures.T0, Fixtures.JOB_UNIQUE_KEY, "prod", "x", "X", null,
                null, "down", "failed", "unhealthy", "exit 1: \"disk full\"\nretrying", Fixtures.T0, 1, "u", null, null,
                0, 0, null, null, false);

        new LogChannel().send(channel, odd, "k");

        assertThat(lines.list.get(0).getFormattedMessage())
                .contains("reason=\"exit 1: \\\"disk full\\\"\\nretrying\"")
                .contains("owner=-")
                .doesNotContain("\n");
    }

    @Test
    void never_fails_even_on_a_message_missing_fields() {
        AlertMessage sparse = new AlertMessage("trigger", null, 0, "k", null, Fixtures.JOB_UNIQUE_KEY, null, null, null, null, null, null,
                null, null, null, null, 0, null, null, null, 0, 0, null, null, false);

        assertThatCode(() -> new LogChannel().send(channel, sparse, null)).doesNotThrowAnyException();
    }
}
