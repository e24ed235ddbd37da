package dev.floe.ingest.decode;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.floe.ingest.decode.ConfluentFraming.HEADER_SIZE;
import static java.util.Objects.requireNonNull;

/**
 * Decodes protobuf values, with Confluent's framing (magic byte 0x00, 4-byte big-endian schema id, message index
 * path) or without (one {@code .proto} file and one message type for all values). Descriptors are built from the
 * {@code .proto} text at run time ({@link ProtoFileCompiler}) and kept per schema id. Enums become their names,
 * {@code google.protobuf.Timestamp} an {@code Instant}, the wrapper types their value; see {@link ProtobufValues}.
 * <p>
 * Imports other than the well-known types of {@code google/protobuf/}, and so registry references to other
 * subjects, are not supported.
 */
public final class ProtobufRecordDecoder
        implements RecordDecoder
{
    private static final String FORMAT = "Protobuf";

    private final Framing framing;
    private final CompiledSchemas<FileDescriptor> files;
    private final Optional<Descriptor> unframedType;

    /**
     * @param messageName the message type of values without framing, by full name or by name within the file's
     * package; the first message type of the file when empty. Framed values name their type themselves.
     * @throws IllegalArgumentException when a schema known in advance is not a valid {@code .proto} file, the
     * message type is not in it, or values without framing have no single writer schema
     */
    public ProtobufRecordDecoder(SchemaSource source, Framing framing, Optional<String> messageName)
    {
        requireNonNull(source, "source is null");
        this.framing = requireNonNull(framing, "framing is null");
        requireNonNull(messageName, "messageName is null");
        this.files = new CompiledSchemas<>(FORMAT, source, ProtobufRecordDecoder::compile);
        if (framing == Framing.NONE) {
            FileDescriptor file = files.single().orElseThrow(() -> new IllegalArgumentException("Protobuf values without framing need one writer schema, not one per schema id"));
            this.unframedType = Optional.of(messageName.map(name -> messageType(file, name)).orElseGet(() -> {
                if (file.getMessageTypes().isEmpty()) {
                    throw new IllegalArgumentException("the schema has no message type");
                }
                return file.getMessageTypes().getFirst();
            }));
        }
        else {
            if (messageName.isPresent()) {
                throw new IllegalArgumentException("a message type applies to values without framing only: with Confluent's framing each value names its message type by its message index path");
            }
            this.unframedType = Optional.empty();
        }
    }

    @Override
    public Map<String, Object> decode(byte[] value)
            throws DecodeException
    {
        if (value == null) {
            throw new DecodeException("Protobuf: the record has no value (null)");
        }
        if (framing == Framing.NONE) {
            return parse(unframedType.orElseThrow(), value, 0, "");
        }
        int id = ConfluentFraming.schemaId(FORMAT, value);
        FileDescriptor file = files.forId(id);
        ConfluentFraming.MessageIndexPath path = ConfluentFraming.messageIndexPath(value, HEADER_SIZE);
        return parse(messageType(file, path.indexes()), value, path.end(), " (schema id %s)".formatted(id));
    }

    private static FileDescriptor compile(WriterSchema schema)
            throws DecodeException
    {
        if (schema.type() != WriterSchema.Type.PROTOBUF) {
            throw new DecodeException("the schema type is %s, not PROTOBUF".formatted(schema.type()));
        }
        try {
            return ProtoFileCompiler.compile(schema.origin(), schema.text());
        }
        catch (RuntimeException e) {
            throw new DecodeException(e.getMessage(), e);
        }
    }

    /** Follows the index path from the file's top-level message types down their nested types. */
    private static Descriptor messageType(FileDescriptor file, List<Integer> indexes)
            throws DecodeException
    {
        List<Descriptor> candidates = file.getMessageTypes();
        Descriptor type = null;
        for (int index : indexes) {
            if (index >= candidates.size()) {
                throw new DecodeException("Protobuf: message index path %s but %s".formatted(indexes, type == null
                        ? "the schema has %s message types".formatted(candidates.size())
                        : "message %s has %s nested message types".formatted(type.getFullName(), candidates.size())));
            }
            type = candidates.get(index);
            candidates = type.getNestedTypes();
        }
        return requireNonNull(type, "empty message index path");
    }

    private static Descriptor messageType(FileDescriptor file, String name)
    {
        String packagePrefix = file.getPackage().isEmpty() ? "" : file.getPackage() + ".";
        String fullName = name.startsWith(".") ? name.substring(1) : name;
        List<Descriptor> types = new ArrayList<>();
        collect(file.getMessageTypes(), types);
        for (Descriptor type : types) {
            if (type.getFullName().equals(fullName) || type.getFullName().equals(packagePrefix + fullName)) {
                return type;
            }
        }
        throw new IllegalArgumentException("no message type %s in the schema (message types: %s)".formatted(
                name,
                String.join(", ", types.stream().map(Descriptor::getFullName).toList())));
    }

    private static void collect(List<Descriptor> types, List<Descriptor> all)
    {
        for (Descriptor type : types) {
            if (!type.getOptions().getMapEntry()) {
                all.add(type);
                collect(type.getNestedTypes(), all);
            }
        }
    }

    private static Map<String, Object> parse(Descriptor type, byte[] value, int offset, String schemaId)
            throws DecodeException
    {
        DynamicMessage message;
        try {
            message = DynamicMessage.parseFrom(type, CodedInputStream.newInstance(value, offset, value.length - offset));
        }
        catch (InvalidProtocolBufferException e) {
            throw new DecodeException("Protobuf: not a valid %s message%s: %s".formatted(type.getFullName(), schemaId, e.getMessage()), e);
        }
        catch (IOException | RuntimeException e) {
            // a byte array source fails only with InvalidProtocolBufferException, but the signature says IOException
            throw new DecodeException("Protobuf: cannot read a %s message%s: %s".formatted(type.getFullName(), schemaId, e), e);
        }
        return ProtobufValues.message(message);
    }
}
