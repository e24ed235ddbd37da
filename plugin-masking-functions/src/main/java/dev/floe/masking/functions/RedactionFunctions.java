package dev.floe.masking.functions;

import dev.floe.masking.redact.Redaction;
import io.airlift.slice.Slice;
import io.trino.spi.function.Description;
import io.trino.spi.function.LiteralParameter;
import io.trino.spi.function.LiteralParameters;
import io.trino.spi.function.ScalarFunction;
import io.trino.spi.function.SqlType;
import io.trino.spi.type.StandardTypes;

import static io.trino.spi.type.Varchars.truncateToLength;

/**
 * Redaction masks. Each returns exactly its argument's type, because Trino rejects a column mask whose type
 * differs from the column's; results that could outgrow the declared length are cut to it.
 */
public final class RedactionFunctions
{
    private RedactionFunctions() {}

    @ScalarFunction("mask")
    @Description("Replaces upper-case letters with X, other letters with x and digits with n, keeping everything else so the format shows")
    @LiteralParameters("x")
    @SqlType("varchar(x)")
    public static Slice mask(@SqlType("varchar(x)") Slice value)
    {
        return Redaction.mask(value);
    }

    @ScalarFunction("mask")
    @Description("Replaces upper-case letters with X, other letters with x and digits with n, keeping everything else so the format shows")
    @LiteralParameters("x")
    @SqlType("char(x)")
    public static Slice maskChar(@SqlType("char(x)") Slice value)
    {
        return Redaction.mask(value);
    }

    @ScalarFunction("mask_show_first")
    @Description("Keeps the first n characters and redacts the rest like mask(); a value of n characters or fewer is redacted whole")
    @LiteralParameters("x")
    @SqlType("varchar(x)")
    public static Slice maskShowFirst(@SqlType("varchar(x)") Slice value, @SqlType(StandardTypes.BIGINT) long count)
    {
        return Redaction.maskShowFirst(value, count);
    }

    @ScalarFunction("mask_show_first")
    @Description("Keeps the first n characters and redacts the rest like mask(); a value of n characters or fewer is redacted whole")
    @LiteralParameters("x")
    @SqlType("char(x)")
    public static Slice maskShowFirstChar(@SqlType("char(x)") Slice value, @SqlType(StandardTypes.BIGINT) long count)
    {
        return Redaction.maskShowFirst(value, count);
    }

    @ScalarFunction("mask_show_last")
    @Description("Keeps the last n characters and redacts the rest like mask(); a value of n characters or fewer is redacted whole")
    @LiteralParameters("x")
    @SqlType("varchar(x)")
    public static Slice maskShowLast(@SqlType("varchar(x)") Slice value, @SqlType(StandardTypes.BIGINT) long count)
    {
        return Redaction.maskShowLast(value, count);
    }

    @ScalarFunction("mask_show_last")
    @Description("Keeps the last n characters and redacts the rest like mask(); a value of n characters or fewer is redacted whole")
    @LiteralParameters("x")
    @SqlType("char(x)")
    public static Slice maskShowLastChar(@SqlType("char(x)") Slice value, @SqlType(StandardTypes.BIGINT) long count)
    {
        return Redaction.maskShowLast(value, count);
    }

    @ScalarFunction("mask_partial")
    @Description("SQL Server's partial(): the first prefix characters, then padding, then the last suffix characters; only the padding when prefix + suffix would cover the value")
    @LiteralParameters("x")
    @SqlType("varchar(x)")
    public static Slice maskPartial(
            @LiteralParameter("x") long length,
            @SqlType("varchar(x)") Slice value,
            @SqlType(StandardTypes.BIGINT) long prefix,
            @SqlType(StandardTypes.VARCHAR) Slice padding,
            @SqlType(StandardTypes.BIGINT) long suffix)
    {
        return truncateToLength(Redaction.maskPartial(value, prefix, padding, suffix), toIntLength(length));
    }

    @ScalarFunction("mask_email")
    @Description("Hides the local part of an e-mail address behind a fixed xxxx and keeps the domain; a malformed value is redacted whole")
    @LiteralParameters("x")
    @SqlType("varchar(x)")
    public static Slice maskEmail(@LiteralParameter("x") long length, @SqlType("varchar(x)") Slice value)
    {
        return truncateToLength(Redaction.maskEmail(value), toIntLength(length));
    }

    @ScalarFunction("mask_phone")
    @Description("Keeps the separators and the last four digits of a phone number and replaces the other digits with X; a malformed value is redacted whole")
    @LiteralParameters("x")
    @SqlType("varchar(x)")
    public static Slice maskPhone(@SqlType("varchar(x)") Slice value)
    {
        return Redaction.maskPhone(value);
    }

    @ScalarFunction("mask_credit_card")
    @Description("Keeps the separators and the last four digits of a card number and replaces the other digits with X; a malformed value is redacted whole")
    @LiteralParameters("x")
    @SqlType("varchar(x)")
    public static Slice maskCreditCard(@SqlType("varchar(x)") Slice value)
    {
        return Redaction.maskCreditCard(value);
    }

    @ScalarFunction("mask_ssn")
    @Description("Masks a US social security number as XXX-XX-1234; a malformed value is redacted whole")
    @LiteralParameters("x")
    @SqlType("varchar(x)")
    public static Slice maskSsn(@SqlType("varchar(x)") Slice value)
    {
        return Redaction.maskSsn(value);
    }

    @ScalarFunction("mask_iban")
    @Description("Keeps the country code and the last four characters of an IBAN and replaces the rest with X; a malformed value is redacted whole")
    @LiteralParameters("x")
    @SqlType("varchar(x)")
    public static Slice maskIban(@SqlType("varchar(x)") Slice value)
    {
        return Redaction.maskIban(value);
    }

    @ScalarFunction("mask_ip")
    @Description("Generalizes an IPv4 address to its /24 network and an IPv6 address to its /48 prefix; a malformed value is redacted whole")
    @LiteralParameters("x")
    @SqlType("varchar(x)")
    public static Slice maskIp(@LiteralParameter("x") long length, @SqlType("varchar(x)") Slice value)
    {
        return truncateToLength(Redaction.maskIp(value), toIntLength(length));
    }

    private static int toIntLength(long length)
    {
        return (int) Math.min(length, Integer.MAX_VALUE);
    }
}
