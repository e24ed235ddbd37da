package dev.floe.ingest.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the header of Confluent's wire format: the magic byte 0x00, a 4-byte big-endian schema id and, for
 * Protobuf, the message index path.
 */
final class ConfluentFraming
{
    static final int HEADER_SIZE = 5;

    private static final byte MAGIC = 0;
    private static final int MAX_VARINT_BYTES = 5;

    private ConfluentFraming() {}

    static int schemaId(String format, byte[] value)
            throws DecodeException
    {
        if (value.length < HEADER_SIZE) {
            throw new DecodeException("%s: value is %s bytes, shorter than the %s-byte Confluent header".formatted(format, value.length, HEADER_SIZE));
        }
        if (value[0] != MAGIC) {
            throw new DecodeException("%s: value starts with byte 0x%02x, not the Confluent magic byte 0x00".formatted(format, value[0] & 0xff));
        }
        return ((value[1] & 0xff) << 24) | ((value[2] & 0xff) << 16) | ((value[3] & 0xff) << 8) | (value[4] & 0xff);
    }

    /**
     * The path of indexes from a top-level message type of the file down its nested types, as zig-zag varints: a
     * count, then the indexes. A count of 0 stands for [0], the first message type, the common case in one byte.
     *
     * @param offset where the path starts, after the header
     */
    static MessageIndexPath messageIndexPath(byte[] value, int offset)
            throws DecodeException
    {
        VarintReader reader = new VarintReader(value, offset);
        int count = reader.next();
        if (count == 0) {
            return new MessageIndexPath(List.of(0), reader.position);
        }
        if (count < 0 || count > value.length - reader.position) {
            throw new DecodeException("Protobuf: message index path has %s entries, but %s bytes follow".formatted(count, value.length - reader.position));
        }
        List<Integer> indexes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int index = reader.next();
            if (index < 0) {
                throw new DecodeException("Protobuf: message index path has a negative index %s".formatted(index));
            }
            indexes.add(index);
        }
        return new MessageIndexPath(List.copyOf(indexes), reader.position);
    }

    /**
     * @param indexes message type indexes, from the file's top-level message types down
     * @param end the offset of the message bytes
     */
    record MessageIndexPath(List<Integer> indexes, int end) {}

    /** Zig-zag encoded 32-bit varints, as Kafka's {@code ByteUtils.writeVarint} writes them. */
    private static final class VarintReader
    {
        private final byte[] value;
        private int position;

        VarintReader(byte[] value, int position)
        {
            this.value = value;
            this.position = position;
        }

        int next()
                throws DecodeException
        {
            int start = position;
            int raw = 0;
            for (int i = 0; i < MAX_VARINT_BYTES; i++) {
                if (position >= value.length) {
                    throw new DecodeException("Protobuf: value ends inside the message index path at offset %s".formatted(position));
                }
                byte b = value[position++];
                raw |= (b & 0x7f) << (7 * i);
                if ((b & 0x80) == 0) {
                    return (raw >>> 1) ^ -(raw & 1);
                }
            }
            throw new DecodeException("Protobuf: malformed varint in the message index path at offset %s".formatted(start));
        }
    }
}
