package dev.floe.ingest.decode;

import java.util.Map;

/**
 * Turns the value bytes of one Kafka record into a tree that the column mapping reads. The tree is format-neutral:
 * <ul>
 *     <li>an object, record or message is a {@code Map<String, Object>} in field order;</li>
 *     <li>an array or repeated field is a {@code List<Object>}, a map field is a {@code Map<String, Object>};</li>
 *     <li>scalars are {@code String}, {@code Boolean}, {@code Integer}, {@code Long}, {@code BigInteger},
 *     {@code Float}, {@code Double}, {@code BigDecimal} or {@code byte[]};</li>
 *     <li>values with a logical type keep it: {@code java.time.LocalDate}, {@code LocalTime},
 *     {@code LocalDateTime} (no zone), {@code Instant} (a point in time), {@code java.util.UUID};</li>
 *     <li>a missing or null value is absent or {@code null}.</li>
 * </ul>
 * Implementations are immutable and safe to share between threads.
 */
public interface RecordDecoder
{
    /**
     * @throws DecodeException when the bytes are not a value of the format, naming what is wrong and where
     */
    Map<String, Object> decode(byte[] value)
            throws DecodeException;
}
