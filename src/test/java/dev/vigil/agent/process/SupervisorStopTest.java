package dev.vigil.agent.process;

import static dev.vigil.agent.process.ProcessTesting.BASE_ENV;
import static dev.vigil.agent.process.ProcessTesting.GRACE;
import static dev.vigil.agent.process.ProcessTesting.TIMEOUT;
import static dev.vigil.agent.process.ProcessTesting.alive;
import static dev.vigil.agent.process.ProcessTesting.awaitAllGone;
import static dev.vigil.agent.process.ProcessTesting.outcomeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.agent.process.ProcessOutcome.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SupervisorStopTest {
    private static Supervisor supervisor;

    @BeforeAll
    static void start() {
        supervisor = new Supervisor(BASE_ENV);
    }

    @AfterAll
    static void stop() {
        supervisor.close();
    }

    private static ProcessSpec timed(String script) {
        return ProcessSpec.shell(script).withTimeout(TIMEOUT).withKillGrace(GRACE);
    }

    /** Long enough for a script to start its children and print their pids, even on a busy machine. */
    private static ProcessSpec timedTree(String script) {
        return ProcessSpec.shell(script).withTimeout(Duration.ofMillis(700)).withKillGrace(GRACE);
    }

    @Test
    void timeout_sends_term_and_reports_timed_out_with_the_signal() throws Exception {
        ProcessOutcome outcome = outcomeOf(supervisor.start(timed("sleep 30"), OutputSink.DISCARD));

        assertThat(outcome.reason()).isEqualTo(Reason.TIMED_OUT);
        assertThat(outcome.signal()).isEqualTo(15);
        assertThat(outcome.exitCode()).isNull();
        assertThat(outcome.duration()).isBetween(TIMEOUT, Duration.ofSeconds(5));
    }

    @Test
    void timeout_kills_every_child_of_the_process() throws Exception {
        RecordingSink sink = new RecordingSink();
        RunningProcess process = supervisor.start(timedTree("sleep 30 & echo $!; sleep 30 & echo $!; wait"), sink);

        assertThat(outcomeOf(process).reason()).isEqualTo(Reason.TIMED_OUT);

        List<Long> pids = new ArrayList<>(sink.stdoutPids());
        assertThat(pids).hasSize(2);
        pids.add(process.pid());
        awaitAllGone(pids);
    }

    @Test
    void timeout_kills_grandchildren_too() throws Exception {
        RecordingSink sink = new RecordingSink();
        String script = "sh -c 'sleep 30 & echo $!; wait' & echo $!; wait";
        RunningProcess process = supervisor.start(timedTree(script), sink);

        assertThat(outcomeOf(process).reason()).isEqualTo(Reason.TIMED_OUT);

        List<Long> pids = sink.stdoutPids(); // the grandchild sleep and the child sh, in either order
        assertThat(pids).hasSize(2);
        awaitAllGone(pids);
    }

    @Test
    void a_process_ignoring_term_is_killed_after_the_grace() throws Exception {
        RecordingSink sink = new RecordingSink();
        // Ignored signals stay ignored across exec, so the sleep ignores TERM as well.
        RunningProcess process = supervisor.start(
                ProcessSpec.shell("trap '' TERM; sleep 30 & echo $!; wait").withKillGrace(GRACE), sink);
        await().atMost(Duration.ofSeconds(5)).until(() -> !sink.stdout().isEmpty());

        long cancelled = System.nanoTime();
        process.cancel();
        ProcessOutcome outcome = outcomeOf(process);

        assertThat(outcome.reason()).isEqualTo(Reason.CANCELLED);
        assertThat(outcome.signal()).isEqualTo(9);
        assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).isGreaterThanOrEqualTo(GRACE);
        awaitAllGone(sink.stdoutPids());
    }

    @Test
    void a_process_that_exits_on_term_reports_its_own_exit_code_but_stays_timed_out() throws Exception {
        RecordingSink sink = new RecordingSink();

        // A longer timeout than elsewhere, so the trap is surely set before TERM comes.
        ProcessSpec spec = ProcessSpec.shell("trap 'echo bye; exit 7' TERM; sleep 30 & wait")
                .withTimeout(Duration.ofSeconds(1)).withKillGrace(GRACE);

        ProcessOutcome outcome = outcomeOf(supervisor.start(spec, sink));

        assertThat(outcome.reason()).isEqualTo(Reason.TIMED_OUT);
        assertThat(outcome.exitCode()).isEqualTo(7);
        assertThat(outcome.signal()).isNull();
        assertThat(sink.stdout()).isEqualTo("bye\n");
    }

    @Test
    void a_process_finishing_before_its_timeout_is_not_touched() throws Exception {
        ProcessOutcome outcome = outcomeOf(supervisor.start(
                ProcessSpec.shell("exit 2").withTimeout(Duration.ofSeconds(5)), OutputSink.DISCARD));

        assertThat(outcome.reason()).isEqualTo(Reason.EXITED);
        assertThat(outcome.exitCode()).isEqualTo(2);
    }

    @Test
    void cancel_terms_the_group_and_reports_cancelled() throws Exception {
        RecordingSink sink = new RecordingSink();
        RunningProcess process = supervisor.start(
                ProcessSpec.shell("sleep 30 & echo $!; wait").withKillGrace(GRACE), sink);
        await().atMost(Duration.ofSeconds(5)).until(() -> !sink.stdout().isEmpty());

        process.cancel();
        process.cancel(); // a second cancel changes nothing

        ProcessOutcome outcome = outcomeOf(process);
        assertThat(outcome.reason()).isEqualTo(Reason.CANCELLED);
        assertThat(outcome.signal()).isEqualTo(15);
        assertThat(process.isAlive()).isFalse();
        awaitAllGone(sink.stdoutPids());
    }

    @Test
    void cancel_after_the_process_exited_leaves_the_outcome_as_it_was() throws Exception {
        RunningProcess process = supervisor.start(ProcessSpec.shell("exit 0"), OutputSink.DISCARD);
        ProcessOutcome before = outcomeOf(process);

        process.cancel();

        assertThat(outcomeOf(process)).isEqualTo(before);
        assertThat(before.reason()).isEqualTo(Reason.EXITED);
    }

    @Test
    void cancel_right_after_start_still_stops_the_process() throws Exception {
        RunningProcess process = supervisor.start(ProcessSpec.shell("sleep 30").withKillGrace(GRACE), OutputSink.DISCARD);
        process.cancel();

        ProcessOutcome outcome = outcomeOf(process);
        assertThat(outcome.reason()).isEqualTo(Reason.CANCELLED);
        assertThat(outcome.signal()).isIn(9, 15);
    }

    @Test
    void what_the_process_leaves_behind_in_its_group_is_ended_when_it_exits() throws Exception {
        RecordingSink sink = new RecordingSink();
        // The background sleep keeps stdout open: without ending it, the output would never finish.
        RunningProcess process = supervisor.start(
                ProcessSpec.shell("sleep 30 & echo $!").withKillGrace(GRACE), sink);

        ProcessOutcome outcome = outcomeOf(process);

        assertThat(outcome.reason()).isEqualTo(Reason.EXITED);
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.duration()).isLessThan(Duration.ofSeconds(5));
        awaitAllGone(sink.stdoutPids());
    }

    @Test
    void a_descendant_that_left_the_group_is_still_killed() throws Exception {
        RecordingSink sink = new RecordingSink();
        RunningProcess process = supervisor.start(
                ProcessSpec.shell("setsid sleep 30 & echo $!; wait").withKillGrace(GRACE), sink);
        await().atMost(Duration.ofSeconds(5)).until(() -> !sink.stdout().isEmpty());
        long escaped = sink.stdoutPids().getFirst();
        await().atMost(Duration.ofSeconds(5)).until(() -> processGroupOf(escaped) == escaped);

        process.cancel();

        assertThat(outcomeOf(process).reason()).isEqualTo(Reason.CANCELLED);
        awaitAllGone(List.of(escaped));
    }

    private static long processGroupOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
    }

    @Test
    void a_double_forked_daemon_escapes_but_does_not_hold_up_the_outcome() throws Exception {
        RecordingSink sink = new RecordingSink();
        // setsid leaves the group, the inner sh exits so the sleep is re-parented away: nothing links it
        // to the run any more, yet it still holds the run's stdout.
        RunningProcess process = supervisor.start(
                ProcessSpec.shell("setsid sh -c 'sleep 30 & echo $!'; echo started").withKillGrace(GRACE), sink);

        ProcessOutcome outcome = outcomeOf(process);
        long daemon = Long.parseLong(sink.stdoutLines().getFirst());
        try {
            assertThat(outcome.reason()).isEqualTo(Reason.EXITED);
            assertThat(outcome.exitCode()).isZero();
            assertThat(sink.stdoutLines()).hasSize(2).contains("started");
            assertThat(alive(daemon)).as("the escaped daemon").isTrue();
        } finally {
            ProcessHandle.of(daemon).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void closing_the_supervisor_cancels_what_runs_refuses_new_starts_and_stops_its_thread() throws Exception {
        long timersBefore = timerThreads();
        Supervisor own = new Supervisor(BASE_ENV);
        RunningProcess process = own.start(ProcessSpec.shell("sleep 30").withKillGrace(GRACE), OutputSink.DISCARD);
        await().atMost(Duration.ofSeconds(5)).until(() -> own.runningCount() == 1);

        own.close();

        assertThat(process.outcome()).isCompleted();
        assertThat(outcomeOf(process).reason()).isEqualTo(Reason.CANCELLED);
        assertThatThrownBy(() -> own.start(ProcessSpec.shell("true"), OutputSink.DISCARD))
                .isInstanceOf(IllegalStateException.class);
        await().atMost(Duration.ofSeconds(2)).until(() -> own.runningCount() == 0);
        await().atMost(Duration.ofSeconds(2)).until(() -> timerThreads() == timersBefore);
    }

    private static long timerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("vigil-process-timer")).count();
    }
}
