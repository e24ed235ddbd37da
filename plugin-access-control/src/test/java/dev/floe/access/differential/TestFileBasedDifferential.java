package dev.floe.access.differential;

import dev.floe.access.AccessControlTestRunners;
import dev.floe.access.spi.FloeAccessControl;
import dev.floe.masking.MaskingPlugin;
import dev.floe.testing.FloeQueryRunner;
import io.trino.Session;
import io.trino.plugin.base.security.FileBasedSystemAccessControl;
import io.trino.spi.security.AccessDeniedException;
import io.trino.spi.security.Identity;
import io.trino.spi.security.SystemAccessControl;
import io.trino.testing.MaterializedResult;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import static dev.floe.testing.FloeQueryRunner.sessionFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * The Floe access control against Trino's own file-based system access control, on one policy written in both
 * formats (src/test/resources/differential, whose README lists the semantic differences): every query of the
 * battery, run by every user, must return the same rows on both, or be denied on both for the same object. Both
 * runners are built alike (memory, tpch and the masking catalog), so only the access control differs. The
 * differences the two formats cannot bridge are asserted as such, so that the README stays true.
 */
@TestInstance(PER_CLASS)
final class TestFileBasedDifferential
{
    private static final List<String> USERS = List.of("admin", "analyst", "viewer", "nobody");

    // $user is replaced by the user running the query, so that one user's writes never meet another's.
    // A denial on both sides passes when both name the same object (see deniedObject). The wording differs where a
    // query reads columns it may not: at 52db357 Floe says "Cannot select from columns [ssn] in table or view
    // memory.sales.customers" (analyst on customers.ssn; viewer on tpch.tiny tables other than nation; analyst on
    // tpch.sf1) where file-based says "Cannot select from table memory.sales.customers"; every other denial of
    // the battery is worded alike.
    private static final List<String> QUERIES = List.of(
            // the masked, the denied and the filtered table
            "SELECT * FROM memory.sales.customers ORDER BY id",
            "SELECT id, name, email FROM memory.sales.customers ORDER BY id",
            "SELECT id, ssn FROM memory.sales.customers ORDER BY id",
            "SELECT count(*) FROM memory.sales.customers",
            "SELECT count(ssn) FROM memory.sales.customers",
            "SELECT region, count(*) FROM memory.sales.customers GROUP BY region ORDER BY region",
            "SELECT id FROM memory.sales.customers WHERE email LIKE 'xxxx@%' ORDER BY id",
            "SELECT id FROM memory.sales.customers WHERE email = 'ann@example.com'",
            "SELECT id, email FROM memory.sales.customers ORDER BY email DESC, id",
            "SELECT max(email), min(email) FROM memory.sales.customers",
            "SELECT * FROM memory.sales.orders ORDER BY order_id",
            "SELECT count(*), sum(amount) FROM memory.sales.orders",
            "SELECT status, count(*) FROM memory.sales.orders GROUP BY status ORDER BY status",
            "SELECT c.name, sum(o.amount) FROM memory.sales.customers c JOIN memory.sales.orders o ON o.customer_id = c.id GROUP BY c.name ORDER BY c.name",
            "SELECT order_id FROM memory.sales.orders WHERE customer_id IN (SELECT id FROM memory.sales.customers WHERE region = 'EU') ORDER BY order_id",
            "SELECT c.name, n.name FROM memory.sales.customers c JOIN tpch.tiny.nation n ON n.nationkey = c.id ORDER BY c.name",
            // a view owned by admin: both evaluate its tables, masks and filters as the owner (security definer)
            "SELECT * FROM memory.sales.customer_emails ORDER BY id",
            // tpch
            "SELECT * FROM tpch.tiny.nation ORDER BY nationkey",
            "SELECT n.name, r.name FROM tpch.tiny.nation n JOIN tpch.tiny.region r ON n.regionkey = r.regionkey ORDER BY n.name",
            "SELECT returnflag, linestatus, sum(quantity), round(avg(extendedprice), 2), count(*) FROM tpch.tiny.lineitem WHERE shipdate <= DATE '1998-09-02' GROUP BY returnflag, linestatus ORDER BY returnflag, linestatus",
            "SELECT n.name, sum(o.totalprice) FROM tpch.tiny.customer c JOIN tpch.tiny.orders o ON o.custkey = c.custkey JOIN tpch.tiny.nation n ON n.nationkey = c.nationkey GROUP BY n.name ORDER BY n.name",
            "SELECT * FROM tpch.sf1.nation ORDER BY nationkey",
            "EXPLAIN (TYPE VALIDATE) SELECT count(*) FROM tpch.tiny.region",
            // metadata
            "SHOW CATALOGS",
            "SHOW SCHEMAS FROM memory",
            "SHOW SCHEMAS FROM tpch",
            "SHOW SCHEMAS FROM system",
            "SHOW TABLES FROM memory.sales",
            "SHOW TABLES FROM tpch.tiny",
            "SHOW COLUMNS FROM memory.sales.customers",
            "SHOW COLUMNS FROM memory.sales.customer_emails",
            "DESCRIBE memory.sales.orders",
            "DESCRIBE tpch.tiny.nation",
            "SHOW COLUMNS FROM tpch.tiny.region",
            "SHOW STATS FOR memory.sales.orders",
            "SELECT table_schema, table_name FROM memory.information_schema.tables ORDER BY table_schema, table_name",
            "SELECT table_name FROM tpch.information_schema.tables WHERE table_schema = 'tiny' ORDER BY table_name",
            "SELECT table_name, column_name FROM memory.information_schema.columns WHERE table_schema = 'sales' ORDER BY table_name, column_name",
            "SELECT column_name FROM tpch.information_schema.columns WHERE table_schema = 'tiny' AND table_name = 'nation' ORDER BY column_name",
            "SELECT schema_name FROM memory.information_schema.schemata ORDER BY schema_name",
            "SELECT catalog_name FROM system.metadata.catalogs ORDER BY catalog_name",
            "SELECT table_schem, table_name FROM system.jdbc.tables WHERE table_cat = 'tpch' AND table_schem = 'tiny' ORDER BY table_name",
            "SELECT column_name FROM system.jdbc.columns WHERE table_cat = 'memory' AND table_name = 'customers' ORDER BY column_name",
            "SELECT count(*) FROM system.runtime.nodes",
            // session and procedures
            "SET SESSION query_max_run_time = '1h'",
            "CALL system.runtime.kill_query('20260101_000000_00000_xxxxx', 'differential test')",
            // writes: only admin
            "INSERT INTO memory.sales.scratch VALUES (1)",
            "DELETE FROM memory.sales.scratch WHERE x = 1",
            "TRUNCATE TABLE memory.sales.scratch",
            "COMMENT ON TABLE memory.sales.scratch IS 'scratch'",
            "ALTER TABLE memory.sales.scratch ADD COLUMN y_$user integer",
            "CREATE TABLE memory.sales.created_by_$user AS SELECT 1 AS x",
            "CREATE VIEW memory.sales.view_by_$user AS SELECT 1 AS x",
            "DROP TABLE memory.sales.drop_me_$user",
            "CREATE SCHEMA memory.schema_of_$user");

