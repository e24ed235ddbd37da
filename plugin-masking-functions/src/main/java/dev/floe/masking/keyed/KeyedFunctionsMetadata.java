package dev.floe.masking.keyed;

import com.google.inject.Inject;
import io.trino.spi.connector.ConnectorMetadata;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.function.BoundSignature;
import io.trino.spi.function.FunctionDependencyDeclaration;
import io.trino.spi.function.FunctionId;
import io.trino.spi.function.FunctionMetadata;
import io.trino.spi.function.SchemaFunctionName;

import java.util.Collection;
import java.util.List;

import static io.trino.spi.function.FunctionDependencyDeclaration.NO_DEPENDENCIES;
import static java.util.Objects.requireNonNull;

/** Exposes the keyed functions in the single schema {@value #SCHEMA_NAME} of the catalog. */
public final class KeyedFunctionsMetadata
        implements ConnectorMetadata
{
    public static final String SCHEMA_NAME = "functions";

    private final KeyedFunctionProvider functions;

    @Inject
    public KeyedFunctionsMetadata(KeyedFunctionProvider functions)
    {
        this.functions = requireNonNull(functions, "functions is null");
    }

    @Override
    public List<String> listSchemaNames(ConnectorSession session)
    {
        return List.of(SCHEMA_NAME);
    }

    @Override
    public Collection<FunctionMetadata> listFunctions(ConnectorSession session, String schemaName)
    {
        return SCHEMA_NAME.equals(schemaName) ? functions.functions() : List.of();
    }

    @Override
    public Collection<FunctionMetadata> getFunctions(ConnectorSession session, SchemaFunctionName name)
    {
        if (!SCHEMA_NAME.equals(name.getSchemaName())) {
            return List.of();
        }
        return functions.functions().stream()
                .filter(function -> function.getCanonicalName().equals(name.getFunctionName()))
                .toList();
    }

    @Override
    public FunctionMetadata getFunctionMetadata(ConnectorSession session, FunctionId functionId)
    {
        return functions.function(functionId).metadata();
    }

    @Override
    public FunctionDependencyDeclaration getFunctionDependencies(ConnectorSession session, FunctionId functionId, BoundSignature boundSignature)
    {
        return NO_DEPENDENCIES;
    }
}
