package dev.floe.masking.keyed;

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import io.airlift.slice.Slice;
import io.trino.spi.function.BoundSignature;
import io.trino.spi.function.FunctionDependencies;
import io.trino.spi.function.FunctionId;
import io.trino.spi.function.FunctionMetadata;
import io.trino.spi.function.FunctionProvider;
import io.trino.spi.function.InvocationConvention;
import io.trino.spi.function.ScalarFunctionAdapter;
import io.trino.spi.function.ScalarFunctionImplementation;
import io.trino.spi.function.Signature;
import io.trino.spi.type.CharType;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeSignature;
import io.trino.spi.type.VarcharType;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static com.google.common.collect.ImmutableMap.toImmutableMap;
import static io.trino.spi.function.InvocationConvention.InvocationArgumentConvention.NEVER_NULL;
import static io.trino.spi.function.InvocationConvention.InvocationReturnConvention.FAIL_ON_NULL;
import static io.trino.spi.function.InvocationConvention.InvocationReturnConvention.NULLABLE_RETURN;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.TypeSignatureParameter.typeVariable;
import static io.trino.spi.type.VarbinaryType.VARBINARY;
import static java.lang.invoke.MethodType.methodType;
import static java.util.Collections.nCopies;
import static java.util.Objects.requireNonNull;

/**
 * The catalog's function table. Text functions are declared over {@code varchar(x)} (and {@code char(x)})
 * with the same type out, because Trino only accepts a column mask whose type matches the column's.
 */
