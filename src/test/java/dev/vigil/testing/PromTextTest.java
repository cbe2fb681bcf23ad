package dev.vigil.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The strict reader the metrics tests rely on: it reads good text and refuses bad text. */
class PromTextTest {
    private static final String GOOD = """
            # HELP vigil_job_up 1 unless down
            # TYPE vigil_job_up gauge
            vigil_job_up{project="prod",slug="a \\"quoted\\" \\\\ slug"} 1.0
            # TYPE vigil_pings_total counter
            vigil_pings_total{outcome="not_found"} 3.0
            # TYPE d histogram
            d_bucket{le="+Inf"} 2.0
            d_sum 4.5
            d_count 2.0
            """;

    @Test
    void reads_samples_with_escaped_labels_and_histogram_suffixes() {
        PromText m = PromText.parse(GOOD);
        assertThat(m.value("vigil_job_up", "project", "prod", "slug", "a \"quoted\" \\ slug")).isEqualTo(1.0);
        assertThat(m.value("vigil_pings_total", "outcome", "not_found")).isEqualTo(3.0);
        assertThat(m.value("d_bucket", "le", "+Inf")).isEqualTo(2.0);
        assertThat(m.value("d_count")).isEqualTo(2.0);
        assertThat(m.types()).containsEntry("d", "histogram");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "x 1\n", // no TYPE
            "# TYPE x gauge\nx{a=\"1\"} 1\nx{a=\"1\"} 2\n", // a series twice
            "# TYPE x gauge\nx{a=1} 1\n", // unquoted value
            "# TYPE x gauge\nx{1a=\"1\"} 1\n", // bad label name
            "# TYPE x gauge\nx one\n", // not a number
            "# TYPE x gauge\nx_bucket{le=\"1\"} 1\n", // a bucket of a gauge
            "# TYPE x gauge\nx 1", // no final newline
            "# TYPE x gauge\n\nx 1\n", // an empty line inside
            "# TYPE x-y gauge\n", // bad metric name
    })
    void refuses_bad_text(String text) {
        assertThatThrownBy(() -> PromText.parse(text)).isInstanceOf(RuntimeException.class);
    }
}
