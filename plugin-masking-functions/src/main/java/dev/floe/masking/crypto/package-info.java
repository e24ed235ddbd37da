/**
 * Keyed cryptography behind the masking functions: keyed hashing (HMAC-SHA-256), deterministic
 * tokenization (AES-GCM-SIV) and format-preserving encryption (FF1).
 *
 * <p>All primitives come from the JDK or BouncyCastle; nothing here implements a cipher. Every class
 * is immutable and thread-safe. Configuration errors throw {@link java.lang.IllegalArgumentException}
 * when a {@link dev.floe.masking.crypto.KeyRing} or a cipher is built; per-value paths never throw on
 * data and report values they cannot process as an empty {@link java.util.Optional}. No message ever
 * contains key material.
 */
package dev.floe.masking.crypto;
