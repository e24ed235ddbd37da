package dev.floe.history.table;

import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types.NestedField;

import java.util.HashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One table of the history schema: its Iceberg schema, partitioned by day of its time column, which also drives
 * retention.
 */
public final class HistoryTable
{
    /** The time column of the tables of the engine's events: the creation time of the query the row belongs to. */
    public static final String CREATE_TIME = "create_time";

    private final String name;
    private final Schema schema;
    private final String timeColumn;
    private final PartitionSpec partitionSpec;
    private final Map<String, Integer> positions;

    /** {@code timeColumn}: a required timestamp column, the time the row belongs to. */
    public HistoryTable(String name, Schema schema, String timeColumn)
    {
        this.name = requireNonNull(name, "name is null");
        this.schema = requireNonNull(schema, "schema is null");
        this.timeColumn = requireNonNull(timeColumn, "timeColumn is null");
        NestedField time = schema.findField(timeColumn);
        if (time == null || !time.isRequired() || time.type().typeId() != Type.TypeID.TIMESTAMP) {
            throw new IllegalArgumentException("History table %s has no required timestamp column %s".formatted(name, timeColumn));
        }
        this.partitionSpec = PartitionSpec.builderFor(schema).day(timeColumn).build();
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

    /** The column partitioned by day and compared with the retention. */
    public String timeColumn()
    {
        return timeColumn;
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
