package dev.vigil.agent.process;

import static dev.vigil.agent.process.ProcessTesting.BASE_ENV;
import static dev.vigil.agent.process.ProcessTesting.outcomeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.process.ProcessOutcome.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisorExitTest {
    private static Supervisor supervisor;

    @BeforeAll
    static void start() {
        supervisor = new Supervisor(BASE_ENV);
    }

    @AfterAll
    static void stop() {
        supervisor.close();
    }

    private static ProcessOutcome run(String script) throws Exception {
        return outcomeOf(supervisor.start(ProcessSpec.shell(script), OutputSink.DISCARD));
    }

    @Test
    void exit_zero_is_reported_as_exited_with_code_zero() throws Exception {
        ProcessOutcome outcome = run("exit 0");

        assertThat(outcome.reason()).isEqualTo(Reason.EXITED);
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.signal()).isNull();
        assertThat(outcome.error()).isNull();
        assertThat(outcome.succeeded()).isTrue();
    }

    @Test
    void exit_three_is_reported_with_its_code() throws Exception {
        ProcessOutcome outcome = run("exit 3");

        assertThat(outcome.reason()).isEqualTo(Reason.EXITED);
        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(outcome.signal()).isNull();
        assertThat(outcome.succeeded()).isFalse();
    }

    @Test
    void a_process_killing_itself_with_signal_9_reports_signal_9_and_no_exit_code() throws Exception {
        ProcessOutcome outcome = run("kill -9 $$");

        assertThat(outcome.reason()).isEqualTo(Reason.EXITED);
        assertThat(outcome.signal()).isEqualTo(9);
        assertThat(outcome.exitCode()).isNull();
    }

    @Test
    void duration_covers_the_time_the_process_ran() throws Exception {
        ProcessOutcome outcome = run("sleep 0.2");

        assertThat(outcome.duration()).isBetween(Duration.ofMillis(190), Duration.ofSeconds(10));
    }

    @Test
    void the_process_leads_its_own_session_and_process_group() throws Exception {
        RecordingSink sink = new RecordingSink();
        // Fields 5 and 6 of /proc/PID/stat are the process group and the session ("sh" has no spaces).
        RunningProcess process = supervisor.start(ProcessSpec.shell("cut -d' ' -f5,6 /proc/$$/stat"), sink);
        outcomeOf(process);

        String pid = Long.toString(process.pid());
        assertThat(sink.stdout().trim()).isEqualTo(pid + " " + pid);
        assertThat(ProcessGroups.groupOf(ProcessHandle.current().pid()).getAsLong()).isNotEqualTo(process.pid());
    }

    @Test
    void missing_program_fails_to_start_with_a_clear_error() throws Exception {
        RunningProcess process = supervisor.start(ProcessSpec.of(List.of("/usr/bin/nope")), OutputSink.DISCARD);

        ProcessOutcome outcome = outcomeOf(process);
        assertThat(outcome.reason()).isEqualTo(Reason.FAILED_TO_START);
        assertThat(outcome.error()).isEqualTo("no such file: /usr/bin/nope");
        assertThat(outcome.exitCode()).isNull();
        assertThat(process.pid()).isEqualTo(-1);
        assertThat(process.isAlive()).isFalse();
        process.cancel(); // harmless
    }

    @Test
    void program_not_on_the_path_fails_to_start() throws Exception {
        ProcessOutcome outcome = outcomeOf(
                supervisor.start(ProcessSpec.of(List.of("no-such-program-anywhere")), OutputSink.DISCARD));

        assertThat(outcome.reason()).isEqualTo(Reason.FAILED_TO_START);
        assertThat(outcome.error()).startsWith("not found in PATH: no-such-program-anywhere");
    }

    @Test
    void file_without_execute_permission_fails_to_start(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("job.sh"), "#!/bin/sh\necho hi\n");

        ProcessOutcome outcome = outcomeOf(
                supervisor.start(ProcessSpec.of(List.of(script.toString())), OutputSink.DISCARD));

        assertThat(outcome.reason()).isEqualTo(Reason.FAILED_TO_START);
        assertThat(outcome.error()).isEqualTo("not executable: " + script);
    }

    @Test
    void missing_working_directory_fails_to_start(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing");

        ProcessOutcome outcome = outcomeOf(
                supervisor.start(ProcessSpec.shell("true").withWorkdir(missing), OutputSink.DISCARD));

        assertThat(outcome.reason()).isEqualTo(Reason.FAILED_TO_START);
        assertThat(outcome.error()).isEqualTo("no such directory: " + missing);
    }
}
