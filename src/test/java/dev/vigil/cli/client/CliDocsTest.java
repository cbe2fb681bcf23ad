package dev.vigil.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/cli.md's exit codes are the ones the commands use. */
class CliDocsTest {
    @Test
    void the_documented_exit_codes_are_the_real_ones() throws IOException {
        String doc = Files.readString(Path.of("docs/cli.md"));
        assertThat(doc).contains(
                "| " + ExitCodes.ERROR + " | anything else",
                "| " + ExitCodes.USAGE + " | a bad command line",
                "| " + ExitCodes.NOT_FOUND + " | not found (404)",
                "| " + ExitCodes.AUTH + " | no key; a key the server does not know (401); a key that may not do this (403)",
                "| " + ExitCodes.UNREACHABLE + " | the server cannot be reached",
                "| " + ExitCodes.CHANGES + " | `vigil apply`, `vigil import crontab`: valid, and changes were planned",
                "| `timed_out` | " + ExitCodes.RUN_TIMED_OUT + " ",
                "| `lost`     | " + ExitCodes.RUN_LOST + " ",
                "| `cancelled` | " + ExitCodes.RUN_CANCELLED + " ",
                "| `skipped`  | " + ExitCodes.RUN_SKIPPED + " ");
        assertThat(ExitCodes.ofStatus(401)).isEqualTo(ExitCodes.AUTH);
        assertThat(ExitCodes.ofRun("failed", 7)).isEqualTo(7);
        assertThat(ExitCodes.ofRun("failed", null)).isEqualTo(ExitCodes.ERROR);
    }
}
