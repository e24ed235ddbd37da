package dev.floe.access.governance;

import com.google.inject.Inject;
import dev.floe.access.evaluation.PolicyEvaluator;
import dev.floe.access.evaluation.RequestInfo;
import dev.floe.access.policy.ResourceName;
import io.airlift.slice.Slice;
import io.trino.spi.TrinoException;
import io.trino.spi.block.Block;
import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.ConnectorAccessControl;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableSchema;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.MetadataProvider;
import io.trino.spi.function.table.AbstractConnectorTableFunction;
import io.trino.spi.function.table.Argument;
import io.trino.spi.function.table.ReturnTypeSpecification.DescribedTable;
import io.trino.spi.function.table.ScalarArgument;
import io.trino.spi.function.table.ScalarArgumentSpecification;
import io.trino.spi.function.table.TableFunctionAnalysis;
import io.trino.spi.type.ArrayType;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.trino.spi.StandardErrorCode.INVALID_FUNCTION_ARGUMENT;
import static io.trino.spi.StandardErrorCode.TABLE_NOT_FOUND;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code policy.explain_access(user => 'u', table_name => 'catalog.schema.table' [, groups => ARRAY['g']])}:
 * what the user may see of the table and which rules decide it, without impersonating them. The table's
 * columns come from the engine; the decisions from the active policy, for a request now with no source or
 * client tags.
 */
final class ExplainAccessFunction
        extends AbstractConnectorTableFunction
{
    static final String NAME = "explain_access";
    private static final String USER = "USER";
    // TABLE is a reserved word: it could not be written as a named argument
    private static final String TABLE_NAME = "TABLE_NAME";
    private static final String GROUPS = "GROUPS";

    private final ActiveAccessControl accessControl;
    private final MetadataProvider metadataProvider;

    @Inject
    ExplainAccessFunction(ActiveAccessControl accessControl, MetadataProvider metadataProvider)
    {
        super(PolicyTables.SCHEMA, NAME, List.of(
                        ScalarArgumentSpecification.builder().name(USER).type(VARCHAR).build(),
                        ScalarArgumentSpecification.builder().name(TABLE_NAME).type(VARCHAR).build(),
                        ScalarArgumentSpecification.builder().name(GROUPS).type(new ArrayType(VARCHAR)).defaultValue(null).build()),
                new DescribedTable(ExplainAccessColumn.DESCRIPTOR));
        this.accessControl = requireNonNull(accessControl, "accessControl is null");
        this.metadataProvider = requireNonNull(metadataProvider, "metadataProvider is null");
    }

    @Override
    public TableFunctionAnalysis analyze(ConnectorSession session, ConnectorTransactionHandle transaction, Map<String, Argument> arguments, ConnectorAccessControl connectorAccessControl)
    {
        String user = string(arguments, USER);
        CatalogSchemaTableName table = tableName(string(arguments, TABLE_NAME));
        PolicyEvaluator evaluator = accessControl.get().policies().evaluator();
        ConnectorTableSchema schema = metadataProvider.getRelationMetadata(session, table)
                .orElseThrow(() -> new TrinoException(TABLE_NOT_FOUND, "explain_access: table '%s' does not exist".formatted(table)));
        List<ExplainAccessHandle.Row> rows = AccessExplanation.explain(
                evaluator,
                evaluator.subject(user, groups(arguments)),
                new RequestInfo(Instant.now(), "", List.of()),
                ResourceName.of(table.getCatalogName(), table.getSchemaTableName().getSchemaName(), table.getSchemaTableName().getTableName()),
                schema.getColumns());
        return TableFunctionAnalysis.builder()
                .handle(new ExplainAccessHandle(user, table.toString(), rows))
                .build();
    }

    private static String string(Map<String, Argument> arguments, String name)
    {
        Object value = ((ScalarArgument) arguments.get(name)).getValue();
        if (value == null) {
            throw new TrinoException(INVALID_FUNCTION_ARGUMENT, "explain_access: %s must not be null".formatted(name.toLowerCase(Locale.ROOT)));
        }
        return ((Slice) value).toStringUtf8();
    }

    private static CatalogSchemaTableName tableName(String name)
    {
        String[] parts = name.toLowerCase(Locale.ROOT).split("\\.", -1);
        if (parts.length != 3 || List.of(parts).contains("")) {
            throw new TrinoException(INVALID_FUNCTION_ARGUMENT, "explain_access: table_name '%s' is not catalog.schema.table".formatted(name));
        }
        return new CatalogSchemaTableName(parts[0], parts[1], parts[2]);
    }

    private static Set<String> groups(Map<String, Argument> arguments)
    {
        Block block = (Block) ((ScalarArgument) arguments.get(GROUPS)).getValue();
        Set<String> groups = new HashSet<>();
        if (block != null) {
            for (int position = 0; position < block.getPositionCount(); position++) {
                if (!block.isNull(position)) {
                    groups.add(VARCHAR.getSlice(block, position).toStringUtf8());
                }
            }
        }
        return groups;
    }
}
