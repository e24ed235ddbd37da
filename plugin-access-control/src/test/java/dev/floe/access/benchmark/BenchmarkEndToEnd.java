package dev.floe.access.benchmark;

import dev.floe.access.AccessControlTestRunners;
import dev.floe.masking.MaskingPlugin;
import dev.floe.testing.FloeQueryRunner;
import io.trino.Session;
import io.trino.connector.MockConnectorFactory;
import io.trino.connector.MockConnectorPlugin;
import io.trino.execution.QueryStats;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.security.SystemAccessControl;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.MaterializedResult;
import io.trino.testing.QueryRunner;
import io.trino.testing.QueryRunner.MaterializedResultWithPlan;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import static dev.floe.access.benchmark.BenchmarkPolicies.CATALOG;
import static dev.floe.access.benchmark.BenchmarkPolicies.TABLES;
import static dev.floe.access.benchmark.BenchmarkPolicies.WIDE_TABLE;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * End-to-end query latency on the in-process query runner (coordinator only, as the plugin tests use it) under
 * each access control, as user {@code analyst}:
 * <ul>
 * <li>{@code tpch}: the 22 TPC-H queries on {@code tpch_standard.tiny} (the tpch connector with the standard
 * column names the query texts use) under allow-all, the file-based access control and Floe, each granting SELECT
 * on {@code tpch_standard.tiny}, alone ({@code file-based}, {@code floe}) and after the 5,000
 * rules of {@link BenchmarkPolicies} ({@code file-based-5000}, {@code floe-5000});</li>
 * <li>{@code metadata}: a catalog {@code big} of 10,000 tables of 10 columns plus the 1,000-column
 * {@code wide.events} (an in-memory mock connector: creating 10,000 tables in the memory connector takes too
 * long), under the 5,000-rule policies: {@code SHOW TABLES}, {@code information_schema.tables} and
 * {@code .columns} counts, and a {@code SELECT *} of the wide table with its 300 masks (no rows).</li>
 * </ul>
 * Every query runs {@code warmups} times and then {@code runs} times per configuration, the configurations
 * interleaved round by round (in rotating order) so that load from other processes hits them alike. Reported:
 * the median wall time of {@code QueryRunner.execute} (all rows fetched) and the median analysis + planning
 * time from the engine's query statistics; the first execution is reported too (cold caches, cold JIT).
 *
 * <p>Run: {@code plugin-access-control/bench/run-benchmarks.sh e2e [warmups] [runs] [tpch,metadata]}.
 */
public final class BenchmarkEndToEnd
{
    private record Config(String name, QueryRunner runner, Session session) {}

    /**
     * @param answer what the configurations must agree on: the row count, or the value of a single-value result
     * such as {@code count(*)}
     */
    private record Sample(double wallMillis, double planningMillis, long answer) {}

