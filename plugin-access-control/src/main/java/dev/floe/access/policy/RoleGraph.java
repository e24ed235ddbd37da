package dev.floe.access.policy;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Roles and what each inherits. A role holds the privileges, filters and masks of the roles it inherits.
 */
public final class RoleGraph
{
    private final Map<String, Set<String>> inherits;

    public RoleGraph(Map<String, Set<String>> inherits)
    {
        requireNonNull(inherits, "inherits is null");
        // in the order written (Map.copyOf's order changes from run to run), so a cycle is reported the same way each time
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        inherits.forEach((role, parents) -> copy.put(role, Collections.unmodifiableSet(new LinkedHashSet<>(parents))));
        this.inherits = Collections.unmodifiableMap(copy);
    }

    public boolean contains(String role)
    {
        return inherits.containsKey(role);
    }

    public Set<String> roles()
    {
        return inherits.keySet();
    }

    public Set<String> parents(String role)
    {
        return inherits.getOrDefault(role, Set.of());
    }

    /**
     * @return a cycle as the list of roles on it, first role repeated at the end, if there is one
     */
    public Optional<List<String>> findCycle()
    {
        Map<String, Integer> state = new HashMap<>();
        for (String role : inherits.keySet()) {
            Deque<String> path = new ArrayDeque<>();
            Optional<List<String>> cycle = visit(role, state, path);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        return Optional.empty();
    }

    private Optional<List<String>> visit(String role, Map<String, Integer> state, Deque<String> path)
    {
        Integer current = state.get(role);
        if (current != null && current == 2) {
            return Optional.empty();
        }
        path.addLast(role);
        if (current != null) {
            List<String> names = List.copyOf(path);
            return Optional.of(names.subList(names.indexOf(role), names.size()));
        }
        state.put(role, 1);
        for (String parent : parents(role)) {
            Optional<List<String>> cycle = visit(parent, state, path);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        state.put(role, 2);
        path.removeLast();
        return Optional.empty();
    }

    /**
     * The given roles and everything they inherit; call only on a graph without cycles.
     */
    public Set<String> closure(Set<String> roles)
    {
        Set<String> result = new LinkedHashSet<>();
        Deque<String> pending = new ArrayDeque<>(roles);
        while (!pending.isEmpty()) {
            String role = pending.removeFirst();
            if (result.add(role)) {
                pending.addAll(parents(role));
            }
        }
        return result;
    }
}
