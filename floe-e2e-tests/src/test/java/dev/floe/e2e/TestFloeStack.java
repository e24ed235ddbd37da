package dev.floe.e2e;

import dev.floe.testing.FloeStack;
import dev.floe.testing.Polling;
import io.trino.jdbc.TrinoResultSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.stream.Collectors.joining;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * The stack a user gets from {@code bin/floe up}: the stock Trino 476 server with every plugin zip of this
 * repository, a coordinator and a worker, the Iceberg REST catalog and the demo data, through the JDBC driver.
 */
@TestInstance(PER_CLASS)
@ExtendWith(SharedStack.class)
@Order(1)
@TestMethodOrder(OrderAnnotation.class)
final class TestFloeStack
{
    private static final Pattern PLUGIN_MODULE = Pattern.compile("<module>(plugin-[a-z0-9-]+)</module>");

    private FloeStack stack;

    @BeforeAll
    void useStack(FloeStack stack)
    {
        this.stack = stack;
    }

    @Test
    void clusterHasACoordinatorAndAWorker()
            throws SQLException
    {
        List<List<String>> nodes = rows("SELECT coordinator, state FROM system.runtime.nodes ORDER BY coordinator");
        assertThat(nodes).containsExactly(List.of("false", "active"), List.of("true", "active"));
    }

    @Test
    void everyPluginOfTheRepositoryIsLoadedByTheStockServer()
            throws IOException
    {
        Set<String> modules = pluginModules();
        assertThat(modules).isNotEmpty();
        String coordinatorLog = Files.readString(findLog("coordinator"));
        String workerLog = Files.readString(findLog("worker"));
        for (String module : modules) {
            assertThat(coordinatorLog).as("coordinator loads %s", module).containsPattern("-- Finished loading plugin .*/plugin/" + module + " --");
            assertThat(workerLog).as("worker loads %s", module).containsPattern("-- Finished loading plugin .*/plugin/" + module + " --");
        }
    }

    @Test
    void maskingFunctionsAreRegisteredAndRunOnTheWorker()
            throws SQLException
    {
        assertThat(scalar("SELECT mask_email('jane.doe@example.com')")).isEqualTo("xxxx@example.com");
        assertThat(scalar("SELECT mask_hash('x') = masking.functions.mask_hash('x')")).isEqualTo("true");
        // the coordinator schedules no splits here, so the scan and the functions run on the worker; a tenth of the
        // customers is enough for that (encrypting and decrypting all of them took 27 s of the suite)
        String queryId;
        try (Connection connection = stack.connect("admin");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("""
                        SELECT count(DISTINCT mask_hash(email)) = count(DISTINCT email), count_if(fpe_decrypt(fpe_encrypt(credit_card)) = credit_card),
                               count_if(mask_credit_card(credit_card) LIKE 'XXXX-XXXX-XXXX-____')
                        FROM lakehouse.demo.customers
                        WHERE customer_id <= 100000
                        """)) {
            assertThat(result.next()).isTrue();
            assertThat(result.getBoolean(1)).as("keyed hashes keep distinct values distinct").isTrue();
            assertThat(result.getLong(2)).isEqualTo(100_000);
            assertThat(result.getLong(3)).isEqualTo(100_000);
            queryId = result.unwrap(TrinoResultSet.class).getQueryId();
        }
        assertThat(rows("""
                SELECT DISTINCT n.coordinator FROM system.runtime.tasks t JOIN system.runtime.nodes n ON t.node_id = n.node_id
                WHERE t.query_id = '%s' AND t.splits > 0
                """.formatted(queryId)))
                .contains(List.of("false"));
    }

