package dev.floe.history.table;

import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types.NestedField;

import java.util.HashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One table of the history schema: its Iceberg schema, partitioned by day of {@link #TIME_COLUMN}, which also
 * drives retention.
 */
public final class HistoryTable
{
    /** Every history table has it: the time of the query (or split) the row belongs to. */
    public static final String TIME_COLUMN = "create_time";

    private final String name;
    private final Schema schema;
    private final PartitionSpec partitionSpec;
    private final Map<String, Integer> positions;

    public HistoryTable(String name, Schema schema)
    {
        this.name = requireNonNull(name, "name is null");
        this.schema = requireNonNull(schema, "schema is null");
        if (schema.findField(TIME_COLUMN) == null) {
            throw new IllegalArgumentException("History table %s has no %s column".formatted(name, TIME_COLUMN));
        }
        this.partitionSpec = PartitionSpec.builderFor(schema).day(TIME_COLUMN).build();
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < schema.columns().size(); i++) {
            positions.put(schema.columns().get(i).name(), i);
        }
        this.positions = Map.copyOf(positions);
    }

    public String name()
    {
        return name;
    }

    public Schema schema()
    {
        return schema;
    }

    public PartitionSpec partitionSpec()
    {
        return partitionSpec;
    }

    public int columnCount()
    {
        return schema.columns().size();
    }

    public NestedField column(int position)
    {
        return schema.columns().get(position);
    }

    public int position(String column)
    {
        Integer position = positions.get(column);
        if (position == null) {
            throw new IllegalArgumentException("History table %s has no column %s".formatted(name, column));
        }
        return position;
    }

    @Override
    public String toString()
    {
        return name;
    }
}
