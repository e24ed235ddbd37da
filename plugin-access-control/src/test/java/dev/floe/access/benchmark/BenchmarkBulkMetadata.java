package dev.floe.access.benchmark;

import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.ColumnSchema;
import io.trino.spi.connector.SchemaTableName;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.floe.access.benchmark.BenchmarkAccessControls.ALLOW_ALL;
import static dev.floe.access.benchmark.BenchmarkAccessControls.FILE_BASED;
import static dev.floe.access.benchmark.BenchmarkAccessControls.FLOE;
import static dev.floe.access.benchmark.BenchmarkPolicies.CATALOG;
import static dev.floe.access.benchmark.BenchmarkPolicies.WIDE_TABLE;

/**
 * Metadata at scale on a warm cache, with the 5,000-rule policy: {@code filterTables} over a catalog of 10,000
 * tables (what {@code SHOW TABLES} and {@code information_schema.tables} call), and {@code filterColumns} and
 * {@code getColumnMasks} for a 1,000-column table of which 300 columns are masked. The cold calls, right after a
 * policy load, are in {@link BenchmarkPolicyReload}.
 *
 * <p>Run: {@code plugin-access-control/bench/run-benchmarks.sh jmh BenchmarkBulkMetadata}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BenchmarkBulkMetadata
{
    @Param({ALLOW_ALL, FILE_BASED, FLOE})
    public String accessControl;

    private Path directory;
    private SystemAccessControl control;
    private SystemSecurityContext context;
    private Set<SchemaTableName> tables;
    private List<ColumnSchema> wideColumns;
    private Map<SchemaTableName, Set<String>> wideColumnNames;

    @Setup(Level.Trial)
    public void setUp()
            throws IOException
    {
        directory = Files.createTempDirectory("floe-benchmark");
        tables = BenchmarkPolicies.tables();
        wideColumns = BenchmarkPolicies.wideColumns();
        Set<String> names = new LinkedHashSet<>();
        wideColumns.forEach(column -> names.add(column.getName()));
        wideColumnNames = Map.of(WIDE_TABLE, names);
        context = BenchmarkAccessControls.analystContext();
        control = BenchmarkAccessControls.create(accessControl, true, directory);
        if (!accessControl.equals(ALLOW_ALL)) {
            checkEquivalent();
        }
    }

    // Floe and the file-based rules must give the same answers on what is measured
    private void checkEquivalent()
    {
        SystemAccessControl floe = BenchmarkAccessControls.create(FLOE, true, directory);
        SystemAccessControl fileBased = BenchmarkAccessControls.create(FILE_BASED, true, directory);
        Set<SchemaTableName> floeTables = floe.filterTables(context, CATALOG, tables);
        Set<SchemaTableName> fileBasedTables = fileBased.filterTables(context, CATALOG, tables);
        if (!floeTables.equals(fileBasedTables) || floeTables.isEmpty() || floeTables.size() == tables.size()) {
            throw new IllegalStateException("filterTables: Floe shows %s tables, file-based %s".formatted(floeTables.size(), fileBasedTables.size()));
        }
        if (!floe.filterColumns(context, CATALOG, wideColumnNames).equals(fileBased.filterColumns(context, CATALOG, wideColumnNames))) {
            throw new IllegalStateException("filterColumns differ");
        }
        Set<ColumnSchema> floeMasked = floe.getColumnMasks(context, wide(), wideColumns).keySet();
        Set<ColumnSchema> fileBasedMasked = fileBased.getColumnMasks(context, wide(), wideColumns).keySet();
        if (!floeMasked.equals(fileBasedMasked) || floeMasked.size() != BenchmarkPolicies.wideMaskedColumns()) {
            throw new IllegalStateException("getColumnMasks: Floe masks %s columns, file-based %s".formatted(floeMasked.size(), fileBasedMasked.size()));
        }
        floe.shutdown();
        fileBased.shutdown();
    }

    @TearDown(Level.Trial)
    public void tearDown()
            throws IOException
    {
        control.shutdown();
        BenchmarkPolicyReload.deleteDirectory(directory);
    }

    @Benchmark
    public Set<SchemaTableName> filterTables()
    {
        return control.filterTables(context, CATALOG, tables);
    }

    @Benchmark
    public Map<SchemaTableName, Set<String>> filterColumns()
    {
        return control.filterColumns(context, CATALOG, wideColumnNames);
    }

    @Benchmark
    public Map<ColumnSchema, ViewExpression> getColumnMasks()
    {
        return control.getColumnMasks(context, wide(), wideColumns);
    }

    static CatalogSchemaTableName wide()
    {
        return new CatalogSchemaTableName(CATALOG, WIDE_TABLE);
    }
}