public final class KeyedFunctionProvider
        implements FunctionProvider
{
    private static final TypeSignature VARCHAR_X = new TypeSignature("varchar", typeVariable("x"));
    private static final TypeSignature CHAR_X = new TypeSignature("char", typeVariable("x"));
    private static final TypeSignature VARCHAR = VarcharType.VARCHAR.getTypeSignature();

    private final List<FunctionMetadata> functions;
    private final Map<FunctionId, KeyedFunction> functionsById;

    @Inject
    public KeyedFunctionProvider(KeyedFunctionImplementations implementations)
    {
        requireNonNull(implementations, "implementations is null");
        Implementations code = new Implementations(implementations);
        List<KeyedFunction> keyedFunctions = ImmutableList.<KeyedFunction>builder()
                .add(function("mask_hash", "varchar", "Keyed HMAC-SHA-256 of the value as lower-case hex, cut to the column length; deterministic and join-preserving, never an unsalted hash",
                        textSignature(VARCHAR_X, VARCHAR_X), false,
                        bound -> code.textLength("hashText", bound)))
                .add(function("mask_hash", "varchar_key", "Keyed HMAC-SHA-256 as hex with the named key, so hashes made before a key rotation can still be matched",
                        textSignature(VARCHAR_X, VARCHAR_X, VARCHAR), false,
                        bound -> code.textLength("hashTextWithKey", bound, Slice.class)))
                .add(function("mask_hash", "char", "Keyed HMAC-SHA-256 of the value as lower-case hex, cut to the column length",
                        textSignature(CHAR_X, CHAR_X), false,
                        bound -> code.textLength("hashText", bound)))
                .add(function("mask_hash", "bigint", "Keyed HMAC-SHA-256 of the value folded into a bigint; deterministic and join-preserving",
                        Signature.builder().returnType(BIGINT).argumentType(BIGINT).build(), false,
                        _ -> code.handle("hashBigint", methodType(long.class, long.class))))
                .add(function("mask_hash", "integer", "Keyed HMAC-SHA-256 of the value folded into an integer; deterministic and join-preserving",
                        Signature.builder().returnType(INTEGER).argumentType(INTEGER).build(), false,
                        _ -> code.handle("hashInteger", methodType(long.class, long.class))))
                .add(function("mask_hash", "varbinary", "Keyed HMAC-SHA-256 of the value (32 bytes)",
                        Signature.builder().returnType(VARBINARY).argumentType(VARBINARY).build(), false,
                        _ -> code.handle("hashBinary", methodType(Slice.class, Slice.class))))
                .add(function("tokenize", "varchar", "Deterministic reversible token (AES-GCM-SIV) prefixed with its key id, so keys can rotate",
                        textSignature(VARCHAR, VARCHAR_X), false,
                        _ -> code.handle("tokenize", methodType(Slice.class, Slice.class))))
                .add(function("tokenize", "varchar_key", "Deterministic reversible token made with the named key",
                        textSignature(VARCHAR, VARCHAR_X, VARCHAR), false,
                        _ -> code.handle("tokenizeWithKey", methodType(Slice.class, Slice.class, Slice.class))))
                .add(function("detokenize", "varchar", "Original value of a token made by tokenize, using the key named in the token; NULL for anything that is not a valid token",
                        textSignature(VARCHAR, VARCHAR_X), true,
                        _ -> code.handle("detokenize", methodType(Slice.class, Slice.class))))
                .add(function("fpe_encrypt", "varchar", "Format-preserving encryption (NIST SP 800-38G FF1, AES): digits stay digits, letters stay letters of the same case, separators stay; values too short for FF1 are fully redacted",
                        textSignature(VARCHAR_X, VARCHAR_X), false,
                        _ -> code.handle("fpeEncrypt", methodType(Slice.class, Slice.class))))
                .add(function("fpe_encrypt", "varchar_key", "Format-preserving encryption (FF1) with the named key",
                        textSignature(VARCHAR_X, VARCHAR_X, VARCHAR), false,
                        _ -> code.handle("fpeEncryptWithKey", methodType(Slice.class, Slice.class, Slice.class))))
                .add(function("fpe_decrypt", "varchar", "Reverses fpe_encrypt with the current key; NULL for values outside the FF1 domain",
                        textSignature(VARCHAR_X, VARCHAR_X), true,
                        _ -> code.handle("fpeDecrypt", methodType(Slice.class, Slice.class))))
                .add(function("fpe_decrypt", "varchar_key", "Reverses fpe_encrypt made with the named key; NULL for values outside the FF1 domain",
                        textSignature(VARCHAR_X, VARCHAR_X, VARCHAR), true,
                        _ -> code.handle("fpeDecryptWithKey", methodType(Slice.class, Slice.class, Slice.class))))
                .build();
        this.functions = keyedFunctions.stream().map(KeyedFunction::metadata).collect(toImmutableList());
        this.functionsById = keyedFunctions.stream().collect(toImmutableMap(KeyedFunction::functionId, Function.identity()));
    }

    public List<FunctionMetadata> functions()
    {
        return functions;
    }

    public KeyedFunction function(FunctionId functionId)
    {
        KeyedFunction function = functionsById.get(functionId);
        if (function == null) {
            throw new IllegalArgumentException("Unknown masking function id: " + functionId);
        }
        return function;
    }

    @Override
    public ScalarFunctionImplementation getScalarFunctionImplementation(
            FunctionId functionId,
            BoundSignature boundSignature,
            FunctionDependencies functionDependencies,
            InvocationConvention invocationConvention)
    {
        KeyedFunction function = function(functionId);
        InvocationConvention actual = new InvocationConvention(
                nCopies(boundSignature.getArity(), NEVER_NULL),
                function.nullableResult() ? NULLABLE_RETURN : FAIL_ON_NULL,
                false,
                false);
        MethodHandle handle = ScalarFunctionAdapter.adapt(
                function.implementation().apply(boundSignature),
                boundSignature.getReturnType(),
                boundSignature.getArgumentTypes(),
                actual,
                invocationConvention);
        return ScalarFunctionImplementation.builder().methodHandle(handle).build();
    }

    private static KeyedFunction function(String name, String overload, String description, Signature signature, boolean nullableResult, Function<BoundSignature, MethodHandle> implementation)
    {
        FunctionMetadata.Builder metadata = FunctionMetadata.scalarBuilder(name)
                .functionId(new FunctionId(name + ":" + overload))
                .signature(signature)
                .description(description);
        if (nullableResult) {
            metadata.nullable();
        }
        return new KeyedFunction(metadata.build(), nullableResult, implementation);
    }

    private static Signature textSignature(TypeSignature returnType, TypeSignature... argumentTypes)
    {
        return Signature.builder()
                .longVariable("x")
                .returnType(returnType)
                .argumentTypes(List.of(argumentTypes))
                .build();
    }

    /** Binds the implementation methods to one configured instance. */
    private record Implementations(KeyedFunctionImplementations target)
    {
        MethodHandle handle(String method, MethodType type)
        {
            try {
                return MethodHandles.lookup().findVirtual(KeyedFunctionImplementations.class, method, type).bindTo(target);
            }
            catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Missing implementation method " + method + type, e);
            }
        }

        /** Text hashes are cut to the declared length of the first argument, so the result fits its type. */
        MethodHandle textLength(String method, BoundSignature bound, Class<?>... extraArguments)
        {
            Class<?>[] parameters = new Class<?>[2 + extraArguments.length];
            parameters[0] = int.class;
            parameters[1] = Slice.class;
            System.arraycopy(extraArguments, 0, parameters, 2, extraArguments.length);
            MethodHandle handle = handle(method, methodType(Slice.class, parameters));
            return MethodHandles.insertArguments(handle, 0, declaredLength(bound.getArgumentType(0)));
        }

        private static int declaredLength(Type type)
        {
            if (type instanceof VarcharType varchar) {
                return varchar.getLength().orElse(Integer.MAX_VALUE);
            }
            if (type instanceof CharType charType) {
                return charType.getLength();
            }
            throw new IllegalArgumentException("Not a text type: " + type);
        }
    }
}
