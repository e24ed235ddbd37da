package dev.floe.access.condition;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelReference;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

/**
 * Compiles rule conditions written in Google's Common Expression Language. Three variables are declared, each
 * a map from field name to value (see the module README for the fields): {@code user}, {@code resource} and
 * {@code request}. Conditions must be boolean; everything else is a load error.
 */
public final class ConditionCompiler
{
    public static final String USER = "user";
    public static final String RESOURCE = "resource";
    public static final String REQUEST = "request";

    private final CelCompiler compiler;
    private final CelRuntime runtime;

    public ConditionCompiler()
    {
        MapType fields = MapType.create(SimpleType.STRING, SimpleType.DYN);
        this.compiler = CelCompilerFactory.standardCelCompilerBuilder()
                .addVar(USER, fields)
                .addVar(RESOURCE, fields)
                .addVar(REQUEST, fields)
                .setResultType(SimpleType.BOOL)
                .build();
        this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder().build();
    }

    /**
     * @throws IllegalArgumentException with CEL's own message (position and cause) when the text does not
     * compile to a boolean expression over the declared variables
     */
    public Condition compile(String text)
    {
        CelAbstractSyntaxTree ast;
        try {
            ast = compiler.compile(text).getAst();
        }
        catch (CelValidationException e) {
            throw new IllegalArgumentException(e.getMessage().replace('\n', ' ').replaceAll(" +", " ").trim(), e);
        }
        try {
            return new Condition(text, runtime.createProgram(ast), references(ast, REQUEST));
        }
        catch (CelEvaluationException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static boolean references(CelAbstractSyntaxTree ast, String variable)
    {
        for (CelReference reference : ast.getReferenceMap().values()) {
            if (reference.name().equals(variable)) {
                return true;
            }
        }
        return false;
    }
}
