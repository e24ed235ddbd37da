package dev.floe.cache.refresh;

import dev.floe.cache.freshness.QualifiedTable;
import io.trino.sql.parser.ParsingException;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.AliasedRelation;
import io.trino.sql.tree.DefaultTraversalVisitor;
import io.trino.sql.tree.Identifier;
import io.trino.sql.tree.NodeLocation;
import io.trino.sql.tree.Query;
import io.trino.sql.tree.QuerySpecification;
import io.trino.sql.tree.Relation;
import io.trino.sql.tree.Statement;
import io.trino.sql.tree.Table;
import io.trino.sql.tree.WithQuery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * A view's SQL as Trino's parser reads it: the tables it names directly, and the same text with some of them
 * replaced — pinned to a snapshot ({@code FOR VERSION AS OF}) so a refresh reads exactly the snapshots it records, or
 * narrowed to the rows appended between two snapshots (Iceberg's {@code table_changes}). Replacement is done on the
 * text at the positions the parser reports, so everything else stays as the user wrote it.
 */
public final class ViewSql
{
    private final String sql;
    private final Statement statement;
    private final List<Reference> references;
    private final boolean complete;

    private ViewSql(String sql, Statement statement, List<Reference> references, boolean complete)
    {
        this.sql = sql;
        this.statement = statement;
        this.references = List.copyOf(references);
        this.complete = complete;
    }

    public static ViewSql parse(String sql, Optional<String> catalog, Optional<String> schema)
    {
        requireNonNull(sql, "sql is null");
        Statement statement;
        try {
            statement = new SqlParser().createStatement(sql);
        }
        catch (ParsingException e) {
            throw new IllegalArgumentException("Cannot parse the view's SQL: " + e.getMessage(), e);
        }
        Set<String> withNames = new HashSet<>();
        Set<Table> aliased = new HashSet<>();
        List<Table> tables = new ArrayList<>();
        new DefaultTraversalVisitor<Void>()
        {
            @Override
            protected Void visitWithQuery(WithQuery node, Void context)
            {
                withNames.add(node.getName().getCanonicalValue().toLowerCase(Locale.ROOT));
                return super.visitWithQuery(node, context);
            }

            @Override
            protected Void visitAliasedRelation(AliasedRelation node, Void context)
            {
                if (node.getRelation() instanceof Table table) {
                    aliased.add(table);
                }
                return super.visitAliasedRelation(node, context);
            }

            @Override
            protected Void visitTable(Table node, Void context)
            {
                tables.add(node);
                return super.visitTable(node, context);
            }
        }.process(statement, null);

        List<Reference> references = new ArrayList<>();
        boolean complete = true;
        for (Table table : tables) {
            List<String> parts = table.getName().getParts();
            if (parts.size() == 1 && withNames.contains(parts.getFirst().toLowerCase(Locale.ROOT))) {
                continue;
            }
            Optional<QualifiedTable> name = resolve(parts, catalog, schema);
            if (name.isEmpty()) {
                complete = false;
                continue;
            }
            references.add(new Reference(
                    name.get(),
                    table.getQueryPeriod().isPresent(),
                    aliased.contains(table),
                    offset(sql, table.getLocation().orElseThrow()),
                    end(sql, table.getName().getOriginalParts().getLast())));
        }
        return new ViewSql(sql, statement, references, complete);
    }

    /** The tables named in the SQL (not common table expressions), in order of appearance. */
    public List<Reference> references()
    {
        return references;
    }

    /** Whether every table name of the SQL resolved to a {@code catalog.schema.table} (the view has a catalog and schema where needed). */
    public boolean complete()
    {
        return complete;
    }

    /**
     * Whether the view only scans, filters and projects one table: a single {@code SELECT … FROM t [WHERE …]}
     * without grouping, {@code DISTINCT}, windows, ordering, limits or {@code WITH}. (Aggregate functions without
     * {@code GROUP BY} are not visible in the syntax; the refresh checks the plan for them.)
     */
    public boolean isSingleTableScan()
    {
        if (references.size() != 1 || references.getFirst().versioned() || !(statement instanceof Query query)) {
            return false;
        }
        if (query.getWith().isPresent() || query.getOrderBy().isPresent() || query.getOffset().isPresent() || query.getLimit().isPresent()
                || !query.getFunctions().isEmpty() || !(query.getQueryBody() instanceof QuerySpecification specification)) {
            return false;
        }
        Optional<Relation> from = specification.getFrom();
        boolean fromTable = from.isPresent() && (from.get() instanceof Table
                || (from.get() instanceof AliasedRelation aliasedRelation && aliasedRelation.getRelation() instanceof Table));
        return fromTable
                && specification.getGroupBy().isEmpty()
                && specification.getHaving().isEmpty()
                && specification.getWindows().isEmpty()
                && !specification.getSelect().isDistinct()
                && specification.getOrderBy().isEmpty()
                && specification.getOffset().isEmpty()
                && specification.getLimit().isEmpty();
    }

    /** The SQL with every reference to a pinned table replaced as its {@link Pin} says. */
    public String rewrite(Map<QualifiedTable, Pin> pins)
    {
        StringBuilder rewritten = new StringBuilder(sql);
        // from the end, so earlier offsets stay valid
        for (Reference reference : references.stream().sorted(Comparator.comparingInt(Reference::start).reversed()).toList()) {
            Pin pin = pins.get(reference.table());
            if (pin != null && !reference.versioned()) {
                rewritten.replace(reference.start(), reference.end(), pin.sql(reference));
            }
        }
        return rewritten.toString();
    }

    private static Optional<QualifiedTable> resolve(List<String> parts, Optional<String> catalog, Optional<String> schema)
    {
        return switch (parts.size()) {
            case 1 -> catalog.isPresent() && schema.isPresent() ? Optional.of(QualifiedTable.of(catalog.get(), schema.get(), parts.get(0))) : Optional.empty();
            case 2 -> catalog.map(name -> QualifiedTable.of(name, parts.get(0), parts.get(1)));
            case 3 -> Optional.of(QualifiedTable.of(parts.get(0), parts.get(1), parts.get(2)));
            default -> Optional.empty();
        };
    }

    private static int offset(String sql, NodeLocation location)
    {
        int offset = 0;
        for (int line = 1; line < location.getLineNumber(); line++) {
            offset = sql.indexOf('\n', offset) + 1;
        }
        return offset + location.getColumnNumber() - 1;
    }

    /** The offset just after an identifier, as written (quotes and doubled quotes included). */
    private static int end(String sql, Identifier identifier)
    {
        int start = offset(sql, identifier.getLocation().orElseThrow());
        String value = identifier.getValue();
        int length = identifier.isDelimited() ? value.length() + 2 + (int) value.chars().filter(c -> c == '"').count() : value.length();
        return start + length;
    }

    /** A table named in the view's SQL: its resolved name, whether the SQL already fixes its version, and where it is written. */
    public record Reference(QualifiedTable table, boolean versioned, boolean aliased, int start, int end)
    {
        public Reference
        {
            requireNonNull(table, "table is null");
        }
    }

    /**
     * What a refresh reads of one source: the snapshot {@code to}, or with {@code from} only the rows appended after
     * {@code from} up to {@code to}; {@code columns} are the source's columns, so the narrowed relation has its shape.
     */
    public record Pin(Optional<Long> from, long to, List<String> columns)
    {
        public Pin
        {
            requireNonNull(from, "from is null");
            columns = List.copyOf(columns);
        }

        public static Pin at(long snapshotId)
        {
            return new Pin(Optional.empty(), snapshotId, List.of());
        }

        public static Pin appendedBetween(long from, long to, List<String> columns)
        {
            return new Pin(Optional.of(from), to, columns);
        }

        String sql(Reference reference)
        {
            QualifiedTable table = reference.table();
            if (from.isEmpty()) {
                return table.sql() + " FOR VERSION AS OF " + to;
            }
            String narrowed = "(SELECT %s FROM TABLE(%s.\"system\".\"table_changes\"(%s, %s, %s, %s)) WHERE \"_change_type\" = 'insert')".formatted(
                    columns.stream().map(QualifiedTable::quote).collect(Collectors.joining(", ")),
                    QualifiedTable.quote(table.catalog()),
                    literal(table.schema()),
                    literal(table.table()),
                    from.get(),
                    to);
            // an unaliased table keeps its name as the alias, so qualified column references still resolve
            return reference.aliased() ? narrowed : narrowed + " " + QualifiedTable.quote(table.table());
        }

        private static String literal(String value)
        {
            return "'" + value.replace("'", "''") + "'";
        }
    }
}
