package dev.floe.history.sink;

import io.airlift.log.Logger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;

import java.io.IOException;

/** One Parquet data file of a table's partition, described with the metrics Iceberg keeps per file. */
final class ParquetDataFiles
{
    private static final Logger log = Logger.get(ParquetDataFiles.class);

    /** What goes into the file. */
    interface Records
    {
        void writeTo(FileAppender<Record> appender)
                throws IOException;
    }

    private ParquetDataFiles() {}

    /** Writes the file; a file that could not be written whole is deleted. */
    static DataFile write(Table table, StructLike partition, String fileName, Records records)
            throws IOException
    {
        OutputFile output = table.io().newOutputFile(table.locationProvider().newDataLocation(table.spec(), partition, fileName));
        FileAppender<Record> appender = Parquet.write(output)
                .forTable(table)
                .createWriterFunc(GenericParquetWriter::create)
                .build();
        try {
            try (appender) {
                records.writeTo(appender);
            }
        }
        catch (IOException | RuntimeException e) {
            deleteQuietly(table, output.location());
            throw e;
        }
        return DataFiles.builder(table.spec())
                .withPath(output.location())
                .withFormat(FileFormat.PARQUET)
                .withPartition(partition)
                .withFileSizeInBytes(appender.length())
                .withMetrics(appender.metrics())
                .withSplitOffsets(appender.splitOffsets())
                .build();
    }

    /** Deletes a file no snapshot refers to; a failure leaves an orphan file, which is logged. */
    static void deleteQuietly(Table table, String location)
    {
        try {
            table.io().deleteFile(location);
        }
        catch (RuntimeException e) {
            log.warn(e, "Cannot delete uncommitted history data file %s", location);
        }
    }
}
