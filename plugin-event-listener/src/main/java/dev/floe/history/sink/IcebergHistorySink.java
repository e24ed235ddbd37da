package dev.floe.history.sink;

import dev.floe.history.table.HistoryTable;
import dev.floe.history.table.Row;
import io.airlift.log.Logger;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.types.Types.NestedField;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static dev.floe.history.table.HistoryTables.QUERY_SPLITS;
import static java.util.Objects.requireNonNull;

/**
 * Writes batches of history rows into the Iceberg tables: one Parquet file per table and day, one append per table
 * and batch. Each append carries this node's writer id and the last spool segment it contains in the snapshot
 * summary, and a batch whose segment a table already holds is not appended again: replaying the spool after a
 * crash between commit and spool cleanup adds no duplicate rows.
 */
public final class IcebergHistorySink
{
    public static final String WRITER_PROPERTY = "floe.history.writer";
    public static final String SEGMENT_PROPERTY = "floe.history.segment";

    private static final Logger log = Logger.get(IcebergHistorySink.class);
    private static final Map<String, String> TABLE_PROPERTIES = Map.of(
            TableProperties.FORMAT_VERSION, "2",
            TableProperties.DEFAULT_FILE_FORMAT, "parquet",
            TableProperties.PARQUET_COMPRESSION, "snappy",
            // several nodes append to the same tables
            TableProperties.COMMIT_NUM_RETRIES, "10",
            TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true",
            TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "20");

    private final Supplier<Catalog> catalogFactory;
    private final Namespace namespace;
    private final String writerId;
    private final Map<HistoryTable, Table> tables = new ConcurrentHashMap<>();
    // the last segment each table holds from this writer, read from its snapshots when first loaded
    private final Map<HistoryTable, Long> committedSegments = new ConcurrentHashMap<>();

    // created on first use, so that a catalog that is down when the server starts delays history, not the server
    private volatile Catalog catalog;

    public IcebergHistorySink(Supplier<Catalog> catalogFactory, Namespace namespace, String writerId)
    {
        this.catalogFactory = requireNonNull(catalogFactory, "catalogFactory is null");
        this.namespace = requireNonNull(namespace, "namespace is null");
        this.writerId = requireNonNull(writerId, "writerId is null");
    }

    public Namespace namespace()
    {
        return namespace;
    }

    /**
     * Appends to each table the rows of the segments (in order, numbered by the spool) it does not hold yet: a
     * table that already holds some of them — a crash came after its commit and before the spool dropped them —
     * gets only the later ones. Throws when a table cannot be written; tables committed before the failure keep
     * their rows and are skipped on the retry.
     */
    public void commit(List<SegmentRows> segments)
    {
        if (segments.isEmpty()) {
            return;
        }
        long last = segments.getLast().segment();
        Set<HistoryTable> written = new LinkedHashSet<>();
        segments.forEach(segment -> segment.rows().forEach(row -> written.add(row.table())));
        for (HistoryTable definition : written) {
            Table table = table(definition);
            long committed = committedSegments.computeIfAbsent(definition, _ -> lastCommittedSegment(table).orElse(-1));
            List<Row> rows = SegmentRows.after(segments, committed).stream()
                    .filter(row -> row.table() == definition)
                    .toList();
            if (rows.isEmpty()) {
                log.info("%s already holds spool segments up to %s of writer %s", definition, committed, writerId);
                continue;
            }
            commit(definition, table, last, definition == QUERY_SPLITS ? SplitAggregator.aggregate(rows) : rows);
        }
    }

    /** The table, created with its namespace on first use; a table of an older version gains the columns it lacks. */
    public Table table(HistoryTable definition)
    {
        return tables.computeIfAbsent(definition, this::loadOrCreate);
    }

    private void commit(HistoryTable definition, Table table, long segment, List<Row> rows)
    {
        List<DataFile> files = write(table, segment, rows);
        try {
            AppendFiles append = table.newAppend()
                    .set(WRITER_PROPERTY, writerId)
                    .set(SEGMENT_PROPERTY, Long.toString(segment));
            files.forEach(append::appendFile);
            append.commit();
        }
        catch (CommitStateUnknownException e) {
            // the commit may have landed: keep its files, and read the markers again before the retry
            committedSegments.remove(definition);
            tables.remove(definition);
            throw e;
        }
        catch (RuntimeException e) {
            files.forEach(file -> ParquetDataFiles.deleteQuietly(table, file.location()));
            tables.remove(definition);
            throw e;
        }
        committedSegments.put(definition, segment);
    }

