package dev.floe.resultcache.validity;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import dev.floe.resultcache.store.InputVersion;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What the coordinator reports about a finished query ({@code GET /v1/query/{id}}): the tables it scanned with the
 * Iceberg snapshot each scan read ({@code inputs[].connectorInfo.snapshotId}; none for other connectors), the
 * tables and views its analysis referenced (also those behind views) and the functions it resolved.
 */
public record QueryFacts(String state, List<InputVersion> scans, List<Reference> references, List<String> routines)
{
    public record Reference(String catalog, String schema, String table, boolean view)
    {
        public Reference
        {
            requireNonNull(catalog, "catalog is null");
            requireNonNull(schema, "schema is null");
            requireNonNull(table, "table is null");
        }

        public String qualifiedName()
        {
            return catalog + "." + schema + "." + table;
        }
    }

    public QueryFacts
    {
        requireNonNull(state, "state is null");
        scans = ImmutableList.copyOf(requireNonNull(scans, "scans is null"));
        references = ImmutableList.copyOf(requireNonNull(references, "references is null"));
        routines = ImmutableList.copyOf(requireNonNull(routines, "routines is null"));
    }

    public static QueryFacts fromQueryInfo(JsonNode info)
    {
        ImmutableList.Builder<InputVersion> scans = ImmutableList.builder();
        for (JsonNode input : info.path("inputs")) {
            JsonNode snapshot = input.path("connectorInfo").path("snapshotId");
            scans.add(new InputVersion(
                    name(input.path("catalogName")),
                    name(input.path("schema")),
                    name(input.path("table")),
                    snapshot.canConvertToLong() ? Optional.of(snapshot.asLong()) : Optional.empty()));
        }
        ImmutableList.Builder<Reference> references = ImmutableList.builder();
        for (JsonNode table : info.path("referencedTables")) {
            JsonNode viewText = table.path("viewText");
            references.add(new Reference(
                    name(table.path("catalog")),
                    name(table.path("schema")),
                    name(table.path("table")),
                    viewText.isTextual()));
        }
        ImmutableList.Builder<String> routines = ImmutableList.builder();
        for (JsonNode routine : info.path("routines")) {
            routines.add(routine.path("routine").asText());
        }
        return new QueryFacts(info.path("state").asText(), scans.build(), references.build(), routines.build());
    }

    private static String name(JsonNode node)
    {
        return node.asText().toLowerCase(Locale.ROOT);
    }
}
