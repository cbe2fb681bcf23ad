package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.generated.ApiClient;
import dev.vigil.generated.ApiException;
import dev.vigil.generated.api.HistoryApi;
import dev.vigil.generated.api.JobsApi;
import dev.vigil.generated.api.PingsApi;
import dev.vigil.generated.api.ProjectsApi;
import dev.vigil.generated.api.RunsApi;
import dev.vigil.generated.model.Job;
import dev.vigil.generated.model.JobInput;
import dev.vigil.generated.model.ProjectInput;
import dev.vigil.generated.model.Run;
import dev.vigil.generated.model.Schedule;
import dev.vigil.generated.model.Status;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Java client generated from {@code openapi.json} during the build (openapi-generator, its
 * {@code native} library: java.net.http and Jackson; see pom.xml), used against a real server as a
 * user would use it. Its models carry the document's defaults ({@code retries = 0}, empty lists and
 * maps), and it sends them on every request, so this is also the proof that those are accepted.
 */
class GeneratedClientTest {
    static final MutableClock clock = MutableClock.at("2025-06-01T10:00:00Z");
    static TestServer server;
    static ApiClient client;

    @BeforeAll
    static void start() {
        server = TestServer.start(clock);
        client = new ApiClient();
        client.updateBaseUri(server.url(""));
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + TestServer.ADMIN_KEY));
        client.setReadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    @Test
    void creates_a_watched_job_and_pings_it_with_a_text_body() throws ApiException {
        new ProjectsApi(client).createProject(new ProjectInput().slug("gen-watched"));
        JobInput input = new JobInput().name("Nightly backup").schedule(new Schedule().cron("30 2 * * *"));
        assertThat(input.getRetries()).as("a generated model starts from the document's defaults").isZero();
        assertThat(input.getLabels()).isEmpty();

        Job watched = new JobsApi(client).putJob("gen-watched", "nightly-backup", input);

        assertThat(watched.getCommand()).as("a watched job").isNull();
        assertThat(watched.getOverlap()).isNull();
        assertThat(watched.getStatus()).isEqualTo(Status.NEW);
        String answer = new PingsApi(client).pingSuccessWithBody(watched.getUuid(), null, null, null, null, "42 tables dumped");
        assertThat(answer).isEqualTo("OK");
        Job pinged = new JobsApi(client).getJob("gen-watched", "nightly-backup");
        assertThat(pinged.getStatus()).isEqualTo(Status.UP);
        List<Run> runs = new HistoryApi(client).listRuns("gen-watched", "nightly-backup", null, null).getRuns();
        assertThat(new HistoryApi(client).getRun(runs.getFirst().getId()).getOutput()).isEqualTo("42 tables dumped");
    }

    @Test
    void creates_a_managed_job_triggers_a_run_waits_for_its_end_and_reads_its_log() throws ApiException {
        new ProjectsApi(client).createProject(new ProjectInput().slug("gen-managed"));
        JobInput input = new JobInput().schedule(new Schedule().every("1d"))
                .command(List.of("/bin/sh", "-c", "echo hello from a generated client; echo second line"));
        Job managed = new JobsApi(client).putJob("gen-managed", "report", input);
        assertThat(managed.getCommand()).isEqualTo(List.of("/bin/sh", "-c", "echo hello from a generated client; echo second line"));
        assertThat(managed.getOverlap()).isEqualTo(Job.OverlapEnum.QUEUE);

        Run run = new HistoryApi(client).triggerRun("gen-managed", "report", null);
        assertThat(run.getTrigger()).isEqualTo(Run.TriggerEnum.MANUAL);
        server.vigil.agent().runOnce();
        HistoryApi history = new HistoryApi(client);
        await().atMost(Duration.ofSeconds(20)).until(() -> history.getRun(run.getId()).getEndedAt() != null);

        Run ended = history.getRun(run.getId());
        RunsApi runs = new RunsApi(client);
        assertThat(ended.getState()).isEqualTo(Run.StateEnum.SUCCEEDED);
        assertThat(ended.getExitCode()).isZero();
        assertThat(runs.getRunLog(run.getId(), null)).isEqualTo("hello from a generated client\nsecond line\n");
        var chunks = runs.getRunLogChunks(run.getId(), 0L, null);
        assertThat(chunks.getDone()).isTrue();
        assertThat(String.join("", chunks.getChunks().stream().map(c -> c.getText()).toList()))
                .isEqualTo("hello from a generated client\nsecond line\n");
    }

    @Test
    void an_error_reaches_the_generated_client_with_its_status_and_json_body() throws ApiException {
        new ProjectsApi(client).createProject(new ProjectInput().slug("gen-errors"));
        JobInput policyOnWatched = new JobInput().overlap(JobInput.OverlapEnum.QUEUE);

        assertThatThrownBy(() -> new JobsApi(client).putJob("gen-errors", "watched", policyOnWatched))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(e.getResponseBody()).contains("\"field\":\"overlap\"").contains("applies only to managed jobs");
                });
    }
}