    @Test
    void demoDataIsLoaded()
            throws SQLException
    {
        assertThat(scalar("SELECT count(*) FROM lakehouse.demo.customers")).isEqualTo("1000000");
        assertThat(scalar("SELECT count(DISTINCT customer_id) FROM lakehouse.demo.customers")).isEqualTo("1000000");
        assertThat(rows("SELECT DISTINCT region FROM lakehouse.demo.customers ORDER BY 1"))
                .containsExactly(List.of("APAC"), List.of("EU"), List.of("LATAM"), List.of("NA"));
        // every card number passes Luhn, every SSN is in a valid range, e-mails and addresses look real
        assertThat(rows("""
                SELECT count_if(classify(credit_card) = 'credit_card'), count_if(classify(ssn) = 'us_ssn'), count_if(classify(email) = 'email'),
                       count_if(classify(ip_address) IN ('ipv4', 'ipv6')), count_if(classify(ip_address) = 'ipv6') > 0
                FROM lakehouse.demo.customers
                """))
                .containsExactly(List.of("1000000", "1000000", "1000000", "1000000", "true"));
        for (String table : List.of("orders", "lineitem", "nation", "region")) {
            assertThat(Long.parseLong(scalar("SELECT count(*) FROM lakehouse.demo." + table))).as(table).isPositive();
        }
        assertThat(rows("SELECT data_type FROM lakehouse.information_schema.columns WHERE table_schema = 'demo' AND table_name = 'customers' ORDER BY ordinal_position"))
                .extracting(row -> row.getFirst())
                .containsExactly("bigint", "varchar", "varchar", "varchar", "varchar", "varchar", "varchar", "date", "varchar", "varchar", "timestamp(6)", "decimal(12,2)");
    }

    @Test
    void demoPolicyGovernsTheDemoUsers()
            throws SQLException
    {
        String sql = "SELECT count(*), count_if(email LIKE 'xxxx@%'), count_if(ssn LIKE 'XXX-XX-____'), count_if(day_of_year(birth_date) = 1), count(DISTINCT region) FROM lakehouse.demo.customers";
        // analyst: every row, personal data masked (birth dates to January 1 of their year)
        assertThat(rows("analyst", sql)).containsExactly(List.of("1000000", "1000000", "1000000", "1000000", "4"));
        // eu_analyst: the same masks, and only rows of the region in their attributes
        assertThat(rows("eu_analyst", sql).getFirst().subList(4, 5)).containsExactly("1");
        assertThat(rows("eu_analyst", "SELECT DISTINCT region FROM lakehouse.demo.customers")).containsExactly(List.of("EU"));
        assertThat(rows("admin", sql).getFirst().subList(1, 3)).containsExactly("0", "0");
        // guest: no catalog at all; auditor: nothing of lakehouse.demo
        assertThat(rows("guest", "SHOW CATALOGS")).isEmpty();
        assertThatThrownBy(() -> rows("auditor", "SELECT count(*) FROM lakehouse.demo.customers"))
                .hasMessageContaining("Access Denied");
    }

