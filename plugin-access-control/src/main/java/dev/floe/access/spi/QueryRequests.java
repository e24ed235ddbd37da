package dev.floe.access.spi;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.floe.access.evaluation.RequestInfo;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.QueryCompletedEvent;
import io.trino.spi.eventlistener.QueryCreatedEvent;
import io.trino.spi.security.SystemSecurityContext;

import java.time.Duration;
import java.util.List;

/**
 * The source and client tags of running queries, for {@code request.source} and {@code request.client_tags}
 * in conditions: the access-control SPI passes only the identity and query id, so the plugin listens for query
 * creation (the engine registers this listener because the access control returns it) and looks the query up.
 * A query the listener has not seen has an empty source and no tags.
 */
final class QueryRequests
        implements EventListener
{
    private record Client(String source, List<String> tags) {}

    private final Cache<String, Client> clients = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofHours(24))
            .build();

    @Override
    public void queryCreated(QueryCreatedEvent event)
    {
        clients.put(event.getMetadata().getQueryId(), new Client(
                event.getContext().getSource().orElse(""),
                List.copyOf(event.getContext().getClientTags())));
    }

    @Override
    public void queryCompleted(QueryCompletedEvent event)
    {
        clients.invalidate(event.getMetadata().getQueryId());
    }

    RequestInfo request(SystemSecurityContext context)
    {
        Client client = context.getQueryId() == null ? null : clients.getIfPresent(context.getQueryId().getId());
        if (client == null) {
            return new RequestInfo(context.getQueryStart(), "", List.of());
        }
        return new RequestInfo(context.getQueryStart(), client.source(), client.tags());
    }
}
