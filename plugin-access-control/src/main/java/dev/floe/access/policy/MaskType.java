package dev.floe.access.policy;

import io.trino.spi.type.Type;
import io.trino.spi.type.TypeSignature;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The column type a mask is written for: {@code any}, a type name ({@code varchar} matches every
 * {@code varchar(n)}), or a full type ({@code decimal(12,2)}). How well it fits a column decides between masks
 * that could hit the same column: an exact fit first, then a type that Trino coerces implicitly to the column's
 * type (the mask's result is coerced), then {@code any}.
 */
public record MaskType(String text)
{
    public enum Fit
    {
        EXACT, COERCIBLE, ANY, NONE
    }

    // Trino's implicit coercions between the types masks are written for (TypeCoercion in the engine)
    private static final Map<String, Set<String>> COERCIONS = Map.ofEntries(
            Map.entry("tinyint", Set.of("smallint", "integer", "bigint", "real", "double", "decimal")),
            Map.entry("smallint", Set.of("integer", "bigint", "real", "double", "decimal")),
            Map.entry("integer", Set.of("bigint", "real", "double", "decimal")),
            Map.entry("bigint", Set.of("real", "double", "decimal")),
            Map.entry("real", Set.of("double")),
            Map.entry("decimal", Set.of("real", "double")),
            Map.entry("char", Set.of("varchar")),
            Map.entry("date", Set.of("timestamp", "timestamp with time zone")),
            Map.entry("timestamp", Set.of("timestamp with time zone")));

    public MaskType
    {
        text = requireNonNull(text, "text is null").toLowerCase(Locale.ROOT).replace(" ", "");
    }

    public static final MaskType ANY_TYPE = new MaskType("any");

    public Fit fit(Type columnType)
    {
        if (text.equals("any")) {
            return Fit.ANY;
        }
        TypeSignature signature = columnType.getTypeSignature();
        String base = signature.getBase().toLowerCase(Locale.ROOT);
        String full = signature.toString().toLowerCase(Locale.ROOT).replace(" ", "");
        if (text.equals(full) || text.equals(base.replace(" ", ""))) {
            return Fit.EXACT;
        }
        Set<String> targets = COERCIONS.get(baseOf(text));
        if (targets != null && targets.contains(base)) {
            return Fit.COERCIBLE;
        }
        return Fit.NONE;
    }

    private static String baseOf(String text)
    {
        int parenthesis = text.indexOf('(');
        String base = parenthesis < 0 ? text : text.substring(0, parenthesis);
        return base.equals("timestampwithtimezone") ? "timestamp with time zone" : base;
    }

    @Override
    public String toString()
    {
        return text;
    }
}
