package dev.floe.ingest.decode;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static java.util.Collections.unmodifiableSortedMap;
import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.joining;

/** Writer schemas given in advance: one for every id, or one per id. */
final class LocalSchemaSource
        implements SchemaSource
{
    private final Optional<WriterSchema> single;
    private final Map<Integer, WriterSchema> byId;

    LocalSchemaSource(Optional<WriterSchema> single, Map<Integer, WriterSchema> byId)
    {
        this.single = requireNonNull(single, "single is null");
        // sorted, so that "schemas known" lists the ids in order
        this.byId = unmodifiableSortedMap(new TreeMap<>(requireNonNull(byId, "byId is null")));
        if (single.isEmpty() && byId.isEmpty()) {
            throw new IllegalArgumentException("no schema given");
        }
    }

    static WriterSchema read(WriterSchema.Type type, Path path)
    {
        try {
            return new WriterSchema(type, Files.readString(path), path.toString());
        }
        catch (NoSuchFileException e) {
            throw new IllegalArgumentException("cannot read %s: No such file".formatted(path), e);
        }
        catch (AccessDeniedException e) {
            throw new IllegalArgumentException("cannot read %s: Permission denied".formatted(path), e);
        }
        catch (CharacterCodingException e) {
            throw new IllegalArgumentException("cannot read %s: not UTF-8 text".formatted(path), e);
        }
        catch (IOException e) {
            throw new IllegalArgumentException("cannot read %s: %s".formatted(path, e.getMessage()), e);
        }
    }

    @Override
    public WriterSchema schema(int id)
            throws DecodeException
    {
        if (single.isPresent()) {
            return single.get();
        }
        WriterSchema schema = byId.get(id);
        if (schema == null) {
            throw new DecodeException("unknown schema id %s (schemas known: %s)".formatted(id, byId.keySet().stream().map(String::valueOf).collect(joining(", "))));
        }
        return schema;
    }

    @Override
    public Optional<WriterSchema> single()
    {
        return single;
    }

    @Override
    public Map<Integer, WriterSchema> known()
    {
        return byId;
    }
}
