package dev.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.store.sql.EmbeddedPostgresHolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code vigil server} killed with SIGKILL while its embedded agent runs jobs (PRODUCT.md §5: "a
 * crash of the server never turns a run that completed into a lost one run again"). The jobs go on
 * without it, some end while it is down, some are still going when it is back; after the restart
 * on the same data directory every run is recorded with its real outcome, none is lost, none is
 * retried, and none ran twice: each job writes its run id to a file once at its start and once at
 * its end, and every id is there exactly once each.
 */
class EmbeddedAgentCrashTest {
    private static final List<String> JOBS = List.of("short", "long");

    @RegisterExtension
    final Processes vigil = new Processes();

    @Test
    void runs_in_flight_when_the_server_is_killed_keep_their_real_outcome_and_none_runs_twice_on_sqlite() throws Exception {
        crashWhileRunning(Map.of());
    }

    @Test
    void runs_in_flight_when_the_server_is_killed_keep_their_real_outcome_and_none_runs_twice_on_postgresql() throws Exception {
        crashWhileRunning(Map.of("VIGIL_DB_URL", EmbeddedPostgresHolder.newDatabase("vigil_crash"), "VIGIL_DB_USER", "postgres"));
    }

    private void crashWhileRunning(Map<String, String> db) throws Exception {
        Map<String, String> settings = new HashMap<>(db);
        settings.put("VIGIL_EMBEDDED_AGENT", "true");
        Process server = vigil.startServer(settings);
        Path ledger = vigil.work().resolve("ledger");
        vigil.post("/api/v1/projects", "{\"slug\": \"crash\"}");
        // Both fire at seconds 0, 4, 8 … of every minute; "short" runs 3 s, "long" 12 s. With retries:
        // a run wrongly taken for lost would run again, and show up twice in the ledger.
        job("short", "*/4 * * * * *", 3, ledger);
        job("long", "*/4 * * * * *", 12, ledger);
        String agent = embeddedAgent();

        await().atMost(Duration.ofSeconds(60)).until(() -> count("long", "succeeded") >= 1 && count("short", "succeeded") >= 2);
        // Kill 1.5 s after a fire time: every run of that fire time has started, "short" ones are half done.
        Thread.sleep(Math.floorMod(1_500 - System.currentTimeMillis(), 4_000));
        List<JsonNode> inFlight = new ArrayList<>();
        for (String slug : JOBS) runs(slug).stream().filter(r -> state(r).equals("running")).forEach(inFlight::add);
        for (JsonNode r : inFlight) {
            if (pid(r) > 0) vigil.adopt(pid(r)); // re-parented when the server dies: cleaned up after the test
        }
        server.destroyForcibly().waitFor(); // SIGKILL: no shutdown of any kind

        assertThat(inFlight).extracting(r -> r.get("job").asText()).contains("crash/short", "crash/long");
        // "short" runs end while the server is down, writing output that nobody reads for now.
        Thread.sleep(2_500);
        server = vigil.startServer(settings);
        assertThat(embeddedAgent()).as("the same agent, back").isEqualTo(agent);

        for (JsonNode r : inFlight) {
            long id = id(r);
            await().atMost(Duration.ofSeconds(60)).until(() -> isEnded(vigil.get("/api/v1/runs/" + id)));
        }
        for (String slug : JOBS) job(slug, null, 0, ledger); // no more fire times: let what runs end
        await().atMost(Duration.ofSeconds(60)).until(() -> vigil.get("/api/v1/runs?state=running").get("runs").isEmpty()
                && vigil.get("/api/v1/runs?state=queued").get("runs").isEmpty()
                && vigil.get("/api/v1/runs?state=dispatched").get("runs").isEmpty());

        for (JsonNode r : inFlight) {
            JsonNode run = vigil.get("/api/v1/runs/" + id(r));
            assertThat(state(run)).as("run %s in flight at the kill", id(r)).isEqualTo("succeeded");
            assertThat(run.get("exitCode").asInt()).isZero();
            assertThat(run.get("agent").asText()).isEqualTo(agent);
            assertThat(vigil.text("/api/v1/runs/" + id(r) + "/log")).as("its output, written while the server was down")
                    .contains("done " + id(r));
        }
        List<String> lines = Files.readAllLines(ledger);
        Map<String, Long> times = lines.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(times).as("every line once: no run ran twice").allSatisfy((line, n) -> assertThat(n).as(line).isEqualTo(1));
        Set<Long> begun = ids(lines, "start ");
        assertThat(ids(lines, "end ")).as("every run that began ran to its end").isEqualTo(begun);
        Set<Long> succeeded = new TreeSet<>();
        for (String slug : JOBS) {
            for (JsonNode r : runs(slug)) {
                assertThat(state(r)).as("run %s", id(r)).isNotEqualTo("lost");
                assertThat(r.get("trigger").asText()).as("run %s", id(r)).isNotEqualTo("retry");
                if (state(r).equals("succeeded")) succeeded.add(id(r));
            }
        }
        assertThat(succeeded).as("what ran is what is recorded succeeded").isEqualTo(begun);
        assertThat(vigil.agentState(agent)).isEqualTo("connected");
        assertThat(vigil.get("/api/v1/agents").get("agents")).as("one embedded agent, not a second one").hasSize(1);
    }

    /** Defines a managed job; without a cron, one that no longer fires. */
    private void job(String slug, String cron, int seconds, Path ledger) throws Exception {
        String command = "echo start $VIGIL_RUN_ID >> " + ledger + "; echo $$ > " + vigil.work().resolve("pid-$VIGIL_RUN_ID")
                + "; sleep " + seconds + "; echo done $VIGIL_RUN_ID; echo end $VIGIL_RUN_ID >> " + ledger;
        String schedule = cron == null ? "" : "\"schedule\": {\"cron\": \"" + cron + "\"}, ";
        vigil.put("/api/v1/jobs/crash/" + slug, "{" + schedule + "\"overlap\": \"allow\", \"retries\": 2, \"retryBackoff\": \"1s\","
                + " \"command\": " + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(command) + "}");
    }

    /** The pid the run's shell wrote, or -1 if it has not yet. */
    private long pid(JsonNode run) {
        try {
            return Long.parseLong(Files.readString(vigil.work().resolve("pid-" + id(run))).trim());
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
    }

    private String embeddedAgent() throws Exception {
        List<String> names = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            names.clear();
            vigil.get("/api/v1/agents").get("agents").forEach(a -> {
                if (a.get("kind").asText().equals("embedded") && a.get("state").asText().equals("connected")) names.add(a.get("name").asText());
            });
            return names.size() == 1;
        });
        return names.getFirst();
    }

    private List<JsonNode> runs(String slug) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        vigil.get("/api/v1/jobs/crash/" + slug + "/runs?limit=1000").get("runs").forEach(out::add);
        return out;
    }

    private long count(String slug, String state) throws Exception {
        return runs(slug).stream().filter(r -> state(r).equals(state)).count();
    }

    private static Set<Long> ids(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> Long.parseLong(l.substring(prefix.length())))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean isEnded(JsonNode run) {
        return !Set.of("queued", "dispatched", "running").contains(state(run));
    }

    private static String state(JsonNode run) {
        return run.get("state").asText();
    }

    private static long id(JsonNode run) {
        return run.get("id").asLong();
    }
}
