package dev.floe.resultcache.proxy;

import com.google.common.collect.ImmutableListMultimap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ListMultimap;
import com.google.inject.Inject;
import dev.floe.resultcache.ResultCacheConfig;
import io.airlift.http.client.HeaderName;
import io.airlift.http.client.HttpClient;
import io.airlift.http.client.Request;
import io.airlift.http.client.Response;
import io.airlift.http.client.ResponseHandler;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.airlift.http.client.StaticBodyGenerator.createStaticBodyGenerator;
import static java.util.Objects.requireNonNull;

/**
 * Passes a request to the coordinator and its response back, unchanged but for hop-by-hop headers. The client's
 * {@code Host} goes along, so the coordinator writes {@code nextUri}, {@code infoUri} and redirects with the
 * proxy's address, and every later request of the client comes through the proxy too. {@code Accept-Encoding} is
 * dropped so that pages arrive uncompressed and can be read.
 */
public final class Forwarder
{
    private static final Set<String> NOT_FORWARDED = ImmutableSet.of(
            "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "content-length", "host", "accept-encoding", "expect");

    private final HttpClient client;
    private final String coordinator;

    @Inject
    public Forwarder(@ForCoordinator HttpClient client, ResultCacheConfig config)
    {
        this.client = requireNonNull(client, "client is null");
        String uri = config.getCoordinatorUri().toString();
        this.coordinator = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    public UpstreamResponse send(String method, String pathAndQuery, ListMultimap<String, String> headers, byte[] body, String host)
    {
        Request.Builder request = new Request.Builder()
                .setMethod(method)
                .setUri(URI.create(coordinator + pathAndQuery))
                .setFollowRedirects(false);
        headers.forEach((name, value) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                request.addHeader(name, value);
            }
        });
        request.setHeader("Host", host);
        if (body.length > 0 || method.equals("POST") || method.equals("PUT")) {
            request.setBodyGenerator(createStaticBodyGenerator(body));
        }
        return client.execute(request.build(), new ResponseHandler<UpstreamResponse, RuntimeException>()
        {
            @Override
            public UpstreamResponse handleException(Request failed, Exception exception)
            {
                throw new CoordinatorUnavailableException(exception);
            }

            @Override
            public UpstreamResponse handle(Request sent, Response response)
            {
                ImmutableListMultimap.Builder<String, String> responseHeaders = ImmutableListMultimap.builder();
                for (Map.Entry<HeaderName, String> header : response.getHeaders().entries()) {
                    responseHeaders.put(header.getKey().toString(), header.getValue());
                }
                try {
                    return new UpstreamResponse(response.getStatusCode(), responseHeaders.build(), response.getInputStream().readAllBytes());
                }
                catch (IOException e) {
                    throw new CoordinatorUnavailableException(e);
                }
            }
        });
    }

    public static void write(UpstreamResponse upstream, HttpServletResponse response)
    {
        response.setStatus(upstream.status());
        upstream.headers().forEach((name, value) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                response.addHeader(name, value);
            }
        });
        response.setContentLength(upstream.body().length);
        try {
            response.getOutputStream().write(upstream.body());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The coordinator could not be reached or broke off its response. */
    public static final class CoordinatorUnavailableException
            extends RuntimeException
    {
        public CoordinatorUnavailableException(Throwable cause)
        {
            super("the Trino coordinator is unavailable: " + cause.getMessage(), cause);
        }
    }
}
