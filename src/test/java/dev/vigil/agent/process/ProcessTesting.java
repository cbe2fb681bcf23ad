package dev.vigil.agent.process;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Shared fixtures for tests that run real processes. */
final class ProcessTesting {
    static final Map<String, String> BASE_ENV =
            Map.of("PATH", Supervisor.DEFAULT_PATH, "HOME", "/tmp", "LANG", "C.UTF-8", "TZ", "UTC");
    static final Duration TIMEOUT = Duration.ofMillis(300);
    static final Duration GRACE = Duration.ofMillis(300);

    private ProcessTesting() {
    }

    static ProcessOutcome outcomeOf(RunningProcess process) throws Exception {
        return process.outcome().get(15, TimeUnit.SECONDS);
    }

    /**
     * Whether the process exists and is not a zombie. A killed grandchild is re-parented to PID 1,
     * and a container's PID 1 may reap late or never: a zombie has died, so it counts as gone.
     */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    static void awaitAllGone(Collection<Long> pids) {
        await().atMost(Duration.ofSeconds(3)).until(() -> pids.stream().noneMatch(ProcessTesting::alive));
    }
}
