/**
 * Redaction masks: {@link dev.floe.masking.redact.Redaction} hides characters or generalizes a value while keeping
 * its format, the algorithms behind the {@code mask*} SQL functions.
 *
 * <p>Functions work on UTF-8 {@link io.airlift.slice.Slice}s byte by byte, count characters the way Trino does,
 * never throw, never pass invalid UTF-8 through, and fall back to masking a value whole when they cannot
 * interpret it. Recognizing structured values is delegated to {@code dev.floe.masking.detect}.
 */
package dev.floe.masking.redact;
