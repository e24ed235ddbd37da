/**
 * Recognizing sensitive values: validators for payment cards (Luhn), IBANs (ISO 13616 mod-97 and the registry's
 * lengths), US SSNs, IP addresses, e-mail addresses and phone numbers, and the {@link
 * dev.floe.masking.detect.Classifier} that combines them.
 *
 * <p>Everything here is a pure static function over a {@link java.lang.CharSequence} or a UTF-8
 * {@link io.airlift.slice.Slice}: no state, no regular expressions, no lookups, linear time, and no exception for
 * any input. The ASCII-only formats read a {@code Slice} through {@link dev.floe.masking.detect.ByteChars}
 * without copying it.
 */
package dev.floe.masking.detect;
