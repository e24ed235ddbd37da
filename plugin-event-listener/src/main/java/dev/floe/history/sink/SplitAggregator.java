package dev.floe.history.sink;

import dev.floe.history.table.Row;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sums the per-split rows of a batch into one row per query, stage, node and catalog. */
final class SplitAggregator
{
    private static final List<String> KEY = List.of("query_id", "stage_id", "node", "catalog_name");
    private static final List<String> SUMS = List.of("splits", "failed_splits", "cpu_ms", "wall_ms", "queued_ms", "read_ms", "positions", "data_size_bytes");

    private SplitAggregator() {}

    static List<Row> aggregate(List<Row> splits)
    {
        Map<List<Object>, Row> rows = new LinkedHashMap<>();
        for (Row split : splits) {
            List<Object> key = Arrays.asList(KEY.stream().map(split::get).toArray());
            rows.merge(key, split, SplitAggregator::merge);
        }
        return List.copyOf(rows.values());
    }

    private static Row merge(Row left, Row right)
    {
        Row.Builder merged = left.toBuilder();
        for (String column : SUMS) {
            merged.set(column, sum((Long) left.get(column), (Long) right.get(column)));
        }
        merged.set("create_time", earliest((Instant) left.get("create_time"), (Instant) right.get("create_time")));
        merged.set("first_start_time", earliest((Instant) left.get("first_start_time"), (Instant) right.get("first_start_time")));
        merged.set("last_end_time", latest((Instant) left.get("last_end_time"), (Instant) right.get("last_end_time")));
        return merged.build();
    }

    private static Long sum(Long left, Long right)
    {
        if (left == null) {
            return right;
        }
        return right == null ? left : left + right;
    }

    private static Instant earliest(Instant left, Instant right)
    {
        if (left == null) {
            return right;
        }
        return right == null || left.isBefore(right) ? left : right;
    }

    private static Instant latest(Instant left, Instant right)
    {
        if (left == null) {
            return right;
        }
        return right == null || left.isAfter(right) ? left : right;
    }
}
