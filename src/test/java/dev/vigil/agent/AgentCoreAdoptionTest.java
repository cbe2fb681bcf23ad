package dev.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.agent.process.Supervisor;
import dev.vigil.agent.wire.Assignment;
import dev.vigil.agent.wire.Poll;
import dev.vigil.agent.wire.PollReply;
import dev.vigil.agent.wire.RunEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent process that dies (its core closed, its supervisor abandoned: what {@code kill -9} leaves)
 * with a run's process still going; the next agent process on the same directory takes the run over
 * and reports its real outcome, with all its output, as if nothing had happened.
 */
class AgentCoreAdoptionTest {
    private static final long RUN = 42;

    @TempDir
    Path dir;
    private final List<Supervisor> supervisors = new ArrayList<>();
    private final List<AgentCore> cores = new ArrayList<>();

    /** A server that hands out the given runs on the first poll, and keeps what the agent tells it. */
    private static final class Server extends ScriptedLink {
        final List<Assignment> toHandOut;
        final List<Poll> polls = new CopyOnWriteArrayList<>();
        final List<RunEvent> events = new CopyOnWriteArrayList<>();

        Server(Assignment... runs) {
            this.toHandOut = new ArrayList<>(List.of(runs));
        }

        @Override
        public synchronized PollReply poll(Poll poll) {
            polls.add(poll);
            List<Assignment> runs = List.copyOf(toHandOut);
            toHandOut.clear();
            return new PollReply(runs, List.of(), 20_000, 10_000_000);
        }

        @Override public void send(RunEvent event) { events.add(event); }

        List<RunEvent> finishes() {
            return events.stream().filter(e -> e.kind() == RunEvent.Kind.FINISHED).toList();
        }

        /** The run's finish, once it has come. */
        RunEvent finish() {
            await().atMost(Duration.ofSeconds(20)).until(() -> finishes().size() == 1);
            return finishes().getFirst();
        }
    }

    private AgentCore agent(Server server) throws Exception {
        Supervisor supervisor = new Supervisor();
        supervisors.add(supervisor);
        AgentCore core = new AgentCore(server, supervisor, null, Clock.systemUTC(),
                new AgentCore.Identity("box", "i-" + cores.size(), List.of(), 4, "test"));
        cores.add(core);
        core.useDirectory(dir);
        return core;
    }

    /** What {@code kill -9} of the agent process leaves: the runs' processes go on, nobody watches them. */
    private void crash(int agent) {
        cores.get(agent).close();
        supervisors.get(agent).abandon();
    }

    @AfterEach
    void stop() {
        cores.forEach(AgentCore::close);
        supervisors.forEach(Supervisor::close);
    }

    private static Assignment shell(String script) {
        return new Assignment(RUN, "ops/etl", 1, null, List.of("/bin/sh", "-c", script), null, null, Map.of(), null, 0);
    }

    /** The run's output as the server stores it: one chunk per seq, the first that arrives, in seq order. */
    private static String log(Server... servers) {
        Map<Long, String> chunks = new TreeMap<>();
        for (Server s : servers) {
            s.events.stream().filter(e -> e.kind() == RunEvent.Kind.OUTPUT).forEach(e -> chunks.putIfAbsent(e.seq(), e.text()));
        }
        return String.join("", chunks.values());
    }

    private static boolean said(Server server, String text) {
        return log(server).contains(text);
    }

    /** Runs {@code script} on a first agent, which dies once the run has said {@code first}; returns what it told. */
    private Server diesWhileRunning(String script, String first) throws Exception {
        Server before = new Server(shell(script));
        agent(before).pollOnce(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> said(before, first));
        crash(0);
        return before;
    }

