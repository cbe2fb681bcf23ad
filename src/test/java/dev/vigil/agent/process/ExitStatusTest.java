package dev.vigil.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.process.ProcessOutcome.Reason;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExitStatusTest {

    @ParameterizedTest(name = "exit value {0} -> exit code {1}, signal {2}")
    @CsvSource(nullValues = "-", value = {
        "0, 0, -",
        "3, 3, -",
        "128, 128, -",
        "129, -, 1",
        "137, -, 9",
        "143, -, 15",
        "192, -, 64",
        "193, 193, -",
        "255, 255, -"
    })
    void values_above_128_up_to_the_last_signal_are_read_as_signals(int value, Integer exitCode, Integer signal) {
        ProcessOutcome outcome = ExitStatus.decode(value, Reason.EXITED, Duration.ZERO);

        assertThat(outcome.exitCode()).isEqualTo(exitCode);
        assertThat(outcome.signal()).isEqualTo(signal);
    }
}