    @Test
    void cachedViewsServeTheirStoredResultOnTheStockServer()
            throws SQLException
    {
        String view = "cache.e2e.customers_by_region";
        try (Connection connection = stack.connect("admin"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS cache.e2e");
            statement.execute("CREATE OR REPLACE MATERIALIZED VIEW " + view + " AS SELECT region, count(*) AS customers FROM lakehouse.demo.customers GROUP BY region");
            // the refresh runs as floe_cache through the coordinator, on the plugin's own class loader
            statement.execute("REFRESH MATERIALIZED VIEW " + view);
        }
        assertThat(rows("SELECT freshness, last_refresh_type, last_refresh_rows, last_error IS NULL FROM cache.system.views WHERE schema_name = 'e2e' AND view_name = 'customers_by_region'"))
                .containsExactly(List.of("FRESH", "FULL", "4", "true"));
        assertThat(scalar("EXPLAIN SELECT * FROM " + view)).contains("floe_cache_storage");
        // the analyst reads the view (owner's rights), never the storage table around it
        assertThat(rows("analyst", "SELECT sum(customers) FROM " + view)).containsExactly(List.of("1000000"));
        assertThatThrownBy(() -> rows("analyst", "SELECT * FROM lakehouse.floe_cache_storage.e2e__customers_by_region"))
                .hasMessageContaining("Access Denied");
    }

    @Test
    void queryHistoryRecordsQueriesLineageAndTheAuditOfTheAccessControl()
            throws Exception
    {
        String masked = queryId("analyst", "SELECT email, ssn FROM lakehouse.demo.customers WHERE customer_id = 42");
        assertThatThrownBy(() -> rows("auditor", "SELECT count(*) FROM lakehouse.demo.orders /* e2e-denied */")).hasMessageContaining("Access Denied");
        String ctasSql = "CREATE TABLE lakehouse.demo.e2e_lineage AS SELECT customer_id, upper(region) AS region_code FROM lakehouse.demo.customers WHERE customer_id < 10";
        try (Connection connection = stack.connect("admin"); Statement statement = connection.createStatement()) {
            statement.execute(ctasSql);
        }
        String ctas = scalar("SELECT query_id FROM system.runtime.queries WHERE query = '%s'".formatted(ctasSql.replace("'", "''")));

        // the auditor reads the history (the demo policy grants lakehouse.floe_history to the role auditor)
        assertThat(awaitRows("auditor", "SELECT state, user FROM lakehouse.floe_history.queries WHERE query_id = '%s'".formatted(masked)))
                .containsExactly(List.of("FINISHED", "analyst"));
        // masks as the access control applied them, naming the policy rule that chose each
        List<List<String>> masks = awaitRows("auditor", """
                SELECT column_name, expression, cardinality(policies) > 0, policy_version IS NOT NULL FROM lakehouse.floe_history.access_audit
                WHERE query_id = '%s' AND kind = 'column_mask' AND column_name IN ('email', 'ssn') ORDER BY column_name""".formatted(masked));
        assertThat(masks).extracting(row -> row.get(0)).containsExactly("email", "ssn");
        assertThat(masks).extracting(row -> row.subList(2, 4)).containsOnly(List.of("true", "true"));
        assertThat(awaitRows("auditor", "SELECT kind, message LIKE '%%orders%%' FROM lakehouse.floe_history.access_audit WHERE user = 'auditor' AND kind = 'denied' AND message LIKE '%%lakehouse.demo.orders%%' LIMIT 1"))
                .containsExactly(List.of("denied", "true"));
        assertThat(awaitRows("auditor", "SELECT target_column, source_table, source_column FROM lakehouse.floe_history.column_lineage WHERE query_id = '%s' ORDER BY 1".formatted(ctas)))
                .containsExactly(List.of("customer_id", "customers", "customer_id"), List.of("region_code", "customers", "region"));
        // the listener's own counters, as a table
        assertThat(rows("auditor", "SELECT commits > 0, commit_failures, events_dropped_queue_full FROM history.listener.status"))
                .containsExactly(List.of("true", "0", "0"));
        // the tables a query read carry the Iceberg snapshot it read
        assertThat(awaitRows("auditor", "SELECT snapshot_id IS NOT NULL FROM lakehouse.floe_history.query_tables WHERE query_id = '%s' AND table_name = 'customers'".formatted(masked)))
                .containsExactly(List.of("true"));
    }

    @Test
    void resultCacheAnswersRepeatsAndTheHistoryRecordsTheHits()
            throws Exception
    {
        String sql = "SELECT region, count(*) FROM lakehouse.demo.customers GROUP BY region ORDER BY region /* e2e-result-cache */";
        List<List<String>> direct = rows("analyst", sql);
        // the first run through the cache computes and stores the result (after its last page); a repeat is a hit
        assertThat(rowsThroughResultCache("analyst", sql).rows()).isEqualTo(direct);
        Answer hit = Polling.poll(Duration.ofSeconds(30), Duration.ofMillis(200), () -> rowsThroughResultCache("analyst", sql), answer -> answer.queryId().endsWith("_cache"));
        assertThat(hit.rows()).isEqualTo(direct);
        // another user never gets it
        assertThat(rowsThroughResultCache("admin", sql).queryId()).doesNotEndWith("_cache");
        assertThat(awaitRows("auditor", "SELECT user, output_rows, cardinality(inputs) FROM lakehouse.floe_history.result_cache_hits WHERE query_id = '%s'".formatted(hit.queryId())))
                .containsExactly(List.of("analyst", "4", "1"));
    }

    private record Answer(String queryId, List<List<String>> rows) {}

    private Answer rowsThroughResultCache(String user, String sql)
            throws SQLException
    {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        URI cache = stack.resultCacheUri();
        try (Connection connection = DriverManager.getConnection("jdbc:trino://%s:%s".formatted(cache.getHost(), cache.getPort()), properties);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            while (result.next()) {
                rows.add(List.of(result.getString(1), result.getString(2)));
            }
            return new Answer(result.unwrap(TrinoResultSet.class).getQueryId(), rows);
        }
    }

    /** Runs last: it kills the coordinator, which the other tests would notice. */
    @Test
    @Order(Integer.MAX_VALUE)
    void historySurvivesAKilledCoordinatorWithoutLossOrDuplicates()
            throws Exception
    {
        // a client running queries one after another until the coordinator dies under it
        List<String> finished = new CopyOnWriteArrayList<>();
        AtomicLong lastFinished = new AtomicLong();
        AtomicBoolean stopped = new AtomicBoolean();
        Thread.ofPlatform().daemon().start(() -> {
            for (int i = 0; !stopped.get(); i++) {
                try {
                    finished.add(queryId("admin", "SELECT %s /* kill-workload */".formatted(i)));
                    lastFinished.set(System.currentTimeMillis());
                }
                catch (SQLException e) {
                    return;
                }
            }
        });
        Thread.sleep(4_000);
        ProcessHandle coordinator = stack.process("coordinator").orElseThrow();
        coordinator.destroyForcibly();
        long killed = System.currentTimeMillis();
        // the client of the query in flight retries for minutes before it gives up: not waited for, as only queries
        // finished before the kill count; those that finished well before it had their events spooled, one
        // finishing as it died may not have
        stopped.set(true);
        List<String> finishedBeforeKill = List.copyOf(finished);
        List<String> beforeKill = finishedBeforeKill.subList(0, Math.max(0, finishedBeforeKill.size() - 2));
        assertThat(beforeKill).hasSizeGreaterThan(3);
        assertThat(killed - lastFinished.get()).isLessThan(5_000);

        // SIGKILL is asynchronous: a dying process still holds its port, and up would find it taken
        coordinator.onExit().get(1, TimeUnit.MINUTES);
        stack.run(Duration.ofMinutes(5), "up");
        List<String> afterRestart = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            afterRestart.add(queryId("admin", "SELECT %s /* kill-workload-after */".formatted(i)));
        }

        List<String> expected = new ArrayList<>(beforeKill);
        expected.addAll(afterRestart);
        String ids = expected.stream().map(id -> "'" + id + "'").collect(joining(", "));
        List<List<String>> recorded = awaitRows("admin", """
                SELECT count(*), count(DISTINCT query_id) FROM lakehouse.floe_history.queries WHERE query_id IN (%s)
                HAVING count(DISTINCT query_id) = %s""".formatted(ids, expected.size()));
        assertThat(recorded).containsExactly(List.of(String.valueOf(expected.size()), String.valueOf(expected.size())));
        // and nothing of the workload twice, the query that died with the coordinator included
        assertThat(rows("SELECT count(*) = count(DISTINCT query_id) FROM lakehouse.floe_history.queries WHERE query LIKE '%kill-workload%' AND query NOT LIKE '%floe_history%'"))
                .containsExactly(List.of("true"));
        assertThat(rows("SELECT count(*) = count(DISTINCT query_id) FROM lakehouse.floe_history.query_starts WHERE query LIKE '%kill-workload%' AND query NOT LIKE '%floe_history%'"))
                .containsExactly(List.of("true"));
    }

