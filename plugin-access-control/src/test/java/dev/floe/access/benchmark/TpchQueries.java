package dev.floe.access.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The 22 TPC-H queries as the tpch generator library (io.trino.tpch, a dependency of trino-tpch) ships them, run
 * against the session's {@code tpch.tiny}; Q15 there creates a view, here it is the equivalent {@code WITH} query.
 */
final class TpchQueries
{
    private static final String Q15 = """
            WITH revenue AS (
              SELECT l_suppkey AS supplier_no, sum(l_extendedprice * (1 - l_discount)) AS total_revenue
              FROM lineitem
              WHERE l_shipdate >= DATE '1996-01-01' AND l_shipdate < DATE '1996-01-01' + INTERVAL '3' MONTH
              GROUP BY l_suppkey)
            SELECT s_suppkey, s_name, s_address, s_phone, total_revenue
            FROM supplier, revenue
            WHERE s_suppkey = supplier_no AND total_revenue = (SELECT max(total_revenue) FROM revenue)
            ORDER BY s_suppkey
            """;

    private TpchQueries() {}

    /** Name ({@code q1}…{@code q22}) to SQL, in order. */
    static Map<String, String> all()
    {
        Map<String, String> queries = new LinkedHashMap<>();
        for (int i = 1; i <= 22; i++) {
            queries.put("q" + i, i == 15 ? Q15 : load("io/trino/tpch/queries/q%s.sql".formatted(i)));
        }
        return queries;
    }

    private static String load(String resource)
    {
        try (InputStream in = requireNonNull(TpchQueries.class.getClassLoader().getResourceAsStream(resource), resource)) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return sql.lines()
                    .filter(line -> !line.startsWith("--"))
                    .collect(Collectors.joining("\n"))
                    .strip()
                    .replaceAll(";$", "");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
