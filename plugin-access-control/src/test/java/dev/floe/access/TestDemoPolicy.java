package dev.floe.access;

import dev.floe.access.spi.FloeAccessControl;
import io.trino.Session;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static dev.floe.testing.FloeQueryRunner.sessionFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * The demo policy shipped in etc/policy/floe-policy.yaml, on an Iceberg {@code lakehouse} catalog with the
 * shape of {@code lakehouse.demo.customers}: what each demo user sees.
 */
@TestInstance(PER_CLASS)
final class TestDemoPolicy
{
    private static final String CUSTOMERS = """
            CREATE TABLE lakehouse.demo.customers AS
            SELECT * FROM (VALUES
                (BIGINT '1', 'Jane Doe', 'jane.doe@example.com', '+1 (415) 555-0132', '123-45-6789', '4111-1111-1111-1111', '192.168.17.42', DATE '1980-07-14', 'NA', 'United States', DECIMAL '10.00'),
                (BIGINT '2', 'Max Mustermann', 'max@example.de', '+49 30 5550 1234', '234-56-7890', '5500-0000-0000-0004', '2001:db8::1', DATE '1975-02-03', 'EU', 'Germany', DECIMAL '20.00'),
                (BIGINT '3', 'Sofia Rossi', 'sofia@example.it', '+39 06 5550 4321', '345-67-8901', '3400-0000-0000-009', '10.0.0.7', DATE '1990-12-31', 'EU', 'Italy', DECIMAL '30.00'))
                AS t(customer_id, name, email, phone, ssn, credit_card, ip_address, birth_date, region, country, lifetime_value)
            """;

    private QueryRunner runner;

    @BeforeAll
    void setUp()
            throws Exception
    {
        FloeAccessControl accessControl = AccessControlTestRunners.accessControl(
                AccessControlTestRunners.repositoryRoot().resolve("etc/policy/floe-policy.yaml"), Map.of());
        runner = AccessControlTestRunners.runner(accessControl).withLakehouse("lakehouse").build();
        runner.execute(as("admin"), "CREATE SCHEMA lakehouse.demo");
        runner.execute(as("admin"), CUSTOMERS);
    }

    @AfterAll
    void tearDown()
    {
        runner.close();
    }

    @Test
    void adminSeesEverythingUnmasked()
    {
        MaterializedRow row = runner.execute(as("admin"), "SELECT email, ssn, birth_date FROM lakehouse.demo.customers WHERE customer_id = 1").getMaterializedRows().getFirst();
        assertThat(row.getFields()).containsExactly("jane.doe@example.com", "123-45-6789", LocalDate.of(1980, 7, 14));
        assertThat(count("admin")).isEqualTo(3);
    }

    @Test
    void analystSeesAllRowsWithPersonalDataMasked()
    {
        MaterializedRow row = runner.execute(as("analyst"), """
                SELECT name, email, phone, ssn, credit_card, ip_address, birth_date, region, lifetime_value
                FROM lakehouse.demo.customers WHERE customer_id = 1""").getMaterializedRows().getFirst();
        assertThat(row.getFields()).containsExactly(
                "Jane Doe", "xxxx@example.com", "+X (XXX) XXX-0132", "XXX-XX-6789", "XXXX-XXXX-XXXX-1111", "192.168.17.0",
                LocalDate.of(1980, 1, 1), "NA", new java.math.BigDecimal("10.00"));
        assertThat(count("analyst")).isEqualTo(3);
    }

    @Test
    void regionalAnalystSeesOnlyTheirRegionMasked()
    {
        MaterializedResult rows = runner.execute(as("eu_analyst"), "SELECT customer_id, email, region FROM lakehouse.demo.customers ORDER BY customer_id");
        assertThat(rows.getMaterializedRows()).extracting(MaterializedRow::getFields).containsExactly(
                List.of(2L, "xxxx@example.de", "EU"),
                List.of(3L, "xxxx@example.it", "EU"));
    }

    @Test
    void auditorReadsNothingOfDemo()
    {
        assertThatThrownBy(() -> runner.execute(as("auditor"), "SELECT count(*) FROM lakehouse.demo.customers"))
                .hasMessageContaining("Access Denied");
        assertThat(runner.execute(as("auditor"), "SHOW SCHEMAS FROM lakehouse").getOnlyColumnAsSet()).doesNotContain("demo");
    }

    @Test
    void guestSeesNoCatalog()
    {
        assertThat(runner.execute(as("guest"), "SHOW CATALOGS").getRowCount()).isZero();
        assertThatThrownBy(() -> runner.execute(as("guest"), "SELECT count(*) FROM lakehouse.demo.customers"))
                .hasMessageContaining("Access Denied");
    }

    private long count(String user)
    {
        return (long) runner.execute(as(user), "SELECT count(*) FROM lakehouse.demo.customers").getOnlyValue();
    }

    private Session as(String user)
    {
        return sessionFor(runner.getDefaultSession(), user);
    }
}
