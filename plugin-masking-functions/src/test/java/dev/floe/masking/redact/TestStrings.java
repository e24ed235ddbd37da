package dev.floe.masking.redact;

import io.airlift.slice.Slice;
import io.airlift.slice.Slices;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;

import static java.nio.charset.StandardCharsets.UTF_8;

final class TestStrings
{
    private TestStrings() {}

    static Slice utf8(String value)
    {
        return Slices.utf8Slice(value);
    }

    static Slice bytes(int... bytes)
    {
        byte[] result = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            result[i] = (byte) bytes[i];
        }
        return Slices.wrappedBuffer(result);
    }

    static Slice concat(Slice... parts)
    {
        int length = 0;
        for (Slice part : parts) {
            length += part.length();
        }
        byte[] result = new byte[length];
        int offset = 0;
        for (Slice part : parts) {
            part.getBytes(0, result, offset, part.length());
            offset += part.length();
        }
        return Slices.wrappedBuffer(result);
    }

    /** Whether the bytes are well-formed UTF-8, per the JDK's strict decoder (no surrogates, no overlongs). */
    static boolean isValidUtf8(Slice value)
    {
        try {
            UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value.getBytes()));
            return true;
        }
        catch (CharacterCodingException e) {
            return false;
        }
    }
}
