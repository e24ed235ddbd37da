package dev.floe.access.benchmark;

import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.ColumnSchema;
import io.trino.spi.security.SystemAccessControl;
import io.trino.spi.security.SystemSecurityContext;
import io.trino.spi.security.ViewExpression;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.floe.access.benchmark.BenchmarkAccessControls.ALLOW_ALL;
import static dev.floe.access.benchmark.BenchmarkPolicies.CUSTOMERS_COLUMNS;
import static dev.floe.access.benchmark.BenchmarkPolicies.CUSTOMERS_MASKED;

/**
 * The per-query calls on a warm cache: the engine calls {@code checkCanSelectFromColumns} and
 * {@code getColumnMasks} for every table a query reads. Sample mode gives the latency distribution
 * (p50/p99/p99.9). {@code policy=small} is the demo policy's shape, {@code large} the same rules after 5,000
 * others (see {@link BenchmarkPolicies}); each access control answers for {@code lakehouse.demo.customers}.
 *
 * <p>Run: {@code plugin-access-control/bench/run-benchmarks.sh jmh BenchmarkDecisionLatency}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class BenchmarkDecisionLatency
{
    private static final CatalogSchemaTableName CUSTOMERS = new CatalogSchemaTableName("lakehouse", "demo", "customers");
    // what SELECT customer_id, name, email, region, lifetime_value … asks
    private static final Set<String> SELECTED = Set.of("customer_id", "name", "email", "region", "lifetime_value");

    @Param({BenchmarkAccessControls.ALLOW_ALL, BenchmarkAccessControls.FILE_BASED, BenchmarkAccessControls.FLOE})
    public String accessControl;

    @Param({"small", "large"})
    public String policy;

    private Path directory;
    private SystemAccessControl control;
    private SystemSecurityContext context;

    @Setup(Level.Trial)
    public void setUp()
            throws IOException
    {
        directory = Files.createTempDirectory("floe-benchmark");
        control = BenchmarkAccessControls.create(accessControl, policy.equals("large"), directory);
        context = BenchmarkAccessControls.analystContext();
        // the policies must agree on what is measured, or the comparison means nothing
        control.checkCanSelectFromColumns(context, CUSTOMERS, SELECTED);
        Set<String> masked = control.getColumnMasks(context, CUSTOMERS, CUSTOMERS_COLUMNS).keySet().stream()
                .map(ColumnSchema::getName)
                .collect(Collectors.toSet());
        if (!masked.equals(accessControl.equals(ALLOW_ALL) ? Set.of() : CUSTOMERS_MASKED)) {
            throw new IllegalStateException("%s masks %s, expected %s".formatted(accessControl, masked, CUSTOMERS_MASKED));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
            throws IOException
    {
        control.shutdown();
        BenchmarkPolicyReload.deleteDirectory(directory);
    }

    @Benchmark
    public SystemSecurityContext checkCanSelectFromColumns()
    {
        control.checkCanSelectFromColumns(context, CUSTOMERS, SELECTED);
        return context;
    }

    @Benchmark
    public Map<ColumnSchema, ViewExpression> getColumnMasks()
    {
        return control.getColumnMasks(context, CUSTOMERS, CUSTOMERS_COLUMNS);
    }
}
