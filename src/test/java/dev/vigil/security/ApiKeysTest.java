package dev.vigil.security;

import static dev.vigil.domain.ApiKey.Role.ADMIN;
import static dev.vigil.domain.ApiKey.Role.AGENT;
import static dev.vigil.domain.ApiKey.Role.EDITOR;
import static dev.vigil.domain.ApiKey.Role.OPERATOR;
import static dev.vigil.domain.ApiKey.Role.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.ApiKey;
import dev.vigil.domain.ApiKey.Role;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ApiKeysTest {
    /** held → every role whose checks it passes; written out in full so a new role must be placed here. */
    private static final Map<Role, Set<Role>> PASSES = Map.of(
            VIEWER, EnumSet.of(VIEWER),
            OPERATOR, EnumSet.of(VIEWER, OPERATOR),
            EDITOR, EnumSet.of(VIEWER, OPERATOR, EDITOR),
            ADMIN, EnumSet.of(VIEWER, OPERATOR, EDITOR, ADMIN, AGENT),
            AGENT, EnumSet.of(AGENT));

    private static ApiKey key(Role role, Long projectId) {
        return new ApiKey(1, "k", "vk_abcd", "h", projectId, role, Instant.EPOCH);
    }

    @Test
    void the_matrix_covers_every_role() {
        assertThat(PASSES.keySet()).containsExactlyInAnyOrder(Role.values());
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void a_global_key_passes_exactly_the_checks_of_its_role(Role held) {
        for (Role required : Role.values()) {
            boolean expected = PASSES.get(held).contains(required);
            assertThat(ApiKeys.grants(held, required)).as(held + " for " + required).isEqualTo(expected);
            assertThat(ApiKeys.allows(key(held, null), required, null)).as(held + " for " + required + ", no project").isEqualTo(expected);
            assertThat(ApiKeys.allows(key(held, null), required, 7L)).as(held + " for " + required + " in project 7").isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void a_project_key_passes_the_same_checks_in_its_project_and_none_elsewhere(Role held) {
        ApiKey bound = key(held, 7L);
        for (Role required : Role.values()) {
            assertThat(ApiKeys.allows(bound, required, 7L)).as(held + " for " + required + " in its project")
                    .isEqualTo(PASSES.get(held).contains(required));
            assertThat(ApiKeys.allows(bound, required, 8L)).as(held + " for " + required + " in another project").isFalse();
            assertThat(ApiKeys.allows(bound, required, null)).as(held + " for " + required + " across projects").isFalse();
        }
    }

    @Test
    void an_agent_key_passes_no_management_check_although_it_is_declared_last() {
        for (Role management : EnumSet.of(VIEWER, OPERATOR, EDITOR, ADMIN)) {
            assertThat(ApiKeys.allows(key(AGENT, null), management, null)).as(management.wire()).isFalse();
        }
    }

    @Test
    void stored_role_names_are_stable() {
        assertThat(EnumSet.allOf(Role.class)).extracting(Role::wire)
                .containsExactly("viewer", "operator", "editor", "admin", "agent");
    }
}
