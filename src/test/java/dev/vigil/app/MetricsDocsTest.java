package dev.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.PromText;
import dev.vigil.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/metrics.md and the Grafana dashboard name only series a real server exports: every metric
 * a dashboard query selects, and every server series the page names, is in a scrape of a server
 * that has seen a run, a ping and an unknown ping.
 */
class MetricsDocsTest {
    /** A metric selected in PromQL: a name followed by its label matchers. */
    private static final Pattern SELECTED = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");
    /** A series named in the docs, in backquotes or in a PromQL block. */
    private static final Pattern NAMED = Pattern.compile("\\b((?:vigil|http_server|jvm|process|system)_[a-z0-9_]+)");

    static TestServer server;
    static Set<String> exported = new TreeSet<>();

    @BeforeAll
    static void start() {
        MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
        server = TestServer.start(clock);
        server.createProject("prod");
        String uuid = server.put("/api/v1/jobs/prod/backup", "{\"schedule\": {\"every\": \"1h\"}}").json().get("uuid").asText();
        server.ping("/ping/" + uuid + "/start", null);
        clock.advance(Duration.ofSeconds(5));
        server.ping("/ping/" + uuid, null);
        server.ping("/ping/" + java.util.UUID.randomUUID(), null);
        String text = server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/metrics"))).GET()).body();
        PromText m = PromText.parse(text);
        m.samples().keySet().forEach(s -> exported.add(s.name()));
        exported.addAll(m.types().keySet());
        // HTTP requests are counted once answered: the scrape above may not see itself yet; GC pauses
        // are counted from the JVM's notifications, after a collection.
        System.gc();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            PromText again = PromText.parse(server.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.url("/metrics"))).GET()).body());
            again.samples().keySet().forEach(s -> exported.add(s.name()));
            exported.addAll(again.types().keySet());
            return exported.contains("http_server_requests_seconds_count") && exported.contains("jvm_gc_pause_seconds");
        });
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    @Test
    void the_dashboard_parses_and_selects_only_exported_series() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(Path.of("docs/grafana/vigil-dashboard.json")));
        List<String> queries = new ArrayList<>();
        dashboard.get("panels").forEach(p -> p.path("targets").forEach(t -> queries.add(t.get("expr").asText())));
        List<String> variables = new ArrayList<>();
        dashboard.get("templating").get("list").forEach(v -> {
            variables.add(v.get("name").asText());
            if (v.path("query").has("query")) queries.add(v.get("query").get("query").asText());
        });
        assertThat(variables).contains("project", "slug");
        assertThat(queries).hasSizeGreaterThan(10);
        Set<String> selected = new TreeSet<>();
        for (String q : queries) {
            Matcher m = SELECTED.matcher(q);
            while (m.find()) selected.add(m.group(1));
            Matcher values = Pattern.compile("label_values\\(([a-zA-Z_:][a-zA-Z0-9_:]*)").matcher(q);
            while (values.find()) selected.add(values.group(1));
        }
        selected.remove("up"); // Prometheus's own series of each scrape
        assertThat(selected).contains("vigil_job_up", "vigil_job_status", "vigil_job_run_duration_seconds_bucket");
        assertThat(exported).containsAll(selected);
    }

    @Test
    void every_server_series_the_metrics_page_names_is_exported() throws Exception {
        String doc = Files.readString(Path.of("docs/metrics.md"));
        Set<String> named = new TreeSet<>();
        Matcher m = NAMED.matcher(doc);
        while (m.find()) named.add(m.group(1));
        named.removeIf(n -> n.startsWith("vigil_agent_")); // an agent's own /metrics (docs/agents.md)
        named.removeIf(n -> n.endsWith("_")); // a prefix, as in "jvm_…"
        assertThat(named).contains("vigil_job_up", "vigil_build_info", "vigil_pings_total");
        assertThat(exported).containsAll(named);
    }
}
