package dev.floe.history.sink;

import dev.floe.history.table.Row;

import java.util.List;

/** The rows of one spool segment: commits and deliveries are decided per segment, never per batch. */
public record SegmentRows(long segment, List<Row> rows)
{
    public SegmentRows
    {
        rows = List.copyOf(rows);
    }

    /** The rows of the segments after {@code segment}, in segment order. */
    public static List<Row> after(List<SegmentRows> segments, long segment)
    {
        return segments.stream()
                .filter(rows -> rows.segment() > segment)
                .flatMap(rows -> rows.rows().stream())
                .toList();
    }
}
