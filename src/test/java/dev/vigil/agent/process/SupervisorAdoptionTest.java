package dev.vigil.agent.process;

import static dev.vigil.agent.process.ProcessTesting.BASE_ENV;
import static dev.vigil.agent.process.ProcessTesting.GRACE;
import static dev.vigil.agent.process.ProcessTesting.alive;
import static dev.vigil.agent.process.ProcessTesting.awaitAllGone;
import static dev.vigil.agent.process.ProcessTesting.outcomeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.agent.process.ProcessOutcome.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A durable process outlives the supervisor that started it ({@link Supervisor#abandon()} stands for
 * the agent's {@code kill -9}), and a new supervisor adopts it from its directory: supervises it if
 * it still runs, reports how it ended if it did meanwhile, and never mistakes another process for it.
 */
class SupervisorAdoptionTest {
    @TempDir
    Path tmp;
    private final Supervisor first = new Supervisor(BASE_ENV);
    private final Supervisor second = new Supervisor(BASE_ENV);
    private Process stranger;

    @AfterEach
    void stop() {
        long pid = dir().pid(); // a test that failed may have left its process running
        if (pid > 1 && (stranger == null || pid != stranger.pid())) ProcessGroups.locate().signalGroup(pid, ProcessGroups.Signal.KILL);
        first.close();
        second.close();
        if (stranger != null) stranger.destroyForcibly();
    }

    private ProcessDir dir() {
        return new ProcessDir(tmp.resolve("runs").resolve("7"));
    }

    /** Starts {@code script} durably, waits until it printed {@code ready}, then lets it go as a crash would. */
    private RunningProcess startAndAbandon(ProcessSpec spec, ProcessDir dir, RecordingSink sink) {
        RunningProcess p = first.start(spec, sink, dir);
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.stdout().contains("ready"));
        first.abandon();
        return p;
    }

    @Test
    void a_process_still_running_is_adopted_and_its_real_exit_status_and_later_output_reported() throws Exception {
        ProcessDir dir = dir();
        Path gate = tmp.resolve("gate");
        RecordingSink before = new RecordingSink();
        RunningProcess p = startAndAbandon(ProcessSpec.shell("echo ready; while [ ! -e " + gate + " ]; do sleep 0.05; done;"
                + " echo after; exit 3"), dir, before);

        RecordingSink after = new RecordingSink();
        RunningProcess adopted = second.adopt(dir, before.stdoutSize(), after);
        assertThat(adopted.isAlive()).isTrue();
        assertThat(adopted.pid()).isEqualTo(p.pid());
        assertThat(adopted.outcome()).isNotDone();
        Files.createFile(gate);
        ProcessOutcome outcome = outcomeOf(adopted);

        assertThat(outcome.reason()).isEqualTo(Reason.EXITED);
        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(after.stdout()).isEqualTo("after\n");
        assertThat(p.outcome()).as("the abandoned supervisor reports nothing").isNotDone();
    }

    @Test
    void output_written_while_no_agent_reads_is_not_lost_and_does_not_kill_the_process() throws Exception {
        ProcessDir dir = dir();
        Path gate = tmp.resolve("gate");
        RecordingSink before = new RecordingSink();
        startAndAbandon(ProcessSpec.shell("echo ready; while [ ! -e " + gate + " ]; do sleep 0.05; done;"
                + " seq 1 20000; echo done"), dir, before); // 108 KB: more than a pipe holds
        Files.createFile(gate);
        await().atMost(Duration.ofSeconds(10)).until(() -> dir.exitStatus().isPresent());

        RecordingSink after = new RecordingSink();
        ProcessOutcome outcome = outcomeOf(second.adopt(dir, before.stdoutSize(), after));

        assertThat(outcome.reason()).isEqualTo(Reason.EXITED);
        assertThat(outcome.exitCode()).as("no SIGPIPE: the output goes to a file, not to the dead agent").isZero();
        assertThat(after.stdoutLines()).hasSize(20_001).endsWith("20000", "done");
    }

    @Test
    void a_process_that_ended_meanwhile_is_reported_with_its_recorded_exit_status() throws Exception {
        ProcessDir dir = dir();
        Path gate = tmp.resolve("gate");
        startAndAbandon(ProcessSpec.shell("echo ready; while [ ! -e " + gate + " ]; do sleep 0.05; done; exit 5"), dir, new RecordingSink());
        Files.createFile(gate);
        await().atMost(Duration.ofSeconds(10)).until(() -> dir.exitStatus().isPresent());

        RunningProcess adopted = second.adopt(dir, 0, new RecordingSink());

        assertThat(adopted.isAlive()).isFalse();
        ProcessOutcome outcome = outcomeOf(adopted);
        assertThat(outcome.reason()).isEqualTo(Reason.EXITED);
        assertThat(outcome.exitCode()).isEqualTo(5);
    }

    @Test
    void the_timeout_of_an_adopted_process_counts_from_its_real_start() throws Exception {
        ProcessDir dir = dir();
        ProcessSpec spec = ProcessSpec.shell("sleep 30 & echo $!; echo ready; wait").withTimeout(Duration.ofSeconds(2)).withKillGrace(GRACE);
        RecordingSink before = new RecordingSink();
        long started = System.nanoTime();
        RunningProcess p = startAndAbandon(spec, dir, before);
        long child = Long.parseLong(before.stdoutLines().getFirst());

        ProcessOutcome outcome = outcomeOf(second.adopt(dir, before.stdoutSize(), new RecordingSink()));

        assertThat(outcome.reason()).isEqualTo(Reason.TIMED_OUT);
        assertThat(outcome.signal()).as("the recorded status of the program TERMed with its group").isEqualTo(15);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(1_900), Duration.ofSeconds(6));
        awaitAllGone(List.of(p.pid(), child));
    }

    @Test
    void cancelling_an_adopted_process_ends_its_whole_group() throws Exception {
        ProcessDir dir = dir();
        RecordingSink before = new RecordingSink();
        RunningProcess p = startAndAbandon(ProcessSpec.shell("sleep 30 & echo $!; echo ready; wait").withKillGrace(GRACE), dir, before);
        long child = Long.parseLong(before.stdoutLines().getFirst());

        RunningProcess adopted = second.adopt(dir, before.stdoutSize(), new RecordingSink());
        adopted.cancel();
        ProcessOutcome outcome = outcomeOf(adopted);

        assertThat(outcome.reason()).isEqualTo(Reason.CANCELLED);
        assertThat(outcome.signal()).isEqualTo(15);
        awaitAllGone(List.of(p.pid(), child));
    }

    @Test
    void what_an_ended_process_left_in_its_group_is_ended_on_adoption() throws Exception {
        ProcessDir dir = dir();
        Path gate = tmp.resolve("gate");
        RecordingSink before = new RecordingSink();
        startAndAbandon(ProcessSpec.shell("sleep 30 & echo $!; echo ready; while [ ! -e " + gate + " ]; do sleep 0.05; done")
                .withKillGrace(GRACE), dir, before);
        long left = Long.parseLong(before.stdoutLines().getFirst());
        Files.createFile(gate);
        await().atMost(Duration.ofSeconds(10)).until(() -> dir.exitStatus().isPresent());
        assertThat(alive(left)).isTrue();

        ProcessOutcome outcome = outcomeOf(second.adopt(dir, before.stdoutSize(), new RecordingSink()));

        assertThat(outcome.exitCode()).isZero();
        awaitAllGone(List.of(left));
    }

    @Test
    void a_process_killed_with_its_wrapper_while_no_agent_watched_is_lost() throws Exception {
        ProcessDir dir = dir();
        RunningProcess p = startAndAbandon(ProcessSpec.shell("echo ready; sleep 30"), dir, new RecordingSink());
        ProcessGroups.locate().signalGroup(p.pid(), ProcessGroups.Signal.KILL);
        awaitAllGone(List.of(p.pid()));

        ProcessOutcome outcome = outcomeOf(second.adopt(dir, 0, new RecordingSink()));

        assertThat(outcome.reason()).isEqualTo(Reason.LOST);
        assertThat(outcome.exitCode()).isNull();
        assertThat(outcome.error()).contains("without recording its exit status");
    }

    @Test
    void a_reused_pid_is_not_taken_for_the_process_and_its_group_is_left_alone() throws Exception {
        ProcessDir dir = dir();
        stranger = new ProcessBuilder("setsid", "sleep", "30").start(); // another group leader
        RunningProcess p = startAndAbandon(ProcessSpec.shell("echo ready; sleep 30"), dir, new RecordingSink());
        ProcessGroups.locate().signalGroup(p.pid(), ProcessGroups.Signal.KILL);
        awaitAllGone(List.of(p.pid()));
        Files.writeString(dir.pidFile(), stranger.pid() + "\n"); // as if the pid had been reused

        RunningProcess adopted = second.adopt(dir, 0, new RecordingSink());

        assertThat(adopted.isAlive()).isFalse();
        assertThat(outcomeOf(adopted).reason()).isEqualTo(Reason.LOST);
        adopted.cancel();
        Thread.sleep(300);
        assertThat(alive(stranger.pid())).isTrue();
    }

    @Test
    void a_directory_whose_process_never_started_is_lost_with_that_reason() throws Exception {
        ProcessDir dir = dir();
        Files.createDirectories(dir.path());

        ProcessOutcome outcome = outcomeOf(second.adopt(dir, 0, new RecordingSink()));

        assertThat(outcome.reason()).isEqualTo(Reason.LOST);
        assertThat(outcome.error()).isEqualTo("the agent stopped before the process started");
    }
}
