package dev.vigil.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** {@link ProcessGroups#members}: questions asked together share a pass over /proc, each gets its own group. */
class ProcessGroupsCensusTest {

    private static Process groupLeader() throws Exception {
        // setsid(1) makes the process the leader of a new group whose id is its pid.
        return new ProcessBuilder("setsid", "sleep", "30").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void many_groups_asked_at_once_each_get_their_members_and_ended_groups_are_empty() throws Exception {
        List<Process> leaders = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) leaders.add(groupLeader());
            for (Process p : leaders) {
                // wait until setsid has made it a group leader (it execs sleep in place)
                for (int i = 0; i < 200 && ProcessGroups.groupOf(p.pid()).orElse(-1) != p.pid(); i++) Thread.sleep(10);
            }
            List<Future<List<ProcessHandle>>> answers = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (Process p : leaders) answers.add(pool.submit(() -> ProcessGroups.members(p.pid())));
            }
            for (int i = 0; i < leaders.size(); i++) {
                assertThat(answers.get(i).get()).extracting(ProcessHandle::pid).containsExactly(leaders.get(i).pid());
            }
        } finally {
            for (Process p : leaders) {
                p.destroyForcibly();
                p.waitFor();
            }
        }
        for (Process p : leaders) assertThat(ProcessGroups.members(p.pid())).isEmpty();
        assertThat(ProcessGroups.members(ProcessHandle.current().pid() + 1_000_000)).isEmpty();
    }
}
