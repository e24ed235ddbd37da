package dev.floe.ingest.decode;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Builds a pipeline's {@link RecordDecoder} from its format and its {@code schema} option, a JSON object with the
 * keys
 * <ul>
 *     <li>{@value #INLINE}: the writer schema (Avro schema JSON or {@code .proto} text), used for every schema id;
 *     or an object of schemas by id, {@code {"1": "...", "2": "..."}}, for registry-free schema evolution;</li>
 *     <li>{@value #FILE}: the path of a schema file on every node, read now; or an object of paths by id;</li>
 *     <li>{@value #REGISTRY_URL}: a Confluent-compatible schema registry, asked for each new schema id;</li>
 *     <li>{@value #REGISTRY_USER_INFO}: {@code user:password} for the registry's basic authentication;</li>
 *     <li>{@value #FRAMING}: {@code confluent} (the default: magic byte, schema id and, for protobuf, message index
 *     path) or {@code none} (only the encoded value, one writer schema);</li>
 *     <li>{@value #MESSAGE}: with framing {@code none}, the protobuf message type (full name or name within the
 *     package); the file's first message type when left out.</li>
 * </ul>
 * Exactly one of {@value #INLINE}, {@value #FILE} and {@value #REGISTRY_URL} is required for {@code avro} and
 * {@code protobuf}; {@code json} takes no schema.
 */
public final class RecordDecoders
{
    public static final String INLINE = "inline";
    public static final String FILE = "file";
    public static final String REGISTRY_URL = "registry_url";
    public static final String REGISTRY_USER_INFO = "registry_user_info";
    public static final String FRAMING = "framing";
    public static final String MESSAGE = "message";

    private static final List<String> KEYS = List.of(INLINE, FILE, REGISTRY_URL, REGISTRY_USER_INFO, FRAMING, MESSAGE);
    private static final List<String> SOURCE_KEYS = List.of(INLINE, FILE, REGISTRY_URL);
    private static final Set<String> FORMATS = Set.of("json", "avro", "protobuf");

    private RecordDecoders() {}

    /**
     * @param format {@code json}, {@code avro} or {@code protobuf}
     * @param schemaOptions the keys of the {@code schema} option; empty when it is not given
     * @throws IllegalArgumentException naming the option that is wrong: an unknown key or format, a missing or
     * unreadable schema, a schema that does not parse, options that exclude each other
     */
    public static RecordDecoder create(String format, Map<String, Object> schemaOptions)
    {
        requireNonNull(format, "format is null");
        requireNonNull(schemaOptions, "schemaOptions is null");
        String name = format.trim().toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(name)) {
            throw new IllegalArgumentException("unknown format '%s' (one of json, avro, protobuf)".formatted(format));
        }
        for (String key : schemaOptions.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("option schema.%s: unknown key (keys: %s)".formatted(key, String.join(", ", KEYS)));
            }
        }
        if (name.equals("json")) {
            if (!schemaOptions.isEmpty()) {
                throw new IllegalArgumentException("option schema: the json format reads no schema (found schema.%s)".formatted(schemaOptions.keySet().iterator().next()));
            }
            return new JsonRecordDecoder();
        }

        WriterSchema.Type type = name.equals("avro") ? WriterSchema.Type.AVRO : WriterSchema.Type.PROTOBUF;
        List<String> sourceKeys = SOURCE_KEYS.stream().filter(schemaOptions::containsKey).toList();
        if (sourceKeys.isEmpty()) {
            throw new IllegalArgumentException("option schema: the %s format needs the writer schema: schema.inline, schema.file or schema.registry_url".formatted(name));
        }
        if (sourceKeys.size() > 1) {
            throw new IllegalArgumentException("options schema.%s and schema.%s exclude each other".formatted(sourceKeys.get(0), sourceKeys.get(1)));
        }
        String sourceKey = sourceKeys.getFirst();
        if (schemaOptions.containsKey(REGISTRY_USER_INFO) && !sourceKey.equals(REGISTRY_URL)) {
            throw new IllegalArgumentException("option schema.registry_user_info: applies to schema.registry_url only");
        }

        Framing framing = Framing.CONFLUENT;
        if (schemaOptions.containsKey(FRAMING)) {
            try {
                framing = Framing.parse(string(schemaOptions, FRAMING));
            }
            catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("option schema.framing: " + e.getMessage(), e);
            }
        }
        Optional<String> message = schemaOptions.containsKey(MESSAGE) ? Optional.of(string(schemaOptions, MESSAGE)) : Optional.empty();
        if (message.isPresent() && type != WriterSchema.Type.PROTOBUF) {
            throw new IllegalArgumentException("option schema.message: applies to the protobuf format only");
        }
        if (message.isPresent() && framing != Framing.NONE) {
            throw new IllegalArgumentException("option schema.message: applies to framing none only: with Confluent's framing each value names its message type");
        }

        SchemaSource source = source(type, sourceKey, schemaOptions);
        if (framing == Framing.NONE && source.single().isEmpty()) {
            throw new IllegalArgumentException("option schema.framing: none needs one writer schema, in schema.inline or schema.file: without framing values carry no schema id");
        }
        try {
            return type == WriterSchema.Type.AVRO ? new AvroRecordDecoder(source, framing) : new ProtobufRecordDecoder(source, framing, message);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option schema.%s: %s".formatted(sourceKey, e.getMessage()), e);
        }
    }

    private static SchemaSource source(WriterSchema.Type type, String key, Map<String, Object> options)
    {
        Optional<String> userInfo = options.containsKey(REGISTRY_USER_INFO) ? Optional.of(string(options, REGISTRY_USER_INFO)) : Optional.empty();
        String extension = type == WriterSchema.Type.AVRO ? ".avsc" : ".proto";
        Object value = options.get(key);
        try {
            if (key.equals(REGISTRY_URL)) {
                if (!(value instanceof String url)) {
                    throw new IllegalArgumentException("must be a string");
                }
                return SchemaSource.registry(url(url), userInfo);
            }
            if (value instanceof Map<?, ?> values) {
                Map<Integer, WriterSchema> schemas = new LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : values.entrySet()) {
                    int id = schemaId(entry.getKey());
                    if (!(entry.getValue() instanceof String text)) {
                        throw new IllegalArgumentException("schema id %s: must be a string".formatted(id));
                    }
                    schemas.put(id, key.equals(INLINE) ? new WriterSchema(type, text, "inline-" + id + extension) : LocalSchemaSource.read(type, path(text)));
                }
                if (schemas.isEmpty()) {
                    throw new IllegalArgumentException("no schema given");
                }
                return SchemaSource.inline(schemas);
            }
            if (!(value instanceof String text)) {
                throw new IllegalArgumentException("must be a string, or an object of strings by schema id");
            }
            return key.equals(INLINE)
                    ? SchemaSource.inline(new WriterSchema(type, text, "inline" + extension))
                    : SchemaSource.file(type, path(text));
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option schema.%s: %s".formatted(key, e.getMessage()), e);
        }
    }

    private static int schemaId(Object key)
    {
        try {
            int id = Integer.parseInt(String.valueOf(key).trim());
            if (id >= 0) {
                return id;
            }
        }
        catch (NumberFormatException _) {
            // as a negative number
        }
        throw new IllegalArgumentException("'%s' is not a schema id".formatted(key));
    }

    private static Path path(String text)
    {
        if (text.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        try {
            return Path.of(text);
        }
        catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a path: " + e.getMessage(), e);
        }
    }

    private static URI url(String text)
    {
        try {
            return new URI(text.trim());
        }
        catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getMessage(), e);
        }
    }

    private static String string(Map<String, Object> options, String key)
    {
        if (!(options.get(key) instanceof String value)) {
            throw new IllegalArgumentException("option schema.%s: must be a string".formatted(key));
        }
        return value;
    }
}
