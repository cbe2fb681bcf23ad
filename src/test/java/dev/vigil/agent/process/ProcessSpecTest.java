package dev.vigil.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.domain.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessSpecTest {

    @Test
    void shell_runs_the_script_with_bin_sh_c() {
        assertThat(ProcessSpec.shell("echo hi").argv()).containsExactly("/bin/sh", "-c", "echo hi");
    }

    @Test
    void kill_grace_defaults_to_ten_seconds_and_env_to_empty() {
        ProcessSpec spec = new ProcessSpec(List.of("true"), null, null, null, null);

        assertThat(spec.killGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.env()).isEmpty();
        assertThat(spec.timeout()).isNull();
        assertThat(spec.workdir()).isNull();
    }

    @Test
    void argv_is_copied_so_later_changes_to_the_callers_list_do_not_leak_in() {
        List<String> argv = new ArrayList<>(List.of("echo", "a"));
        ProcessSpec spec = ProcessSpec.of(argv);
        argv.add("b");

        assertThat(spec.argv()).containsExactly("echo", "a");
    }

    @Test
    void empty_argv_or_blank_program_is_rejected() {
        assertThatThrownBy(() -> ProcessSpec.of(List.of())).isInstanceOf(ValidationException.class)
                .hasMessageContaining("argv");
        assertThatThrownBy(() -> ProcessSpec.of(List.of(" "))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> ProcessSpec.of(Arrays.asList("echo", null))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> ProcessSpec.of(List.of("echo", "a\0b"))).isInstanceOf(ValidationException.class);
    }

    @Test
    void env_names_must_be_usable_as_variables() {
        ProcessSpec spec = ProcessSpec.shell("true");

        assertThatThrownBy(() -> spec.withEnv(Map.of("A=B", "x"))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("env");
        assertThatThrownBy(() -> spec.withEnv(Map.of("", "x"))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> spec.withEnv(Map.of("A", "x\0y"))).isInstanceOf(ValidationException.class);
    }

    @Test
    void timeout_must_be_positive_and_grace_not_negative() {
        ProcessSpec spec = ProcessSpec.shell("true");

        assertThatThrownBy(() -> spec.withTimeout(Duration.ZERO)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> spec.withKillGrace(Duration.ofMillis(-1))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("killGrace");
        assertThat(spec.withKillGrace(Duration.ZERO).killGrace()).isZero();
    }
}
