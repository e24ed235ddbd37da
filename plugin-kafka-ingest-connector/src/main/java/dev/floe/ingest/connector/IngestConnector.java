package dev.floe.ingest.connector;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.floe.ingest.live.LiveColumnHandle;
import dev.floe.ingest.live.LiveMetadata;
import dev.floe.ingest.live.LivePageSourceProvider;
import dev.floe.ingest.live.LiveSplitManager;
import dev.floe.ingest.live.LiveTableHandle;
import dev.floe.ingest.runtime.PipelineHost;
import dev.floe.ingest.suggest.SuggestMappingFunction;
import dev.floe.ingest.suggest.SuggestMappingHandle;
import dev.floe.ingest.suggest.SuggestMappingSplit;
import dev.floe.ingest.suggest.SuggestMappingTable;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorMetadata;
import io.trino.spi.connector.ConnectorPageSourceProvider;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplitManager;
import io.trino.spi.connector.ConnectorSplitSource;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.ConnectorTableVersion;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.Constraint;
import io.trino.spi.connector.ConstraintApplicationResult;
import io.trino.spi.connector.DynamicFilter;
import io.trino.spi.connector.FixedSplitSource;
import io.trino.spi.connector.RelationColumnsMetadata;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.connector.TableFunctionApplicationResult;
import io.trino.spi.function.table.ConnectorTableFunction;
import io.trino.spi.function.table.ConnectorTableFunctionHandle;
import io.trino.spi.procedure.Procedure;
import io.trino.spi.transaction.IsolationLevel;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;
import static java.util.Objects.requireNonNull;

/**
 * The {@code ingest} catalog: pipeline procedures, status and {@code suggest_mapping} in schema {@code system},
 * live tables of the pipelines and topics in schemas {@code pipelines} and {@code topics}; it runs this node's
 * pipelines.
 */
