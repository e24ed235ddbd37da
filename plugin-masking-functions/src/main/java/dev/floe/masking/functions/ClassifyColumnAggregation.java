package dev.floe.masking.functions;

import dev.floe.masking.detect.Classifier;
import dev.floe.masking.detect.SensitiveType;
import io.airlift.slice.Slice;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.block.MapBlockBuilder;
import io.trino.spi.function.AggregationFunction;
import io.trino.spi.function.AggregationState;
import io.trino.spi.function.CombineFunction;
import io.trino.spi.function.Description;
import io.trino.spi.function.InputFunction;
import io.trino.spi.function.LiteralParameters;
import io.trino.spi.function.OutputFunction;
import io.trino.spi.function.SqlType;

import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.VarcharType.VARCHAR;

/**
 * Profiles a column sample: for each sensitive type found, its coverage, the fraction of non-null values
 * detected as that type. The governance classifier turns high coverage into suggested tags.
 */
@AggregationFunction("classify_column")
@Description("For each sensitive type detected in the values, the fraction of non-null values of that type, e.g. {email=0.98}")
public final class ClassifyColumnAggregation
{
    private ClassifyColumnAggregation() {}

    @InputFunction
    @LiteralParameters("x")
    public static void input(@AggregationState ClassificationState state, @SqlType("varchar(x)") Slice value)
    {
        state.setValues(state.getValues() + 1);
        SensitiveType type = Classifier.classifyOrNull(value);
        if (type != null) {
            add(state, type, 1);
        }
    }

    @CombineFunction
    public static void combine(@AggregationState ClassificationState state, @AggregationState ClassificationState other)
    {
        state.setValues(state.getValues() + other.getValues());
        for (SensitiveType type : SensitiveType.values()) {
            add(state, type, count(other, type));
        }
    }

    @OutputFunction("map(varchar,double)")
    public static void output(@AggregationState ClassificationState state, BlockBuilder out)
    {
        long values = state.getValues();
        ((MapBlockBuilder) out).buildEntry((keys, coverages) -> {
            if (values == 0) {
                return;
            }
            for (SensitiveType type : SensitiveType.values()) {
                long count = count(state, type);
                if (count > 0) {
                    VARCHAR.writeSlice(keys, SensitiveTypeLabels.label(type));
                    DOUBLE.writeDouble(coverages, (double) count / values);
                }
            }
        });
    }

    private static long count(ClassificationState state, SensitiveType type)
    {
        return switch (type) {
            case EMAIL -> state.getEmail();
            case PHONE -> state.getPhone();
            case CREDIT_CARD -> state.getCreditCard();
            case IBAN -> state.getIban();
            case US_SSN -> state.getUsSsn();
            case IPV4 -> state.getIpv4();
            case IPV6 -> state.getIpv6();
            case MAC -> state.getMac();
            case URL -> state.getUrl();
            case UUID -> state.getUuid();
        };
    }

    private static void add(ClassificationState state, SensitiveType type, long delta)
    {
        switch (type) {
            case EMAIL -> state.setEmail(state.getEmail() + delta);
            case PHONE -> state.setPhone(state.getPhone() + delta);
            case CREDIT_CARD -> state.setCreditCard(state.getCreditCard() + delta);
            case IBAN -> state.setIban(state.getIban() + delta);
            case US_SSN -> state.setUsSsn(state.getUsSsn() + delta);
            case IPV4 -> state.setIpv4(state.getIpv4() + delta);
            case IPV6 -> state.setIpv6(state.getIpv6() + delta);
            case MAC -> state.setMac(state.getMac() + delta);
            case URL -> state.setUrl(state.getUrl() + delta);
            case UUID -> state.setUuid(state.getUuid() + delta);
        }
    }
}
