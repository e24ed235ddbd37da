package dev.floe.cache.benchmark;

import com.google.common.collect.ImmutableMap;
import dev.floe.cache.CachePlugin;
import dev.floe.testing.FloeQueryRunner;
import dev.floe.testing.LakehouseCatalog;
import io.airlift.log.Level;
import io.airlift.log.Logging;
import io.trino.testing.MaterializedResult;
import io.trino.testing.QueryRunner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What a cached view saves, on a coordinator and a worker with the real Iceberg REST catalog server and TPC-H
 * copied into {@code lakehouse.demo}:
 * <ul>
 * <li>a dashboard query (revenue by region and month over lineitem, orders, customer, nation, region) run directly
 * against the lakehouse, and read from a fresh cached view of it, client round trip, p50/min/max;</li>
 * <li>refresh time after appending 1% of new orders and their line items: incremental against full, for a view
 * that scans, filters and projects lineitem (incremental through Iceberg's {@code table_changes}) and for the
 * dashboard with {@code incremental_column = 'month'} (the new orders fall in new months). "Full" is the first
 * refresh of an identical view created after the append, on the same data. Each round checks that the incremental
 * result equals the full one.</li>
 * </ul>
 * Usage: {@code BenchmarkCachedViews [scale] [readRuns] [rounds]} (defaults sf1, 20, 3); writes a Markdown report to
 * target/benchmark-cached-views.md.
 */
public final class BenchmarkCachedViews
{
    private static final String DASHBOARD = """
            SELECT r.name AS region, date_trunc('month', o.orderdate) AS month, sum(l.extendedprice * (1 - l.discount)) AS revenue
            FROM lakehouse.demo.lineitem l
            JOIN lakehouse.demo.orders o ON o.orderkey = l.orderkey
            JOIN lakehouse.demo.customer c ON c.custkey = o.custkey
            JOIN lakehouse.demo.nation n ON n.nationkey = c.nationkey
            JOIN lakehouse.demo.region r ON r.regionkey = n.regionkey
            GROUP BY 1, 2""";
    private static final String LINES = """
            SELECT orderkey, linenumber, partkey, suppkey, shipdate, shipmode, extendedprice * (1 - discount) AS net_revenue
            FROM lakehouse.demo.lineitem
            WHERE returnflag <> 'R'""";
    /** The orders the appends copy: orderkey ≤ 60,000 is 1% of the orders at every scale factor (and ~1% of the line items). */
    private static final long APPENDED_ORDER_KEYS = 60_000;

    private BenchmarkCachedViews() {}

    public static void main(String[] args)
            throws Exception
    {
        String scale = args.length > 0 ? args[0] : "sf1";
        int readRuns = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        // Iceberg logs every scan and commit at INFO
        Logging.initialize().setLevel("org.apache.iceberg", Level.WARN);
        StringBuilder report = new StringBuilder();
        try (LakehouseCatalog lakehouse = LakehouseCatalog.start();
                QueryRunner runner = FloeQueryRunner.builder()
                        .withUser("admin")
                        .withWorkerCount(1)
                        .withLakehouse("lakehouse", lakehouse)
                        .withPlugin(new CachePlugin())
                        .withCatalog("cache", "floe_cache", ImmutableMap.of(
                                "cache.iceberg.type", "rest",
                                "cache.iceberg.uri", lakehouse.uri().toString(),
                                "cache.storage-catalog", "lakehouse"))
                        .build()) {
            long loadStart = System.nanoTime();
            runner.execute("CREATE SCHEMA lakehouse.demo");
            for (String table : List.of("region", "nation", "customer", "orders", "lineitem")) {
                runner.execute("CREATE TABLE lakehouse.demo.%1$s AS SELECT * FROM tpch.%2$s.%1$s".formatted(table, scale));
            }
            long lineitems = (long) runner.execute("SELECT count(*) FROM lakehouse.demo.lineitem").getOnlyValue();
            System.err.printf("loaded tpch.%s in %.0f s%n", scale, (System.nanoTime() - loadStart) / 1e9);
            runner.execute("CREATE SCHEMA cache.bench");

            report.append("TPC-H `%s` copied into `lakehouse.demo` (%,d line items); a coordinator and a worker in one JVM; the lakehouse is the Iceberg REST catalog server, forked.%n%n".formatted(scale, lineitems));
            report.append(reads(runner, readRuns));
            report.append(refreshes(runner, rounds));
        }
        String text = report.toString();
        System.out.println(text);
        Files.writeString(Path.of("target", "benchmark-cached-views.md"), text);
    }

    private static String reads(QueryRunner runner, int runs)
    {
        runner.execute("CREATE MATERIALIZED VIEW cache.bench.revenue_by_region AS " + DASHBOARD);
        runner.execute("REFRESH MATERIALIZED VIEW cache.bench.revenue_by_region");
        String cached = "SELECT * FROM cache.bench.revenue_by_region ORDER BY region, month";
        String direct = DASHBOARD + " ORDER BY region, month";
        MaterializedResult expected = runner.execute(direct);
        if (!runner.execute(cached).getMaterializedRows().equals(expected.getMaterializedRows())) {
            throw new IllegalStateException("The cached view does not return the direct result");
        }
        if (!runner.execute("EXPLAIN " + cached).getOnlyValue().toString().contains("floe_cache_storage")) {
            throw new IllegalStateException("The fresh cached view is not read from its storage table");
        }
        // the floor: what the engine takes to read the stored result as a plain Iceberg table
        String storage = "SELECT * FROM lakehouse.floe_cache_storage.bench__revenue_by_region ORDER BY region, month";
        // what serving the stored result from memory, without Iceberg, could save at most
        runner.execute("CREATE TABLE memory.default.revenue_by_region AS SELECT * FROM lakehouse.floe_cache_storage.bench__revenue_by_region");
        String memory = "SELECT * FROM memory.default.revenue_by_region ORDER BY region, month";
        // below the floor: what the engine takes for a query that reads nothing
        String nothing = "SELECT 1";
        List<String> queries = List.of(direct, cached, storage, memory, nothing);
        long[][] latencies = new long[queries.size()][runs];
        for (int warmup = 0; warmup < 3; warmup++) {
            queries.forEach(runner::execute);
        }
        // interleaved, so that a busy moment of the machine hits all alike
        for (int i = 0; i < runs; i++) {
            for (int query = 0; query < queries.size(); query++) {
                latencies[query][i] = timed(runner, queries.get(query));
            }
        }
        List<String> labels = List.of("direct on the lakehouse tables", "fresh cached view", "its storage table read as a plain Iceberg table (the floor)",
                "the stored result copied into a table of Trino's memory connector",
                "`SELECT 1` (the engine's cost of any query)");
        StringBuilder report = new StringBuilder("""
                | dashboard query (%,d rows), %,d runs each, interleaved | p50 | min | max | analysis p50 | planning p50 |
                |---|---|---|---|---|---|
                """.formatted(expected.getRowCount(), runs));
        for (int query = 0; query < queries.size(); query++) {
            // where the time goes: the engine's own accounting of these runs (analysis includes the freshness check)
            List<Object> phases = runner.execute("""
                    SELECT approx_percentile(analysis_time_ms, 0.5), approx_percentile(planning_time_ms, 0.5)
                    FROM system.runtime.queries WHERE query = '%s' AND state = 'FINISHED'""".formatted(queries.get(query).replace("'", "''")))
                    .getMaterializedRows().getFirst().getFields();
            report.append("| %s | %s | %s | %s | %s ms | %s ms |%n".formatted(labels.get(query),
                    millis(percentile(latencies[query], 50)), millis(percentile(latencies[query], 0)), millis(percentile(latencies[query], 100)),
                    phases.get(0), phases.get(1)));
        }
        double speedup = (double) percentile(latencies[0], 50) / percentile(latencies[1], 50);
        return report.append("%nCached read: **%.1f× faster** than direct at p50 (target ≥ 20×).%n%n".formatted(speedup)).toString();
    }

    private static String refreshes(QueryRunner runner, int rounds)
    {
        runner.execute("CREATE MATERIALIZED VIEW cache.bench.lines AS " + LINES);
        runner.execute("REFRESH MATERIALIZED VIEW cache.bench.lines");
        runner.execute("CREATE MATERIALIZED VIEW cache.bench.revenue_by_month WITH (incremental_column = 'month') AS " + DASHBOARD);
        runner.execute("REFRESH MATERIALIZED VIEW cache.bench.revenue_by_month");
        long[][] nanos = new long[4][rounds];
        long appended = 0;
        for (int round = 0; round < rounds; round++) {
            appended = append(runner, round + 1);
            nanos[0][round] = refresh(runner, "lines", "INCREMENTAL");
            runner.execute("CREATE OR REPLACE MATERIALIZED VIEW cache.bench.lines_full AS " + LINES);
            nanos[1][round] = refresh(runner, "lines_full", "FULL");
            sameResult(runner, "SELECT count(*), sum(net_revenue), max(orderkey) FROM cache.bench.%s", "lines", "lines_full");

            nanos[2][round] = refresh(runner, "revenue_by_month", "INCREMENTAL");
            runner.execute("CREATE OR REPLACE MATERIALIZED VIEW cache.bench.revenue_by_month_full AS " + DASHBOARD);
            nanos[3][round] = refresh(runner, "revenue_by_month_full", "FULL");
            sameResult(runner, "SELECT count(*), sum(revenue), max(month) FROM cache.bench.%s", "revenue_by_month", "revenue_by_month_full");
        }
        return """
                | refresh after appending 1%% (%,d line items of new orders), median of %d rounds | incremental | full | full ÷ incremental |
                |---|---|---|---|
                | view scanning lineitem (filter, projection): appended rows via `table_changes` | %s | %s | **%.1f×** |
                | dashboard (joins, aggregation) with `incremental_column = 'month'` | %s | %s | **%.1f×** |

                Target: incremental at least 10× faster than full. Every round checked the incremental result against the full one.
                """.formatted(appended, rounds,
                millis(median(nanos[0])), millis(median(nanos[1])), (double) median(nanos[1]) / median(nanos[0]),
                millis(median(nanos[2])), millis(median(nanos[3])), (double) median(nanos[3]) / median(nanos[2]));
    }

    /** Appends copies of the orders with orderkey ≤ 60,000 and their line items, with new keys and dates in new months. */
    private static long append(QueryRunner runner, int round)
    {
        long offset = round * 100_000_000L;
        int years = round * 7;
        runner.execute("""
                INSERT INTO lakehouse.demo.orders
                SELECT orderkey + %d, custkey, orderstatus, totalprice, date_add('year', %d, orderdate), orderpriority, clerk, shippriority, comment
                FROM lakehouse.demo.orders WHERE orderkey <= %d""".formatted(offset, years, APPENDED_ORDER_KEYS));
        return (long) runner.execute("""
                INSERT INTO lakehouse.demo.lineitem
                SELECT orderkey + %1$d, partkey, suppkey, linenumber, quantity, extendedprice, discount, tax, returnflag, linestatus,
                       date_add('year', %2$d, shipdate), date_add('year', %2$d, commitdate), date_add('year', %2$d, receiptdate), shipinstruct, shipmode, comment
                FROM lakehouse.demo.lineitem WHERE orderkey <= %3$d""".formatted(offset, years, APPENDED_ORDER_KEYS)).getOnlyValue();
    }

    private static long refresh(QueryRunner runner, String view, String expectedType)
    {
        long nanos = timed(runner, "REFRESH MATERIALIZED VIEW cache.bench." + view);
        Object type = runner.execute("SELECT last_refresh_type FROM cache.system.views WHERE schema_name = 'bench' AND view_name = '%s'".formatted(view)).getOnlyValue();
        if (!expectedType.equals(type)) {
            throw new IllegalStateException("The refresh of %s was %s, not %s".formatted(view, type, expectedType));
        }
        return nanos;
    }

    private static void sameResult(QueryRunner runner, String query, String view, String twin)
    {
        List<?> left = runner.execute(query.formatted(view)).getMaterializedRows();
        List<?> right = runner.execute(query.formatted(twin)).getMaterializedRows();
        if (!left.equals(right)) {
            throw new IllegalStateException("%s %s differs from %s %s".formatted(view, left, twin, right));
        }
    }

    private static long timed(QueryRunner runner, String sql)
    {
        long start = System.nanoTime();
        runner.execute(sql);
        return System.nanoTime() - start;
    }

    private static long median(long[] values)
    {
        return percentile(values, 50);
    }

    private static long percentile(long[] values, double percentile)
    {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(percentile / 100 * sorted.length) - 1))];
    }

    private static String millis(long nanos)
    {
        return "%,.0f ms".formatted(nanos / 1e6);
    }
}
