package dev.vigil.cli.defs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CrontabTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void a_user_crontab_with_comments_environment_lines_and_macros() {
        Crontab tab = Crontab.parse("""
                # m h dom mon dow command
                SHELL=/bin/bash
                MAILTO=ops@example.test

                # Nightly database backup
                30 2 * * * /usr/local/bin/backup-db.sh --full > /var/log/backup.log 2>&1
                */15 * * * 1-5 cd /srv/app && ./bin/sync_orders.py
                @daily   find /tmp -mtime +7 -delete
                @hourly  /usr/local/bin/backup-db.sh --incremental
                CRON_TZ=America/New_York
                0 9 * * mon  sudo -u app /opt/report/send-report
                @reboot /usr/local/bin/start-things
                not a cron line
                """, BERLIN, false);

        assertThat(tab.entries()).extracting(Crontab.Entry::line, Crontab.Entry::cron, Crontab.Entry::zone, Crontab.Entry::slug,
                        Crontab.Entry::comment)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(6, "30 2 * * *", BERLIN, "backup-db", "Nightly database backup"),
                        org.assertj.core.groups.Tuple.tuple(7, "*/15 * * * 1-5", BERLIN, "sync_orders", null),
                        org.assertj.core.groups.Tuple.tuple(8, "0 0 * * *", BERLIN, "find", null),
                        org.assertj.core.groups.Tuple.tuple(9, "0 * * * *", BERLIN, "backup-db-2", null),
                        org.assertj.core.groups.Tuple.tuple(11, "0 9 * * mon", ZoneId.of("America/New_York"), "send-report", null));
        assertThat(tab.entries().getFirst().command()).isEqualTo("/usr/local/bin/backup-db.sh --full > /var/log/backup.log 2>&1");
        assertThat(tab.lines()).hasSize(13);
        assertThat(tab.lines()).filteredOn(Crontab.Other.class::isInstance).map(Crontab.Other.class::cast)
                .filteredOn(o -> o.reason() != null)
                .extracting(Crontab.Other::line, Crontab.Other::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(12, "@reboot has no schedule to watch; not imported"),
                        org.assertj.core.groups.Tuple.tuple(13, "not a cron line (five time fields and a command); not imported"));
    }

    @Test
    void a_system_crontab_has_a_user_before_the_command() {
        Crontab tab = Crontab.parse("""
                17 *\t* * *\troot    cd / && run-parts --report /etc/cron.hourly
                25 6 * * * root test -x /usr/sbin/anacron || /usr/sbin/logrotate /etc/logrotate.conf
                """, ZoneId.of("UTC"), true);

        assertThat(tab.entries()).extracting(Crontab.Entry::user, Crontab.Entry::command, Crontab.Entry::cron)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("root", "cd / && run-parts --report /etc/cron.hourly", "17 * * * *"),
                        org.assertj.core.groups.Tuple.tuple("root", "test -x /usr/sbin/anacron || /usr/sbin/logrotate /etc/logrotate.conf",
                                "25 6 * * *"));
        assertThat(tab.entries()).extracting(Crontab.Entry::slug).containsExactly("cron-hourly", "test");
    }
}
