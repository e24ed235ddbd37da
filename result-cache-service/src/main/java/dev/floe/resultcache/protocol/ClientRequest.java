package dev.floe.resultcache.protocol;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableListMultimap;
import com.google.common.collect.ListMultimap;
import jakarta.servlet.http.HttpServletRequest;

import java.net.URLDecoder;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The headers of a client's request, as Trino's client protocol defines them. Header names are kept lower-case.
 * The proxy's own session property {@value #SKIP_PROPERTY} travels in {@code X-Trino-Session} like any other (so
 * {@code SET SESSION} works from every client) and is removed before the request reaches the coordinator, which
 * does not know it.
 */
public record ClientRequest(ListMultimap<String, String> headers)
{
    public static final String SKIP_PROPERTY = "skip_results_cache";
    public static final String SKIP_HEADER = "x-floe-skip-results-cache";

    public static final String USER = "x-trino-user";
    public static final String SESSION = "x-trino-session";
    public static final String TRANSACTION_ID = "x-trino-transaction-id";
    public static final String AUTHORIZATION = "authorization";

    /** Headers whose values decide what a statement computes or who computes it: all of them are in the key. */
    public static final List<String> KEY_HEADERS = ImmutableList.of(
            USER,
            "x-trino-original-user",
            AUTHORIZATION,
            "x-trino-catalog",
            "x-trino-schema",
            "x-trino-path",
            "x-trino-time-zone",
            "x-trino-language",
            "x-trino-role",
            "x-trino-original-roles",
            "x-trino-prepared-statement",
            "x-trino-extra-credential",
            "x-trino-client-capabilities",
            // session property managers may choose properties by source and tags
            "x-trino-source",
            "x-trino-client-tags");

    private static final Splitter COMMA = Splitter.on(',').trimResults().omitEmptyStrings();
    private static final Splitter COMMA_OR_SEMICOLON = Splitter.onPattern("[,;]").trimResults().omitEmptyStrings();

    public ClientRequest
    {
        headers = ImmutableListMultimap.copyOf(requireNonNull(headers, "headers is null"));
    }

    public static ClientRequest from(HttpServletRequest request)
    {
        ImmutableListMultimap.Builder<String, String> headers = ImmutableListMultimap.builder();
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                headers.put(name.toLowerCase(Locale.ROOT), value);
            }
        }
        return new ClientRequest(headers.build());
    }

    public List<String> values(String name)
    {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public Optional<String> user()
    {
        return values(USER).stream().findFirst();
    }

    /** The session properties other than the proxy's own, as {@code name=value} items in the order sent. */
    public List<String> sessionProperties()
    {
        return sessionItems().stream()
                .filter(item -> !isSkipItem(item))
                .collect(ImmutableList.toImmutableList());
    }

    /** Whether the client asked to bypass the cache, by session property or by header. */
    public boolean skipsCache()
    {
        boolean bySession = sessionItems().stream()
                .filter(ClientRequest::isSkipItem)
                .anyMatch(item -> Boolean.parseBoolean(decode(item.substring(item.indexOf('=') + 1)).trim()));
        return bySession || values(SKIP_HEADER).stream().anyMatch(value -> Boolean.parseBoolean(value.trim()));
    }

    /**
     * Why the key could not tell this request from another that computes something else: headers of the protocol's
     * alternate name ({@code protocol.v1.alternate-header-name}, e.g. {@code X-Presto-User}), a body in another
     * charset than UTF-8 (two statements could decode alike), a session property set twice (the coordinator keeps
     * the last). Such requests pass through.
     */
    public Optional<String> unkeyable()
    {
        Optional<String> alternate = headers.keySet().stream().filter(name -> name.startsWith("x-presto-")).findFirst();
        if (alternate.isPresent()) {
            return Optional.of("header " + alternate.get());
        }
        Optional<String> charset = values("content-type").stream()
                .flatMap(value -> COMMA_OR_SEMICOLON.splitToStream(value))
                .filter(parameter -> parameter.toLowerCase(Locale.ROOT).startsWith("charset="))
                .map(parameter -> parameter.substring("charset=".length()).replace("\"", "").trim())
                .filter(name -> !name.equalsIgnoreCase("utf-8") && !name.equalsIgnoreCase("utf8"))
                .findFirst();
        if (charset.isPresent()) {
            return Optional.of("body in charset " + charset.get());
        }
        Set<String> names = new HashSet<>();
        for (String item : sessionProperties()) {
            String name = propertyName(item).toLowerCase(Locale.ROOT);
            if (!names.add(name)) {
                return Optional.of("session property " + name + " set twice");
            }
        }
        return Optional.empty();
    }

    /** Whether the statement runs inside an explicit transaction, whose reads the cache must not answer. */
    public boolean inTransaction()
    {
        return values(TRANSACTION_ID).stream().anyMatch(value -> !value.isBlank() && !value.equalsIgnoreCase("NONE"));
    }

    /** The headers to send to the coordinator: the proxy's own property and header removed. */
    public ListMultimap<String, String> upstreamHeaders()
    {
        ImmutableListMultimap.Builder<String, String> upstream = ImmutableListMultimap.builder();
        headers.forEach((name, value) -> {
            if (name.equals(SKIP_HEADER)) {
                return;
            }
            if (name.equals(SESSION)) {
                String kept = COMMA.splitToStream(value).filter(item -> !isSkipItem(item)).reduce((a, b) -> a + "," + b).orElse("");
                if (!kept.isEmpty()) {
                    upstream.put(name, kept);
                }
                return;
            }
            upstream.put(name, value);
        });
        return upstream.build();
    }

    private List<String> sessionItems()
    {
        return values(SESSION).stream()
                .flatMap(COMMA::splitToStream)
                .collect(ImmutableList.toImmutableList());
    }

    private static boolean isSkipItem(String item)
    {
        return item.indexOf('=') > 0 && propertyName(item).equalsIgnoreCase(SKIP_PROPERTY);
    }

    /** The decoded name of a {@code name=value} session item; the whole item when it has no {@code =}. */
    private static String propertyName(String item)
    {
        int equals = item.indexOf('=');
        return decode(equals < 0 ? item : item.substring(0, equals)).trim();
    }

    private static String decode(String value)
    {
        return URLDecoder.decode(value, UTF_8);
    }
}
