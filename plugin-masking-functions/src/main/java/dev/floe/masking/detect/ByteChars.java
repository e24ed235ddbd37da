package dev.floe.masking.detect;

import io.airlift.slice.Slice;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.util.Objects.checkFromToIndex;

/**
 * A zero-copy {@link CharSequence} view of a byte range of a {@link Slice}, one char per byte (Latin-1).
 * <p>
 * The formats validated in this package (IP addresses, IBANs, card and phone numbers...) are pure ASCII, so their
 * scanners can read a UTF-8 value through this view without decoding or copying it: any non-ASCII byte shows up as a
 * char {@code >= 0x80}, which every such scanner rejects.
 */
public final class ByteChars
        implements CharSequence
{
    private final Slice slice;
    private final int offset;
    private final int length;

    private ByteChars(Slice slice, int offset, int length)
    {
        this.slice = slice;
        this.offset = offset;
        this.length = length;
    }

    public static ByteChars of(Slice slice)
    {
        return new ByteChars(slice, 0, slice.length());
    }

    public static ByteChars of(Slice slice, int from, int to)
    {
        checkFromToIndex(from, to, slice.length());
        return new ByteChars(slice, from, to - from);
    }

    @Override
    public int length()
    {
        return length;
    }

    @Override
    public char charAt(int index)
    {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return (char) (slice.getByteUnchecked(offset + index) & 0xFF);
    }

    @Override
    public CharSequence subSequence(int start, int end)
    {
        checkFromToIndex(start, end, length);
        return new ByteChars(slice, offset + start, end - start);
    }

    @Override
    public String toString()
    {
        return slice.toString(offset, length, ISO_8859_1);
    }
}
