package dev.floe.ingest.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Writer schemas from a Confluent-compatible schema registry, {@code GET {url}/schemas/ids/{id}}. A schema id names
 * one schema forever, so each id is asked once and kept; failed lookups are not kept and are asked again. Only an
 * unknown id (404) or an unusable schema is the record's fault ({@link DecodeException}); when the registry cannot
 * answer, {@link SchemaRegistryUnavailableException}.
 */
final class RegistrySchemaSource
        implements SchemaSource
{
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final int MAX_ERROR_BODY = 200;

    private final String baseUrl;
    private final Optional<String> authorization;
    private final Duration timeout;
    private final HttpClient client;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ConcurrentMap<Integer, WriterSchema> schemas = new ConcurrentHashMap<>();

    RegistrySchemaSource(URI url, Optional<String> userInfo, Duration timeout)
    {
        requireNonNull(url, "url is null");
        requireNonNull(userInfo, "userInfo is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("not an http or https URL: " + url);
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("URL has a query or fragment: " + url);
        }
        // user info in the URL works too, but is kept out of requests and messages
        Optional<String> credentials = userInfo.or(() -> Optional.ofNullable(url.getUserInfo()));
        credentials.ifPresent(value -> {
            if (!value.contains(":")) {
                throw new IllegalArgumentException("user info is not of the form user:password");
            }
        });
        this.authorization = credentials.map(value -> "Basic " + Base64.getEncoder().encodeToString(value.getBytes(UTF_8)));
        try {
            String path = url.getPath() == null ? "" : url.getPath().replaceAll("/+$", "");
            this.baseUrl = new URI(scheme, null, url.getHost(), url.getPort(), path, null, null).toString();
        }
        catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL: " + url, e);
        }
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public WriterSchema schema(int id)
            throws DecodeException
    {
        WriterSchema schema = schemas.get(id);
        if (schema == null) {
            schema = fetch(id);
            schemas.putIfAbsent(id, schema);
        }
        return schema;
    }

    @Override
    public Optional<WriterSchema> single()
    {
        return Optional.empty();
    }

    @Override
    public Map<Integer, WriterSchema> known()
    {
        return Map.of();
    }

    private WriterSchema fetch(int id)
            throws DecodeException
    {
        String url = baseUrl + "/schemas/ids/" + id;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Accept", "application/vnd.schemaregistry.v1+json, application/json")
                .GET();
        authorization.ifPresent(value -> request.header("Authorization", value));
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        }
        catch (HttpTimeoutException e) {
            throw new SchemaRegistryUnavailableException("schema id %s: schema registry GET %s: no answer within %s".formatted(id, url, timeout), e);
        }
        catch (IOException e) {
            throw new SchemaRegistryUnavailableException("schema id %s: schema registry GET %s failed: %s".formatted(id, url, e.getMessage() == null ? e.toString() : e.getMessage()), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnavailableException("schema id %s: schema registry GET %s: interrupted".formatted(id, url), e);
        }
        // only "no such id" is the record's fault; any other refusal may pass (an outage, throttling, credentials)
        if (response.statusCode() == 404) {
            throw new DecodeException("unknown schema id %s: schema registry GET %s answered HTTP 404%s".formatted(id, url, registryError(response.body())));
        }
        if (response.statusCode() != 200) {
            throw new SchemaRegistryUnavailableException("schema id %s: schema registry GET %s answered HTTP %s%s".formatted(
                    id,
                    url,
                    response.statusCode(),
                    registryError(response.body())));
        }
        return parse(id, url, response.body());
    }

    private WriterSchema parse(int id, String url, byte[] body)
            throws DecodeException
    {
        JsonNode answer;
        try {
            answer = mapper.readTree(body);
        }
        catch (IOException e) {
            throw new DecodeException("schema id %s: schema registry GET %s: the answer is not JSON: %s".formatted(id, url, e.getMessage()), e);
        }
        if (answer == null || !answer.path("schema").isTextual()) {
            throw new DecodeException("schema id %s: schema registry GET %s: the answer has no \"schema\" text".formatted(id, url));
        }
        // the registry leaves schemaType out for Avro
        String typeName = answer.path("schemaType").asText("AVRO");
        WriterSchema.Type type;
        try {
            type = WriterSchema.Type.valueOf(typeName.toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            throw new DecodeException("schema id %s: schema registry GET %s: unknown schemaType '%s'".formatted(id, url, typeName), e);
        }
        List<String> references = new ArrayList<>();
        for (JsonNode reference : answer.path("references")) {
            references.add(reference.path("name").asText(reference.toString()));
        }
        return new WriterSchema(type, answer.get("schema").asText(), url, references);
    }

    /** The registry's {@code error_code} and {@code message}, or the start of whatever else it answered. */
    private String registryError(byte[] body)
    {
        if (body.length == 0) {
            return "";
        }
        try {
            JsonNode error = mapper.readTree(body);
            if (error != null && error.has("error_code")) {
                return " (error_code %s: %s)".formatted(error.get("error_code").asText(), error.path("message").asText());
            }
        }
        catch (IOException _) {
            // not JSON: a proxy's page, for example
        }
        String text = new String(body, UTF_8).strip();
        return " (" + (text.length() > MAX_ERROR_BODY ? text.substring(0, MAX_ERROR_BODY) + "…" : text) + ")";
    }
}
