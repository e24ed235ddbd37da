package dev.floe.access.governance;

import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorMetadata;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.ConnectorTableVersion;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.TableFunctionApplicationResult;
import io.trino.spi.function.table.ConnectorTableFunctionHandle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The schema {@code policy}; its tables are system tables, so the only relation here is the scan an
 * {@code explain_access} call becomes.
 */
final class GovernanceMetadata
        implements ConnectorMetadata
{
    private static final SchemaTableName EXPLAIN_ACCESS = new SchemaTableName(PolicyTables.SCHEMA, ExplainAccessFunction.NAME);

    @Override
    public List<String> listSchemaNames(ConnectorSession session)
    {
        return List.of(PolicyTables.SCHEMA);
    }

    @Override
    public ConnectorTableHandle getTableHandle(ConnectorSession session, SchemaTableName tableName, Optional<ConnectorTableVersion> startVersion, Optional<ConnectorTableVersion> endVersion)
    {
        return null;
    }

    @Override
    public Optional<TableFunctionApplicationResult<ConnectorTableHandle>> applyTableFunction(ConnectorSession session, ConnectorTableFunctionHandle handle)
    {
        if (handle instanceof ExplainAccessHandle explanation) {
            return Optional.of(new TableFunctionApplicationResult<>(explanation, List.copyOf(ExplainAccessColumn.ALL)));
        }
        return Optional.empty();
    }

    @Override
    public ConnectorTableMetadata getTableMetadata(ConnectorSession session, ConnectorTableHandle table)
    {
        return new ConnectorTableMetadata(EXPLAIN_ACCESS, ExplainAccessColumn.ALL.stream().map(ExplainAccessColumn::metadata).toList());
    }

    @Override
    public Map<String, ColumnHandle> getColumnHandles(ConnectorSession session, ConnectorTableHandle table)
    {
        Map<String, ColumnHandle> handles = new LinkedHashMap<>();
        ExplainAccessColumn.ALL.forEach(column -> handles.put(column.columnName(), column));
        return handles;
    }

    @Override
    public ColumnMetadata getColumnMetadata(ConnectorSession session, ConnectorTableHandle table, ColumnHandle column)
    {
        return ((ExplainAccessColumn) column).metadata();
    }
}
