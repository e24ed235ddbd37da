package dev.floe.cache.refresh;

import dev.floe.cache.freshness.QualifiedTable;
import dev.floe.cache.refresh.ViewSql.Pin;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestViewSql
{
    private static final QualifiedTable ORDERS = new QualifiedTable("lakehouse", "demo", "orders");
    private static final QualifiedTable LINEITEM = new QualifiedTable("lakehouse", "demo", "lineitem");

    @Test
    void resolvesNamesAgainstTheViewsCatalogAndSchema()
    {
        ViewSql sql = ViewSql.parse("""
                WITH recent AS (SELECT * FROM orders WHERE orderdate > DATE '2024-01-01')
                SELECT * FROM recent r JOIN demo.lineitem l ON l.orderkey = r.orderkey
                WHERE r.custkey IN (SELECT custkey FROM tpch.tiny.customer)""", Optional.of("lakehouse"), Optional.of("demo"));
        assertThat(sql.references()).extracting(ViewSql.Reference::table)
                .containsExactly(ORDERS, LINEITEM, new QualifiedTable("tpch", "tiny", "customer"));
        assertThat(sql.isSingleTableScan()).isFalse();
        assertThat(sql.complete()).isTrue();

        // without a schema, a one-part name resolves to nothing the refresh could look at
        ViewSql partial = ViewSql.parse("SELECT * FROM orders JOIN demo.lineitem USING (orderkey)", Optional.of("lakehouse"), Optional.empty());
        assertThat(partial.references()).extracting(ViewSql.Reference::table).containsExactly(LINEITEM);
        assertThat(partial.complete()).isFalse();
    }

    @Test
    void pinsTablesToSnapshotsAndKeepsTheRest()
    {
        ViewSql sql = ViewSql.parse("SELECT o.orderkey, \"LineItem\".quantity FROM orders o JOIN lakehouse.demo.\"LineItem\" ON true", Optional.of("lakehouse"), Optional.of("demo"));
        QualifiedTable quoted = new QualifiedTable("lakehouse", "demo", "lineitem");
        assertThat(sql.rewrite(Map.of(ORDERS, Pin.at(11), quoted, Pin.at(22))))
                .isEqualTo("SELECT o.orderkey, \"LineItem\".quantity FROM \"lakehouse\".\"demo\".\"orders\" FOR VERSION AS OF 11 o JOIN \"lakehouse\".\"demo\".\"lineitem\" FOR VERSION AS OF 22 ON true");
        assertThat(sql.rewrite(Map.of())).isEqualTo("SELECT o.orderkey, \"LineItem\".quantity FROM orders o JOIN lakehouse.demo.\"LineItem\" ON true");
    }

    @Test
    void narrowsASingleTableScanToAppendedRows()
    {
        ViewSql unaliased = ViewSql.parse("SELECT orderkey FROM orders WHERE orders.totalprice > 10", Optional.of("lakehouse"), Optional.of("demo"));
        assertThat(unaliased.isSingleTableScan()).isTrue();
        assertThat(unaliased.rewrite(Map.of(ORDERS, Pin.appendedBetween(1, 2, List.of("orderkey", "totalprice")))))
                .isEqualTo("SELECT orderkey FROM (SELECT \"orderkey\", \"totalprice\" FROM TABLE(\"lakehouse\".\"system\".\"table_changes\"('demo', 'orders', 1, 2)) WHERE \"_change_type\" = 'insert') \"orders\" WHERE orders.totalprice > 10");

        ViewSql aliased = ViewSql.parse("SELECT o.orderkey FROM orders AS o", Optional.of("lakehouse"), Optional.of("demo"));
        assertThat(aliased.rewrite(Map.of(ORDERS, Pin.appendedBetween(1, 2, List.of("orderkey")))))
                .isEqualTo("SELECT o.orderkey FROM (SELECT \"orderkey\" FROM TABLE(\"lakehouse\".\"system\".\"table_changes\"('demo', 'orders', 1, 2)) WHERE \"_change_type\" = 'insert') AS o");
    }

    @Test
    void recognizesWhatIsNotASingleTableScan()
    {
        for (String sql : List.of(
                "SELECT orderstatus, count(*) FROM orders GROUP BY orderstatus",
                "SELECT DISTINCT orderstatus FROM orders",
                "SELECT * FROM orders ORDER BY orderkey LIMIT 10",
                "SELECT * FROM orders o JOIN lineitem l ON o.orderkey = l.orderkey",
                "SELECT * FROM orders UNION ALL SELECT * FROM orders",
                "WITH o AS (SELECT * FROM orders) SELECT * FROM o",
                "SELECT * FROM orders FOR VERSION AS OF 5")) {
            assertThat(ViewSql.parse(sql, Optional.of("lakehouse"), Optional.of("demo")).isSingleTableScan()).as(sql).isFalse();
        }
    }

    @Test
    void leavesTablesTheViewAlreadyPinsAlone()
    {
        ViewSql sql = ViewSql.parse("SELECT * FROM orders FOR VERSION AS OF 5", Optional.of("lakehouse"), Optional.of("demo"));
        assertThat(sql.rewrite(Map.of(ORDERS, Pin.at(9)))).isEqualTo("SELECT * FROM orders FOR VERSION AS OF 5");
    }

    @Test
    void rejectsUnparsableSql()
    {
        assertThatThrownBy(() -> ViewSql.parse("SELEKT 1", Optional.empty(), Optional.empty()))
                .hasMessageStartingWith("Cannot parse the view's SQL: line 1:1");
    }
}
