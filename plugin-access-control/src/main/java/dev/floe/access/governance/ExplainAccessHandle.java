package dev.floe.access.governance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.InMemoryRecordSet;
import io.trino.spi.connector.RecordSet;
import io.trino.spi.function.table.ConnectorTableFunctionHandle;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * An {@code explain_access} call, decided during analysis: the function's handle and, once pushed down, the
 * table handle of the scan that returns its rows.
 */
public record ExplainAccessHandle(
        @JsonProperty("user") String user,
        @JsonProperty("table") String table,
        @JsonProperty("rows") List<Row> rows)
        implements ConnectorTableFunctionHandle, ConnectorTableHandle
{
    /**
     * One row of the result; {@code allowed} is null for rows that are no decision (row filters, tags).
     */
    public record Row(
            @JsonProperty("kind") String kind,
            @JsonProperty("name") String name,
            @JsonProperty("allowed") Boolean allowed,
            @JsonProperty("detail") String detail,
            @JsonProperty("rules") String rules)
    {
        @JsonCreator
        public Row
        {
            requireNonNull(kind, "kind is null");
            requireNonNull(name, "name is null");
        }

        Object value(ExplainAccessColumn column)
        {
            return switch (column) {
                case KIND -> kind;
                case NAME -> name;
                case ALLOWED -> allowed;
                case DETAIL -> detail;
                case RULES -> rules;
            };
        }
    }

    @JsonCreator
    public ExplainAccessHandle
    {
        requireNonNull(user, "user is null");
        requireNonNull(table, "table is null");
        rows = List.copyOf(rows);
    }

    RecordSet recordSet(List<ExplainAccessColumn> columns)
    {
        List<List<Object>> records = new ArrayList<>(rows.size());
        for (Row row : rows) {
            // nulls are values here, which List.of would refuse
            List<Object> record = new ArrayList<>(columns.size());
            for (ExplainAccessColumn column : columns) {
                record.add(row.value(column));
            }
            records.add(record);
        }
        return new InMemoryRecordSet(columns.stream().map(ExplainAccessColumn::type).toList(), records);
    }

    // for EXPLAIN: the call, not its rows
    @Override
    public String toString()
    {
        return "explain_access(user => '%s', table_name => '%s')".formatted(user, table);
    }
}
