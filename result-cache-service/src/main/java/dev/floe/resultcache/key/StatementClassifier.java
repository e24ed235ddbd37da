package dev.floe.resultcache.key;

import com.google.common.collect.ImmutableSet;
import io.trino.sql.SqlFormatter;
import io.trino.sql.parser.ParsingException;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.BooleanLiteral;
import io.trino.sql.tree.CurrentDate;
import io.trino.sql.tree.CurrentTime;
import io.trino.sql.tree.CurrentTimestamp;
import io.trino.sql.tree.FunctionCall;
import io.trino.sql.tree.LocalTime;
import io.trino.sql.tree.LocalTimestamp;
import io.trino.sql.tree.Node;
import io.trino.sql.tree.Query;
import io.trino.sql.tree.ResetSession;
import io.trino.sql.tree.SampledRelation;
import io.trino.sql.tree.SetSession;
import io.trino.sql.tree.StringLiteral;
import io.trino.sql.tree.TableFunctionInvocation;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static dev.floe.resultcache.protocol.ClientRequest.SKIP_PROPERTY;
import static java.util.Objects.requireNonNull;

/**
 * Classifies a statement with Trino's own parser. Only queries ({@code SELECT}, {@code WITH}, {@code VALUES},
 * {@code TABLE}) are cacheable, and only without a call of a non-deterministic function, without the current time
 * and without table functions (which may read live data no version describes). The functions the engine actually
 * resolved, also those inside views, are checked again when the result is stored ({@code QueryFacts}).
 * The key's text is the statement formatted back by Trino's formatter, so whitespace, comments and the case of
 * keywords do not matter.
 */
public final class StatementClassifier
{
    /** Trino's built-in functions, and Floe's masking functions, whose result differs from call to call. */
    public static final Set<String> NON_DETERMINISTIC = ImmutableSet.of(
            "rand", "random", "uuid", "shuffle", "now", "current_timestamp", "current_time", "current_date",
            "localtime", "localtimestamp", "$current_timestamp", "$current_time", "$current_date", "$localtime",
            "$localtimestamp", "$current_time_zone", "add_noise", "shift_date");

    private final SqlParser parser = new SqlParser();
    private final Set<String> nonDeterministic;

    public StatementClassifier(Set<String> extraNonDeterministic)
    {
        this.nonDeterministic = ImmutableSet.<String>builder()
                .addAll(NON_DETERMINISTIC)
                .addAll(requireNonNull(extraNonDeterministic, "extraNonDeterministic is null"))
                .build();
    }

    public boolean isNonDeterministic(String functionName)
    {
        String name = functionName.toLowerCase(Locale.ROOT);
        return nonDeterministic.contains(name.substring(name.lastIndexOf('.') + 1));
    }

    public Statement classify(String sql)
    {
        io.trino.sql.tree.Statement statement;
        try {
            statement = parser.createStatement(sql);
        }
        catch (ParsingException | IllegalArgumentException e) {
            // the coordinator reports the syntax error to the client, exactly as without the proxy
            return new Statement.PassThrough("not parseable");
        }
        if (statement instanceof SetSession set && isSkipProperty(set.getName().toString())) {
            return skipValue(set).map(skip -> (Statement) new Statement.SkipDirective(false, skip))
                    .orElseGet(() -> new Statement.PassThrough("skip_results_cache takes a boolean literal"));
        }
        if (statement instanceof ResetSession reset && isSkipProperty(reset.getName().toString())) {
            return new Statement.SkipDirective(true, false);
        }
        if (!(statement instanceof Query query)) {
            return new Statement.PassThrough("not a query");
        }
        return disqualification(query)
                .map(reason -> (Statement) new Statement.PassThrough(reason))
                .orElseGet(() -> new Statement.Cacheable(SqlFormatter.formatSql(query)));
    }

    private Optional<String> disqualification(Query query)
    {
        Deque<Node> pending = new ArrayDeque<>();
        pending.push(query);
        while (!pending.isEmpty()) {
            Node node = pending.pop();
            if (node instanceof CurrentDate || node instanceof CurrentTime || node instanceof CurrentTimestamp || node instanceof LocalTime || node instanceof LocalTimestamp) {
                return Optional.of("uses the current time");
            }
            if (node instanceof FunctionCall call && isNonDeterministic(call.getName().toString())) {
                return Optional.of("calls the non-deterministic function " + call.getName());
            }
            if (node instanceof TableFunctionInvocation) {
                return Optional.of("calls a table function");
            }
            if (node instanceof SampledRelation) {
                return Optional.of("samples a table (TABLESAMPLE)");
            }
            node.getChildren().forEach(pending::push);
        }
        return Optional.empty();
    }

    private static boolean isSkipProperty(String name)
    {
        return name.equalsIgnoreCase(SKIP_PROPERTY);
    }

    private static Optional<Boolean> skipValue(SetSession set)
    {
        if (set.getValue() instanceof BooleanLiteral literal) {
            return Optional.of(literal.getValue());
        }
        if (set.getValue() instanceof StringLiteral literal && literal.getValue().matches("(?i)true|false")) {
            return Optional.of(Boolean.parseBoolean(literal.getValue()));
        }
        return Optional.empty();
    }
}
