package dev.floe.resultcache.store;

import com.google.common.collect.ImmutableList;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What the store knows about a cached result besides its rows: whose query it answers, which query computed it,
 * until when it may be served and the versions of the tables it read.
 */
public record CacheEntry(
        String key,
        String query,
        String user,
        String originQueryId,
        long createdMillis,
        long expiresMillis,
        List<InputVersion> inputs,
        long rows,
        long payloadBytes)
{
    public CacheEntry
    {
        requireNonNull(key, "key is null");
        requireNonNull(query, "query is null");
        requireNonNull(user, "user is null");
        requireNonNull(originQueryId, "originQueryId is null");
        inputs = ImmutableList.copyOf(requireNonNull(inputs, "inputs is null"));
    }

    public boolean readsTable(String qualifiedName)
    {
        return inputs.stream().anyMatch(input -> input.qualifiedName().equalsIgnoreCase(qualifiedName));
    }
}
