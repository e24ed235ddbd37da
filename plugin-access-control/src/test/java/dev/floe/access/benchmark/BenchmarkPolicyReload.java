package dev.floe.access.benchmark;

import dev.floe.access.condition.ConditionCompiler;
import dev.floe.access.load.PolicyLoader;
import dev.floe.access.policy.Policy;
import dev.floe.access.spi.FloeAccessControl;
import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.ColumnSchema;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.security.SystemSecurityContext;
import io.trino.spi.security.ViewExpression;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.floe.access.benchmark.BenchmarkPolicies.CATALOG;
import static dev.floe.access.benchmark.BenchmarkPolicies.CUSTOMERS_COLUMNS;
import static dev.floe.access.benchmark.BenchmarkPolicies.WIDE_TABLE;

/**
 * Floe right after a policy (re)load, with the 5,000-rule policy: each measured call is the first one on a new
 * evaluator, so no decision, tag or per-user index is cached yet — what the first queries after a policy edit
 * pay. Before every call the policy file gets a new trailing comment and {@code PolicyStore.refresh()} loads it
 * (not timed), exactly the hot-reload path. {@code loadPolicy} is the load itself: parsing and validating the
 * 5,000 rules.
 *
 * <p>Run: {@code plugin-access-control/bench/run-benchmarks.sh jmh BenchmarkPolicyReload}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 5)
@Measurement(iterations = 20)
public class BenchmarkPolicyReload
{
    private static final CatalogSchemaTableName CUSTOMERS = new CatalogSchemaTableName("lakehouse", "demo", "customers");

    @State(Scope.Thread)
    public static class Reloaded
    {
        Path directory;
        Path policy;
        FloeAccessControl control;
        SystemSecurityContext context;
        Set<SchemaTableName> tables;
        List<ColumnSchema> wideColumns;
        Map<SchemaTableName, Set<String>> wideColumnNames;
        private long reloads;

        @Setup(Level.Trial)
        public void setUp()
                throws IOException
        {
            directory = Files.createTempDirectory("floe-benchmark");
            policy = BenchmarkPolicies.writeFloePolicy(directory, true);
            control = BenchmarkAccessControls.floe(policy);
            context = BenchmarkAccessControls.analystContext();
            tables = BenchmarkPolicies.tables();
            wideColumns = BenchmarkPolicies.wideColumns();
            Set<String> names = new LinkedHashSet<>();
            wideColumns.forEach(column -> names.add(column.getName()));
            wideColumnNames = Map.of(WIDE_TABLE, names);
        }

        @Setup(Level.Invocation)
        public void reload()
                throws IOException
        {
            reloads++;
            Files.writeString(policy, "# reload %s\n".formatted(reloads), StandardOpenOption.APPEND);
            if (!control.policies().refresh()) {
                throw new IllegalStateException("the changed policy was not loaded: " + control.policies().status().lastError());
            }
        }

        @TearDown(Level.Trial)
        public void tearDown()
                throws IOException
        {
            control.shutdown();
            deleteDirectory(directory);
        }
    }

    @State(Scope.Thread)
    public static class PolicyFile
    {
        Path directory;
        byte[] bytes;
        PolicyLoader loader;

        @Setup(Level.Trial)
        public void setUp()
                throws IOException
        {
            directory = Files.createTempDirectory("floe-benchmark");
            bytes = Files.readAllBytes(BenchmarkPolicies.writeFloePolicy(directory, true));
            loader = new PolicyLoader(new ConditionCompiler());
            Policy policy = loader.parse("floe-large.yaml", bytes);
            int rules = policy.privileges().size() + policy.rowFilters().size() + policy.columnMasks().size();
            if (rules != BenchmarkPolicies.RULES) {
                throw new IllegalStateException("the policy has %s rules, not %s".formatted(rules, BenchmarkPolicies.RULES));
            }
        }

        @TearDown(Level.Trial)
        public void tearDown()
                throws IOException
        {
            deleteDirectory(directory);
        }
    }

    @Benchmark
    public Policy loadPolicy(PolicyFile file)
    {
        return file.loader.parse("floe-large.yaml", file.bytes);
    }

    @Benchmark
    public SystemSecurityContext checkCanSelectFromColumnsCold(Reloaded state)
    {
        state.control.checkCanSelectFromColumns(state.context, CUSTOMERS, Set.of("customer_id", "name", "email", "region", "lifetime_value"));
        return state.context;
    }

    @Benchmark
    public Map<ColumnSchema, ViewExpression> getColumnMasksCold(Reloaded state)
    {
        return state.control.getColumnMasks(state.context, CUSTOMERS, CUSTOMERS_COLUMNS);
    }

    @Benchmark
    public Set<SchemaTableName> filterTablesCold(Reloaded state)
    {
        return state.control.filterTables(state.context, CATALOG, state.tables);
    }

    @Benchmark
    public Map<SchemaTableName, Set<String>> filterColumnsCold(Reloaded state)
    {
        return state.control.filterColumns(state.context, CATALOG, state.wideColumnNames);
    }

    @Benchmark
    public Map<ColumnSchema, ViewExpression> getWideColumnMasksCold(Reloaded state)
    {
        return state.control.getColumnMasks(state.context, BenchmarkBulkMetadata.wide(), state.wideColumns);
    }

    static void deleteDirectory(Path directory)
            throws IOException
    {
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }
}