    @Test
    void statusReportsEveryService()
    {
        String status = stack.run(Duration.ofMinutes(1), "status");
        for (String service : List.of("catalog", "kafka", "coordinator", "worker", "result-cache")) {
            assertThat(status).containsPattern("(?m)^\\s*" + service + "\\b.*running");
        }
    }

    private String queryId(String user, String sql)
            throws SQLException
    {
        try (Connection connection = stack.connect(user);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                // consume the result: the query finishes when the client has read it
            }
            return result.unwrap(TrinoResultSet.class).getQueryId();
        }
    }

    /** The rows once there are some: history lands within the listener's commit interval (5 s in etc/). */
    private List<List<String>> awaitRows(String user, String sql)
            throws SQLException, InterruptedException
    {
        return Polling.poll(Duration.ofMinutes(1), Duration.ofMillis(500), () -> rows(user, sql), rows -> !rows.isEmpty());
    }

    private String scalar(String sql)
            throws SQLException
    {
        List<List<String>> rows = rows(sql);
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst()).hasSize(1);
        return rows.getFirst().getFirst();
    }

    private List<List<String>> rows(String sql)
            throws SQLException
    {
        return rows("admin", sql);
    }

    private List<List<String>> rows(String user, String sql)
            throws SQLException
    {
        try (Connection connection = stack.connect(user);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            List<List<String>> rows = new ArrayList<>();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    row.add(result.getString(column));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private Set<String> pluginModules()
            throws IOException
    {
        Matcher matcher = PLUGIN_MODULE.matcher(Files.readString(FloeStack.findRepositoryRoot().resolve("pom.xml")));
        Set<String> modules = new TreeSet<>();
        while (matcher.find()) {
            modules.add(matcher.group(1));
        }
        return modules;
    }

    private Path findLog(String service)
    {
        Path log = stack.home().resolve("logs").resolve(service + ".log");
        assertThat(log).as("log of the %s", service).isRegularFile();
        return log;
    }
}
