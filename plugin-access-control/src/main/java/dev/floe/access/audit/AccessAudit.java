package dev.floe.access.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.floe.access.evaluation.AppliedFilter;
import dev.floe.access.evaluation.AppliedMask;
import dev.floe.access.evaluation.Decision;
import dev.floe.access.policy.ResourceName;
import dev.floe.handover.HistoryHandoverWriter;
import io.airlift.log.Logger;
import io.trino.spi.security.Identity;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * Audit records, one JSON object per line on the logger {@code floe.access.audit} (in the server log, or in a
 * file of its own through Trino's log configuration): every denial, and every row filter and mask applied, each
 * naming the rules that decided it and the policy version. The engine asks for filters and masks more than
 * once while it analyses a query, so each relation is recorded once per query. With a history writer, the same
 * records also become rows of the query history's {@code access_audit} table.
 */
public final class AccessAudit
        implements AutoCloseable
{
    private static final Logger log = Logger.get("floe.access.audit");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HISTORY_TABLE = "access_audit";

    private final Cache<String, Boolean> recorded = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(30))
            .build();
    private final Optional<HistoryHandoverWriter> history;
    private final AtomicLong denials = new AtomicLong();
    private final AtomicLong appliedPolicies = new AtomicLong();

    public AccessAudit(Optional<HistoryHandoverWriter> history)
    {
        this.history = requireNonNull(history, "history is null");
    }

    public void denied(Identity identity, Optional<String> queryId, String operation, String resource, String policyVersion, Decision decision)
    {
        denials.incrementAndGet();
        ObjectNode record = record("access_denied", identity, queryId, policyVersion);
        record.put("operation", operation);
        record.put("resource", resource);
        ArrayNode rules = record.putArray("rules");
        decision.rules().forEach(rules::add);
        record.put("reason", decision.explanation());
        log.info("%s", record);
        history.ifPresent(writer -> {
            ObjectNode row = historyRow(identity, queryId, policyVersion, "denied");
            row.put("message", (resource.isEmpty() ? "%s: %s".formatted(operation, decision.explanation()) : "%s %s: %s".formatted(operation, resource, decision.explanation())));
            decision.rules().forEach(row.putArray("policies")::add);
            writer.append(HISTORY_TABLE, row);
        });
    }

    public void applied(Identity identity, Optional<String> queryId, ResourceName relation, String policyVersion, Optional<AppliedFilter> filter, Map<String, AppliedMask> masks)
    {
        if (filter.isEmpty() && masks.isEmpty()) {
            return;
        }
        String key = queryId.orElse("") + "\0" + relation + "\0" + policyVersion + "\0" + filter.map(AppliedFilter::expression).orElse("") + "\0" + masks.keySet();
        if (queryId.isPresent() && recorded.asMap().putIfAbsent(key, Boolean.TRUE) != null) {
            return;
        }
        appliedPolicies.incrementAndGet();
        ObjectNode record = record("policies_applied", identity, queryId, policyVersion);
        record.put("relation", relation.toString());
        filter.ifPresent(applied -> {
            ObjectNode node = record.putObject("row_filter");
            node.put("expression", applied.expression());
            applied.rules().forEach(node.putArray("rules")::add);
            applied.identity().ifPresent(user -> node.put("run_as", user));
        });
        if (!masks.isEmpty()) {
            ArrayNode nodes = record.putArray("column_masks");
            masks.values().forEach(mask -> {
                ObjectNode node = nodes.addObject();
                node.put("column", mask.column());
                node.put("rule", mask.rule());
                node.put("expression", mask.expression());
                mask.identity().ifPresent(user -> node.put("run_as", user));
            });
        }
        log.info("%s", record);
        history.ifPresent(writer -> {
            filter.ifPresent(applied -> {
                ObjectNode row = relationRow(identity, queryId, policyVersion, "row_filter", relation);
                row.put("expression", applied.expression());
                applied.rules().forEach(row.putArray("policies")::add);
                writer.append(HISTORY_TABLE, row);
            });
            masks.values().forEach(mask -> {
                ObjectNode row = relationRow(identity, queryId, policyVersion, "column_mask", relation);
                row.put("column_name", mask.column());
                row.put("expression", mask.expression());
                row.putArray("policies").add(mask.rule());
                writer.append(HISTORY_TABLE, row);
            });
        });
    }

    @Override
    public void close()
    {
        history.ifPresent(HistoryHandoverWriter::close);
    }

    public long denials()
    {
        return denials.get();
    }

    public long appliedPolicies()
    {
        return appliedPolicies.get();
    }

    private static ObjectNode relationRow(Identity identity, Optional<String> queryId, String policyVersion, String kind, ResourceName relation)
    {
        ObjectNode row = historyRow(identity, queryId, policyVersion, kind);
        row.put("catalog_name", relation.catalog());
        row.put("schema_name", relation.schema());
        row.put("table_name", relation.relation());
        return row;
    }

    /** The columns of the history's access_audit table (plugin-event-listener's HistoryTables): times in epoch microseconds. */
    private static ObjectNode historyRow(Identity identity, Optional<String> queryId, String policyVersion, String kind)
    {
        Instant now = Instant.now();
        ObjectNode row = JSON.createObjectNode();
        queryId.ifPresent(id -> row.put("query_id", id));
        row.put("create_time", now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000);
        row.put("user", identity.getUser());
        row.put("kind", kind);
        row.put("policy_version", policyVersion);
        return row;
    }

    private static ObjectNode record(String event, Identity identity, Optional<String> queryId, String policyVersion)
    {
        ObjectNode record = JSON.createObjectNode();
        record.put("event", event);
        record.put("time", Instant.now().toString());
        queryId.ifPresent(id -> record.put("query_id", id));
        record.put("user", identity.getUser());
        ArrayNode groups = record.putArray("groups");
        new TreeSet<>(identity.getGroups()).forEach(groups::add);
        record.put("policy_version", policyVersion);
        return record;
    }
}
