package dev.floe.history.table;

import org.apache.iceberg.types.Type;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One row of a history table, in the Java types of its Iceberg columns: String, Long, Double, Boolean, Instant
 * (timestamp with time zone), List&lt;String&gt; and Map&lt;String, String&gt;.
 */
public final class Row
{
    private final HistoryTable table;
    private final Object[] values;

    private Row(HistoryTable table, Object[] values)
    {
        this.table = table;
        this.values = values;
    }

    public static Builder builder(HistoryTable table)
    {
        return new Builder(table);
    }

    public HistoryTable table()
    {
        return table;
    }

    public Object get(int position)
    {
        return values[position];
    }

    public Object get(String column)
    {
        return values[table.position(column)];
    }

    public Builder toBuilder()
    {
        Builder builder = new Builder(table);
        System.arraycopy(values, 0, builder.values, 0, values.length);
        return builder;
    }

    @Override
    public boolean equals(Object o)
    {
        return o instanceof Row other && table == other.table && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode()
    {
        return 31 * table.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString()
    {
        return table.name() + Arrays.toString(values);
    }

    public static final class Builder
    {
        private final HistoryTable table;
        private final Object[] values;

        private Builder(HistoryTable table)
        {
            this.table = requireNonNull(table, "table is null");
            this.values = new Object[table.columnCount()];
        }

        /** Sets a column; null leaves it null. A value of the wrong Java type is a programming error. */
        public Builder set(String column, Object value)
        {
            int position = table.position(column);
            if (value != null) {
                Class<?> expected = javaType(table.column(position).type());
                if (!expected.isInstance(value)) {
                    throw new IllegalArgumentException("%s.%s takes %s, not %s".formatted(table.name(), column, expected.getSimpleName(), value.getClass().getSimpleName()));
                }
                if (value instanceof Instant instant) {
                    // the tables keep microseconds; truncating here makes a row equal to its spooled copy
                    value = instant.truncatedTo(ChronoUnit.MICROS);
                }
                else if (value instanceof List<?> list) {
                    value = List.copyOf(list);
                }
                else if (value instanceof Map<?, ?> map) {
                    value = Map.copyOf(map);
                }
            }
            values[position] = value;
            return this;
        }

        public Row build()
        {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null && table.column(i).isRequired()) {
                    throw new IllegalStateException("%s.%s is required".formatted(table.name(), table.column(i).name()));
                }
            }
            return new Row(table, values.clone());
        }
    }

    static Class<?> javaType(Type type)
    {
        return switch (type.typeId()) {
            case STRING -> String.class;
            case LONG -> Long.class;
            case DOUBLE -> Double.class;
            case BOOLEAN -> Boolean.class;
            case TIMESTAMP -> Instant.class;
            case LIST -> List.class;
            case MAP -> Map.class;
            default -> throw new IllegalArgumentException("History tables do not use " + type);
        };
    }
}
