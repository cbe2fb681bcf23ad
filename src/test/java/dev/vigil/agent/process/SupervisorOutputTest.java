package dev.vigil.agent.process;

import static dev.vigil.agent.process.ProcessTesting.BASE_ENV;
import static dev.vigil.agent.process.ProcessTesting.outcomeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.agent.process.ProcessOutcome.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisorOutputTest {
    private static Supervisor supervisor;

    @BeforeAll
    static void start() {
        supervisor = new Supervisor(BASE_ENV);
    }

    @AfterAll
    static void stop() {
        supervisor.close();
    }

    @Test
    void stdout_and_stderr_are_captured_separately_and_in_order() throws Exception {
        RecordingSink sink = new RecordingSink();
        String script = "i=1; while [ $i -le 200 ]; do echo out$i; echo err$i >&2; i=$((i+1)); done";

        outcomeOf(supervisor.start(ProcessSpec.shell(script), sink));

        assertThat(sink.stdout()).isEqualTo(lines("out"));
        assertThat(sink.stderr()).isEqualTo(lines("err"));
    }

    private static String lines(String prefix) {
        return String.join("", IntStream.rangeClosed(1, 200).mapToObj(i -> prefix + i + "\n").toList());
    }

    @Test
    void output_arrives_while_the_process_still_runs(@TempDir Path dir) throws Exception {
        RecordingSink sink = new RecordingSink();
        Path go = dir.resolve("go");
        String script = "echo first; while [ ! -e '" + go + "' ]; do sleep 0.05; done; echo second";

        RunningProcess process = supervisor.start(ProcessSpec.shell(script), sink);

        await().atMost(Duration.ofSeconds(5)).until(() -> sink.stdout().equals("first\n"));
        assertThat(process.isAlive()).isTrue();
        Files.createFile(go);
        assertThat(outcomeOf(process).exitCode()).isZero();
        assertThat(sink.stdout()).isEqualTo("first\nsecond\n");
    }

    @Test
    void megabytes_on_both_streams_at_once_do_not_deadlock_and_all_arrive_before_the_outcome() throws Exception {
        RecordingSink sink = new RecordingSink();
        String script = "head -c 3000000 /dev/zero & head -c 2000000 /dev/zero >&2 & wait";

        ProcessOutcome outcome = outcomeOf(supervisor.start(ProcessSpec.shell(script), sink));

        assertThat(outcome.exitCode()).isZero();
        assertThat(sink.stdoutSize()).isEqualTo(3_000_000);
        assertThat(sink.stderrSize()).isEqualTo(2_000_000);
    }

    @Test
    void a_failing_sink_loses_its_chunks_but_the_process_still_runs_to_the_end() throws Exception {
        OutputSink failing = (stream, data, offset, length) -> {
            throw new IllegalStateException("sink broken");
        };

        ProcessOutcome outcome = outcomeOf(
                supervisor.start(ProcessSpec.shell("head -c 1000000 /dev/zero; exit 4"), failing));

        assertThat(outcome.reason()).isEqualTo(Reason.EXITED);
        assertThat(outcome.exitCode()).isEqualTo(4);
    }

    @Test
    void stdin_is_empty_so_a_reader_sees_end_of_file() throws Exception {
        RecordingSink sink = new RecordingSink();

        ProcessOutcome outcome = outcomeOf(supervisor.start(ProcessSpec.shell("cat; echo done"), sink));

        assertThat(outcome.exitCode()).isZero();
        assertThat(sink.stdout()).isEqualTo("done\n");
    }

    @Test
    void environment_is_the_base_plus_the_spec_and_nothing_of_the_agent() throws Exception {
        RecordingSink sink = new RecordingSink();
        ProcessSpec spec = ProcessSpec.of(List.of("env")).withEnv(Map.of("JOB_NAME", "backup", "TZ", "Europe/Paris"));

        outcomeOf(supervisor.start(spec, sink));

        assertThat(sink.stdoutLines()).containsExactlyInAnyOrder(
                "PATH=" + Supervisor.DEFAULT_PATH, "HOME=/tmp", "LANG=C.UTF-8", "TZ=Europe/Paris", "JOB_NAME=backup");
    }

    @Test
    void default_base_environment_takes_only_path_home_lang_and_tz_from_the_agent() throws Exception {
        RecordingSink sink = new RecordingSink();
        try (Supervisor defaults = new Supervisor()) {
            outcomeOf(defaults.start(ProcessSpec.of(List.of("env")).withEnv(Map.of("JOB_NAME", "x")), sink));
        }

        List<String> names = sink.stdoutLines().stream().map(line -> line.substring(0, line.indexOf('='))).toList();
        assertThat(names).contains("PATH", "JOB_NAME").isSubsetOf("PATH", "HOME", "LANG", "TZ", "JOB_NAME");
        assertThat(System.getenv()).containsKey("PATH").hasSizeGreaterThan(names.size());
    }

    @Test
    void working_directory_is_applied(@TempDir Path dir) throws Exception {
        RecordingSink sink = new RecordingSink();

        outcomeOf(supervisor.start(ProcessSpec.of(List.of("pwd")).withWorkdir(dir), sink));

        assertThat(sink.stdout()).isEqualTo(dir.toRealPath() + "\n");
    }

    @Test
    void a_relative_program_path_is_resolved_in_the_working_directory(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("job.sh"), "#!/bin/sh\necho from job\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        RecordingSink sink = new RecordingSink();

        ProcessOutcome outcome = outcomeOf(supervisor.start(ProcessSpec.of(List.of("./job.sh")).withWorkdir(dir), sink));

        assertThat(outcome.exitCode()).isZero();
        assertThat(sink.stdout()).isEqualTo("from job\n");
    }

    @Test
    void output_tail_teed_with_another_sink_keeps_the_last_output() throws Exception {
        RecordingSink sink = new RecordingSink();
        OutputTail tail = new OutputTail(32);

        outcomeOf(supervisor.start(ProcessSpec.shell("seq 1 1000"), OutputSink.tee(sink, tail)));

        assertThat(sink.stdoutLines()).hasSize(1000);
        assertThat(tail.text()).endsWith("998\n999\n1000\n").hasSize(32);
    }
}
