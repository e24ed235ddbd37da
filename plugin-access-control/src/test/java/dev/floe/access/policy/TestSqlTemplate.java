package dev.floe.access.policy;

import dev.floe.access.evaluation.Subject;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.ComparisonExpression;
import io.trino.sql.tree.Expression;
import io.trino.sql.tree.FunctionCall;
import io.trino.sql.tree.Identifier;
import io.trino.sql.tree.InListExpression;
import io.trino.sql.tree.InPredicate;
import io.trino.sql.tree.LogicalExpression;
import io.trino.sql.tree.StringLiteral;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestSqlTemplate
{
    private static final String INJECTION = "x' OR '1'='1";
    private static final SqlParser PARSER = new SqlParser();

    @Test
    void placeholdersBecomeLiterals()
    {
        Subject alice = subject("alice", Map.of("region", scalar("EU"), "regions", list("EU", "UK")));
        assertThat(render("owner = $USER_NAME", alice)).contains("owner = 'alice'");
        assertThat(render("region = $USER_ATTRIBUTE('region')", alice)).contains("region = 'EU'");
        assertThat(render("region = $USER_ATTRIBUTE( 'region' )", alice)).contains("region = 'EU'");
        assertThat(render("region IN $USER_ATTRIBUTE_LIST('regions')", alice)).contains("region IN ('EU', 'UK')");
        // a single value is a one-element list
        assertThat(render("region IN $USER_ATTRIBUTE_LIST('region')", alice)).contains("region IN ('EU')");
        assertThat(SqlTemplate.parse("mask_email(@column)").render(alice, "Email")).contains("mask_email(\"Email\")");
    }

    @Test
    void attributeValuesCannotChangeTheStructure()
    {
        Subject attacker = subject("o'brien", Map.of("region", scalar(INJECTION), "regions", list("EU", "x') OR (1=1")));

        Expression comparison = parse(render("region = $USER_ATTRIBUTE('region')", attacker).orElseThrow());
        assertThat(comparison).isInstanceOfSatisfying(ComparisonExpression.class, expression -> {
            assertThat(expression.getLeft()).isEqualTo(new Identifier("region"));
            assertThat(expression.getRight()).isInstanceOfSatisfying(StringLiteral.class, literal -> assertThat(literal.getValue()).isEqualTo(INJECTION));
        });

        Expression in = parse(render("region IN $USER_ATTRIBUTE_LIST('regions')", attacker).orElseThrow());
        assertThat(in).isInstanceOfSatisfying(InPredicate.class, predicate ->
                assertThat(predicate.getValueList()).isInstanceOfSatisfying(InListExpression.class, values ->
                        assertThat(values.getValues()).extracting(value -> ((StringLiteral) value).getValue()).containsExactly("EU", "x') OR (1=1")));

        Expression user = parse(render("owner = $USER_NAME", attacker).orElseThrow());
        assertThat(((StringLiteral) ((ComparisonExpression) user).getRight()).getValue()).isEqualTo("o'brien");

        Expression mask = parse(SqlTemplate.parse("mask_email(@column)").render(attacker, "e\") OR (\"x").orElseThrow());
        assertThat(mask).isInstanceOfSatisfying(FunctionCall.class, call ->
                assertThat(call.getArguments()).containsExactly(new Identifier("e\") OR (\"x", true)));
    }

    @Test
    void quotedTextAndCommentsAreLeftAlone()
    {
        Subject alice = subject("alice", Map.of("region", scalar("EU")));
        assertThat(render("note = '$USER_NAME' AND \"@column\" = 'it''s $USER_ATTRIBUTE(''region'')'", alice))
                .contains("note = '$USER_NAME' AND \"@column\" = 'it''s $USER_ATTRIBUTE(''region'')'");
        assertThat(SqlTemplate.parse("'@column'").usesColumn()).isFalse();
        assertThat(SqlTemplate.parse("\"a\"\"@column\"").usesColumn()).isFalse();
        assertThat(SqlTemplate.parse("'$USER_ATTRIBUTE(''a'')'").attributes()).isEmpty();

        // an apostrophe in a comment opens no string literal, so the placeholder after it is substituted
        assertThat(render("-- the user's region\nregion = $USER_ATTRIBUTE('region')", alice))
                .contains("-- the user's region\nregion = 'EU'");
        assertThat(render("/* the user's */ region = $USER_ATTRIBUTE('region') -- $USER_NAME", alice))
                .contains("/* the user's */ region = 'EU' -- $USER_NAME");
        // placeholders inside comments are not substituted (and need no attribute)
        assertThat(SqlTemplate.parse("true /* $USER_ATTRIBUTE('x') */").attributes()).isEmpty();
        // division and subtraction are no comments
        assertThat(render("a / 2 - 1 = $USER_ATTRIBUTE('region')", alice)).contains("a / 2 - 1 = 'EU'");
    }

    @Test
    void missingOrAmbiguousAttributeRendersNothing()
    {
        Subject bob = subject("bob", Map.of("regions", list("EU", "UK"), "none", list()));
        // the caller fails closed: a filter grants no rows, a mask gives NULL
        assertThat(render("region = $USER_ATTRIBUTE('region')", bob)).isEmpty();
        assertThat(render("region IN $USER_ATTRIBUTE_LIST('region')", bob)).isEmpty();
        assertThat(render("region = $USER_ATTRIBUTE('regions')", bob)).isEmpty();
        assertThat(render("region IN $USER_ATTRIBUTE_LIST('none')", bob)).isEmpty();
    }

    @Test
    void attributesAndColumnUse()
    {
        SqlTemplate template = SqlTemplate.parse("a = $USER_ATTRIBUTE('x') OR b IN $USER_ATTRIBUTE_LIST('y') OR c = $USER_ATTRIBUTE('x')");
        assertThat(template.attributes()).containsExactly("x", "y");
        assertThat(template.usesColumn()).isFalse();
        assertThat(SqlTemplate.parse("f(@column, @columns)").usesColumn()).isTrue();
        assertThat(template.text()).isEqualTo(template.toString()).startsWith("a = $USER");
    }

    @Test
    void unknownPlaceholders()
    {
        for (String text : List.of("$USER_GROUPS", "$USER_NAMES", "$USER_ATTRIBUTE(region)", "$USER_ATTRIBUTE('')")) {
            assertThatThrownBy(() -> SqlTemplate.parse("x = " + text))
                    .as(text)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("unknown placeholder at '$USER");
        }
        // other dollar signs and at signs are SQL's business
        assertThat(SqlTemplate.parse("\"$path\" = 'x' AND y = '@'").attributes()).isEmpty();
    }

    @Test
    void sampleKeepsPositions()
    {
        // the sample is what the loader parses; same length and line breaks as the text, so errors point into it
        SqlTemplate template = SqlTemplate.parse("f(@column) = $USER_NAME AND r IN $USER_ATTRIBUTE_LIST(\n 'r') AND s = $USER_ATTRIBUTE('s')");
        String sample = template.sample();
        assertThat(sample).hasSameSizeAs(template.text());
        assertThat(sample.lines().count()).isEqualTo(2);
        assertThat(sample).isEqualTo("f(\"xxxxx\") = 'xxxxxxxx' AND r IN ('" + "x".repeat(19) + "\nxxx') AND s = '" + "x".repeat(18) + "'");
        assertThat(parse(sample)).isInstanceOf(LogicalExpression.class);
    }

    private static Optional<String> render(String template, Subject subject)
    {
        return SqlTemplate.parse(template).render(subject, "column");
    }

    private static Expression parse(String sql)
    {
        return PARSER.createExpression(sql);
    }

    private static Subject subject(String user, Map<String, AttributeValue> attributes)
    {
        return new Subject(user, Set.of(), Set.of(), attributes, false);
    }

    private static AttributeValue scalar(String value)
    {
        return new AttributeValue(List.of(value), false);
    }

    private static AttributeValue list(String... values)
    {
        return new AttributeValue(List.of(values), true);
    }
}
