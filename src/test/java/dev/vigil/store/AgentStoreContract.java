package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.Agent;
import dev.vigil.domain.ApiKey;
import java.util.List;
import org.junit.jupiter.api.Test;

public abstract class AgentStoreContract extends StoreContract {

    private Agent agent(String name, String instance, Agent.State state, int seenSecond) {
        return new Agent(name, instance, Agent.Kind.REMOTE, List.of("linux", "gpu"), 8, state, "1.0", T0,
                T0.plusSeconds(seenSecond), null);
    }

    private void save(Agent a) {
        db.write(tx -> {
            tx.agents().save(a);
            return null;
        });
    }

    @Test
    void an_agent_round_trips_and_saving_again_replaces_it() {
        Agent a = agent("box-1", "i1", Agent.State.CONNECTED, 0);
        save(a);
        assertThat(db.read((Tx tx) -> tx.agents().byName("box-1"))).contains(a);
        Agent b = new Agent("box-1", "i2", Agent.Kind.REMOTE, List.of(), 2, Agent.State.DRAINING, null, T0.plusSeconds(5),
                T0.plusSeconds(6), null);
        save(b);
        assertThat(db.read((Tx tx) -> tx.agents().byName("box-1"))).contains(b);
        assertThat(db.read((Tx tx) -> tx.agents().list())).containsExactly(b);
    }

    @Test
    void the_key_an_agent_registered_with_round_trips_and_is_forgotten_when_the_key_is_deleted() {
        ApiKey key = db.write((Tx tx) -> tx.apiKeys().insert(new ApiKey(0, "agents", "vk_abcd", "hash-1", null,
                ApiKey.Role.AGENT, T0)));
        Agent a = new Agent("box-1", "i1", Agent.Kind.REMOTE, List.of(), 2, Agent.State.CONNECTED, null, T0, T0, key.id());
        save(a);
        assertThat(db.read((Tx tx) -> tx.agents().byName("box-1"))).contains(a);

        db.write((Tx tx) -> tx.apiKeys().delete(key.id()));
        assertThat(db.read((Tx tx) -> tx.agents().byName("box-1")).orElseThrow().keyId()).isNull();
    }

    @Test
    void silent_live_agents_are_found_and_their_state_changes_only_for_the_same_instance() {
        save(agent("quiet", "i1", Agent.State.CONNECTED, 0));
        save(agent("draining", "i1", Agent.State.DRAINING, 1));
        save(agent("recent", "i1", Agent.State.CONNECTED, 30));
        save(agent("gone", "i1", Agent.State.LEFT, 0));
        assertThat(db.read((Tx tx) -> tx.agents().silentSince(T0.plusSeconds(10)))).extracting(Agent::name)
                .containsExactly("draining", "quiet");
        assertThat(db.write((Tx tx) -> tx.agents().setState("quiet", "other-instance", Agent.State.LOST))).isFalse();
        assertThat(db.write((Tx tx) -> tx.agents().setState("quiet", "i1", Agent.State.LOST))).isTrue();
        assertThat(db.read((Tx tx) -> tx.agents().byName("quiet")).orElseThrow().state()).isEqualTo(Agent.State.LOST);
        assertThat(db.read((Tx tx) -> tx.agents().silentSince(T0.plusSeconds(10)))).extracting(Agent::name)
                .containsExactly("draining");
    }
}
