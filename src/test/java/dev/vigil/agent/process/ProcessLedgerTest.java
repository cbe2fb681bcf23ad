package dev.vigil.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessLedgerTest {
    @TempDir
    Path dir;
    Process orphan;

    /** A job as an agent leaves it when it is killed: the leader of its own session and group. */
    private long startOrphan() throws Exception {
        orphan = new ProcessBuilder("setsid", "sleep", "60").start();
        return orphan.pid();
    }

    @AfterEach
    void cleanUp() {
        if (orphan != null) orphan.destroyForcibly();
    }

    @Test
    void a_group_left_by_an_earlier_agent_process_is_ended() throws Exception {
        long pid = startOrphan();
        new ProcessLedger(dir).started(7, pid);

        var ended = new ProcessLedger(dir).endLeftovers(Duration.ofSeconds(2));

        assertThat(ended).containsExactly(7L);
        ProcessTesting.awaitAllGone(java.util.List.of(pid));
        assertThat(Files.list(dir)).isEmpty();
    }

    @Test
    void a_run_that_ended_is_not_touched_again() throws Exception {
        long pid = startOrphan();
        ProcessLedger ledger = new ProcessLedger(dir);
        ledger.started(7, pid);
        ledger.ended(7);

        assertThat(new ProcessLedger(dir).endLeftovers(Duration.ofSeconds(2))).isEmpty();
        assertThat(ProcessTesting.alive(pid)).isTrue();
    }

    @Test
    void a_reused_pid_is_not_mistaken_for_the_recorded_process() throws Exception {
        long pid = startOrphan();
        new ProcessLedger(dir).started(7, pid);
        Path entry = dir.resolve("7");
        String[] f = Files.readString(entry).trim().split(" ");
        Files.writeString(entry, f[0] + " 2001-01-01T00:00:00Z " + f[2] + "\n"); // another process's start time

        assertThat(new ProcessLedger(dir).endLeftovers(Duration.ofSeconds(2))).isEmpty();
        assertThat(ProcessTesting.alive(pid)).isTrue();
    }
}