    // failures after the access checks passed, the same on both: what the connector or the engine refuses
    private static final Map<String, String> ENGINE_FAILURES = Map.of(
            "DELETE FROM memory.sales.scratch WHERE x = 1", "This connector does not support modifying table rows",
            "CALL system.runtime.kill_query('20260101_000000_00000_xxxxx', 'differential test')", "Target query not found: 20260101_000000_00000_xxxxx");

    private FloeAccessControl floeAccessControl;
    private SystemAccessControl fileBasedAccessControl;
    private QueryRunner floe;
    private QueryRunner fileBased;
    // runs the file-based side of each case while the Floe side runs, both finishing before the next case
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @BeforeAll
    void setUp()
            throws Exception
    {
        floeAccessControl = AccessControlTestRunners.accessControl(resource("floe-policy.yaml"), Map.of());
        floe = AccessControlTestRunners.runner(floeAccessControl).build();
        fileBasedAccessControl = new FileBasedSystemAccessControl.Factory()
                .create(Map.of("security.config-file", resource("file-based-rules.json").toString()), AccessControlTestRunners.CONTEXT);
        fileBased = FloeQueryRunner.builder()
                .withSystemAccessControl(fileBasedAccessControl)
                .withPlugin(new MaskingPlugin())
                .withCatalog("masking", "floe_masking", Map.of(
                        "masking.keys", "k1:" + AccessControlTestRunners.KEY,
                        "masking.current-key-id", "k1"))
                .withExtraProperty("sql.path", "masking.functions")
                .build();
        for (QueryRunner runner : List.of(floe, fileBased)) {
            Session admin = sessionFor(runner.getDefaultSession(), "admin");
            runner.execute(admin, "CREATE SCHEMA memory.sales");
            // unbounded varchar: a mask must have its column's type, and regexp_replace returns varchar
            runner.execute(admin, "CREATE TABLE memory.sales.customers (id bigint, name varchar, email varchar, ssn varchar, region varchar)");
            runner.execute(admin, """
                    INSERT INTO memory.sales.customers VALUES
                        (1, 'Ann', 'ann@example.com', '123-45-6789', 'EU'),
                        (2, 'Bob', 'bob@example.org', '234-56-7890', 'NA'),
                        (3, 'Cem', 'cem@example.net', '345-67-8901', 'EU'),
                        (4, 'Dee', 'dee@example.com', '456-78-9012', 'APAC')""");
            runner.execute(admin, """
                    CREATE TABLE memory.sales.orders AS
                    SELECT * FROM (VALUES
                        (BIGINT '10', BIGINT '1', DECIMAL '120.00', 'open'),
                        (BIGINT '11', BIGINT '1', DECIMAL '980.50', 'shipped'),
                        (BIGINT '12', BIGINT '2', DECIMAL '45.25', 'shipped'),
                        (BIGINT '13', BIGINT '3', DECIMAL '700.00', 'open'),
                        (BIGINT '14', BIGINT '3', DECIMAL '15.00', 'cancelled'),
                        (BIGINT '15', BIGINT '4', DECIMAL '499.99', 'open'))
                        AS t(order_id, customer_id, amount, status)""");
            runner.execute(admin, "CREATE VIEW memory.sales.customer_emails AS SELECT id, email FROM memory.sales.customers");
            runner.execute(admin, "CREATE TABLE memory.sales.scratch (x integer)");
            for (String user : USERS) {
                runner.execute(admin, "CREATE TABLE memory.sales.drop_me_%s (x integer)".formatted(user));
            }
        }
    }

