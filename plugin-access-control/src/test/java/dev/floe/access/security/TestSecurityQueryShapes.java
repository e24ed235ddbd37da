package dev.floe.access.security;

import io.trino.Session;
import io.trino.testing.MaterializedRow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static dev.floe.access.security.SecurityFixture.ADMIN;
import static dev.floe.access.security.SecurityFixture.ANALYST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * Query shapes that try to get around the analyst's masks (email, phone, ssn, birth date, the email inside a ROW)
 * and row filter (region = the analyst's attribute, EU) on {@code lakehouse.sec}: each must return exactly what
 * the same query returns on the hand-masked, hand-filtered copy in {@code lakehouse.oracle}, or be refused.
 */
@TestInstance(PER_CLASS)
final class TestSecurityQueryShapes
{
    private static final List<String> RAW_SSNS = List.of("123-45-6789", "234-56-7890", "345-67-8901", "456-78-9012", "567-89-0123",
            "678-90-1234", "789-01-2345", "890-12-3456", "901-23-4567", "012-34-5678", "111-22-3333", "222-33-4444");

    private SecurityFixture fixture;

    @BeforeAll
    void setUp()
            throws Exception
    {
        fixture = SecurityFixture.start();
    }

    @AfterAll
    void tearDown()
            throws Exception
    {
        fixture.close();
    }

    @Test
    void analystSeesOwnRegionMasked()
    {
        List<MaterializedRow> rows = fixture.assertMatchesOracle("SELECT * FROM lakehouse.sec.customers");
        assertThat(rows).extracting(row -> row.getField(6)).containsOnly("EU").hasSize(6);
        MaterializedRow max = fixture.rows(ANALYST, "SELECT email, ssn, birth_date, length(phone), name FROM lakehouse.sec.customers WHERE customer_id = 2").getFirst();
        assertThat(max.getFields()).containsExactly("xxxx@example.de", "XXX-XX-7890", LocalDate.of(1975, 1, 1), 64L, "Max Mustermann");
        // the oracle is not the raw data: admin reads all 12 rows unmasked
        assertThat(fixture.rows(ADMIN, "SELECT email FROM lakehouse.sec.customers")).hasSize(12)
                .extracting(row -> row.getField(0)).contains("max@example.de", "jane.doe@example.com");
    }

    @Test
    void predicatesOnMaskedColumnsCompareMaskedValues()
    {
        assertThat(fixture.assertMatchesOracle("SELECT customer_id FROM lakehouse.sec.customers WHERE email = 'max@example.de'")).isEmpty();
        assertThat(fixture.assertMatchesOracle("SELECT customer_id FROM lakehouse.sec.customers WHERE ssn = '234-56-7890' OR ssn LIKE '234%'")).isEmpty();
        assertThat(fixture.assertMatchesOracle("SELECT customer_id FROM lakehouse.sec.customers WHERE birth_date = DATE '1975-02-03'")).isEmpty();
        assertThat(fixture.assertMatchesOracle("SELECT customer_id FROM lakehouse.sec.customers WHERE email LIKE 'xxxx@%.de'")).hasSize(2);
        assertThat(fixture.assertMatchesOracle("SELECT customer_id FROM lakehouse.sec.customers WHERE birth_date < DATE '1980-06-01' AND ssn > 'XXX-XX-5'")).hasSize(1);
        // a predicate on the raw region cannot widen the filter
        assertThat(fixture.assertMatchesOracle("SELECT customer_id FROM lakehouse.sec.customers WHERE region = 'NA' OR region IS NULL OR true")).hasSize(6);
    }

    @Test
    void joinsSeeOnlyVisibleRowsAndMaskedKeys()
    {
        assertThat(fixture.assertMatchesOracle("""
                SELECT o.order_id, c.email, o.amount
                FROM lakehouse.sec.orders o JOIN lakehouse.sec.customers c ON o.customer_id = c.customer_id""")).hasSize(6);
        assertThat(fixture.assertMatchesOracle("""
                SELECT o.order_id, c.email
                FROM lakehouse.sec.orders o LEFT JOIN lakehouse.sec.customers c ON o.customer_id = c.customer_id""")).hasSize(12);
        // joining the masked email with a raw list of emails matches nothing
        assertThat(fixture.assertMatchesOracle("""
                SELECT c.customer_id, d.name
                FROM lakehouse.sec.customers c JOIN lakehouse.pub.directory d ON c.email = d.email""")).isEmpty();
        assertThat(fixture.assertMatchesOracle("""
                SELECT c.customer_id
                FROM lakehouse.sec.customers c JOIN (VALUES '234-56-7890', '123-45-6789') v(ssn) ON c.ssn = v.ssn""")).isEmpty();
    }

    @Test
    void orderingAggregationAndDistinctUseMaskedValues()
    {
        fixture.assertMatchesOracleInOrder("SELECT ssn, email FROM lakehouse.sec.customers ORDER BY ssn, email");
        fixture.assertMatchesOracleInOrder("SELECT customer_id FROM lakehouse.sec.customers ORDER BY birth_date DESC, customer_id LIMIT 3");
        MaterializedRow extremes = fixture.assertMatchesOracle("""
                SELECT min(email), max(email), min(ssn), max(ssn), min(birth_date), max(birth_date), min(phone), max(lifetime_value)
                FROM lakehouse.sec.customers""").getFirst();
        assertThat(extremes.getFields()).doesNotContainAnyElementsOf(RAW_SSNS).contains(LocalDate.of(1975, 1, 1), new BigDecimal("70.00"));
        // two EU customers share a masked email, so grouping and DISTINCT see 5 values where the raw data has 6
        assertThat(fixture.assertMatchesOracle("SELECT email, count(*), sum(lifetime_value) FROM lakehouse.sec.customers GROUP BY email")).hasSize(5);
        assertThat(fixture.assertMatchesOracle("SELECT DISTINCT email FROM lakehouse.sec.customers")).hasSize(5);
        fixture.assertMatchesOracle("SELECT count(DISTINCT ssn), approx_distinct(email), count(DISTINCT year(birth_date)) FROM lakehouse.sec.customers");
        fixture.assertMatchesOracle("SELECT domain, count(*) FROM (SELECT split_part(email, '@', 2) AS domain FROM lakehouse.sec.customers) GROUP BY ROLLUP (domain)");
        fixture.assertMatchesOracle("SELECT customer_id, rank() OVER (ORDER BY ssn), lag(email) OVER (ORDER BY customer_id) FROM lakehouse.sec.customers");
    }

    @Test
    void setOperationsWithAnUnmaskedSource()
    {
        // lakehouse.pub.directory holds raw emails the analyst may read: the masked side never matches them
        assertThat(fixture.assertMatchesOracle("SELECT email FROM lakehouse.sec.customers INTERSECT SELECT email FROM lakehouse.pub.directory")).isEmpty();
        assertThat(fixture.assertMatchesOracle("SELECT email FROM lakehouse.sec.customers UNION SELECT email FROM lakehouse.pub.directory")).hasSize(8);
        assertThat(fixture.assertMatchesOracle("SELECT email FROM lakehouse.sec.customers UNION ALL SELECT email FROM lakehouse.pub.directory")).hasSize(9);
        assertThat(fixture.assertMatchesOracle("SELECT email FROM lakehouse.pub.directory EXCEPT SELECT email FROM lakehouse.sec.customers")).hasSize(3);
        assertThat(fixture.assertMatchesOracle("SELECT name FROM lakehouse.sec.customers INTERSECT SELECT name FROM lakehouse.pub.directory")).hasSize(1);
    }

    @Test
    void subqueriesSeeOnlyVisibleRows()
    {
        assertThat(fixture.assertMatchesOracle("""
                SELECT o.order_id FROM lakehouse.sec.orders o
                WHERE EXISTS (SELECT 1 FROM lakehouse.sec.customers c WHERE c.customer_id = o.customer_id)""")).hasSize(6);
        assertThat(fixture.assertMatchesOracle("""
                SELECT o.order_id FROM lakehouse.sec.orders o
                WHERE NOT EXISTS (SELECT 1 FROM lakehouse.sec.customers c WHERE c.customer_id = o.customer_id AND c.region = 'NA')""")).hasSize(12);
        assertThat(fixture.assertMatchesOracle("""
                SELECT o.order_id, (SELECT c.ssn FROM lakehouse.sec.customers c WHERE c.customer_id = o.customer_id)
                FROM lakehouse.sec.orders o""")).hasSize(12);
        assertThat(fixture.assertMatchesOracle("""
                SELECT order_id FROM lakehouse.sec.orders
                WHERE customer_id IN (SELECT customer_id FROM lakehouse.sec.customers WHERE lifetime_value > 100)""")).isEmpty();
        fixture.assertMatchesOracle("SELECT (SELECT count(*) FROM lakehouse.sec.customers), (SELECT max(customer_id) FROM lakehouse.sec.customers)");
    }

    @Test
    void expressionsThatWouldFailOnHiddenRowsDoNotFail()
    {
        // account_ref is numeric on the EU rows only, and customer 1 (NA) would divide by zero: the filter runs first
        assertThat(fixture.assertMatchesOracle("SELECT customer_id, CAST(account_ref AS bigint) FROM lakehouse.sec.customers")).hasSize(6);
        assertThat(fixture.assertMatchesOracle("SELECT customer_id FROM lakehouse.sec.customers WHERE CAST(account_ref AS bigint) > 1003")).hasSize(4);
        assertThat(fixture.assertMatchesOracle("SELECT customer_id FROM lakehouse.sec.customers WHERE region <> 'EU' AND CAST(account_ref AS bigint) > 0")).isEmpty();
        assertThat(fixture.assertMatchesOracle("SELECT 100 / (customer_id - 1) FROM lakehouse.sec.customers")).hasSize(6);
        // an error the analyst provokes shows a visible row's masked value, never a raw or hidden one
        assertThatThrownBy(() -> fixture.query(ANALYST, "SELECT CAST(ssn AS bigint) FROM lakehouse.sec.customers"))
                .hasMessageMatching("Cannot cast 'XXX-XX-\\d{4}' to BIGINT")
                .satisfies(error -> assertThat(error.getMessage()).doesNotContain(RAW_SSNS));
        assertThatThrownBy(() -> fixture.query(ANALYST, "SELECT customer_id FROM lakehouse.sec.customers WHERE CAST(email AS bigint) > 0"))
                .hasMessageMatching("Cannot cast 'xxxx@example\\.[a-z]+' to BIGINT");
    }

    @Test
    void rowFieldDereferenceStaysMasked()
    {
        assertThat(fixture.assertMatchesOracle("SELECT contact.email, contact.city FROM lakehouse.sec.profiles"))
                .extracting(row -> row.getField(0)).containsOnly("xxxx@example.com", "xxxx@example.de", "xxxx@example.it", "xxxx@example.jp");
        fixture.assertMatchesOracle("SELECT p.contact.email, p.contact FROM lakehouse.sec.profiles p");
        fixture.assertMatchesOracle("SELECT t.e FROM lakehouse.sec.profiles CROSS JOIN UNNEST(ARRAY[contact.email]) t(e)");
        assertThat(fixture.assertMatchesOracle("SELECT customer_id FROM lakehouse.sec.profiles WHERE contact.email = 'max@example.de'")).isEmpty();
    }

    @Test
    void upperCaseAndQuotedIdentifiersAreMasked()
    {
        assertThat(fixture.assertMatchesOracle(
                "SELECT \"EMAIL\", SSN, \"Birth_Date\" FROM LAKEHOUSE.SEC.\"CUSTOMERS\"",
                "SELECT email, ssn, birth_date FROM lakehouse.oracle.customers")).hasSize(6);
        fixture.assertMatchesOracle(
                "SELECT C.\"CONTACT\".\"EMAIL\" FROM \"LAKEHOUSE\".\"SEC\".\"PROFILES\" C",
                "SELECT contact.email FROM lakehouse.oracle.profiles");
    }

    @Test
    void excludeColumnsTableFunctionStillMasks()
    {
        assertThat(fixture.assertMatchesOracle("""
                SELECT * FROM TABLE(exclude_columns(input => TABLE(lakehouse.sec.customers), columns => DESCRIPTOR(phone)))""")).hasSize(6);
    }

    @Test
    void icebergTableChangesIsDeniedToTheAnalyst()
    {
        String changes = "SELECT customer_id, email, \"_change_type\" FROM TABLE(lakehouse.system.table_changes('sec', 'customers', %s, %s))"
                .formatted(fixture.firstCustomersSnapshot(), currentSnapshot());
        // it reads raw rows the engine cannot filter or mask, so it is refused to anyone with filters or masks in the catalog
        fixture.assertAccessDenied(ANALYST, changes, "Cannot execute function lakehouse.system.table_changes");
        assertThat(fixture.rows(ADMIN, changes)).extracting(MaterializedRow::getFields).containsExactly(List.of(7L, "eva@example.de", "insert"));
    }

    @Test
    void preparedStatementsAreMasked()
    {
        String query = "SELECT customer_id, email, ssn FROM lakehouse.sec.customers WHERE customer_id IN (?, ?)";
        Session analyst = Session.builder(fixture.as(ANALYST)).addPreparedStatement("s", query).build();
        Session admin = Session.builder(fixture.as(ADMIN)).addPreparedStatement("s", query.replace("lakehouse.sec.", "lakehouse.oracle.")).build();
        // customer 1 is hidden by the filter, customer 2 is visible and masked
        List<MaterializedRow> rows = fixture.rows(analyst, "EXECUTE s USING 1, 2");
        assertThat(rows).containsExactlyInAnyOrderElementsOf(fixture.rows(admin, "EXECUTE s USING 1, 2"));
        assertThat(rows).extracting(MaterializedRow::getFields).containsExactly(List.of(2L, "xxxx@example.de", "XXX-XX-7890"));
        assertThat(fixture.assertMatchesOracle("EXECUTE IMMEDIATE 'SELECT email, ssn FROM lakehouse.sec.customers WHERE customer_id IN (?, ?)' USING 1, 3"))
                .extracting(MaterializedRow::getFields).containsExactly(List.of("xxxx@example.it", "XXX-XX-8901"));
    }

    @Test
    void timeTravelIsMaskedAndFiltered()
    {
        // the first snapshot predates Eva Novak (EU, customer 7)
        assertThat(fixture.assertMatchesOracle(
                "SELECT * FROM lakehouse.sec.customers FOR VERSION AS OF " + fixture.firstCustomersSnapshot(),
                "SELECT * FROM lakehouse.oracle.customers_v1")).hasSize(5);
        fixture.assertMatchesOracle(
                "SELECT * FROM lakehouse.sec.customers FOR VERSION AS OF " + currentSnapshot(),
                "SELECT * FROM lakehouse.oracle.customers");
        String firstCommit = (String) fixture.query(ADMIN, "SELECT CAST(committed_at AS varchar) FROM lakehouse.sec.\"customers$snapshots\" WHERE snapshot_id = "
                + fixture.firstCustomersSnapshot()).getOnlyValue();
        fixture.assertMatchesOracle(
                "SELECT * FROM lakehouse.sec.customers FOR TIMESTAMP AS OF TIMESTAMP '%s'".formatted(firstCommit),
                "SELECT * FROM lakehouse.oracle.customers_v1");
    }

    private long currentSnapshot()
    {
        return (long) fixture.query(ADMIN, "SELECT snapshot_id FROM lakehouse.sec.\"customers$snapshots\" ORDER BY committed_at DESC LIMIT 1").getOnlyValue();
    }
}
