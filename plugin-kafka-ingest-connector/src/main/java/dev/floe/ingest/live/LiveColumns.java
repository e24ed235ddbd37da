package dev.floe.ingest.live;

import com.google.common.collect.ImmutableList;
import dev.floe.ingest.live.LiveColumnHandle.Role;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeManager;
import io.trino.spi.type.TypeSignature;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.types.Types;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarbinaryType.VARBINARY;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * The columns of topic and pipeline tables. A topic table has the record's parts; a pipeline table has the target
 * table's columns, then {@code _partition}, {@code _offset} and {@code _timestamp} as hidden columns, so that
 * {@code SELECT *} gives the target table's columns and a {@code UNION ALL} with it lines up.
 */
final class LiveColumns
{
    static final String PARTITION = "_partition";
    static final String OFFSET = "_offset";
    static final String TIMESTAMP = "_timestamp";

    private final IcebergTypes icebergTypes;
    private final List<LiveColumnHandle> topicColumns;

    LiveColumns(TypeManager typeManager)
    {
        requireNonNull(typeManager, "typeManager is null");
        this.icebergTypes = new IcebergTypes(typeManager);
        Type headers = typeManager.getType(TypeSignature.mapType(VARCHAR.getTypeSignature(), VARBINARY.getTypeSignature()));
        this.topicColumns = ImmutableList.<LiveColumnHandle>builder()
                .addAll(positionColumns())
                .add(column("_key", VARCHAR, Role.KEY))
                .add(column("_value", VARCHAR, Role.VALUE))
                .add(column("_key_bytes", VARBINARY, Role.KEY_BYTES))
                .add(column("_value_bytes", VARBINARY, Role.VALUE_BYTES))
                .add(column("_headers", headers, Role.HEADERS))
                .build();
    }

    private static List<LiveColumnHandle> positionColumns()
    {
        return List.of(
                column(PARTITION, INTEGER, Role.PARTITION),
                column(OFFSET, BIGINT, Role.OFFSET),
                column(TIMESTAMP, TIMESTAMP_TZ_MILLIS, Role.TIMESTAMP));
    }

    private static LiveColumnHandle column(String name, Type type, Role role)
    {
        return new LiveColumnHandle(name, type, role, Optional.empty());
    }

    List<LiveColumnHandle> columns(LiveTableHandle table)
    {
        return table.pipeline().map(pipeline -> pipelineColumns(SchemaParser.fromJson(pipeline.schemaJson()))).orElse(topicColumns);
    }

    List<LiveColumnHandle> topicColumns()
    {
        return topicColumns;
    }

    /**
     * @throws IllegalArgumentException when a column's type has no Trino type
     */
    List<LiveColumnHandle> pipelineColumns(Schema schema)
    {
        ImmutableList.Builder<LiveColumnHandle> columns = ImmutableList.builder();
        Set<String> names = new HashSet<>();
        for (Types.NestedField field : schema.columns()) {
            Type type;
            try {
                type = icebergTypes.toTrino(field.type());
            }
            catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("column %s: %s".formatted(field.name(), e.getMessage()), e);
            }
            String name = field.name().toLowerCase(Locale.ROOT);
            names.add(name);
            columns.add(new LiveColumnHandle(name, type, Role.DATA, Optional.of(field.fieldId())));
        }
        // a target column of the same name wins: SELECT * must match the target table
        positionColumns().stream().filter(column -> !names.contains(column.name())).forEach(columns::add);
        return columns.build();
    }

    static ColumnMetadata metadata(LiveTableHandle table, LiveColumnHandle column)
    {
        return metadata(table.pipeline().isPresent(), column);
    }

    static ColumnMetadata metadata(boolean pipelineTable, LiveColumnHandle column)
    {
        return ColumnMetadata.builder()
                .setName(column.name())
                .setType(column.type())
                .setHidden(pipelineTable && column.role() != Role.DATA)
                .setComment(Optional.ofNullable(comment(column.role())))
                .build();
    }

    private static String comment(Role role)
    {
        return switch (role) {
            case DATA -> null;
            case PARTITION -> "Kafka partition of the record";
            case OFFSET -> "Offset of the record in its partition";
            case TIMESTAMP -> "Timestamp of the record (create or log-append time, as the topic keeps it)";
            case KEY -> "Key as UTF-8 text";
            case VALUE -> "Value as UTF-8 text";
            case KEY_BYTES -> "Key bytes";
            case VALUE_BYTES -> "Value bytes";
            case HEADERS -> "Headers (of a repeated header, the last)";
        };
    }
}
