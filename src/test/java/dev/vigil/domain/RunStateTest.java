package dev.vigil.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RunStateTest {

    @Test
    void an_agent_may_end_a_run_in_every_terminal_state_but_skipped() {
        assertThat(RunState.ENDS).allMatch(RunState::isTerminal).doesNotContain(RunState.SKIPPED);
        assertThat(Arrays.stream(RunState.values()).filter(RunState::isTerminal))
                .containsExactlyInAnyOrder(RunState.SUCCEEDED, RunState.FAILED, RunState.TIMED_OUT, RunState.CANCELLED,
                        RunState.LOST, RunState.SKIPPED);
        for (RunState end : RunState.ENDS) assertThat(RunState.end(end.wire(), "end")).isEqualTo(end);
    }

    @Test
    void any_other_end_is_refused_naming_the_field_and_the_choices() {
        for (String bad : new String[] {"skipped", "running", "exploded", "SUCCEEDED", "", null}) {
            assertThatThrownBy(() -> RunState.end(bad, "events.end"))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("events.end")
                    .hasMessageContaining("[succeeded, failed, timed_out, cancelled, lost]")
                    .hasMessageContaining("got '" + bad + "'");
        }
    }

    @Test
    void the_transition_table_allows_only_forward_changes_and_a_dispatch_taken_back() {
        assertThat(RunState.QUEUED.canBecome(RunState.DISPATCHED)).isTrue();
        assertThat(RunState.DISPATCHED.canBecome(RunState.QUEUED)).isTrue();
        assertThat(RunState.RUNNING.canBecome(RunState.QUEUED)).isFalse();
        assertThat(RunState.SUCCEEDED.canBecome(RunState.FAILED)).isFalse();
        assertThatThrownBy(() -> RunState.CANCELLED.transitionTo(RunState.RUNNING))
                .isInstanceOf(ConflictException.class).hasMessage("a cancelled run cannot become running");
    }
}
