package dev.floe.access.evaluation;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What conditions may know of the request besides the user: when the query started, the client's source
 * name and client tags ({@code request.time}, {@code request.source}, {@code request.client_tags}).
 */
public record RequestInfo(Instant time, String source, List<String> clientTags)
{
    public RequestInfo
    {
        requireNonNull(time, "time is null");
        requireNonNull(source, "source is null");
        clientTags = List.copyOf(clientTags);
    }
}