public final class IngestConnector
        implements Connector
{
    private final PipelineHost host;
    private final Set<Procedure> procedures;
    private final Set<SystemTable> systemTables;
    private final LiveMetadata live;
    private final LiveSplitManager liveSplits;
    private final LivePageSourceProvider livePages;
    private final SuggestMappingFunction suggestMapping;

    public IngestConnector(
            PipelineHost host,
            Set<Procedure> procedures,
            Set<SystemTable> systemTables,
            LiveMetadata live,
            LiveSplitManager liveSplits,
            LivePageSourceProvider livePages,
            SuggestMappingFunction suggestMapping)
    {
        this.host = requireNonNull(host, "host is null");
        this.procedures = ImmutableSet.copyOf(procedures);
        this.systemTables = ImmutableSet.copyOf(systemTables);
        this.live = requireNonNull(live, "live is null");
        this.liveSplits = requireNonNull(liveSplits, "liveSplits is null");
        this.livePages = requireNonNull(livePages, "livePages is null");
        this.suggestMapping = requireNonNull(suggestMapping, "suggestMapping is null");
    }

    @Override
    public ConnectorTransactionHandle beginTransaction(IsolationLevel isolationLevel, boolean readOnly, boolean autoCommit)
    {
        return IngestTransactionHandle.INSTANCE;
    }

    @Override
    public ConnectorMetadata getMetadata(ConnectorSession session, ConnectorTransactionHandle transaction)
    {
        return new Metadata(live);
    }

    @Override
    public ConnectorSplitManager getSplitManager()
    {
        return new ConnectorSplitManager()
        {
            @Override
            public ConnectorSplitSource getSplits(ConnectorTransactionHandle transaction, ConnectorSession session, ConnectorTableHandle table, DynamicFilter dynamicFilter, Constraint constraint)
            {
                return switch (table) {
                    case SuggestMappingHandle _ -> new FixedSplitSource(new SuggestMappingSplit());
                    case LiveTableHandle liveTable -> liveSplits.getSplits(liveTable);
                    default -> throw new IllegalArgumentException("Unknown table handle " + table);
                };
            }
        };
    }

    @Override
    public ConnectorPageSourceProvider getPageSourceProvider()
    {
        return (transaction, session, split, table, columns, dynamicFilter) -> switch (table) {
            case SuggestMappingHandle suggestion -> SuggestMappingTable.pageSource(suggestion, columns);
            case LiveTableHandle liveTable -> livePages.createPageSource(liveTable, split, columns);
            default -> throw new IllegalArgumentException("Unknown table handle " + table);
        };
    }

    @Override
    public Set<ConnectorTableFunction> getTableFunctions()
    {
        return Set.of(suggestMapping);
    }

    @Override
    public Set<Procedure> getProcedures()
    {
        return procedures;
    }

    @Override
    public Set<SystemTable> getSystemTables()
    {
        return systemTables;
    }

    @Override
    public void shutdown()
    {
        host.stop();
    }

    public enum IngestTransactionHandle
            implements ConnectorTransactionHandle
    {
        INSTANCE
    }

    /** Schema {@code system} (its tables are the connector's system tables), the live tables, and suggest_mapping's result. */
    private static final class Metadata
            implements ConnectorMetadata
    {
        private final LiveMetadata live;

        private Metadata(LiveMetadata live)
        {
            this.live = requireNonNull(live, "live is null");
        }

        @Override
        public List<String> listSchemaNames(ConnectorSession session)
        {
            return ImmutableList.<String>builder().add(PipelineProcedures.SCHEMA).addAll(live.listSchemaNames()).build();
        }

        @Override
        public List<SchemaTableName> listTables(ConnectorSession session, Optional<String> schemaName)
        {
            return live.listTables(schemaName);
        }

        @Override
        public ConnectorTableHandle getTableHandle(ConnectorSession session, SchemaTableName tableName, Optional<ConnectorTableVersion> startVersion, Optional<ConnectorTableVersion> endVersion)
        {
            if (startVersion.isPresent() || endVersion.isPresent()) {
                throw new TrinoException(NOT_SUPPORTED, "Tables of this catalog have no versions");
            }
            return live.getTableHandle(tableName);
        }

        @Override
        public ConnectorTableMetadata getTableMetadata(ConnectorSession session, ConnectorTableHandle table)
        {
            return switch (table) {
                case SuggestMappingHandle _ -> SuggestMappingTable.tableMetadata();
                case LiveTableHandle liveTable -> live.getTableMetadata(liveTable);
                default -> throw new IllegalArgumentException("Unknown table handle " + table);
            };
        }

        @Override
        public Map<String, ColumnHandle> getColumnHandles(ConnectorSession session, ConnectorTableHandle table)
        {
            return switch (table) {
                case SuggestMappingHandle _ -> SuggestMappingTable.columnHandlesByName();
                case LiveTableHandle liveTable -> live.getColumnHandles(liveTable);
                default -> throw new IllegalArgumentException("Unknown table handle " + table);
            };
        }

        @Override
        public ColumnMetadata getColumnMetadata(ConnectorSession session, ConnectorTableHandle table, ColumnHandle column)
        {
            return switch (table) {
                case SuggestMappingHandle _ -> SuggestMappingTable.columnMetadata(column);
                case LiveTableHandle liveTable -> live.getColumnMetadata(liveTable, (LiveColumnHandle) column);
                default -> throw new IllegalArgumentException("Unknown table handle " + table);
            };
        }

        @Override
        public Iterator<RelationColumnsMetadata> streamRelationColumns(ConnectorSession session, Optional<String> schemaName, UnaryOperator<Set<SchemaTableName>> relationFilter)
        {
            return live.streamRelationColumns(schemaName, relationFilter);
        }

        @Override
        public Optional<ConstraintApplicationResult<ConnectorTableHandle>> applyFilter(ConnectorSession session, ConnectorTableHandle table, Constraint constraint)
        {
            return table instanceof LiveTableHandle liveTable ? live.applyFilter(liveTable, constraint) : Optional.empty();
        }

        @Override
        public Optional<TableFunctionApplicationResult<ConnectorTableHandle>> applyTableFunction(ConnectorSession session, ConnectorTableFunctionHandle handle)
        {
            if (handle instanceof SuggestMappingHandle suggestion) {
                return Optional.of(new TableFunctionApplicationResult<>(suggestion, SuggestMappingTable.columnHandles()));
            }
            return Optional.empty();
        }
    }
}
