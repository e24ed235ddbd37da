package dev.floe.access.policy;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

final class TestRoleGraph
{
    @Test
    void closure()
    {
        RoleGraph graph = graph(
                "admin", Set.of("analyst", "auditor"),
                "analyst", Set.of("reader"),
                "auditor", Set.of("reader"),
                "reader", Set.of(),
                "guest", Set.of());
        assertThat(graph.findCycle()).isEmpty();
        assertThat(graph.closure(Set.of("admin"))).containsExactlyInAnyOrder("admin", "analyst", "auditor", "reader");
        assertThat(graph.closure(Set.of("analyst", "guest"))).containsExactlyInAnyOrder("analyst", "reader", "guest");
        assertThat(graph.closure(Set.of("reader"))).containsExactly("reader");
        assertThat(graph.closure(Set.of())).isEmpty();
        // a role the graph does not know stays itself (the loader rejects such references)
        assertThat(graph.closure(Set.of("ghost"))).containsExactly("ghost");
        assertThat(graph.contains("admin")).isTrue();
        assertThat(graph.contains("ghost")).isFalse();
    }

    @Test
    void cycles()
    {
        assertThat(graph("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a")).findCycle()).contains(List.of("a", "b", "c", "a"));
        assertThat(graph("a", Set.of("a")).findCycle()).contains(List.of("a", "a"));
        // the cycle is reported from where it is entered, without the path that leads to it
        assertThat(graph("x", Set.of("y"), "y", Set.of("z"), "z", Set.of("y")).findCycle()).contains(List.of("y", "z", "y"));
        // a diamond is no cycle
        assertThat(graph("top", Set.of("left", "right"), "left", Set.of("base"), "right", Set.of("base"), "base", Set.of()).findCycle()).isEmpty();
    }

    @Test
    void cycleIsReportedTheSameWayEachTime()
    {
        // roles in the order written; with many roles a hash order would start the cycle anywhere
        Map<String, Set<String>> inherits = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            inherits.put("role" + i, Set.of("role" + ((i + 1) % 50)));
        }
        List<String> cycle = new RoleGraph(inherits).findCycle().orElseThrow();
        assertThat(cycle).hasSize(51).startsWith("role0", "role1").endsWith("role49", "role0");
    }

    private static RoleGraph graph(Object... rolesAndParents)
    {
        Map<String, Set<String>> inherits = new LinkedHashMap<>();
        for (int i = 0; i < rolesAndParents.length; i += 2) {
            @SuppressWarnings("unchecked")
            Set<String> parents = (Set<String>) rolesAndParents[i + 1];
            inherits.put((String) rolesAndParents[i], parents);
        }
        return new RoleGraph(inherits);
    }
}
