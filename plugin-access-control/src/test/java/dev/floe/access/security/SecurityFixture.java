package dev.floe.access.security;

import dev.floe.access.AccessControlTestRunners;
import dev.floe.access.spi.FloeAccessControl;
import io.trino.Session;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static dev.floe.testing.FloeQueryRunner.sessionFor;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One query runner with the security test policy ({@code security/security-policy.yaml}, copied to a file of its
 * own so a test may rewrite it) on a real Iceberg catalog, with a dozen rows of personal data in {@code lakehouse.sec}
 * and, in {@code lakehouse.oracle}, the same data masked and filtered by hand the way the policy masks and filters
 * it for the analyst: the differential oracle. A query the analyst runs on {@code lakehouse.sec} must return what
 * admin gets from the same query on {@code lakehouse.oracle}.
 */
final class SecurityFixture
        implements AutoCloseable
{
    static final String ADMIN = "admin";
    static final String ANALYST = "analyst";
    static final String GUEST = "guest";

    // Eva Novak (EU) arrives in a second snapshot, so time travel to the first one has something to miss
    private static final String CUSTOMERS = """
            CREATE TABLE lakehouse.sec.customers AS
            SELECT * FROM (VALUES
                (BIGINT '1', 'Jane Doe', 'jane.doe@example.com', '+1 (415) 555-0132', '123-45-6789', DATE '1980-07-14', 'NA', 'SECRET-NA-0001', DECIMAL '10.00'),
                (BIGINT '2', 'Max Mustermann', 'max@example.de', '+49 30 5550 1234', '234-56-7890', DATE '1975-02-03', 'EU', '1002', DECIMAL '20.00'),
                (BIGINT '3', 'Sofia Rossi', 'sofia@example.it', '+39 06 5550 4321', '345-67-8901', DATE '1990-12-31', 'EU', '1003', DECIMAL '30.00'),
                (BIGINT '4', 'Jean Dupont', 'jean@example.fr', '+33 1 5550 2222', '456-78-9012', DATE '1985-05-20', 'EU', '1004', DECIMAL '40.00'),
                (BIGINT '5', 'Ana Silva', 'ana@example.pt', '+351 21 555 0199', '567-89-0123', DATE '1992-03-11', 'EU', '1005', DECIMAL '50.00'),
                (BIGINT '6', 'Lars Berg', 'lars@example.se', '+46 8 555 0188', '678-90-1234', DATE '1979-09-09', 'EU', '1006', DECIMAL '60.00'),
                (BIGINT '8', 'John Smith', 'john.smith@example.com', '+1 (212) 555-0100', '890-12-3456', DATE '1970-01-01', 'NA', 'SECRET-NA-0008', DECIMAL '80.00'),
                (BIGINT '9', 'Mary Jones', 'mary@example.ca', '+1 (604) 555-0111', '901-23-4567', DATE '1983-04-04', 'NA', 'SECRET-NA-0009', DECIMAL '90.00'),
                (BIGINT '10', 'Bob Brown', 'bob@example.com', '+1 (312) 555-0122', '012-34-5678', DATE '1995-06-15', 'NA', 'SECRET-NA-0010', DECIMAL '100.00'),
                (BIGINT '11', 'Yuki Tanaka', 'yuki@example.jp', '+81 3 5550 0133', '111-22-3333', DATE '1991-08-08', 'APAC', 'SECRET-APAC-0011', DECIMAL '110.00'),
                (BIGINT '12', 'Wei Chen', 'wei@example.cn', '+86 10 5550 0144', '222-33-4444', DATE '1987-10-10', 'APAC', 'SECRET-APAC-0012', DECIMAL '120.00'))
                AS t(customer_id, name, email, phone, ssn, birth_date, region, account_ref, lifetime_value)
            """;
    private static final String LATE_CUSTOMER = """
            INSERT INTO lakehouse.sec.customers VALUES
                (BIGINT '7', 'Eva Novak', 'eva@example.de', '+420 2 5550 0177', '789-01-2345', DATE '1988-11-30', 'EU', '1007', DECIMAL '70.00')
            """;
    private static final String ORDERS = """
            CREATE TABLE lakehouse.sec.orders AS
            SELECT * FROM (VALUES
                (BIGINT '101', BIGINT '1', DECIMAL '15.00'), (BIGINT '102', BIGINT '2', DECIMAL '25.00'),
                (BIGINT '103', BIGINT '2', DECIMAL '35.00'), (BIGINT '104', BIGINT '3', DECIMAL '45.00'),
                (BIGINT '105', BIGINT '5', DECIMAL '55.00'), (BIGINT '106', BIGINT '7', DECIMAL '65.00'),
                (BIGINT '107', BIGINT '8', DECIMAL '75.00'), (BIGINT '108', BIGINT '9', DECIMAL '85.00'),
                (BIGINT '109', BIGINT '11', DECIMAL '95.00'), (BIGINT '110', BIGINT '12', DECIMAL '105.00'),
                (BIGINT '111', BIGINT '6', DECIMAL '115.00'), (BIGINT '112', BIGINT '1', DECIMAL '125.00'))
                AS t(order_id, customer_id, amount)
            """;
    private static final String PROFILES = """
            CREATE TABLE lakehouse.sec.profiles AS
            SELECT customer_id, CAST(ROW(email, city) AS ROW(email varchar, city varchar)) AS contact
            FROM (VALUES
                (BIGINT '1', 'jane.doe@example.com', 'Boston'), (BIGINT '2', 'max@example.de', 'Berlin'),
                (BIGINT '3', 'sofia@example.it', 'Rome'), (BIGINT '11', 'yuki@example.jp', 'Tokyo'))
                AS t(customer_id, email, city)
            """;
    private static final String DIRECTORY = """
            CREATE TABLE lakehouse.pub.directory AS
            SELECT * FROM (VALUES
                ('max@example.de', 'Max Mustermann'), ('jane.doe@example.com', 'Jane Doe'), ('press@example.org', 'Press Office'))
                AS t(email, name)
            """;
    // exactly what the policy's masks and filter do for the analyst, written by hand
    private static final String ORACLE_CUSTOMERS = """
            CREATE TABLE lakehouse.oracle.customers AS
            SELECT customer_id, name, mask_email(email) AS email, mask_hash(phone) AS phone, mask_ssn(ssn) AS ssn,
                   mask_date_year(birth_date) AS birth_date, region, account_ref, lifetime_value
            FROM lakehouse.sec.customers
            WHERE region = 'EU'
            """;
    private static final String ORACLE_CUSTOMERS_V1 = """
            CREATE TABLE lakehouse.oracle.customers_v1 AS
            SELECT * FROM lakehouse.oracle.customers WHERE customer_id <> 7
            """;
    private static final String ORACLE_PROFILES = """
            CREATE TABLE lakehouse.oracle.profiles AS
            SELECT customer_id, CAST(ROW(mask_email(contact.email), contact.city) AS ROW(email varchar, city varchar)) AS contact
            FROM lakehouse.sec.profiles
            """;

    private final Path directory;
    private final Path policyFile;
    private final FloeAccessControl accessControl;
    private final QueryRunner runner;
    private final long firstCustomersSnapshot;

    private SecurityFixture(Path directory, Path policyFile, FloeAccessControl accessControl, QueryRunner runner, long firstCustomersSnapshot)
    {
        this.directory = directory;
        this.policyFile = policyFile;
        this.accessControl = accessControl;
        this.runner = runner;
        this.firstCustomersSnapshot = firstCustomersSnapshot;
    }

    static SecurityFixture start()
            throws Exception
    {
        Path directory = Files.createTempDirectory("floe-security-");
        Path policyFile = directory.resolve("policy.yaml");
        Files.writeString(policyFile, policyText());
        FloeAccessControl accessControl = AccessControlTestRunners.accessControl(policyFile, Map.of());
        QueryRunner runner = AccessControlTestRunners.runner(accessControl).withLakehouse("lakehouse").build();
        try {
            Session admin = sessionFor(runner.getDefaultSession(), ADMIN);
            for (String schema : List.of("sec", "pub", "scratch", "oracle")) {
                runner.execute(admin, "CREATE SCHEMA lakehouse." + schema);
            }
            runner.execute(admin, CUSTOMERS);
            long firstSnapshot = (long) runner.execute(admin, "SELECT snapshot_id FROM lakehouse.sec.\"customers$snapshots\"").getOnlyValue();
            runner.execute(admin, LATE_CUSTOMER);
            for (String sql : List.of(ORDERS, PROFILES, DIRECTORY, ORACLE_CUSTOMERS, ORACLE_CUSTOMERS_V1, ORACLE_PROFILES,
                    "CREATE TABLE lakehouse.oracle.orders AS SELECT * FROM lakehouse.sec.orders")) {
                runner.execute(admin, sql);
            }
            return new SecurityFixture(directory, policyFile, accessControl, runner, firstSnapshot);
        }
        catch (Throwable e) {
            runner.close();
            throw e;
        }
    }

    static String policyText()
    {
        try (InputStream in = SecurityFixture.class.getResourceAsStream("/security/security-policy.yaml")) {
            return new String(in.readAllBytes(), UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    QueryRunner runner()
    {
        return runner;
    }

    FloeAccessControl accessControl()
    {
        return accessControl;
    }

    Path policyFile()
    {
        return policyFile;
    }

    long firstCustomersSnapshot()
    {
        return firstCustomersSnapshot;
    }

    Session as(String user)
    {
        return sessionFor(runner.getDefaultSession(), user);
    }

    MaterializedResult query(String user, String sql)
    {
        return runner.execute(as(user), sql);
    }

    List<MaterializedRow> rows(Session session, String sql)
    {
        return runner.execute(session, sql).getMaterializedRows();
    }

    List<MaterializedRow> rows(String user, String sql)
    {
        return query(user, sql).getMaterializedRows();
    }

    /**
     * The analyst's result of the query equals admin's result of the same query with {@code lakehouse.sec.}
     * replaced by {@code lakehouse.oracle.}, in any order; the result is returned for further assertions.
     */
    List<MaterializedRow> assertMatchesOracle(String sql)
    {
        return assertMatchesOracle(sql, sql.replace("lakehouse.sec.", "lakehouse.oracle."));
    }

    List<MaterializedRow> assertMatchesOracle(String analystSql, String oracleSql)
    {
        List<MaterializedRow> actual = rows(ANALYST, analystSql);
        List<MaterializedRow> expected = rows(ADMIN, oracleSql);
        assertThat(actual).as("analyst: %s%noracle: %s", analystSql, oracleSql).containsExactlyInAnyOrderElementsOf(expected);
        return actual;
    }

    /**
     * As {@link #assertMatchesOracle(String)}, in the same order.
     */
    List<MaterializedRow> assertMatchesOracleInOrder(String sql)
    {
        String oracleSql = sql.replace("lakehouse.sec.", "lakehouse.oracle.");
        List<MaterializedRow> actual = rows(ANALYST, sql);
        List<MaterializedRow> expected = rows(ADMIN, oracleSql);
        assertThat(actual).as("analyst: %s%noracle: %s", sql, oracleSql).containsExactlyElementsOf(expected);
        return actual;
    }

    void assertAccessDenied(String user, String sql, String message)
    {
        assertThatThrownBy(() -> query(user, sql))
                .as("%s: %s", user, sql)
                .hasMessageContaining("Access Denied")
                .hasMessageContaining(message);
    }

    @Override
    public void close()
            throws IOException
    {
        try {
            runner.close();
        }
        finally {
            deleteRecursively(directory, ALLOW_INSECURE);
        }
    }
}
