package dev.floe.cache.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.floe.cache.view.RefreshState;
import dev.floe.cache.view.ViewDefinition;
import io.airlift.log.Logger;
import io.trino.spi.connector.SchemaTableName;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * The cache catalog's schemas, view definitions and refresh states, kept as properties ({@code schema.<s>},
 * {@code view.<s>.<v>}, {@code state.<s>.<v>}, JSON) of one Iceberg namespace: every node reads the same
 * definitions and they live as long as the catalog. Names may not contain dots, so keys are unambiguous.
 */
public final class ViewStore
{
    private static final Logger log = Logger.get(ViewStore.class);
    private static final String SCHEMA = "schema.";
    private static final String VIEW = "view.";
    private static final String STATE = "state.";

    private final SupportsNamespaces catalog;
    private final Namespace namespace;
    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ViewStore(SupportsNamespaces catalog, Namespace namespace)
    {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.namespace = requireNonNull(namespace, "namespace is null");
    }

    public Namespace namespace()
    {
        return namespace;
    }

    /** Everything, as of one read of the namespace. */
    public Contents read()
    {
        Map<String, String> properties;
        try {
            properties = catalog.loadNamespaceMetadata(namespace);
        }
        catch (NoSuchNamespaceException e) {
            properties = Map.of();
        }
        Set<String> schemas = new TreeSet<>();
        Map<SchemaTableName, ViewDefinition> views = new TreeMap<>(ViewStore::compare);
        Map<SchemaTableName, RefreshState> states = new HashMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith(SCHEMA)) {
                schemas.add(key.substring(SCHEMA.length()));
            }
            else if (key.startsWith(VIEW)) {
                decode(key, value, ViewDefinition.class).ifPresent(view -> views.put(view.viewName(), view));
            }
            else if (key.startsWith(STATE)) {
                name(key.substring(STATE.length())).ifPresent(name -> decode(key, value, RefreshState.class).ifPresent(state -> states.put(name, state)));
            }
        });
        return new Contents(schemas, views, states);
    }

    public synchronized void createSchema(String schema)
    {
        set(Map.of(SCHEMA + schema, "{}"));
    }

    public synchronized void dropSchema(String schema)
    {
        remove(Set.of(SCHEMA + schema));
    }

    public synchronized void putView(ViewDefinition view)
    {
        set(Map.of(VIEW + key(view.viewName()), encode(view)));
    }

    public synchronized void removeView(SchemaTableName name)
    {
        remove(Set.of(VIEW + key(name), STATE + key(name)));
    }

    public synchronized void putState(SchemaTableName name, RefreshState state)
    {
        set(Map.of(STATE + key(name), encode(state)));
    }

    private void set(Map<String, String> properties)
    {
        createNamespace();
        // mutable maps: Iceberg's REST client looks up null keys in them, which Map.of rejects
        catalog.setProperties(namespace, new HashMap<>(properties));
    }

    private void remove(Set<String> keys)
    {
        try {
            catalog.removeProperties(namespace, new HashSet<>(keys));
        }
        catch (NoSuchNamespaceException e) {
            // nothing stored yet
        }
    }

    private void createNamespace()
    {
        if (!catalog.namespaceExists(namespace)) {
            try {
                catalog.createNamespace(namespace, new HashMap<>(Map.of("comment", "Floe cached view definitions and refresh states (plugin-result-cache)")));
            }
            catch (AlreadyExistsException e) {
                // created by another node meanwhile
            }
        }
    }

    private static String key(SchemaTableName name)
    {
        return name.getSchemaName() + "." + name.getTableName();
    }

    private static Optional<SchemaTableName> name(String key)
    {
        int dot = key.indexOf('.');
        return dot <= 0 ? Optional.empty() : Optional.of(new SchemaTableName(key.substring(0, dot), key.substring(dot + 1)));
    }

    private static int compare(SchemaTableName left, SchemaTableName right)
    {
        return key(left).compareTo(key(right));
    }

    private String encode(Object value)
    {
        try {
            return mapper.writeValueAsString(value);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode " + value, e);
        }
    }

    private <T> Optional<T> decode(String key, String value, Class<T> type)
    {
        try {
            return Optional.of(mapper.readValue(value, type));
        }
        catch (JsonProcessingException e) {
            // one damaged entry must not hide the others; it stays in place for an operator to inspect
            log.error("Namespace %s: property %s is not a %s: %s", namespace, key, type.getSimpleName(), e.getOriginalMessage());
            return Optional.empty();
        }
    }

    /** One consistent read of the store. */
    public record Contents(Set<String> schemas, Map<SchemaTableName, ViewDefinition> views, Map<SchemaTableName, RefreshState> states)
    {
        public Contents
        {
            schemas = Set.copyOf(schemas);
            views = Map.copyOf(views);
            states = Map.copyOf(states);
        }

        public Optional<ViewDefinition> view(SchemaTableName name)
        {
            return Optional.ofNullable(views.get(name));
        }

        /** The refresh state of the view's current definition (a replaced definition starts over). */
        public RefreshState state(ViewDefinition view)
        {
            RefreshState state = states.get(view.viewName());
            return state != null && state.definitionId().equals(view.id()) ? state : RefreshState.initial(view.id());
        }
    }
}
