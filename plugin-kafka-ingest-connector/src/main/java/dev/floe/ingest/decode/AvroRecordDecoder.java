package dev.floe.ingest.decode;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;

import java.io.EOFException;
import java.io.IOException;
import java.util.Map;

import static dev.floe.ingest.decode.ConfluentFraming.HEADER_SIZE;
import static java.util.Objects.requireNonNull;

/**
 * Decodes Avro binary values, with Confluent's framing (magic byte 0x00, 4-byte big-endian schema id) or without
 * (one writer schema for all values). Each value is read with the schema it was written with, so values of older and
 * newer schemas decode alike; the mapping sees a field that an older schema lacks as absent. Logical types become
 * {@code java.time} values, {@code BigDecimal} and {@code UUID}. Parsed schemas and readers are kept per id.
 */
public final class AvroRecordDecoder
        implements RecordDecoder
{
    private static final String FORMAT = "Avro";

    private final Framing framing;
    private final CompiledSchemas<Reader> readers;

    /**
     * @throws IllegalArgumentException when a schema known in advance is not an Avro record schema, or values without
     * framing have no single writer schema
     */
    public AvroRecordDecoder(SchemaSource source, Framing framing)
    {
        requireNonNull(source, "source is null");
        this.framing = requireNonNull(framing, "framing is null");
        this.readers = new CompiledSchemas<>(FORMAT, source, AvroRecordDecoder::reader);
        if (framing == Framing.NONE && readers.single().isEmpty()) {
            throw new IllegalArgumentException("Avro values without framing need one writer schema, not one per schema id");
        }
    }

    @Override
    public Map<String, Object> decode(byte[] value)
            throws DecodeException
    {
        if (value == null) {
            throw new DecodeException("Avro: the record has no value (null)");
        }
        if (framing == Framing.NONE) {
            return read(readers.single().orElseThrow(), value, 0, "");
        }
        int id = ConfluentFraming.schemaId(FORMAT, value);
        Reader reader = readers.forId(id);
        return read(reader, value, HEADER_SIZE, " (schema id %s)".formatted(id));
    }

    private static Reader reader(WriterSchema writerSchema)
            throws DecodeException
    {
        if (writerSchema.type() != WriterSchema.Type.AVRO) {
            throw new DecodeException("the schema type is %s, not AVRO".formatted(writerSchema.type()));
        }
        if (!writerSchema.references().isEmpty()) {
            throw new DecodeException("refers to other schemas %s, which is not supported: register the schema with its named types inline".formatted(writerSchema.references()));
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(writerSchema.text());
        }
        catch (RuntimeException e) {
            // SchemaParseException, or AvroTypeException for a default that does not fit its field
            throw new DecodeException("not a valid Avro schema: " + e.getMessage(), e);
        }
        if (schema.getType() != Schema.Type.RECORD) {
            throw new DecodeException("the schema is of type %s, not a record".formatted(schema.getType().getName()));
        }
        // a model of its own, without logical type conversions: AvroValues applies them
        return new Reader(schema, new GenericDatumReader<>(schema, schema, new GenericData()));
    }

    private static Map<String, Object> read(Reader reader, byte[] value, int offset, String schemaId)
            throws DecodeException
    {
        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder(DecoderFactory.get().binaryDecoder(value, offset, value.length - offset, null));
        GenericRecord record;
        try {
            record = reader.datumReader().read(null, decoder);
            if (!decoder.isEnd()) {
                throw new DecodeException("Avro: bytes are left after the %s record%s: the data does not match the writer schema".formatted(reader.schema().getFullName(), schemaId));
            }
        }
        catch (EOFException e) {
            throw new DecodeException("Avro: the value ends inside the %s record%s%s".formatted(reader.schema().getFullName(), schemaId, e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
        catch (IOException | RuntimeException e) {
            // garbage makes Avro fail in many ways: bad union indexes, negative lengths, invalid UTF-8 ...
            throw new DecodeException("Avro: cannot read a %s record%s: %s".formatted(reader.schema().getFullName(), schemaId, e), e);
        }
        return AvroValues.record(record);
    }

    private record Reader(Schema schema, GenericDatumReader<GenericRecord> datumReader) {}
}
