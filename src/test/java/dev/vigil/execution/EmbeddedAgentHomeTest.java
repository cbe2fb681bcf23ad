package dev.vigil.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded agent's name: the server process's own, kept across its restarts, never shared. */
class EmbeddedAgentHomeTest {
    @TempDir
    Path data;

    @Test
    void a_restarted_server_gets_its_name_and_directory_back() {
        String name;
        Path dir;
        try (EmbeddedAgentHome first = EmbeddedAgentHome.claim(data, "box.example.com")) {
            name = first.name();
            dir = first.dir();
        }
        try (EmbeddedAgentHome again = EmbeddedAgentHome.claim(data, "box.example.com")) {
            assertThat(again.name()).isEqualTo(name).matches("embedded@box\\.example\\.com-[0-9a-f]{6}");
            assertThat(again.dir()).isEqualTo(dir);
        }
    }

    @Test
    void a_second_server_on_the_same_data_directory_gets_a_name_of_its_own() {
        try (EmbeddedAgentHome first = EmbeddedAgentHome.claim(data, "box");
             EmbeddedAgentHome second = EmbeddedAgentHome.claim(data, "box")) {
            assertThat(second.name()).isNotEqualTo(first.name()).startsWith("embedded@box-");
            assertThat(second.dir()).isNotEqualTo(first.dir());
        }
        try (EmbeddedAgentHome third = EmbeddedAgentHome.claim(data, "box")) {
            assertThat(data.toFile().list()).as("an existing directory is taken again, no third is made")
                    .hasSize(2).contains(third.name());
        }
    }

    @Test
    void servers_on_one_host_with_different_data_directories_get_different_names(@TempDir Path other) {
        try (EmbeddedAgentHome a = EmbeddedAgentHome.claim(data, "box");
             EmbeddedAgentHome b = EmbeddedAgentHome.claim(other, "box")) {
            assertThat(a.name()).isNotEqualTo(b.name());
        }
    }

    @Test
    void a_directory_held_by_another_live_process_is_not_taken() throws Exception {
        String name;
        try (EmbeddedAgentHome first = EmbeddedAgentHome.claim(data, "box")) {
            name = first.name();
        }
        Path lock = data.resolve(name).resolve("lock");
        // A JVM of its own, as a second server is: Java's file locks are per process.
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), lock.toString())
                .redirectErrorStream(true).start();
        try {
            assertThat(new String(holder.getInputStream().readNBytes(6))).isEqualTo("locked");
            try (EmbeddedAgentHome mine = EmbeddedAgentHome.claim(data, "box")) {
                assertThat(mine.name()).isNotEqualTo(name);
            }
        } finally {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        java.nio.file.Files.createDirectories(data.resolve(name).resolve("runs").resolve("17")); // a run it left
        try (EmbeddedAgentHome after = EmbeddedAgentHome.claim(data, "box")) {
            assertThat(after.name()).as("free again once the holder died, and taken first: a run waits in it").isEqualTo(name);
        }
    }

    @Test
    void an_odd_host_name_becomes_a_valid_agent_name() {
        assertThat(EmbeddedAgentHome.host("my host/ü")).isEqualTo("my-host--");
        assertThat(EmbeddedAgentHome.host("")).isEqualTo("localhost");
        assertThat(EmbeddedAgentHome.host("x".repeat(200))).hasSize(80);
        try (EmbeddedAgentHome home = EmbeddedAgentHome.claim(data, "my host")) {
            assertThat(home.name()).matches("[A-Za-z0-9][A-Za-z0-9@._:-]{0,99}");
        }
    }

    /** Another process holding the directory's lock, as a second live server does. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            var channel = java.nio.channels.FileChannel.open(Path.of(args[0]), java.nio.file.StandardOpenOption.WRITE);
            var lock = channel.lock();
            System.out.print("locked");
            System.out.flush();
            Thread.sleep(60_000);
            lock.release();
        }
    }
}
