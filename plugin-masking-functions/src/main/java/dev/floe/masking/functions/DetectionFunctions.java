package dev.floe.masking.functions;

import dev.floe.masking.detect.Classifier;
import dev.floe.masking.detect.SensitiveType;
import io.airlift.slice.Slice;
import io.trino.spi.function.Description;
import io.trino.spi.function.LiteralParameters;
import io.trino.spi.function.ScalarFunction;
import io.trino.spi.function.SqlNullable;
import io.trino.spi.function.SqlType;
import io.trino.spi.type.StandardTypes;

public final class DetectionFunctions
{
    private DetectionFunctions() {}

    @ScalarFunction("classify")
    @Description("The sensitive type the value looks like (email, phone, credit_card, iban, us_ssn, ipv4, ipv6, mac, url, uuid), checksums validated, or NULL")
    @LiteralParameters("x")
    @SqlNullable
    @SqlType(StandardTypes.VARCHAR)
    public static Slice classify(@SqlType("varchar(x)") Slice value)
    {
        SensitiveType type = Classifier.classifyOrNull(value);
        return type == null ? null : SensitiveTypeLabels.label(type);
    }
}
