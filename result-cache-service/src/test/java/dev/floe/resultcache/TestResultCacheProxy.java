package dev.floe.resultcache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableMap;
import dev.floe.access.spi.FloeAccessControlFactory;
import dev.floe.testing.FloeQueryRunner;
import dev.floe.testing.LakehouseCatalog;
import dev.floe.testing.Polling;
import dev.floe.testing.TestingAccessControlContext;
import io.trino.spi.security.SystemAccessControl;
import io.trino.testing.DistributedQueryRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.stream.Collectors.toUnmodifiableSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * The proxy in front of a real Trino coordinator (the testing harness's server, with the Floe access control and an
 * Iceberg catalog on a real REST catalog server), used by real clients: the Trino JDBC driver, the released Trino
 * 476 CLI and the JavaScript {@code trino-client} from the npm registry.
 */
@TestInstance(PER_CLASS)
final class TestResultCacheProxy
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POLICY = """
            format: 1
            admin_roles: [admin]
            roles:
              admin: {description: everything}
              analyst: {description: 'reads the test schema, phone numbers masked'}
            bindings:
              users:
                admin: [admin]
                analyst: [analyst]
            privileges:
              - name: analysts-read
                roles: [analyst]
                allow: [SELECT, SHOW]
                on: lakehouse.cachetest
            column_masks:
              - name: phones-hidden
                roles: [analyst]
                on: lakehouse.cachetest.customers.phone
                type: any
                mask: concat(substr(@column, 1, 3), '-***')
                when: '!("trusted" in user.groups)'
            """;
    private static final String ITEMS = "SELECT * FROM items ORDER BY id";
    private final HttpClient http = HttpClient.newHttpClient();
    private Path work;
    private Path policy;
    private Path policyVersion;
    private LakehouseCatalog lakehouse;
    private DistributedQueryRunner runner;
    private TestingResultCache cache;
    private Map<String, String> cacheProperties;
    private Path groups;
    private URI proxy;
    private URI coordinator;

    @BeforeAll
    void start()
            throws Exception
    {
        work = Files.createTempDirectory("floe-result-cache-test");
        policy = work.resolve("policy.yaml");
        policyVersion = work.resolve("policy-version");
        Files.writeString(policy, POLICY);
        SystemAccessControl accessControl = new FloeAccessControlFactory(_ -> {}).create(
                Map.of("floe.policy.file", policy.toString(), "floe.policy.refresh-period", "1s", "floe.policy.version-file", policyVersion.toString()),
                new TestingAccessControlContext());
        lakehouse = LakehouseCatalog.start();
        runner = (DistributedQueryRunner) FloeQueryRunner.builder()
                .withLakehouse("lakehouse", lakehouse)
                .withSystemAccessControl(accessControl)
                .withUser("admin")
                .build();
        coordinator = runner.getCoordinator().getBaseUrl();
        runner.execute("CREATE SCHEMA lakehouse.cachetest");
        runner.execute("""
                CREATE TABLE lakehouse.cachetest.items AS
                SELECT orderkey AS id, CAST(totalprice AS decimal(12, 2)) AS price, totalprice * 1.5e0 AS score, orderdate AS day,
                       CAST(orderdate AS timestamp(6)) + orderkey * INTERVAL '1' SECOND AS ts, orderstatus = 'F' AS finished, comment,
                       split(comment, ' ') AS words, CAST(ROW(orderkey, orderpriority) AS ROW(k bigint, p varchar)) AS info,
                       IF(orderkey % 7 = 0, NULL, custkey) AS maybe
                FROM tpch.tiny.orders WHERE orderkey <= 400""");
        runner.execute("CREATE TABLE lakehouse.cachetest.customers AS SELECT custkey AS id, name, phone FROM tpch.tiny.customer WHERE custkey <= 20");

        // the group file of a group provider that reads it on every call, as Trino's file group provider does each refresh
        groups = work.resolve("group.txt");
        Files.writeString(groups, "trusted:admin\n");
        runner.getCoordinator().getGroupProvider().setConfiguredGroupProvider(user -> groupsOf(user));
        cacheProperties = ImmutableMap.<String, String>builder()
                .put("result-cache.coordinator-uri", coordinator.toString())
                .put("result-cache.directory", work.resolve("store").toString())
                .put("result-cache.iceberg-rest-catalogs", "lakehouse=" + lakehouse.uri())
                .put("result-cache.policy-version-file", policyVersion.toString())
                .put("result-cache.max-result-size", "64kB")
                .put("result-cache.history-directory", work.resolve("history").toString())
                .buildOrThrow();
        cache = new TestingResultCache(cacheProperties);
        proxy = cache.uri();
    }

    @AfterAll
    void stop()
            throws Exception
    {
        if (cache != null) {
            cache.close();
        }
        if (runner != null) {
            runner.close();
        }
        if (lakehouse != null) {
            lakehouse.close();
        }
    }

    @Test
    void cachedResultsAreIdenticalToDirectResults()
            throws Exception
    {
        List<List<Object>> direct = query(coordinator, "admin", ITEMS);
        long hits = status().path("hits").asLong();
        List<List<Object>> first = cachedTwice("admin", ITEMS);
        List<List<Object>> cached = query(proxy, "admin", ITEMS);

        assertThat(status().path("hits").asLong()).isEqualTo(hits + 2);
        assertThat(first).isEqualTo(direct);
        assertThat(cached).isEqualTo(direct);
        assertThat(direct.size()).isGreaterThan(50);
        // the hit is in the query history's hand-over, naming the query that computed it
        Polling.poll(Duration.ofSeconds(10), Duration.ofMillis(200), this::historyRows, rows -> rows.contains("\"t\":\"result_cache_hits\"") && rows.contains("SELECT * FROM items ORDER BY id"));
    }

    @Test
    void anInsertIntoAnInputMakesTheNextRunMiss()
            throws Exception
    {
        String sql = "SELECT count(*), sum(id) FROM customers";
        List<List<Object>> before = cachedTwice("admin", sql);
        long invalidated = status().path("invalidated").asLong();
        execute(proxy, "admin", "INSERT INTO customers VALUES (1000, 'New', '10-000-000-0000')");

        List<List<Object>> after = query(proxy, "admin", sql);
        assertThat(status().path("invalidated").asLong()).isEqualTo(invalidated + 1);
        assertThat(before.get(1)).isEqualTo(List.of(20L, 210L));
        assertThat(after.get(1)).isEqualTo(List.of(21L, 1210L));
        assertThat(after).isEqualTo(query(coordinator, "admin", sql));
    }

    @Test
    void usersNeverReceiveEachOthersResults()
            throws Exception
    {
        String sql = "SELECT id, phone FROM customers WHERE id <= 3 ORDER BY id";
        List<List<Object>> admin = cachedTwice("admin", sql);
        long hits = status().path("hits").asLong();
        List<List<Object>> analyst = query(proxy, "analyst", sql);

        assertThat(status().path("hits").asLong()).isEqualTo(hits);
        assertThat(admin.get(1)).isEqualTo(List.of(1L, "25-989-741-2988"));
        assertThat(analyst.get(1)).isEqualTo(List.of(1L, "25--***"));
        assertThat(analyst).isEqualTo(query(coordinator, "analyst", sql));
        // and the analyst's own repeat is served its own masked result
        assertThat(cachedTwice("analyst", sql)).isEqualTo(analyst);
    }

    @Test
    void aPolicyChangeMakesTheNextRunMiss()
            throws Exception
    {
        String sql = "SELECT phone FROM customers WHERE id = 2";
        assertThat(cachedTwice("analyst", sql).get(1)).isEqualTo(List.of("23--***"));
        String version = Files.readString(policyVersion);
        long misses = status().path("misses").asLong();
        Files.writeString(policy, POLICY.replace("'-***'", "'-###'"));
        Polling.poll(Duration.ofSeconds(20), Duration.ofMillis(100), () -> Files.readString(policyVersion), current -> !current.equals(version));

        assertThat(query(proxy, "analyst", sql).get(1)).isEqualTo(List.of("23--###"));
        assertThat(status().path("misses").asLong()).isEqualTo(misses + 1);
        Files.writeString(policy, POLICY);
        Polling.poll(Duration.ofSeconds(20), Duration.ofMillis(100), () -> Files.readString(policyVersion), current -> current.equals(version));
    }

    @Test
    void aChangedGroupMembershipMakesTheNextRunMiss()
            throws Exception
    {
        Map<String, String> properties = new HashMap<>(cacheProperties);
        properties.put("result-cache.directory", work.resolve("store-groups").toString());
        properties.put("result-cache.identity-files", groups.toString());
        properties.put("result-cache.identity-files.settle-time", "1s");
        String sql = "SELECT phone FROM customers WHERE id = 3";
        try (TestingResultCache withGroups = new TestingResultCache(properties)) {
            // the analyst is not trusted: masked; stored once the group file's content is a second old for the cache
            List<List<Object>> masked = query(withGroups.uri(), "analyst", sql);
            assertThat(masked.get(1)).isEqualTo(List.of("11--***"));
            Polling.poll(Duration.ofSeconds(20), Duration.ofMillis(200), () -> {
                query(withGroups.uri(), "analyst", sql);
                return withGroups.status().path("hits").asLong();
            }, hits -> hits > 0);

            Files.writeString(groups, "trusted:admin,analyst\n");
            long hits = withGroups.status().path("hits").asLong();
            // a new membership, so a new key: the engine's answer, unmasked, not the stored one
            assertThat(query(withGroups.uri(), "analyst", sql).get(1)).isEqualTo(List.of("11-719-748-3364"));
            assertThat(withGroups.status().path("hits").asLong()).isEqualTo(hits);
        }
        finally {
            Files.writeString(groups, "trusted:admin\n");
        }
    }

    @Test
    void nonDeterministicAndOversizedQueriesAreNeverCached()
            throws Exception
    {
        execute(proxy, "admin", "CREATE VIEW lucky AS SELECT id, random() AS draw FROM items");
        // refused by their syntax: never captured
        for (String sql : List.of("SELECT id, random() FROM items", "SELECT count(*) FROM items WHERE day < current_date")) {
            long hits = status().path("hits").asLong();
            long notCacheable = status().path("not_cacheable").asLong();
            query(proxy, "admin", sql);
            query(proxy, "admin", sql);
            assertThat(status().path("not_cacheable").asLong()).as(sql).isEqualTo(notCacheable + 2);
            assertThat(status().path("hits").asLong()).as(sql).isEqualTo(hits);
        }
        // refused by what the engine reports once they finished
        for (String sql : List.of(
                // random() hidden in a view: found among the functions the engine resolved
                "SELECT count(*), max(draw) FROM lucky",
                // about 1 MB of rows, over the configured 64 kB
                "SELECT a.comment, b.comment FROM items a CROSS JOIN items b")) {
            long hits = status().path("hits").asLong();
            long finished = finishedForwards();
            query(proxy, "admin", sql);
            Polling.poll(Duration.ofSeconds(10), Duration.ofMillis(50), this::finishedForwards, count -> count > finished);
            query(proxy, "admin", sql);
            assertThat(status().path("hits").asLong()).as(sql).isEqualTo(hits);
        }
        JsonNode notStored = status().path("not_stored");
        assertThat(notStored.path("too large").asLong()).isPositive();
        assertThat(notStored.path("not versioned").asLong()).isPositive();
    }

    @Test
    void viewsAreNotCachedAndSchemaChangesMiss()
            throws Exception
    {
        // a view may read the clock, and be replaced, with no table version changing
        execute(proxy, "admin", "CREATE VIEW past_items AS SELECT id FROM items WHERE day < current_date");
        String viewSql = "SELECT count(*) FROM past_items";
        long hits = status().path("hits").asLong();
        long finished = finishedForwards();
        query(proxy, "admin", viewSql);
        Polling.poll(Duration.ofSeconds(10), Duration.ofMillis(50), this::finishedForwards, count -> count > finished);
        query(proxy, "admin", viewSql);
        assertThat(status().path("hits").asLong()).isEqualTo(hits);

        // a new column writes new table metadata but no snapshot
        execute(proxy, "admin", "CREATE TABLE evolving AS SELECT id, price FROM items WHERE id < 100");
        // a table changed less than a second before a query counts as changed while it ran
        Thread.sleep(1_100);
        String sql = "SELECT * FROM evolving ORDER BY id";
        List<List<Object>> before = cachedTwice("admin", sql);
        execute(proxy, "admin", "ALTER TABLE evolving ADD COLUMN note varchar");
        List<List<Object>> after = query(proxy, "admin", sql);
        assertThat(before.getFirst()).hasSize(2);
        assertThat(after.getFirst()).hasSize(3);
        assertThat(after).isEqualTo(query(coordinator, "admin", sql));
    }

    @Test
    void skipResultsCacheBypassesTheCache()
            throws Exception
    {
        String sql = "SELECT max(price) FROM items";
        cachedTwice("admin", sql);
        long hits = status().path("hits").asLong();
        long bypassed = status().path("bypassed").asLong();
        try (Connection connection = connect(proxy, "admin"); Statement statement = connection.createStatement()) {
            statement.execute("SET SESSION skip_results_cache = true");
            try (ResultSet result = statement.executeQuery(sql)) {
                assertThat(result.next()).isTrue();
            }
            statement.execute("RESET SESSION skip_results_cache");
            try (ResultSet result = statement.executeQuery(sql)) {
                assertThat(result.next()).isTrue();
            }
        }
        assertThat(status().path("bypassed").asLong()).isEqualTo(bypassed + 1);
        assertThat(status().path("hits").asLong()).isEqualTo(hits + 1);
    }

    @Test
    void jdbcErrorsAndCancellationPassThrough()
            throws Exception
    {
        assertThatThrownBy(() -> query(proxy, "admin", "SELECT nonexistent FROM items"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Column 'nonexistent' cannot be resolved");
        assertThatThrownBy(() -> query(proxy, "analyst", "SELECT * FROM tpch.tiny.nation"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Access Denied");

        try (Connection connection = connect(proxy, "admin"); Statement statement = connection.createStatement()) {
            CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> {
                try (ResultSet result = statement.executeQuery("SELECT count(*) FROM tpch.sf1000.lineitem")) {
                    return result.next();
                }
                catch (SQLException e) {
                    return e;
                }
            });
            Polling.poll(Duration.ofSeconds(30), Duration.ofMillis(100), () -> runningQueries("sf1000"), count -> count > 0);
            statement.cancel();
            assertThat(running.get(30, TimeUnit.SECONDS)).isInstanceOf(SQLException.class);
        }
        Polling.poll(Duration.ofSeconds(30), Duration.ofMillis(100), () -> runningQueries("sf1000"), count -> count == 0);
    }

    @Test
    void aHitsRowsGoOnlyToTheAddressItGaveOut()
            throws Exception
    {
        String sql = "SELECT max(id) FROM items";
        List<JsonNode> computed = rawPages(submit(sql));
        awaitStored("admin", sql);
        long hits = status().path("hits").asLong();

        JsonNode queued = submit(sql);
        assertThat(queued.path("id").asText()).as("a hit").endsWith("_cache");
        URI nextUri = URI.create(queued.path("nextUri").asText());
        // the query id alone (ids are guessable) with another slug: the coordinator knows no such query
        String path = nextUri.getPath();
        URI guessed = nextUri.resolve(path.substring(0, path.lastIndexOf('/', path.lastIndexOf('/') - 1)) + "/y0ursl0g/1");
        HttpResponse<String> stolen = http.send(HttpRequest.newBuilder(guessed).header("X-Trino-User", "analyst").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stolen.statusCode()).isEqualTo(404);
        assertThat(stolen.body()).doesNotContain("\"data\"");

        List<JsonNode> served = rawPages(queued);
        assertThat(served.getLast().path("data")).isEqualTo(computed.stream().filter(page -> page.has("data")).findFirst().orElseThrow().path("data"));
        assertThat(status().path("hits").asLong()).isEqualTo(hits + 1);
    }

    /** Submits a statement as admin over plain HTTP, as a minimal client would. */
    private JsonNode submit(String sql)
            throws IOException, InterruptedException
    {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(proxy.resolve("/v1/statement"))
                .header("X-Trino-User", "admin").header("X-Trino-Catalog", "lakehouse").header("X-Trino-Schema", "cachetest")
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The pages of a query, following nextUri from the answer to its submission to the end. */
    private List<JsonNode> rawPages(JsonNode submitted)
            throws IOException, InterruptedException
    {
        List<JsonNode> pages = new ArrayList<>(List.of(submitted));
        while (pages.getLast().hasNonNull("nextUri")) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(pages.getLast().path("nextUri").asText())).header("X-Trino-User", "admin").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            pages.add(JSON.readTree(page.body()));
        }
        assertThat(pages.getLast().path("stats").path("state").asText()).isEqualTo("FINISHED");
        return pages;
    }

    @Test
    void preparedStatementsAndTransactionsPassThrough()
            throws Exception
    {
        String sql = "SELECT min(id), count(*) FROM items";
        cachedTwice("admin", sql);
        try (Connection connection = connect(proxy, "admin")) {
            // the driver's prepared statement: the statement and its parameters travel in the protocol's headers
            try (PreparedStatement prepared = connection.prepareStatement("SELECT comment FROM items WHERE id = ?")) {
                for (long id : new long[] {1, 2, 3, 1}) {
                    prepared.setLong(1, id);
                    try (ResultSet result = prepared.executeQuery()) {
                        assertThat(result.next()).isTrue();
                        assertThat(result.getString(1)).isEqualTo(runner.execute("SELECT comment FROM lakehouse.cachetest.items WHERE id = " + id).getOnlyValue());
                        assertThat(result.next()).isFalse();
                    }
                }
            }

            // inside an explicit transaction (the transaction header) the cache neither answers nor stores
            long hits = status().path("hits").asLong();
            long bypassed = status().path("bypassed").asLong();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
                assertThat(result.next()).isTrue();
                assertThat(result.getLong(2)).isEqualTo(runner.execute("SELECT count(*) FROM lakehouse.cachetest.items").getOnlyValue());
            }
            connection.commit();
            assertThat(status().path("hits").asLong()).isEqualTo(hits);
            assertThat(status().path("bypassed").asLong()).isEqualTo(bypassed + 1);

            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
                assertThat(result.next()).isTrue();
            }
            assertThat(status().path("hits").asLong()).isEqualTo(hits + 1);
        }
    }

    @Test
    void theTrinoCliWorksThroughTheCache()
            throws Exception
    {
        String sql = "SELECT id, price, day, words, info FROM items WHERE id < 40 ORDER BY id";
        Cli direct = cli(coordinator, sql);
        Cli first = cli(proxy, sql);
        awaitStored("admin", sql);
        long hits = status().path("hits").asLong();
        Cli cached = cli(proxy, sql);

        assertThat(direct.exitCode()).isZero();
        assertThat(first).isEqualTo(direct);
        assertThat(cached).isEqualTo(direct);
        assertThat(status().path("hits").asLong()).isEqualTo(hits + 1);
        Cli failed = cli(proxy, "SELECT nonexistent FROM items");
        assertThat(failed.exitCode()).isNotZero();
        assertThat(failed.output()).contains("Column 'nonexistent' cannot be resolved");
    }

    @Test
    void theTrinoCliCancelsThroughTheCache()
            throws Exception
    {
        // Ctrl-C (SIGINT) makes the CLI cancel its query, through the cache, and exit
        Process cli = cliProcess(proxy, "SELECT count(*) FROM tpch.sf1000.lineitem /* cli-cancel */");
        CompletableFuture<String> output = readAsync(cli.getInputStream());
        Polling.poll(Duration.ofSeconds(30), Duration.ofMillis(100), () -> runningQueries("cli-cancel"), count -> count > 0);
        new ProcessBuilder("kill", "-INT", Long.toString(cli.pid())).start().waitFor();

        assertThat(cli.waitFor(30, TimeUnit.SECONDS)).as("the CLI exits: %s", output).isTrue();
        Polling.poll(Duration.ofSeconds(30), Duration.ofMillis(100), () -> runningQueries("cli-cancel"), count -> count == 0);
        assertThat(runner.execute("SELECT error_code FROM system.runtime.queries WHERE query LIKE '%cli-cancel%' AND query NOT LIKE '%system.runtime%'").getOnlyValue())
                .isEqualTo("USER_CANCELED");
    }

    @Test
    void theJavaScriptTrinoClientWorksThroughTheCache()
            throws Exception
    {
        Path npm = Path.of("target/npm").toAbsolutePath();
        Files.createDirectories(npm);
        if (!Files.exists(npm.resolve("node_modules/trino-client/package.json"))) {
            run(npm, Duration.ofMinutes(3), "npm", "install", "--no-audit", "--no-fund", "--prefix", npm.toString(), "trino-client@0.2.9");
        }
        Path script = npm.resolve("through-cache.js");
        Files.writeString(script, """
                const {Trino, BasicAuth} = require('trino-client');
                async function rows(trino, sql) {
                  const result = {columns: null, data: [], error: null};
                  for await (const page of await trino.query(sql)) {
                    if (page.error) { result.error = page.error.message; }
                    if (page.columns) { result.columns = page.columns.map(c => c.name + ':' + c.type); }
                    result.data.push(...(page.data ?? []));
                  }
                  return result;
                }
                (async () => {
                  const trino = Trino.create({server: process.argv[2], catalog: 'lakehouse', schema: 'cachetest', auth: new BasicAuth('admin')});
                  const sql = 'SELECT id, comment, score FROM items WHERE id BETWEEN 100 AND 130 ORDER BY id';
                  const out = {first: await rows(trino, sql)};
                  await new Promise(resolve => setTimeout(resolve, 1500));
                  out.second = await rows(trino, sql);
                  out.failed = await rows(trino, 'SELECT nonexistent FROM items');
                  // rows come at once, so that the client sees the query before it ends
                  const running = await trino.query('SELECT * FROM tpch.sf1000.lineitem');
                  const page = await running.next();
                  await new Promise(resolve => setTimeout(resolve, 1000));
                  await trino.cancel(page.value.id);
                  await new Promise(resolve => setTimeout(resolve, 1000));
                  out.canceled = (await trino.queryInfo(page.value.id)).state;
                  console.log(JSON.stringify(out));
                })().catch(e => { console.error(e); process.exit(1); });
                """);
        long hits = status().path("hits").asLong();
        JsonNode out = JSON.readTree(run(npm, Duration.ofMinutes(2), "node", script.toString(), proxy.toString()));

        assertThat(out.path("first").path("error").isNull()).isTrue();
        assertThat(out.path("first").path("data")).hasSize(((Long) runner.execute("SELECT count(*) FROM lakehouse.cachetest.items WHERE id BETWEEN 100 AND 130").getOnlyValue()).intValue());
        assertThat(out.path("second")).isEqualTo(out.path("first"));
        assertThat(out.path("failed").path("error").asText()).contains("Column 'nonexistent' cannot be resolved");
        assertThat(out.path("canceled").asText()).isEqualTo("FAILED");
        assertThat(status().path("hits").asLong()).isEqualTo(hits + 1);
    }

    @Test
    void everythingElsePassesThrough()
            throws Exception
    {
        HttpResponse<String> info = http.send(HttpRequest.newBuilder(proxy.resolve("/v1/info")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(info.body()).path("nodeVersion").path("version").asText()).isEqualTo("testversion");
        HttpResponse<String> queries = http.send(HttpRequest.newBuilder(proxy.resolve("/v1/query")).header("X-Trino-User", "admin").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(queries.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(queries.body()).isArray()).isTrue();
        assertThat(queries.body()).contains("\"queryId\"");
        // the web UI, as the coordinator serves it
        HttpResponse<String> ui = http.send(HttpRequest.newBuilder(proxy.resolve("/ui/")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> directUi = http.send(HttpRequest.newBuilder(coordinator.resolve("/ui/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ui.statusCode()).isEqualTo(directUi.statusCode()).isIn(200, 303);
        assertThat(ui.body()).isEqualTo(directUi.body());
        assertThat(ui.headers().firstValue("location").map(location -> location.replace(":" + proxy.getPort(), ":" + coordinator.getPort())))
                .isEqualTo(directUi.headers().firstValue("location"));
        HttpResponse<String> flush = http.send(HttpRequest.newBuilder(proxy.resolve("/v1/cache/invalidate?table=lakehouse.cachetest")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(flush.statusCode()).isEqualTo(400);
        assertThat(flush.body()).contains("catalog.schema.table");
    }

    /** Runs a statement through the proxy until its result is stored, then once more; returns the first rows. */
    private List<List<Object>> cachedTwice(String user, String sql)
            throws Exception
    {
        List<List<Object>> first = query(proxy, user, sql);
        awaitStored(user, sql);
        long hits = status().path("hits").asLong();
        assertThat(query(proxy, user, sql)).isEqualTo(first);
        JsonNode status = status();
        assertThat(status.path("hits").asLong()).as("a hit for %s as %s: %s", sql, user, status).isEqualTo(hits + 1);
        return first;
    }

    /** Waits until the store holds the result of the statement for the user (results are stored after the last page). */
    private void awaitStored(String user, String sql)
            throws Exception
    {
        Polling.poll(Duration.ofSeconds(10), Duration.ofMillis(50), this::storedQueries, stored -> stored.contains(user + "\n" + sql));
    }

    private String storedQueries()
            throws IOException
    {
        StringBuilder queries = new StringBuilder();
        Path store = work.resolve("store");
        if (!Files.isDirectory(store)) {
            return "";
        }
        try (var files = Files.list(store)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".entry")).toList()) {
                try (var lines = Files.lines(file, UTF_8)) {
                    JsonNode entry = JSON.readTree(lines.findFirst().orElse("{}"));
                    queries.append(entry.path("user").asText()).append('\n').append(entry.path("query").asText()).append('\n');
                }
                catch (IOException | UncheckedIOException e) {
                    // evicted or replaced meanwhile
                }
            }
        }
        return queries.toString();
    }

    private long finishedForwards()
            throws Exception
    {
        JsonNode status = status();
        long refused = 0;
        for (JsonNode count : status.path("not_stored")) {
            refused += count.asLong();
        }
        return status.path("stored").asLong() + refused;
    }

    private JsonNode status()
    {
        return cache.status();
    }

    private String historyRows()
            throws IOException
    {
        StringBuilder rows = new StringBuilder();
        Path directory = work.resolve("history");
        if (Files.isDirectory(directory)) {
            try (var files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    rows.append(Files.readString(file));
                }
            }
        }
        return rows.toString();
    }

    private Set<String> groupsOf(String user)
    {
        try {
            return Files.readAllLines(groups).stream()
                    .filter(line -> line.contains(":"))
                    .filter(line -> Arrays.asList(line.substring(line.indexOf(':') + 1).split(",")).contains(user))
                    .map(line -> line.substring(0, line.indexOf(':')))
                    .collect(toUnmodifiableSet());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long runningQueries(String marker)
    {
        return (long) runner.execute("SELECT count(*) FROM system.runtime.queries WHERE state = 'RUNNING' AND query LIKE '%" + marker + "%' AND query NOT LIKE '%system.runtime%'").getOnlyValue();
    }

    private static Connection connect(URI server, String user)
            throws SQLException
    {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        return DriverManager.getConnection("jdbc:trino://%s:%s/lakehouse/cachetest".formatted(server.getHost(), server.getPort()), properties);
    }

    private static void execute(URI server, String user, String sql)
            throws SQLException
    {
        try (Connection connection = connect(server, user); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The header row (names and types) and then every row, with arrays and rows as lists. */
    private static List<List<Object>> query(URI server, String user, String sql)
            throws SQLException
    {
        try (Connection connection = connect(server, user); Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            ResultSetMetaData metadata = result.getMetaData();
            List<List<Object>> rows = new ArrayList<>();
            List<Object> header = new ArrayList<>();
            for (int column = 1; column <= metadata.getColumnCount(); column++) {
                header.add(metadata.getColumnLabel(column) + ":" + metadata.getColumnTypeName(column));
            }
            rows.add(header);
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int column = 1; column <= metadata.getColumnCount(); column++) {
                    Object value = result.getObject(column);
                    row.add(value instanceof Array array ? Arrays.asList((Object[]) array.getArray()) : value);
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private record Cli(int exitCode, String output) {}

    private Cli cli(URI server, String sql)
            throws Exception
    {
        Process process = cliProcess(server, sql);
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // the CLI's own JVM and terminal warnings are not part of the answer
        String answer = output.lines()
                .filter(line -> !line.startsWith("WARNING:") && !line.matches("[A-Z][a-z]{2} \\d{2}, \\d{4} .* org\\.jline\\..*"))
                .reduce("", (a, b) -> a + b + "\n");
        return new Cli(process.exitValue(), answer.replaceAll("Query \\S+ failed", "Query failed"));
    }

    private static Process cliProcess(URI server, String sql)
            throws IOException
    {
        return new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", Path.of("target/clients/trino-cli.jar").toString(),
                "--server", server.toString(), "--user", "admin", "--catalog", "lakehouse", "--schema", "cachetest",
                "--output-format", "CSV_HEADER", "--execute", sql)
                .redirectErrorStream(true)
                .start();
    }

    private static String run(Path directory, Duration timeout, String... command)
            throws Exception
    {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).start();
        CompletableFuture<String> stdout = readAsync(process.getInputStream());
        CompletableFuture<String> stderr = readAsync(process.getErrorStream());
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("%s did not finish within %s: %s".formatted(String.join(" ", command), timeout, stderr.join()));
        }
        assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), stderr.join()).isZero();
        return stdout.join();
    }

    private static CompletableFuture<String> readAsync(InputStream stream)
    {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(stream.readAllBytes(), UTF_8);
            }
            catch (IOException e) {
                return e.toString();
            }
        });
    }
}
