package dev.floe.masking;

import io.trino.Session;
import io.trino.plugin.base.security.AllowAllSystemAccessControl;
import io.trino.spi.connector.CatalogSchemaName;
import io.trino.spi.connector.CatalogSchemaRoutineName;
import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.ColumnSchema;
import io.trino.spi.security.SystemSecurityContext;
import io.trino.spi.security.ViewExpression;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static com.google.common.collect.ImmutableMap.toImmutableMap;
import static dev.floe.testing.FloeQueryRunner.sessionFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The functions as column masks of a real {@code SystemAccessControl}: masks type-check against bounded
 * columns, keyed functions resolve through the mask's path, and copies of masked data stay masked.
 */
final class TestMasksInSystemAccessControl
        extends AbstractTestQueryFramework
{
    private static final CatalogSchemaTableName CUSTOMERS = new CatalogSchemaTableName("memory", "default", "customers");
    private static final Map<String, String> MASKS = Map.of(
            "name", "mask_show_first(name, 1)",
            "email", "mask_email(email)",
            "phone", "mask_phone(phone)",
            "ssn", "mask_hash(ssn)",
            "credit_card", "fpe_encrypt(credit_card)",
            "ip_address", "mask_ip(ip_address)",
            "birth_date", "mask_date_year(birth_date)",
            "lifetime_value", "generalize(lifetime_value, 1000)",
            "signup_ts", "mask_date_month(signup_ts)");

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        QueryRunner runner = MaskingTestRunners.withMaskingPlugin()
                .withSystemAccessControl(new MaskingAccessControl())
                .build();
        runner.execute(sessionFor(runner.getDefaultSession(), "admin"), """
                CREATE TABLE memory.default.customers (
                    customer_id bigint, name varchar(40), email varchar, phone varchar(20), ssn varchar(11), credit_card varchar(19),
                    ip_address varchar, birth_date date, lifetime_value decimal(12,2), signup_ts timestamp(6))
                """);
        runner.execute(sessionFor(runner.getDefaultSession(), "admin"), """
                INSERT INTO memory.default.customers VALUES
                    (1, 'Jane Doe', 'jane.doe@example.com', '+1 415 555 0132', '123-45-6789', '4111-1111-1111-1111', '192.168.17.42',
                     DATE '1984-06-12', 12345.67, TIMESTAMP '2019-03-14 15:09:26.535897'),
                    (2, 'Bo Li', 'bo@example.org', '+44 20 7946 0958', '234-56-7890', '5555-5555-5555-4444', '2001:db8:85a3::8a2e:370:7334',
                     DATE '1990-01-31', 999.99, TIMESTAMP '2021-12-31 23:59:59.999999')
                """);
        return runner;
    }

    @Test
    void unrestrictedUserSeesRawValues()
    {
        assertThat(query(admin(), "SELECT name, ssn, credit_card FROM memory.default.customers WHERE customer_id = 1"))
                .matches("VALUES (CAST('Jane Doe' AS varchar(40)), CAST('123-45-6789' AS varchar(11)), CAST('4111-1111-1111-1111' AS varchar(19)))");
    }

    @Test
    void maskedUserSeesMaskedValuesOfTheColumnTypes()
    {
        assertThat(query("""
                SELECT name, email, phone, ip_address, birth_date, lifetime_value, signup_ts
                FROM memory.default.customers ORDER BY customer_id
                """))
                .matches("""
                        VALUES
                            (CAST('Jxxx Xxx' AS varchar(40)), CAST('xxxx@example.com' AS varchar), CAST('+X XXX XXX 0132' AS varchar(20)), CAST('192.168.17.0' AS varchar),
                             DATE '1984-01-01', CAST(12000 AS decimal(12,2)), TIMESTAMP '2019-03-01 00:00:00.000000'),
                            (CAST('Bx Xx' AS varchar(40)), CAST('xxxx@example.org' AS varchar), CAST('+XX XX XXXX 0958' AS varchar(20)), CAST('2001:db8:85a3::' AS varchar),
                             DATE '1990-01-01', CAST(0 AS decimal(12,2)), TIMESTAMP '2021-12-01 00:00:00.000000')
                        """);
        String ssn = (String) computeScalar("SELECT ssn FROM memory.default.customers WHERE customer_id = 1");
        assertThat(ssn).hasSize(11).matches("[0-9a-f]{11}");
        String card = (String) computeScalar("SELECT credit_card FROM memory.default.customers WHERE customer_id = 1");
        assertThat(card).matches("\\d{4}-\\d{4}-\\d{4}-\\d{4}").isNotEqualTo("4111-1111-1111-1111");
    }

    @Test
    void filtersCompareAgainstTheMaskedValue()
    {
        assertThat(computeScalar("SELECT count(*) FROM memory.default.customers WHERE ssn = '123-45-6789'")).isEqualTo(0L);
        assertThat(computeScalar("SELECT count(*) FROM memory.default.customers WHERE ssn = mask_hash(CAST('123-45-6789' AS varchar(11)))")).isEqualTo(1L);
    }

    @Test
    void copiesOfMaskedDataStayMasked()
    {
        getQueryRunner().execute("CREATE TABLE memory.default.copied AS SELECT * FROM memory.default.customers");
        try {
            assertThat(computeScalar(admin(), "SELECT email FROM memory.default.copied WHERE customer_id = 1")).isEqualTo("xxxx@example.com");
            assertThat(computeScalar(admin(), "SELECT credit_card <> '4111-1111-1111-1111' FROM memory.default.copied WHERE customer_id = 1")).isEqualTo(true);
        }
        finally {
            getQueryRunner().execute(admin(), "DROP TABLE memory.default.copied");
        }
    }

    @Test
    void decryptionIsAPrivilege()
    {
        String encrypted = (String) computeScalar("SELECT credit_card FROM memory.default.customers WHERE customer_id = 1");
        assertThat(computeScalar(sessionFor(getSession(), "auditor"), "SELECT fpe_decrypt('%s')".formatted(encrypted))).isEqualTo("4111-1111-1111-1111");
        assertQueryFails("SELECT fpe_decrypt('%s')".formatted(encrypted), ".*Access Denied: Cannot execute function fpe_decrypt.*");
    }

    private Session admin()
    {
        return sessionFor(getSession(), "admin");
    }

    /** Allows everything, masks the customers table for everyone but admin, and lets only auditor decrypt. */
    private static final class MaskingAccessControl
            extends AllowAllSystemAccessControl
    {
        @Override
        public Map<ColumnSchema, ViewExpression> getColumnMasks(SystemSecurityContext context, CatalogSchemaTableName table, List<ColumnSchema> columns)
        {
            if (!table.equals(CUSTOMERS) || context.getIdentity().getUser().equals("admin")) {
                return Map.of();
            }
            return columns.stream()
                    .filter(column -> MASKS.containsKey(column.getName()))
                    .collect(toImmutableMap(Function.identity(), column -> mask(MASKS.get(column.getName()))));
        }

        @Override
        public boolean canExecuteFunction(SystemSecurityContext context, CatalogSchemaRoutineName function)
        {
            return !function.getRoutineName().equals("fpe_decrypt") || context.getIdentity().getUser().equals("auditor");
        }

        private static ViewExpression mask(String expression)
        {
            ViewExpression.Builder builder = ViewExpression.builder()
                    .catalog(CUSTOMERS.getCatalogName())
                    .schema(CUSTOMERS.getSchemaTableName().getSchemaName())
                    .expression(expression);
            builder.setPath(List.of(new CatalogSchemaName("masking", "functions")));
            return builder.build();
        }
    }
}
