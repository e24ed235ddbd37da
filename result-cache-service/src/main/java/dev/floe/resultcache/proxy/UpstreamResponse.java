package dev.floe.resultcache.proxy;

import com.google.common.collect.ImmutableListMultimap;
import com.google.common.collect.ListMultimap;

import static java.util.Objects.requireNonNull;

/** A response of the coordinator, read whole: protocol pages are small and the proxy may need to parse them. */
public record UpstreamResponse(int status, ListMultimap<String, String> headers, byte[] body)
{
    public UpstreamResponse
    {
        headers = ImmutableListMultimap.copyOf(requireNonNull(headers, "headers is null"));
        requireNonNull(body, "body is null");
    }
}
