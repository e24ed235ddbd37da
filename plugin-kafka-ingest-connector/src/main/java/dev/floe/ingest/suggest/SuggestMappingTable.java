package dev.floe.ingest.suggest;

import com.google.common.collect.ImmutableMap;
import io.trino.spi.Page;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.FixedPageSource;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.function.table.Descriptor;
import io.trino.spi.type.Type;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.VarcharType.VARCHAR;

/** The columns of the {@code suggest_mapping} result, and its rows as a page source. */
public final class SuggestMappingTable
{
    public static final SchemaTableName NAME = new SchemaTableName(SuggestMappingFunction.SCHEMA, SuggestMappingFunction.NAME);

    static final List<ColumnMetadata> COLUMNS = List.of(
            column("column_name", VARCHAR, "Column name: the field name in lower case, other characters than letters, digits and _ replaced by _"),
            column("trino_type", VARCHAR, "Type inferred from the samples"),
            column("path", VARCHAR, "Field name or JSON path the column reads: the value for the pipeline's columns option"),
            column("nullable", BOOLEAN, "Whether some sampled record had no value"),
            column("coverage", DOUBLE, "Fraction of the sampled records with a non-null value"),
            column("create_table", VARCHAR, "CREATE TABLE statement with all suggested columns (the same on every row)"));

    private SuggestMappingTable() {}

    private static ColumnMetadata column(String name, Type type, String comment)
    {
        return ColumnMetadata.builder().setName(name).setType(type).setComment(Optional.of(comment)).build();
    }

    static Descriptor descriptor()
    {
        return new Descriptor(COLUMNS.stream().map(column -> new Descriptor.Field(column.getName(), Optional.of(column.getType()))).toList());
    }

    public static List<ColumnHandle> columnHandles()
    {
        return IntStream.range(0, COLUMNS.size()).mapToObj(index -> (ColumnHandle) new SuggestMappingColumnHandle(COLUMNS.get(index).getName(), index)).toList();
    }

    public static Map<String, ColumnHandle> columnHandlesByName()
    {
        ImmutableMap.Builder<String, ColumnHandle> handles = ImmutableMap.builder();
        columnHandles().forEach(handle -> handles.put(((SuggestMappingColumnHandle) handle).name(), handle));
        return handles.buildOrThrow();
    }

    public static ColumnMetadata columnMetadata(ColumnHandle handle)
    {
        return COLUMNS.get(((SuggestMappingColumnHandle) handle).index());
    }

    public static ConnectorTableMetadata tableMetadata()
    {
        return new ConnectorTableMetadata(NAME, COLUMNS);
    }

    public static ConnectorPageSource pageSource(SuggestMappingHandle table, List<ColumnHandle> columns)
    {
        List<SuggestedColumn> rows = table.columns();
        Block[] blocks = new Block[columns.size()];
        for (int channel = 0; channel < columns.size(); channel++) {
            int index = ((SuggestMappingColumnHandle) columns.get(channel)).index();
            BlockBuilder builder = COLUMNS.get(index).getType().createBlockBuilder(null, rows.size());
            for (SuggestedColumn row : rows) {
                switch (index) {
                    case 0 -> VARCHAR.writeString(builder, row.columnName());
                    case 1 -> VARCHAR.writeString(builder, row.trinoType());
                    case 2 -> VARCHAR.writeString(builder, row.path());
                    case 3 -> BOOLEAN.writeBoolean(builder, row.nullable());
                    case 4 -> DOUBLE.writeDouble(builder, row.coverage());
                    case 5 -> VARCHAR.writeString(builder, table.createTable());
                    default -> throw new IllegalArgumentException("No column " + index);
                }
            }
            blocks[channel] = builder.build();
        }
        return new FixedPageSource(List.of(new Page(rows.size(), blocks)));
    }
}
