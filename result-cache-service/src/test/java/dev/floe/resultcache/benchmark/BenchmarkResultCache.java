package dev.floe.resultcache.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableMap;
import dev.floe.access.spi.FloeAccessControlFactory;
import dev.floe.resultcache.TestingResultCache;
import dev.floe.testing.FloeQueryRunner;
import dev.floe.testing.LakehouseCatalog;
import dev.floe.testing.TestingAccessControlContext;
import io.airlift.log.Level;
import io.airlift.log.Logging;
import io.trino.spi.security.SystemAccessControl;
import io.trino.testing.DistributedQueryRunner;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * A dashboard workload through the result cache and directly to the coordinator, with the Trino JDBC driver: 20
 * distinct queries over TPC-H copied into {@code lakehouse.demo}, each repeated by 5 users of two policy classes
 * (analysts see every row with phone numbers masked; EMEA users see the customers of European nations only), in
 * rounds (every query of every user once per round). A coordinator and a worker in one JVM, the lakehouse catalog
 * server forked, the cache in-process with the Floe access control's policy version.
 * <ul>
 * <li>through the cache: every run's client latency, split into misses (the first run of a query by a user) and
 * hits, and the hit ratio against the runs allowed to hit (all but each user's first);</li>
 * <li>directly: {@code directRounds} rounds of the same workload, for the latency without the cache;</li>
 * <li>miss overhead: a small uncacheable query (it calls {@code random()}), alternately through the cache and
 * directly, and the time the cache itself reports adding to forwarded requests.</li>
 * </ul>
 * Usage: {@code BenchmarkResultCache [scale] [repeats] [directRounds]} (defaults sf1, 50, 3); writes a Markdown
 * report to target/benchmark-result-cache.md.
 */
public final class BenchmarkResultCache
{
    private static final List<String> ANALYSTS = List.of("analyst_1", "analyst_2", "analyst_3");
    private static final List<String> EMEA = List.of("emea_1", "emea_2");
    private static final String POLICY = """
            format: 1
            admin_roles: [admin]
            roles:
              admin: {description: loads the data}
              analyst: {description: 'every row, phone numbers masked'}
              emea: {description: 'customers of European nations only, phone numbers masked'}
            bindings:
              users:
                admin: [admin]
                analyst_1: [analyst]
                analyst_2: [analyst]
                analyst_3: [analyst]
                emea_1: [emea]
                emea_2: [emea]
            privileges:
              - name: dashboards-read-the-demo
                roles: [analyst, emea]
                allow: [SELECT, SHOW]
                on: lakehouse.demo
            row_filters:
              - name: emea-sees-europe
                roles: [emea]
                on: lakehouse.demo.customer
                filter: nationkey IN (6, 7, 19, 22, 23)
            column_masks:
              - name: phones-hidden
                roles: [analyst, emea]
                on: lakehouse.demo.customer.phone
                type: any
                mask: concat(substr(@column, 1, 3), '-***')
            """;
    /** Dashboard tiles: small results (at most a few hundred rows) over the TPC-H tables. */
    private static final List<String> QUERIES = List.of(
            "SELECT r.name, sum(l.extendedprice * (1 - l.discount)) FROM lineitem l JOIN orders o ON o.orderkey = l.orderkey JOIN customer c ON c.custkey = o.custkey JOIN nation n ON n.nationkey = c.nationkey JOIN region r ON r.regionkey = n.regionkey GROUP BY 1 ORDER BY 1",
            "SELECT date_trunc('month', orderdate), count(*), sum(totalprice) FROM orders GROUP BY 1 ORDER BY 1",
            "SELECT orderpriority, count(*) FROM orders GROUP BY 1 ORDER BY 1",
            "SELECT returnflag, linestatus, sum(quantity), sum(extendedprice), avg(discount), count(*) FROM lineitem GROUP BY 1, 2 ORDER BY 1, 2",
            "SELECT shipmode, count(*) FROM lineitem WHERE shipdate >= DATE '1997-01-01' GROUP BY 1 ORDER BY 1",
            "SELECT n.name, count(*) FROM customer c JOIN nation n ON n.nationkey = c.nationkey GROUP BY 1 ORDER BY 2 DESC",
            "SELECT mktsegment, avg(acctbal) FROM customer GROUP BY 1 ORDER BY 1",
            "SELECT c.name, c.phone, sum(o.totalprice) AS spent FROM customer c JOIN orders o ON o.custkey = c.custkey GROUP BY 1, 2 ORDER BY spent DESC LIMIT 20",
            "SELECT year(orderdate), orderstatus, count(*) FROM orders GROUP BY 1, 2 ORDER BY 1, 2",
            "SELECT n.name, date_trunc('year', o.orderdate), sum(o.totalprice) FROM orders o JOIN customer c ON c.custkey = o.custkey JOIN nation n ON n.nationkey = c.nationkey GROUP BY 1, 2 ORDER BY 1, 2",
            "SELECT clerk, count(*) FROM orders GROUP BY 1 ORDER BY 2 DESC LIMIT 25",
            "SELECT l.shipinstruct, avg(l.quantity), max(l.extendedprice) FROM lineitem l GROUP BY 1 ORDER BY 1",
            "SELECT count(DISTINCT custkey) FROM orders WHERE orderdate BETWEEN DATE '1995-01-01' AND DATE '1995-12-31'",
            "SELECT c.mktsegment, n.name, count(*) FROM customer c JOIN nation n ON n.nationkey = c.nationkey GROUP BY 1, 2 ORDER BY 1, 2",
            "SELECT week(shipdate), sum(quantity) FROM lineitem WHERE shipdate >= DATE '1998-01-01' GROUP BY 1 ORDER BY 1",
            "SELECT r.name, count(DISTINCT c.custkey) FROM customer c JOIN nation n ON n.nationkey = c.nationkey JOIN region r ON r.regionkey = n.regionkey GROUP BY 1 ORDER BY 1",
            "SELECT orderpriority, avg(totalprice), approx_percentile(totalprice, 0.9) FROM orders GROUP BY 1 ORDER BY 1",
            "SELECT custkey, name, acctbal FROM customer WHERE acctbal > 9990 ORDER BY acctbal DESC",
            "SELECT linenumber, count(*), sum(tax) FROM lineitem GROUP BY 1 ORDER BY 1",
            "SELECT o.orderstatus, sum(l.quantity) FROM orders o JOIN lineitem l ON l.orderkey = o.orderkey WHERE o.orderdate >= DATE '1998-06-01' GROUP BY 1 ORDER BY 1");
    private BenchmarkResultCache() {}

    public static void main(String[] args)
            throws Exception
    {
        String scale = args.length > 0 ? args[0] : "sf1";
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int directRounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Logging.initialize().setLevel("org.apache.iceberg", Level.WARN);
        Path work = Files.createTempDirectory("floe-result-cache-benchmark");
        Path policy = work.resolve("policy.yaml");
        Path policyVersion = work.resolve("policy-version");
        Files.writeString(policy, POLICY);
        SystemAccessControl accessControl = new FloeAccessControlFactory(_ -> {}).create(
                ImmutableMap.of("floe.policy.file", policy.toString(), "floe.policy.version-file", policyVersion.toString()), new TestingAccessControlContext());
        StringBuilder report = new StringBuilder();
        try (LakehouseCatalog lakehouse = LakehouseCatalog.start();
                DistributedQueryRunner runner = (DistributedQueryRunner) FloeQueryRunner.builder()
                        .withUser("admin")
                        .withLakehouse("lakehouse", lakehouse)
                        .withSystemAccessControl(accessControl)
                        .build()) {
            long loadStart = System.nanoTime();
            runner.execute("CREATE SCHEMA lakehouse.demo");
            for (String table : List.of("region", "nation", "customer", "orders", "lineitem")) {
                runner.execute("CREATE TABLE lakehouse.demo.%1$s AS SELECT * FROM tpch.%2$s.%1$s".formatted(table, scale));
            }
            System.err.printf("loaded tpch.%s in %.0f s%n", scale, (System.nanoTime() - loadStart) / 1e9);
            URI coordinator = runner.getCoordinator().getBaseUrl();
            try (TestingResultCache cache = new TestingResultCache(ImmutableMap.of(
                    "result-cache.coordinator-uri", coordinator.toString(),
                    "result-cache.directory", work.resolve("store").toString(),
                    "result-cache.iceberg-rest-catalogs", "lakehouse=" + lakehouse.uri(),
                    "result-cache.policy-version-file", policyVersion.toString()))) {
                List<String> users = new ArrayList<>(ANALYSTS);
                users.addAll(EMEA);

                Samples direct = new Samples();
                for (int round = 0; round < directRounds; round++) {
                    for (String user : users) {
                        for (String sql : QUERIES) {
                            direct.add(run(coordinator, user, sql).millis());
                        }
                    }
                }
                System.err.printf("direct: %s runs%n", direct.count());

                Samples misses = new Samples();
                Samples hits = new Samples();
                long largest = 0;
                for (int round = 0; round < repeats; round++) {
                    for (String user : users) {
                        for (String sql : QUERIES) {
                            Run run = run(cache.uri(), user, sql);
                            (run.queryId().endsWith("_cache") ? hits : misses).add(run.millis());
                        }
                    }
                    if (round == 0) {
                        // results are stored after the client has the last page: let the last ones land
                        Thread.sleep(1_000);
                    }
                }
                JsonNode status = cache.status();
                largest = Math.max(largest, status.path("bytes").asLong());
                System.err.printf("through the cache: %s hits, %s misses%n", hits.count(), misses.count());

                Samples overheadDirect = new Samples();
                Samples overheadCache = new Samples();
                String uncacheable = "SELECT count(*) FROM nation WHERE random() >= 0";
                for (int i = 0; i < 300; i++) {
                    overheadDirect.add(run(coordinator, "analyst_1", uncacheable).millis());
                    overheadCache.add(run(cache.uri(), "analyst_1", uncacheable).millis());
                }
                JsonNode overhead = cache.status().path("forward_overhead_ms");

                int allowed = QUERIES.size() * users.size() * (repeats - 1);
                report.append("TPC-H `%s` in `lakehouse.demo`; %s distinct queries × %s users (3 analysts, 2 EMEA users with a row filter) × %s repeats through the cache; "
                        .formatted(scale, QUERIES.size(), users.size(), repeats))
                        .append("%s rounds of the same workload directly. Trino JDBC driver, client latency per query (execute and read every row), ms.%n%n".formatted(directRounds))
                        .append("| | runs | p50 | p90 | p99 | max |\n|---|---|---|---|---|---|\n")
                        .append(direct.row("direct to the coordinator"))
                        .append(misses.row("through the cache, misses"))
                        .append(hits.row("through the cache, hits"))
                        .append("%nHit ratio: %,d hits of %,d runs allowed to hit (%.1f %%); the cache holds %,d entries, %,d bytes.%n"
                                .formatted(hits.count(), allowed, 100.0 * hits.count() / allowed, status.path("entries").asLong(), status.path("bytes").asLong()))
                        .append("Hit latency inside the cache (lookup, snapshot checks, answer): p50 %.2f ms, p99 %.2f ms.%n%n"
                                .formatted(status.path("hit_latency_ms").path("p50").asDouble(), status.path("hit_latency_ms").path("p99").asDouble()))
                        .append("Miss overhead, an uncacheable query (`%s`) alternately, %s runs each:%n%n".formatted(uncacheable, overheadCache.count()))
                        .append("| | runs | p50 | p90 | p99 | max |\n|---|---|---|---|---|---|\n")
                        .append(overheadDirect.row("direct"))
                        .append(overheadCache.row("through the cache"))
                        .append("%nTime the cache adds to a forwarded request (its own measure, every forwarded request of the run): p50 %.2f ms, p90 %.2f ms, p99 %.2f ms.%n"
                                .formatted(overhead.path("p50").asDouble(), overhead.path("p90").asDouble(), overhead.path("p99").asDouble()));
            }
        }
        Path output = Path.of("target/benchmark-result-cache.md");
        Files.writeString(output, report);
        System.out.print(report);
    }

    private record Run(String queryId, double millis) {}

    private static Run run(URI server, String user, String sql)
            throws SQLException
    {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        long start = System.nanoTime();
        try (Connection connection = DriverManager.getConnection("jdbc:trino://%s:%s/lakehouse/demo".formatted(server.getHost(), server.getPort()), properties);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                for (int column = 1; column <= columns; column++) {
                    result.getObject(column);
                }
            }
            return new Run(result.unwrap(io.trino.jdbc.TrinoResultSet.class).getQueryId(), (System.nanoTime() - start) / 1e6);
        }
    }

    private static final class Samples
    {
        private final List<Double> values = new ArrayList<>();

        void add(double value)
        {
            values.add(value);
        }

        int count()
        {
            return values.size();
        }

        String row(String label)
        {
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            if (sorted.length == 0) {
                return "| %s | 0 | | | | |%n".formatted(label);
            }
            return "| %s | %,d | %.1f | %.1f | %.1f | %.1f |%n".formatted(label, sorted.length, at(sorted, 0.5), at(sorted, 0.9), at(sorted, 0.99), sorted[sorted.length - 1]);
        }

        private static double at(double[] sorted, double quantile)
        {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
        }
    }
}
