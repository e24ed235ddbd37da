package dev.floe.ingest.decode;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

import static java.util.Objects.requireNonNull;

/**
 * Avro's binary decoder, with lengths and item counts checked against the bytes that are left. Avro allocates what a
 * length prefix claims before it reads: ten garbage bytes can claim a 2 GB string and exhaust the heap of the node.
 */
final class BoundedBinaryDecoder
        extends Decoder
{
    // items of some types take no bytes (null, an empty record): this many may exceed the bytes left
    private static final long MIN_ITEM_LIMIT = 65_536;

    private final BinaryDecoder in;

    BoundedBinaryDecoder(BinaryDecoder in)
    {
        this.in = requireNonNull(in, "in is null");
    }

    boolean isEnd()
            throws IOException
    {
        return in.isEnd();
    }

    @Override
    public Utf8 readString(Utf8 old)
            throws IOException
    {
        int length = length("string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        in.readFixed(result.getBytes(), 0, length);
        return result;
    }

    @Override
    public String readString()
            throws IOException
    {
        return readString(null).toString();
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old)
            throws IOException
    {
        int length = length("bytes value");
        ByteBuffer result = ByteBuffer.allocate(length);
        in.readFixed(result.array(), 0, length);
        return result;
    }

    @Override
    public long readArrayStart()
            throws IOException
    {
        return itemCount(in.readArrayStart(), "array");
    }

    @Override
    public long arrayNext()
            throws IOException
    {
        return itemCount(in.arrayNext(), "array");
    }

    @Override
    public long readMapStart()
            throws IOException
    {
        return itemCount(in.readMapStart(), "map");
    }

    @Override
    public long mapNext()
            throws IOException
    {
        return itemCount(in.mapNext(), "map");
    }

    private int length(String what)
            throws IOException
    {
        long length = in.readLong();
        if (length < 0) {
            throw new AvroRuntimeException("Malformed data. Length is negative: " + length);
        }
        int left = in.inputStream().available();
        if (length > left) {
            throw new EOFException("a %s of %s bytes, but %s bytes are left".formatted(what, length, left));
        }
        return (int) length;
    }

    private long itemCount(long count, String what)
            throws IOException
    {
        int left = in.inputStream().available();
        if (count > Math.max(left, MIN_ITEM_LIMIT)) {
            throw new EOFException("a block of %s %s items, but %s bytes are left".formatted(count, what, left));
        }
        return count;
    }

    // the rest reads what the schema sizes, or skips without allocating

    @Override
    public void readNull()
            throws IOException
    {
        in.readNull();
    }

    @Override
    public boolean readBoolean()
            throws IOException
    {
        return in.readBoolean();
    }

    @Override
    public int readInt()
            throws IOException
    {
        return in.readInt();
    }

    @Override
    public long readLong()
            throws IOException
    {
        return in.readLong();
    }

    @Override
    public float readFloat()
            throws IOException
    {
        return in.readFloat();
    }

    @Override
    public double readDouble()
            throws IOException
    {
        return in.readDouble();
    }

    @Override
    public void skipString()
            throws IOException
    {
        in.skipString();
    }

    @Override
    public void skipBytes()
            throws IOException
    {
        in.skipBytes();
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length)
            throws IOException
    {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length)
            throws IOException
    {
        in.skipFixed(length);
    }

    @Override
    public int readEnum()
            throws IOException
    {
        return in.readEnum();
    }

    @Override
    public long skipArray()
            throws IOException
    {
        return in.skipArray();
    }

    @Override
    public long skipMap()
            throws IOException
    {
        return in.skipMap();
    }

    @Override
    public int readIndex()
            throws IOException
    {
        return in.readIndex();
    }
}
