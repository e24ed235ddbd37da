package dev.floe.masking.functions;

import io.trino.spi.function.AccumulatorState;

/**
 * Counts for {@code classify_column}: non-null values seen and, per sensitive type, values detected as it.
 * Plain getter/setter pairs so that the engine generates the single, grouped and serialized forms.
 */
public interface ClassificationState
        extends AccumulatorState
{
    long getValues();

    void setValues(long value);

    long getEmail();

    void setEmail(long value);

    long getPhone();

    void setPhone(long value);

    long getCreditCard();

    void setCreditCard(long value);

    long getIban();

    void setIban(long value);

    long getUsSsn();

    void setUsSsn(long value);

    long getIpv4();

    void setIpv4(long value);

    long getIpv6();

    void setIpv6(long value);

    long getMac();

    void setMac(long value);

    long getUrl();

    void setUrl(long value);

    long getUuid();

    void setUuid(long value);
}
