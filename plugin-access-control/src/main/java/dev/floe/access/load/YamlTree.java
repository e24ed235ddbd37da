package dev.floe.access.load;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Reads SnakeYAML's node tree (which keeps line numbers, unlike a data-binding tree) with the shapes the
 * policy format allows, recording each deviation as a problem at the node's line instead of stopping at the
 * first.
 */
final class YamlTree
{
    /**
     * A value and the node it was read from, so that a problem with one value of a list points at its line.
     */
    record Scalar(String value, Node node) {}

    private record Problem(int line, String text) {}

    private final String file;
    private final List<Problem> problems = new ArrayList<>();

    YamlTree(String file)
    {
        this.file = requireNonNull(file, "file is null");
    }

    String file()
    {
        return file;
    }

    /**
     * The problems in the order of their lines (those of one line in the order found), which is the order
     * in which one fixes a file.
     */
    List<String> problems()
    {
        return problems.stream()
                .sorted(Comparator.comparingInt(Problem::line))
                .map(Problem::text)
                .toList();
    }

    static int line(Node node)
    {
        return node.getStartMark().getLine() + 1;
    }

    void problem(Node node, String context, String message)
    {
        problems.add(new Problem(line(node), "%s:%s: %s%s".formatted(file, line(node), context.isEmpty() ? "" : context + ": ", message)));
    }

    /**
     * @return the entries in file order, or an empty map (with a problem recorded) when the node is not a
     * mapping; unknown and repeated keys are problems too
     */
    Map<String, Node> mapping(Node node, String context, Set<String> keys)
    {
        Map<String, Node> entries = new LinkedHashMap<>();
        if (!(node instanceof MappingNode mapping)) {
            problem(node, context, "expected a mapping of " + String.join(", ", keys.isEmpty() ? Set.of("names") : keys));
            return entries;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            Optional<String> key = scalar(tuple.getKeyNode(), context);
            if (key.isEmpty()) {
                continue;
            }
            if (!keys.isEmpty() && !keys.contains(key.get())) {
                problem(tuple.getKeyNode(), context, "unknown key '%s'; expected one of %s".formatted(key.get(), String.join(", ", keys)));
                continue;
            }
            if (entries.putIfAbsent(key.get(), tuple.getValueNode()) != null) {
                problem(tuple.getKeyNode(), context, "key '%s' is repeated".formatted(key.get()));
            }
        }
        return entries;
    }

    Optional<String> scalar(Node node, String context)
    {
        if (node instanceof ScalarNode scalar) {
            return Optional.of(scalar.getValue());
        }
        problem(node, context, "expected a single value");
        return Optional.empty();
    }

    Optional<String> nonEmptyScalar(Node node, String context)
    {
        Optional<String> value = scalar(node, context).map(String::strip);
        if (value.isPresent() && value.get().isEmpty()) {
            problem(node, context, "must not be empty");
            return Optional.empty();
        }
        return value;
    }

    /**
     * A value or a list of values; both {@code roles: analyst} and {@code roles: [analyst]} are accepted.
     */
    List<String> strings(Node node, String context)
    {
        return scalars(node, context).stream().map(Scalar::value).toList();
    }

    List<Scalar> scalars(Node node, String context)
    {
        List<Scalar> values = new ArrayList<>();
        if (node instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                nonEmptyScalar(item, context).ifPresent(value -> values.add(new Scalar(value, item)));
            }
        }
        else {
            nonEmptyScalar(node, context).ifPresent(value -> values.add(new Scalar(value, node)));
        }
        return values;
    }

    List<Node> sequence(Node node, String context)
    {
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        problem(node, context, "expected a list");
        return List.of();
    }

    Optional<Integer> integer(Node node, String context)
    {
        Optional<String> value = scalar(node, context);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(value.get().strip()));
        }
        catch (NumberFormatException _) {
            problem(node, context, "'%s' is not an integer".formatted(value.get()));
            return Optional.empty();
        }
    }

    Optional<Boolean> bool(Node node, String context)
    {
        Optional<String> value = scalar(node, context).map(String::strip);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        return switch (value.get()) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> {
                problem(node, context, "'%s' is not true or false".formatted(value.get()));
                yield Optional.empty();
            }
        };
    }
}
