package dev.floe.masking.detect;

/**
 * The kinds of sensitive value {@link Classifier} recognizes. The label is the stable name SQL functions return,
 * so renaming a constant never changes query results.
 */
public enum SensitiveType
{
    EMAIL("email"),
    PHONE("phone"),
    CREDIT_CARD("credit_card"),
    IBAN("iban"),
    US_SSN("us_ssn"),
    IPV4("ipv4"),
    IPV6("ipv6"),
    MAC("mac"),
    URL("url"),
    UUID("uuid");

    private final String label;

    SensitiveType(String label)
    {
        this.label = label;
    }

    public String label()
    {
        return label;
    }
}