    // the query runner sends System.out to its log: the report goes to the process's own standard output
    private static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true, UTF_8);

    private BenchmarkEndToEnd() {}

    public static void main(String[] args)
            throws Exception
    {
        int warmups = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Set<String> scenarios = Set.of((args.length > 2 ? args[2] : "tpch,metadata").split(","));
        BenchmarkAccessControls.quietAudit();
        Path directory = Files.createTempDirectory("floe-benchmark");
        try {
            OUT.printf("# %s warm-up and %s measured runs per query and configuration; load average %s%n", warmups, runs, loadAverage());
            if (scenarios.contains("tpch")) {
                Map<String, SystemAccessControl> controls = new LinkedHashMap<>();
                controls.put("allow-all", BenchmarkAccessControls.create(BenchmarkAccessControls.ALLOW_ALL, false, directory));
                controls.put("file-based", BenchmarkAccessControls.fileBased(BenchmarkPolicies.writeFileBasedTpchRules(directory, false)));
                controls.put("floe", BenchmarkAccessControls.floe(BenchmarkPolicies.writeFloeTpchPolicy(directory, false)));
                controls.put("file-based-5000", BenchmarkAccessControls.fileBased(BenchmarkPolicies.writeFileBasedTpchRules(directory, true)));
                controls.put("floe-5000", BenchmarkAccessControls.floe(BenchmarkPolicies.writeFloeTpchPolicy(directory, true)));
                run("TPC-H tiny, 22 queries", controls, TpchQueries.all(), false, warmups, runs);
            }
            if (scenarios.contains("metadata")) {
                Map<String, SystemAccessControl> controls = new LinkedHashMap<>();
                controls.put("allow-all", BenchmarkAccessControls.create(BenchmarkAccessControls.ALLOW_ALL, true, directory));
                controls.put("file-based-5000", BenchmarkAccessControls.create(BenchmarkAccessControls.FILE_BASED, true, directory));
                controls.put("floe-5000", BenchmarkAccessControls.create(BenchmarkAccessControls.FLOE, true, directory));
                Map<String, String> queries = new LinkedHashMap<>();
                queries.put("SHOW TABLES FROM big.s00", "SHOW TABLES FROM big.s00");
                queries.put("count(*) information_schema.tables", "SELECT count(*) FROM big.information_schema.tables");
                queries.put("count(*) information_schema.columns", "SELECT count(*) FROM big.information_schema.columns");
                queries.put("SELECT * FROM big.wide.events (300 masks)", "SELECT * FROM big.wide.events");
                run("Metadata, catalog of %,d tables, 5,000-rule policies".formatted(TABLES), controls, queries, true, warmups, runs);
            }
            OUT.printf("# load average at the end %s%n", loadAverage());
        }
        finally {
            try (var files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(directory);
        }
    }

    private static void run(String title, Map<String, SystemAccessControl> controls, Map<String, String> queries, boolean bigCatalog, int warmups, int runs)
            throws Exception
    {
        List<Config> configs = new ArrayList<>();
        try {
            for (Map.Entry<String, SystemAccessControl> entry : controls.entrySet()) {
                QueryRunner runner = runner(entry.getValue(), bigCatalog);
                // the TPC-H texts name tables unqualified
                Session session = bigCatalog ? runner.getDefaultSession() : Session.builder(runner.getDefaultSession()).setCatalog(BenchmarkPolicies.TPCH).setSchema("tiny").build();
                configs.add(new Config(entry.getKey(), runner, session));
            }
            // query → configuration → samples
            Map<String, Map<String, List<Sample>>> samples = new LinkedHashMap<>();
            Map<String, Map<String, Sample>> first = new LinkedHashMap<>();
            for (Map.Entry<String, String> query : queries.entrySet()) {
                Map<String, List<Sample>> byConfig = new LinkedHashMap<>();
                Map<String, Sample> firstByConfig = new LinkedHashMap<>();
                for (int round = 0; round < warmups + runs; round++) {
                    for (int i = 0; i < configs.size(); i++) {
                        Config config = configs.get((round + i) % configs.size());
                        Sample sample = execute(config.runner(), config.session(), query.getValue());
                        if (round == 0) {
                            firstByConfig.put(config.name(), sample);
                        }
                        if (round >= warmups) {
                            byConfig.computeIfAbsent(config.name(), _ -> new ArrayList<>()).add(sample);
                        }
                    }
                }
                // the access controls must agree; allow-all shows more where the policies hide tables
                Set<Long> rowCounts = firstByConfig.entrySet().stream()
                        .filter(entry -> !(bigCatalog && entry.getKey().equals("allow-all")))
                        .map(entry -> entry.getValue().answer())
                        .collect(Collectors.toSet());
                if (rowCounts.size() != 1) {
                    throw new IllegalStateException("%s gives different answers: %s".formatted(query.getKey(), firstByConfig));
                }
                samples.put(query.getKey(), byConfig);
                first.put(query.getKey(), firstByConfig);
            }
            report(title, configs, samples, first);
        }
        finally {
            for (Config config : configs) {
                config.runner().close();
            }
        }
    }

    private static Sample execute(QueryRunner runner, Session session, String sql)
    {
        long start = System.nanoTime();
        MaterializedResultWithPlan result = runner.executeWithPlan(session, sql);
        double wall = (System.nanoTime() - start) / 1e6;
        QueryStats stats = ((DistributedQueryRunner) runner).getCoordinator().getQueryManager().getFullQueryInfo(result.queryId()).getQueryStats();
        MaterializedResult rows = result.result();
        long answer = rows.getRowCount() == 1 && rows.getTypes().size() == 1 && rows.getOnlyValue() instanceof Long value ? value : rows.getRowCount();
        return new Sample(wall, stats.getAnalysisTime().getValue(MILLISECONDS) + stats.getPlanningTime().getValue(MILLISECONDS), answer);
    }

    private static void report(String title, List<Config> configs, Map<String, Map<String, List<Sample>>> samples, Map<String, Map<String, Sample>> first)
    {
        List<String> names = configs.stream().map(Config::name).toList();
        for (String metric : List.of("end-to-end (wall, ms)", "analysis + planning (ms)", "first execution, end-to-end (wall, ms)")) {
            ToDoubleFunction<Sample> value = metric.startsWith("analysis") ? Sample::planningMillis : Sample::wallMillis;
            boolean firstRun = metric.startsWith("first");
            OUT.printf("%n### %s: %s%s%n%n", title, metric, firstRun ? "" : ", median");
            OUT.println("| Query | Rows or count | " + String.join(" | ", names) + " |");
            OUT.println("|---|---:|" + "---:|".repeat(names.size()));
            Map<String, Double> totals = new LinkedHashMap<>();
            for (String query : samples.keySet()) {
                StringBuilder line = new StringBuilder("| %s | %s |".formatted(query, answer(names, first.get(query))));
                for (String name : names) {
                    double median = firstRun ? value.applyAsDouble(first.get(query).get(name)) : median(samples.get(query).get(name), value);
                    totals.merge(name, median, Double::sum);
                    line.append(" %.1f |".formatted(median));
                }
                OUT.println(line);
            }
            if (samples.size() > 1) {
                StringBuilder total = new StringBuilder("| **total** | |");
                StringBuilder overhead = new StringBuilder("| vs allow-all | |");
                double floor = totals.get(names.getFirst());
                for (String name : names) {
                    total.append(" **%.1f** |".formatted(totals.get(name)));
                    overhead.append(name.equals(names.getFirst()) ? " — |" : " %+.1f%% |".formatted(100 * (totals.get(name) - floor) / floor));
                }
                OUT.println(total);
                OUT.println(overhead);
            }
        }
        OUT.printf("%n# load average %s%n", loadAverage());
    }

    // the access controls' answer, and allow-all's where it shows more
    private static String answer(List<String> names, Map<String, Sample> first)
    {
        long rows = first.get(names.getLast()).answer();
        long allowAll = first.get(names.getFirst()).answer();
        return allowAll == rows ? "%,d".formatted(rows) : "%,d (allow-all %,d)".formatted(rows, allowAll);
    }

    private static double median(List<Sample> samples, ToDoubleFunction<Sample> value)
    {
        double[] values = samples.stream().mapToDouble(value).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static QueryRunner runner(SystemAccessControl accessControl, boolean bigCatalog)
            throws Exception
    {
        FloeQueryRunner.Builder builder = FloeQueryRunner.builder()
                .withUser(BenchmarkPolicies.USER)
                .withSystemAccessControl(accessControl)
                .withPlugin(new MaskingPlugin())
                .withCatalog("masking", "floe_masking", Map.of(
                        "masking.keys", "k1:" + AccessControlTestRunners.KEY,
                        "masking.current-key-id", "k1"))
                .withExtraProperty("sql.path", "masking.functions");
        if (!bigCatalog) {
            builder.withCatalog(BenchmarkPolicies.TPCH, "tpch", Map.of("tpch.column-naming", "STANDARD"));
        }
        else {
            builder.withPlugin(new MockConnectorPlugin(bigCatalog()))
                    .withCatalog(CATALOG, "mock", Map.of());
        }
        return builder.build();
    }

    // 10,000 tables of ten columns in 20 schemas, and wide.events; every table empty
    private static MockConnectorFactory bigCatalog()
    {
        Map<String, List<String>> tablesBySchema = new LinkedHashMap<>();
        for (SchemaTableName table : BenchmarkPolicies.tables()) {
            tablesBySchema.computeIfAbsent(table.getSchemaName(), _ -> new ArrayList<>()).add(table.getTableName());
        }
        tablesBySchema.put(WIDE_TABLE.getSchemaName(), List.of(WIDE_TABLE.getTableName()));
        List<ColumnMetadata> narrow = Arrays.asList(
                new ColumnMetadata("id", BIGINT),
                new ColumnMetadata("name", VARCHAR),
                new ColumnMetadata("email", VARCHAR),
                new ColumnMetadata("status", VARCHAR),
                new ColumnMetadata("amount", DOUBLE),
                new ColumnMetadata("created", DATE),
                new ColumnMetadata("region", VARCHAR),
                new ColumnMetadata("country", VARCHAR),
                new ColumnMetadata("category", VARCHAR),
                new ColumnMetadata("score", DOUBLE));
        List<ColumnMetadata> wide = BenchmarkPolicies.wideColumns().stream()
                .map(column -> new ColumnMetadata(column.getName(), column.getType()))
                .toList();
        return MockConnectorFactory.builder()
                .withListSchemaNames(_ -> List.copyOf(tablesBySchema.keySet()))
                .withListTables((_, schema) -> tablesBySchema.getOrDefault(schema, List.of()))
                .withGetColumns(table -> table.equals(WIDE_TABLE) ? wide : narrow)
                .withData(_ -> List.of())
                .build();
    }

    private static String loadAverage()
    {
        try {
            return String.join(" ", Arrays.asList(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        }
        catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
