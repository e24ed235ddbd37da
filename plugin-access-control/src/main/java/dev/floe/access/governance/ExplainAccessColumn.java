package dev.floe.access.governance;

import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.function.table.Descriptor;
import io.trino.spi.type.Type;

import java.util.List;
import java.util.Locale;

import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.VarcharType.VARCHAR;

/**
 * The columns {@code explain_access} returns.
 */
public enum ExplainAccessColumn
        implements ColumnHandle
{
    KIND(VARCHAR),
    NAME(VARCHAR),
    ALLOWED(BOOLEAN),
    DETAIL(VARCHAR),
    RULES(VARCHAR);

    static final List<ExplainAccessColumn> ALL = List.of(values());
    static final Descriptor DESCRIPTOR = Descriptor.descriptor(
            ALL.stream().map(ExplainAccessColumn::columnName).toList(),
            ALL.stream().map(ExplainAccessColumn::type).toList());

    private final Type type;

    ExplainAccessColumn(Type type)
    {
        this.type = type;
    }

    String columnName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    Type type()
    {
        return type;
    }

    ColumnMetadata metadata()
    {
        return new ColumnMetadata(columnName(), type);
    }
}
