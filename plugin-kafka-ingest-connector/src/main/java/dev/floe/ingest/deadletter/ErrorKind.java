package dev.floe.ingest.deadletter;

/** Why a record went to the dead-letter table ({@code error_kind}). */
public enum ErrorKind
{
    /** The value is not valid JSON, Avro or Protobuf of the configured schema. */
    DECODE,
    /** A value cannot become its column's type, or a NOT NULL column has none. */
    COERCION,
    /** A value breaks a rule declared in the pipeline's options. */
    QUALITY,
    /** The record is larger than the pipeline's max_record_bytes. */
    TOO_LARGE,
}
