package dev.floe.ingest.runtime;

import com.google.common.hash.Hashing;

import java.util.Collection;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Which node runs a pipeline: rendezvous hashing of the pipeline name over the nodes that run pipelines. Every
 * node computes the same owner from the same node list, a node joining or leaving moves only the pipelines it
 * gains or had, and no coordination is needed: while two nodes disagree (their node lists differ for a moment),
 * the commit fence keeps the table exactly once.
 */
public final class Assignment
{
    private Assignment() {}

    public static Optional<String> owner(String pipeline, Collection<String> nodes)
    {
        String owner = null;
        long best = Long.MIN_VALUE;
        for (String node : nodes) {
            long score = Hashing.murmur3_128().hashString(pipeline + "\u0000" + node, UTF_8).asLong();
            if (owner == null || score > best || score == best && node.compareTo(owner) < 0) {
                owner = node;
                best = score;
            }
        }
        return Optional.ofNullable(owner);
    }
}