    @Test
    void a_run_still_going_is_taken_over_named_as_held_and_finishes_with_its_real_exit_status() throws Exception {
        Path gate = dir.resolve("gate");
        Server before = diesWhileRunning("echo one; while [ ! -e " + gate + " ]; do sleep 0.05; done; echo two; exit 3", "one\n");

        Server after = new Server();
        AgentCore next = agent(after);
        assertThat(next.runningCount()).isEqualTo(1);
        next.pollOnce(0);
        assertThat(after.polls.getFirst().known()).as("the server must not take it for lost").containsExactly(RUN);
        Files.createFile(gate);

        RunEvent finish = after.finish();
        assertThat(finish.end()).isEqualTo("failed");
        assertThat(finish.exitCode()).isEqualTo(3);
        assertThat(finish.text()).isEqualTo("one\ntwo\n");
        assertThat(log(before, after)).isEqualTo("one\ntwo\n");
        assertThat(before.finishes()).isEmpty();
        assertThat(finish.seq()).as("after every chunk").isGreaterThan(after.events.stream()
                .filter(e -> e.kind() == RunEvent.Kind.OUTPUT).mapToLong(RunEvent::seq).max().orElse(0));
        await().atMost(Duration.ofSeconds(5)).until(() -> next.runningCount() == 0);
        assertThat(dir.resolve("runs")).isEmptyDirectory();
    }

    @Test
    void the_chunk_recorded_last_is_sent_again_the_same_under_its_seq() throws Exception {
        Path gate = dir.resolve("gate");
        Server before = diesWhileRunning("echo one; while [ ! -e " + gate + " ]; do sleep 0.05; done", "one\n");

        Server after = new Server();
        agent(after);

        RunEvent first = before.events.stream().filter(e -> e.kind() == RunEvent.Kind.OUTPUT).findFirst().orElseThrow();
        RunEvent again = after.events.getFirst();
        assertThat(again.kind()).isEqualTo(RunEvent.Kind.OUTPUT);
        assertThat(again.seq()).isEqualTo(first.seq());
        assertThat(again.text()).isEqualTo(first.text());
        Files.createFile(gate);
        assertThat(after.finish().end()).isEqualTo("succeeded");
    }

    @Test
    void a_run_that_ended_while_no_agent_ran_is_reported_with_its_real_outcome_and_end_time() throws Exception {
        Path gate = dir.resolve("gate");
        Server before = diesWhileRunning("echo one; while [ ! -e " + gate + " ]; do sleep 0.05; done; echo two", "one\n");
        Files.createFile(gate);
        Path exit = dir.resolve("runs").resolve(Long.toString(RUN)).resolve("exit");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(exit) && Files.size(exit) > 0);
        Thread.sleep(1_100); // the end is told apart from the adoption
        Instant ended = Files.getLastModifiedTime(exit).toInstant();

        Server after = new Server();
        agent(after);

        RunEvent finish = after.finish();
        assertThat(finish.end()).isEqualTo("succeeded");
        assertThat(finish.exitCode()).isZero();
        assertThat(finish.at()).isEqualTo(ended);
        assertThat(log(before, after)).isEqualTo("one\ntwo\n");
    }

    @Test
    void output_written_while_no_agent_ran_is_all_reported_and_did_not_kill_the_job() throws Exception {
        Path gate = dir.resolve("gate");
        Server before = diesWhileRunning("echo start; while [ ! -e " + gate + " ]; do sleep 0.05; done; seq 1 30000", "start\n");
        Files.createFile(gate); // 169 KB of output now, with no agent reading: a pipe would fill, or break

        Server after = new Server();
        agent(after);

        assertThat(after.finish().end()).isEqualTo("succeeded");
        List<String> lines = List.of(log(before, after).split("\n"));
        assertThat(lines).hasSize(30_001).startsWith("start", "1").endsWith("30000");
    }

    @Test
    void a_run_whose_process_was_killed_with_no_agent_watching_is_reported_lost() throws Exception {
        diesWhileRunning("echo started; sleep 30", "started");
        long leader = Long.parseLong(Files.readString(dir.resolve("runs").resolve(Long.toString(RUN)).resolve("pid")).trim());
        new ProcessBuilder("kill", "-KILL", "--", "-" + leader).start().waitFor(); // the whole group, wrapper and all

        Server after = new Server();
        agent(after);

        RunEvent finish = after.finish();
        assertThat(finish.end()).isEqualTo("lost");
        assertThat(finish.exitCode()).isNull();
        assertThat(finish.reason()).startsWith("lost: ").contains("without recording its exit status");
    }
}
