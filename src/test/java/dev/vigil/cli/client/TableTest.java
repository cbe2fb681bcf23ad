package dev.vigil.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void columns_are_aligned_and_empty_cells_shown_as_a_dash() {
        StringWriter s = new StringWriter();
        new Table("job", "status", "note").row("ops/nightly", "up", null).row("ops/a", "failed", "line\nbreak").print(new PrintWriter(s));
        assertThat(s.toString().lines()).containsExactly(
                "JOB          STATUS  NOTE",
                "ops/nightly  up      -",
                "ops/a        failed  line break");
    }
}
