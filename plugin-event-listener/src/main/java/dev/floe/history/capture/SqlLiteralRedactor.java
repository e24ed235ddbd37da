package dev.floe.history.capture;

import io.trino.grammar.sql.SqlBaseLexer;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

import java.util.Set;

/**
 * Replaces the literals of a statement (strings, numbers, binary) with {@code ?}, using Trino's own lexer so that
 * comments, quoted identifiers and keywords are recognized as the engine recognizes them. Everything else, layout
 * included, is kept.
 */
public final class SqlLiteralRedactor
{
    private static final Set<Integer> LITERALS = Set.of(
            SqlBaseLexer.STRING,
            SqlBaseLexer.UNICODE_STRING,
            SqlBaseLexer.BINARY_LITERAL,
            SqlBaseLexer.INTEGER_VALUE,
            SqlBaseLexer.DECIMAL_VALUE,
            SqlBaseLexer.DOUBLE_VALUE);

    public String redact(String sql)
    {
        // token indexes count code points, not UTF-16 chars
        int[] codePoints = sql.codePoints().toArray();
        SqlBaseLexer lexer = new SqlBaseLexer(CharStreams.fromString(sql));
        lexer.removeErrorListeners();
        StringBuilder redacted = new StringBuilder(sql.length());
        int copied = 0;
        for (Token token = lexer.nextToken(); token.getType() != Token.EOF; token = lexer.nextToken()) {
            if (LITERALS.contains(token.getType())) {
                redacted.append(new String(codePoints, copied, token.getStartIndex() - copied)).append('?');
                copied = token.getStopIndex() + 1;
            }
        }
        return redacted.append(new String(codePoints, copied, codePoints.length - copied)).toString();
    }
}
