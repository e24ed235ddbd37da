package dev.floe.cache.view;

/** How a refresh brought the storage table up to date. */
public enum RefreshType
{
    /** The whole result computed again and swapped in with one Iceberg commit. */
    FULL,
    /** Only new source rows appended, in one Iceberg commit. */
    INCREMENTAL,
    /** Every source was versioned and unchanged: nothing to do. */
    SKIPPED,
}