    private List<DataFile> write(Table table, long segment, List<Row> rows)
    {
        Schema schema = table.schema();
        // one file per day partition
        Map<Integer, List<Record>> byDay = new TreeMap<>();
        for (Row row : rows) {
            Instant time = (Instant) row.get(row.table().timeColumn());
            int day = Math.toIntExact(Math.floorDiv(time.getEpochSecond(), 86_400L));
            byDay.computeIfAbsent(day, _ -> new ArrayList<>()).add(record(schema, row));
        }
        List<DataFile> files = new ArrayList<>();
        try {
            for (Map.Entry<Integer, List<Record>> day : byDay.entrySet()) {
                PartitionKey partition = new PartitionKey(table.spec(), schema);
                partition.set(0, day.getKey());
                String fileName = "%s-%020d-%s.parquet".formatted(writerId, segment, UUID.randomUUID());
                files.add(ParquetDataFiles.write(table, partition, fileName, appender -> appender.addAll(day.getValue())));
            }
        }
        catch (IOException | RuntimeException e) {
            files.forEach(file -> ParquetDataFiles.deleteQuietly(table, file.location()));
            if (e instanceof IOException ioException) {
                throw new UncheckedIOException("Cannot write history data files of " + table.name(), ioException);
            }
            throw (RuntimeException) e;
        }
        return files;
    }

    private static Record record(Schema schema, Row row)
    {
        GenericRecord record = GenericRecord.create(schema);
        for (NestedField field : row.table().schema().columns()) {
            Object value = row.get(row.table().position(field.name()));
            if (value != null && schema.findField(field.name()) != null) {
                record.setField(field.name(), value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value);
            }
        }
        return record;
    }

    private OptionalLong lastCommittedSegment(Table table)
    {
        OptionalLong last = OptionalLong.empty();
        for (Snapshot snapshot : table.snapshots()) {
            Map<String, String> summary = snapshot.summary();
            if (writerId.equals(summary.get(WRITER_PROPERTY)) && summary.containsKey(SEGMENT_PROPERTY)) {
                long segment = Long.parseLong(summary.get(SEGMENT_PROPERTY));
                if (last.isEmpty() || segment > last.getAsLong()) {
                    last = OptionalLong.of(segment);
                }
            }
        }
        return last;
    }

    private Catalog catalog()
    {
        if (catalog == null) {
            catalog = requireNonNull(catalogFactory.get(), "catalogFactory returned null");
        }
        return catalog;
    }

    private Table loadOrCreate(HistoryTable definition)
    {
        Catalog catalog = catalog();
        TableIdentifier identifier = TableIdentifier.of(namespace, definition.name());
        try {
            return evolve(catalog.loadTable(identifier), definition);
        }
        catch (NoSuchTableException e) {
            createNamespace();
            try {
                Table table = catalog.buildTable(identifier, definition.schema())
                        .withPartitionSpec(definition.partitionSpec())
                        .withProperties(TABLE_PROPERTIES)
                        .create();
                log.info("Created history table %s", identifier);
                return table;
            }
            catch (AlreadyExistsException raced) {
                return evolve(catalog.loadTable(identifier), definition);
            }
        }
    }

    private static Table evolve(Table table, HistoryTable definition)
    {
        boolean missing = definition.schema().columns().stream().anyMatch(column -> table.schema().findField(column.name()) == null);
        if (missing) {
            table.updateSchema().unionByNameWith(definition.schema()).commit();
            table.refresh();
            log.info("Added the missing columns of history table %s", table.name());
        }
        return table;
    }

    private void createNamespace()
    {
        if (catalog() instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(namespace)) {
            try {
                namespaces.createNamespace(namespace);
                log.info("Created history schema %s", namespace);
            }
            catch (AlreadyExistsException _) {
                // created by another node meanwhile
            }
        }
    }

}
