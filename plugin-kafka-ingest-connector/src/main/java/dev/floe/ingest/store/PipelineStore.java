package dev.floe.ingest.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.floe.ingest.pipeline.PipelineDefinition;
import io.airlift.log.Logger;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The pipeline definitions, one property {@code pipeline.<name>} (JSON) each, of an Iceberg namespace of the
 * target catalog: every node of the cluster reads the same definitions, and they survive restarts with the catalog.
 * Writes come from the procedures, which run on the coordinator; this class serializes them within the JVM.
 */
public final class PipelineStore
{
    private static final Logger log = Logger.get(PipelineStore.class);
    private static final String PREFIX = "pipeline.";

    private final SupportsNamespaces catalog;
    private final Namespace namespace;
    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public PipelineStore(SupportsNamespaces catalog, Namespace namespace)
    {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.namespace = requireNonNull(namespace, "namespace is null");
    }

    public List<PipelineDefinition> list()
    {
        List<PipelineDefinition> pipelines = new ArrayList<>();
        properties().forEach((key, value) -> {
            if (key.startsWith(PREFIX)) {
                decode(key, value).ifPresent(pipelines::add);
            }
        });
        pipelines.sort(Comparator.comparing(PipelineDefinition::name));
        return pipelines;
    }

    public Optional<PipelineDefinition> get(String name)
    {
        return Optional.ofNullable(properties().get(PREFIX + name)).flatMap(value -> decode(PREFIX + name, value));
    }

    public synchronized void create(PipelineDefinition pipeline)
    {
        if (get(pipeline.name()).isPresent()) {
            throw new IllegalArgumentException("Pipeline %s already exists".formatted(pipeline.name()));
        }
        write(pipeline);
    }

    /** Replaces a pipeline's definition; the caller read it and increased its version. */
    public synchronized void update(PipelineDefinition pipeline)
    {
        PipelineDefinition current = get(pipeline.name()).orElseThrow(() -> new IllegalArgumentException("Pipeline %s does not exist".formatted(pipeline.name())));
        if (current.version() >= pipeline.version()) {
            throw new IllegalStateException("Pipeline %s was changed concurrently (version %s, not %s): try again".formatted(pipeline.name(), current.version(), pipeline.version() - 1));
        }
        write(pipeline);
    }

    public synchronized void drop(String name)
    {
        if (get(name).isEmpty()) {
            throw new IllegalArgumentException("Pipeline %s does not exist".formatted(name));
        }
        catalog.removeProperties(namespace, new HashSet<>(Set.of(PREFIX + name)));
    }

    private void write(PipelineDefinition pipeline)
    {
        String json;
        try {
            json = mapper.writeValueAsString(pipeline);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode pipeline " + pipeline.name(), e);
        }
        createNamespace();
        catalog.setProperties(namespace, new HashMap<>(Map.of(PREFIX + pipeline.name(), json)));
    }

    private Map<String, String> properties()
    {
        try {
            return catalog.loadNamespaceMetadata(namespace);
        }
        catch (NoSuchNamespaceException e) {
            return Map.of();
        }
    }

    private void createNamespace()
    {
        if (!catalog.namespaceExists(namespace)) {
            try {
                // a mutable map: Iceberg's REST client looks up null keys in it, which Map.of rejects
                catalog.createNamespace(namespace, new HashMap<>(Map.of("comment", "Floe ingest pipeline definitions (plugin-kafka-ingest-connector)")));
            }
            catch (AlreadyExistsException e) {
                // created by another node meanwhile
            }
        }
    }

    private Optional<PipelineDefinition> decode(String key, String value)
    {
        try {
            return Optional.of(mapper.readValue(value, PipelineDefinition.class));
        }
        catch (JsonProcessingException e) {
            // one damaged entry must not hide the others; it stays in place for an operator to inspect
            log.error("Namespace %s: property %s is not a pipeline definition: %s", namespace, key, e.getOriginalMessage());
            return Optional.empty();
        }
    }
}
