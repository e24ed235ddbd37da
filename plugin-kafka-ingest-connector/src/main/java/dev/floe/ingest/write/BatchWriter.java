package dev.floe.ingest.write;

import com.google.common.collect.ImmutableList;
import io.airlift.log.Logger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The Parquet data files of one batch for one table: rows are streamed to one open file per partition of the
 * table's current spec, so that a batch is never held in memory. {@link #close()} returns the files to commit;
 * {@link #abort()} deletes them.
 */
public final class BatchWriter
{
    private static final Logger log = Logger.get(BatchWriter.class);

    private final Table table;
    private final Schema schema;
    private final PartitionSpec spec;
    private final String filePrefix;
    private final PartitionKey partitionKey;
    private final InternalRecordWrapper wrapper;
    private final Map<PartitionKey, Open> open = new HashMap<>();
    private final List<String> written = new ArrayList<>();
    private long rows;
    private int fileCount;

    private record Open(OutputFile output, FileAppender<Record> appender, StructLike partition) {}

    /**
     * @param schema the table schema the rows were built for (the table's current one when the batch began)
     */
    public BatchWriter(Table table, Schema schema, String filePrefix)
    {
        this.table = requireNonNull(table, "table is null");
        this.schema = requireNonNull(schema, "schema is null");
        this.spec = table.spec();
        this.filePrefix = requireNonNull(filePrefix, "filePrefix is null");
        this.partitionKey = new PartitionKey(spec, schema);
        // partition transforms take Iceberg's internal representation (micros, days), generic records hold java.time
        this.wrapper = new InternalRecordWrapper(schema.asStruct());
    }

    public void write(GenericRecord row)
    {
        Open file;
        if (spec.isUnpartitioned()) {
            file = open.computeIfAbsent(partitionKey, _ -> open(null));
        }
        else {
            partitionKey.partition(wrapper.wrap(row));
            file = open.get(partitionKey);
            if (file == null) {
                PartitionKey key = partitionKey.copy();
                file = open(key);
                open.put(key, file);
            }
        }
        file.appender().add(row);
        rows++;
    }

    public Table table()
    {
        return table;
    }

    public Schema schema()
    {
        return schema;
    }

    public long rows()
    {
        return rows;
    }

    public boolean isEmpty()
    {
        return rows == 0;
    }

    /** Closes every open file and describes it for the commit; from then on the caller owns the files. */
    public List<DataFile> close()
    {
        ImmutableList.Builder<DataFile> files = ImmutableList.builder();
        try {
            for (Open file : open.values()) {
                file.appender().close();
                files.add(DataFiles.builder(spec)
                        .withPath(file.output().location())
                        .withFormat(FileFormat.PARQUET)
                        .withPartition(file.partition())
                        .withFileSizeInBytes(file.appender().length())
                        .withMetrics(file.appender().metrics())
                        .withSplitOffsets(file.appender().splitOffsets())
                        .build());
            }
        }
        catch (IOException | RuntimeException e) {
            abort();
            throw e instanceof IOException io ? new UncheckedIOException("Cannot write data files of " + table.name(), io) : (RuntimeException) e;
        }
        finally {
            open.clear();
        }
        written.clear();
        return files.build();
    }

    /** Deletes every file of the batch; it will be read again from Kafka. */
    public void abort()
    {
        for (Open file : open.values()) {
            try {
                file.appender().close();
            }
            catch (IOException | RuntimeException e) {
                // deleted below
            }
        }
        open.clear();
        written.forEach(location -> delete(table, location));
        written.clear();
    }

    /** Deletes files of a commit that failed; a file that cannot be deleted stays as an orphan, logged. */
    public static void delete(Table table, List<DataFile> files)
    {
        files.forEach(file -> delete(table, file.location()));
    }

    private static void delete(Table table, String location)
    {
        try {
            table.io().deleteFile(location);
        }
        catch (RuntimeException e) {
            log.warn(e, "Cannot delete uncommitted data file %s", location);
        }
    }

    private Open open(StructLike partition)
    {
        String name = "%s-%05d-%s.parquet".formatted(filePrefix, fileCount++, UUID.randomUUID());
        OutputFile output = table.io().newOutputFile(partition == null
                ? table.locationProvider().newDataLocation(name)
                : table.locationProvider().newDataLocation(spec, partition, name));
        written.add(output.location());
        try {
            FileAppender<Record> appender = Parquet.write(output)
                    .schema(schema)
                    .setAll(table.properties())
                    .createWriterFunc(GenericParquetWriter::create)
                    .overwrite()
                    .build();
            return new Open(output, appender, partition);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot create data file " + output.location(), e);
        }
    }
}
