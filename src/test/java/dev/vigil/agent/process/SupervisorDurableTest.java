package dev.vigil.agent.process;

import static dev.vigil.agent.process.ProcessTesting.BASE_ENV;
import static dev.vigil.agent.process.ProcessTesting.GRACE;
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
 * A durable process ({@link Supervisor#start(ProcessSpec, OutputSink, ProcessDir)}) behaves for its
 * agent as a piped one does — output, exit status, timeout, cancel, nothing left behind — while
 * keeping its pid, output and exit status in its directory.
 */
class SupervisorDurableTest {
    @TempDir
    Path tmp;
    private final Supervisor supervisor = new Supervisor(BASE_ENV);

    @AfterEach
    void stop() {
        supervisor.close();
    }

    private ProcessDir dir() {
        return new ProcessDir(tmp.resolve("runs").resolve("1"));
    }

    @Test
    void exit_code_output_and_both_streams_in_order_arrive_and_are_kept_in_the_directory() throws Exception {
        RecordingSink sink = new RecordingSink();
        ProcessDir dir = dir();

        RunningProcess p = supervisor.start(ProcessSpec.shell("echo out; echo err >&2; echo out2; exit 3"), sink, dir);
        ProcessOutcome outcome = outcomeOf(p);

        assertThat(outcome.reason()).isEqualTo(Reason.EXITED);
        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(sink.stdout()).isEqualTo("out\nerr\nout2\n");
        assertThat(Files.readString(dir.output())).isEqualTo("out\nerr\nout2\n");
        assertThat(dir.exitStatus()).contains(3);
        assertThat(dir.pid()).isEqualTo(p.pid());
        assertThat(dir.endedAt()).isPresent();
    }

    @Test
    void the_wrapper_leads_the_group_and_the_program_runs_in_it_with_the_job_environment_only() throws Exception {
        RecordingSink sink = new RecordingSink();
        ProcessSpec spec = ProcessSpec.shell("cut -d' ' -f5,6 /proc/$$/stat; env | sort").withEnv(java.util.Map.of("JOB", "x"));

        RunningProcess p = supervisor.start(spec, sink, dir());
        outcomeOf(p);

        List<String> lines = sink.stdoutLines();
        assertThat(lines.getFirst()).isEqualTo(p.pid() + " " + p.pid());
        assertThat(lines.subList(1, lines.size()).stream().map(l -> l.substring(0, l.indexOf('='))).toList())
                .containsExactlyInAnyOrder("HOME", "JOB", "LANG", "PATH", "PWD", "TZ"); // PWD: set by sh
    }

    @Test
    void a_shell_builtin_name_runs_the_program_not_the_builtin() throws Exception {
        RecordingSink sink = new RecordingSink();

        outcomeOf(supervisor.start(ProcessSpec.of(List.of("echo", "-n", "x")), sink, dir()));

        assertThat(sink.stdout()).isEqualTo("x"); // dash's builtin echo would print "-n x"
    }

    @Test
    void a_signal_is_reported_as_such_and_the_shell_adds_nothing_to_the_output() throws Exception {
        RecordingSink sink = new RecordingSink();

        ProcessOutcome outcome = outcomeOf(supervisor.start(ProcessSpec.shell("echo before; kill -9 $$"), sink, dir()));

        assertThat(outcome.signal()).isEqualTo(9);
        assertThat(outcome.exitCode()).isNull();
        assertThat(sink.stdout()).isEqualTo("before\n");
    }

    @Test
    void timeout_terms_the_group_reports_timed_out_with_the_signal_and_leaves_nothing() throws Exception {
        RecordingSink sink = new RecordingSink();
        ProcessSpec spec = ProcessSpec.shell("sleep 30 & echo $!; wait").withTimeout(Duration.ofMillis(700)).withKillGrace(GRACE);

        RunningProcess p = supervisor.start(spec, sink, dir());
        ProcessOutcome outcome = outcomeOf(p);

        assertThat(outcome.reason()).isEqualTo(Reason.TIMED_OUT);
        assertThat(outcome.signal()).isEqualTo(15);
        awaitAllGone(List.of(sink.stdoutPids().getFirst(), p.pid()));
    }

    @Test
    void a_program_ignoring_term_is_killed_after_the_grace() throws Exception {
        RecordingSink sink = new RecordingSink();
        RunningProcess p = supervisor.start(ProcessSpec.shell("trap '' TERM; echo ready; sleep 30").withKillGrace(GRACE), sink, dir());
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.stdout().equals("ready\n"));

        p.cancel();
        ProcessOutcome outcome = outcomeOf(p);

        assertThat(outcome.reason()).isEqualTo(Reason.CANCELLED);
        assertThat(outcome.signal()).isEqualTo(9);
        awaitAllGone(List.of(p.pid()));
    }

    @Test
    void a_missing_program_fails_to_start_before_anything_runs() throws Exception {
        ProcessOutcome outcome = outcomeOf(supervisor.start(ProcessSpec.of(List.of("/usr/bin/nope")), OutputSink.DISCARD, dir()));

        assertThat(outcome.reason()).isEqualTo(Reason.FAILED_TO_START);
        assertThat(outcome.error()).isEqualTo("no such file: /usr/bin/nope");
    }
}
