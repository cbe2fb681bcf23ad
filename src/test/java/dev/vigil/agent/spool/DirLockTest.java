package dev.vigil.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One agent per directory; the directory is free again once its holder lets go. (Across processes: EmbeddedAgentHomeTest.) */
class DirLockTest {
    @TempDir
    Path dir;

    @Test
    void a_held_directory_cannot_be_locked_again_until_it_is_let_go() throws Exception {
        Path agent = dir.resolve("agent");
        try (DirLock held = DirLock.tryLock(agent).orElseThrow()) {
            assertThat(agent.resolve("lock")).exists();
            assertThat(DirLock.tryLock(agent)).isEmpty();
            held.close();
            held.close(); // idempotent
            try (DirLock again = DirLock.tryLock(agent).orElseThrow()) {
                assertThat(again).isNotNull();
            }
        }
    }
}