    @AfterAll
    void tearDown()
    {
        executor.shutdownNow();
        for (QueryRunner runner : new QueryRunner[] {floe, fileBased}) {
            if (runner != null) {
                runner.close();
            }
        }
    }

    Stream<Arguments> battery()
    {
        return QUERIES.stream().flatMap(query -> USERS.stream().map(user -> Arguments.of(user, query)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("battery")
    void sameOutcomeAsFileBased(String user, String query)
    {
        String sql = query.replace("$user", user);
        CompletableFuture<Outcome> fileBasedOutcome = CompletableFuture.supplyAsync(() -> run(fileBased, user, sql), executor);
        Outcome ours = run(floe, user, sql);
        Outcome theirs = fileBasedOutcome.join();

        if (ours instanceof Outcome.Denied(String ourMessage) && theirs instanceof Outcome.Denied(String theirMessage)) {
            assertThat(deniedObject(ourMessage)).as("denial of %s: %s\nfloe: %s\nfile-based: %s", user, sql, ourMessage, theirMessage)
                    .isEqualTo(deniedObject(theirMessage));
            return;
        }
        assertThat(ours).as("floe vs file-based for %s: %s", user, sql).isEqualTo(theirs);
        if (ours instanceof Outcome.Failed(String message)) {
            // a failure on both sides is a pass only where the access checks are known to have passed
            assertThat(ENGINE_FAILURES).as("failed on both for %s: %s", user, sql).containsEntry(sql, message);
        }
    }

    Stream<Arguments> differences()
    {
        return Stream.of(
                // file-based asks for OWNERSHIP to show a definition; Floe shows it to whoever sees the relation
                Arguments.of("analyst", "SHOW CREATE TABLE memory.sales.orders", Kind.ROWS, Kind.DENIED),
                Arguments.of("analyst", "SHOW CREATE VIEW memory.sales.customer_emails", Kind.ROWS, Kind.DENIED),
                Arguments.of("viewer", "SHOW CREATE TABLE tpch.tiny.nation", Kind.ROWS, Kind.DENIED),
                // file-based lets a table's owner grant and revoke (memory then refuses); Floe keeps privileges in
                // the policy file and refuses every GRANT and REVOKE
                Arguments.of("admin", "GRANT SELECT ON memory.sales.orders TO viewer", Kind.DENIED, Kind.FAILED),
                Arguments.of("admin", "REVOKE SELECT ON memory.sales.orders FROM viewer", Kind.DENIED, Kind.FAILED),
                // file-based needs an "authorization" section to hand objects over; Floe asks for OWNERSHIP, which
                // admins have (memory then refuses)
                Arguments.of("admin", "ALTER TABLE memory.sales.scratch SET AUTHORIZATION viewer", Kind.FAILED, Kind.DENIED));
    }

    @ParameterizedTest(name = "{0}: {1} (floe {2}, file-based {3})")
    @MethodSource("differences")
    void documentedDifference(String user, String sql, Kind floeOutcome, Kind fileBasedOutcome)
    {
        assertThat(run(floe, user, sql).kind()).isEqualTo(floeOutcome);
        assertThat(run(fileBased, user, sql).kind()).isEqualTo(fileBasedOutcome);
    }

    /**
     * Checks outside SQL, on the same two access controls: file-based without "impersonation", "queries" or
     * "system_information" sections falls back to its defaults, which differ from Floe's admin-only rules.
     */
    @Test
    void identityChecksDifferWithoutFileBasedSections()
    {
        Identity admin = Identity.ofUser("admin");
        Identity analyst = Identity.ofUser("analyst");

        // impersonation: Floe lets admins impersonate; file-based without impersonation rules lets no one
        assertThatNoException().isThrownBy(() -> floeAccessControl.checkCanImpersonateUser(admin, "analyst"));
        assertThatThrownBy(() -> fileBasedAccessControl.checkCanImpersonateUser(admin, "analyst")).isInstanceOf(AccessDeniedException.class);

        // other users' queries: Floe shows them to admins only; file-based without query rules to everyone
        assertThatThrownBy(() -> floeAccessControl.checkCanViewQueryOwnedBy(analyst, admin)).isInstanceOf(AccessDeniedException.class);
        assertThatNoException().isThrownBy(() -> fileBasedAccessControl.checkCanViewQueryOwnedBy(analyst, admin));
        assertThatThrownBy(() -> floeAccessControl.checkCanKillQueryOwnedBy(analyst, admin)).isInstanceOf(AccessDeniedException.class);
        assertThatNoException().isThrownBy(() -> fileBasedAccessControl.checkCanKillQueryOwnedBy(analyst, admin));

        // system information (the coordinator's /v1 resources): Floe admins; file-based without rules no one
        assertThatNoException().isThrownBy(() -> floeAccessControl.checkCanReadSystemInformation(admin));
        assertThatThrownBy(() -> fileBasedAccessControl.checkCanReadSystemInformation(admin)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> floeAccessControl.checkCanReadSystemInformation(analyst)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> fileBasedAccessControl.checkCanReadSystemInformation(analyst)).isInstanceOf(AccessDeniedException.class);
    }

    /**
     * The catalog, schema, relation or routine a denial names: the last word of every denial message of the
     * battery, on both sides ("Cannot access catalog memory", "Cannot insert into table memory.sales.scratch").
     */
    private static String deniedObject(String message)
    {
        return message.substring(message.lastIndexOf(' ') + 1);
    }

    private static Outcome run(QueryRunner runner, String user, String sql)
    {
        try {
            return new Outcome.Rows(runner.execute(sessionFor(runner.getDefaultSession(), user), sql));
        }
        catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            if (message.startsWith("Access Denied: ")) {
                return new Outcome.Denied(message);
            }
            return new Outcome.Failed(message);
        }
    }

    private enum Kind
    {
        ROWS, DENIED, FAILED
    }

    private sealed interface Outcome
    {
        Kind kind();

        record Rows(MaterializedResult result)
                implements Outcome
        {
            @Override
            public Kind kind()
            {
                return Kind.ROWS;
            }
        }

        record Denied(String message)
                implements Outcome
        {
            @Override
            public Kind kind()
            {
                return Kind.DENIED;
            }
        }

        // a failure that is not an access denial: the connector or the engine refused
        record Failed(String message)
                implements Outcome
        {
            @Override
            public Kind kind()
            {
                return Kind.FAILED;
            }
        }
    }

    private static Path resource(String name)
    {
        try {
            return Path.of(TestFileBasedDifferential.class.getResource("/differential/" + name).toURI());
        }
        catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
