package dev.floe.access.policy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestResourcePattern
{
    @Test
    void segments()
    {
        assertThat(ResourcePattern.parse("lakehouse.demo.customers").segments()).extracting(NamePattern::text)
                .containsExactly("lakehouse", "demo", "customers");
        // a quoted segment keeps its dots; a doubled quote is a quote
        assertThat(ResourcePattern.parse("lakehouse.\"my.schema\".\"say \"\"hi\"\"\"").segments()).extracting(NamePattern::text)
                .containsExactly("lakehouse", "my.schema", "say \"hi\"");
        assertThat(ResourcePattern.parse("\"a.b.c.d.e\"").level()).isEqualTo(1);
        // names are compared lower-cased, as Trino folds unquoted identifiers
        assertThat(ResourcePattern.parse("Lakehouse.DEMO").covers(ResourceName.of("lakehouse", "Demo"))).isTrue();
    }

    @Test
    void quotedSegmentsWithDots()
    {
        ResourcePattern pattern = ResourcePattern.parse("lakehouse.\"my.schema\".t");
        assertThat(pattern.covers(ResourceName.of("lakehouse", "my.schema", "t"))).isTrue();
        assertThat(pattern.covers(ResourceName.of("lakehouse", "my.schema", "t", "c"))).isTrue();
        assertThat(pattern.covers(ResourceName.of("lakehouse", "my", "schema"))).isFalse();
        assertThat(pattern.covers(ResourceName.of("lakehouse", "myxschema", "t"))).isFalse();
        assertThat(pattern.literalPrefix()).containsExactly("lakehouse", "my.schema", "t");
    }

    @Test
    void covers()
    {
        ResourcePattern schema = ResourcePattern.parse("lakehouse.demo");
        assertThat(schema.covers(ResourceName.of("lakehouse", "demo"))).isTrue();
        assertThat(schema.covers(ResourceName.of("lakehouse", "demo", "customers"))).isTrue();
        assertThat(schema.covers(ResourceName.of("lakehouse", "demo", "customers", "email"))).isTrue();
        // not upwards, not siblings, not names that only start alike
        assertThat(schema.covers(ResourceName.of("lakehouse"))).isFalse();
        assertThat(schema.covers(ResourceName.of("lakehouse", "demo2"))).isFalse();
        assertThat(schema.covers(ResourceName.of("other", "demo"))).isFalse();

        assertThat(ResourcePattern.ALL.covers(ResourceName.of("any"))).isTrue();
        assertThat(ResourcePattern.ALL.covers(ResourceName.of("any", "s", "t", "c"))).isTrue();
    }

    @Test
    void globs()
    {
        ResourcePattern tables = ResourcePattern.parse("lakehouse.*.cust*");
        assertThat(tables.covers(ResourceName.of("lakehouse", "demo", "customers"))).isTrue();
        assertThat(tables.covers(ResourceName.of("lakehouse", "crm", "cust"))).isTrue();
        assertThat(tables.covers(ResourceName.of("lakehouse", "crm", "orders"))).isFalse();
        assertThat(tables.covers(ResourceName.of("lakehouse", "demo"))).isFalse();

        ResourcePattern single = ResourcePattern.parse("lakehouse.s?");
        assertThat(single.covers(ResourceName.of("lakehouse", "s1"))).isTrue();
        assertThat(single.covers(ResourceName.of("lakehouse", "s"))).isFalse();
        assertThat(single.covers(ResourceName.of("lakehouse", "s12"))).isFalse();

        // everything but * and ? is literal, regular-expression characters included
        ResourcePattern literal = ResourcePattern.parse("c.a+b*");
        assertThat(literal.covers(ResourceName.of("c", "a+b_1"))).isTrue();
        assertThat(literal.covers(ResourceName.of("c", "aab_1"))).isFalse();
        assertThat(ResourcePattern.parse("c.\"x.*\"").covers(ResourceName.of("c", "xy"))).isFalse();
        assertThat(ResourcePattern.parse("c.\"x.*\"").covers(ResourceName.of("c", "x.y"))).isTrue();
    }

    @Test
    void reachesInto()
    {
        ResourcePattern table = ResourcePattern.parse("lakehouse.demo.customers");
        // a grant on a table makes its schema and catalog visible...
        assertThat(table.reachesInto(ResourceName.of("lakehouse"))).isTrue();
        assertThat(table.reachesInto(ResourceName.of("lakehouse", "demo"))).isTrue();
        assertThat(table.reachesInto(ResourceName.of("lakehouse", "demo", "customers"))).isTrue();
        assertThat(table.reachesInto(ResourceName.of("lakehouse", "demo", "customers", "email"))).isTrue();
        // ...but it does not cover them
        assertThat(table.covers(ResourceName.of("lakehouse"))).isFalse();
        assertThat(table.covers(ResourceName.of("lakehouse", "demo"))).isFalse();
        // and nothing beside it
        assertThat(table.reachesInto(ResourceName.of("lakehouse", "other"))).isFalse();
        assertThat(table.reachesInto(ResourceName.of("lakehouse", "demo", "orders"))).isFalse();
        assertThat(table.reachesInto(ResourceName.of("other"))).isFalse();

        ResourcePattern glob = ResourcePattern.parse("lakehouse.*.customers");
        assertThat(glob.reachesInto(ResourceName.of("lakehouse", "anything"))).isTrue();
        assertThat(glob.covers(ResourceName.of("lakehouse", "anything"))).isFalse();
    }

    @Test
    void literalPrefix()
    {
        assertThat(ResourcePattern.parse("lakehouse.demo.*").literalPrefix()).containsExactly("lakehouse", "demo");
        assertThat(ResourcePattern.parse("lakehouse.d*.t").literalPrefix()).containsExactly("lakehouse");
        assertThat(ResourcePattern.parse("*.demo").literalPrefix()).isEmpty();
        assertThat(ResourcePattern.parse("Lakehouse.Demo.T.C").literalPrefix()).isEqualTo(List.of("lakehouse", "demo", "t", "c"));
    }

    @Test
    void invalid()
    {
        assertThatThrownBy(() -> ResourcePattern.parse("lakehouse.my schema"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("resource pattern 'lakehouse.my schema' contains white space; quote the name");
        assertThat(ResourcePattern.parse("lakehouse.\"my schema\"").covers(ResourceName.of("lakehouse", "my schema"))).isTrue();
        assertThatThrownBy(() -> ResourcePattern.parse("lakehouse.\"demo"))
                .hasMessage("resource pattern 'lakehouse.\"demo' has an unclosed quote");
        assertThatThrownBy(() -> ResourcePattern.parse("a.b.c.d.e"))
                .hasMessage("resource pattern 'a.b.c.d.e' has 5 names; at most catalog.schema.relation.column");
        assertThatThrownBy(() -> ResourcePattern.parse("a..b")).hasMessage("resource pattern 'a..b' has an empty name");
        assertThatThrownBy(() -> ResourcePattern.parse("a.")).hasMessage("resource pattern 'a.' has an empty name");
        assertThatThrownBy(() -> ResourcePattern.parse("")).hasMessage("resource pattern '' has an empty name");
        assertThatThrownBy(() -> ResourcePattern.parse("a.\"\"")).hasMessage("resource pattern 'a.\"\"' has an empty name");
        assertThatThrownBy(() -> ResourcePattern.parse("lakehouse.\"demo\"x"))
                .hasMessage("resource pattern 'lakehouse.\"demo\"x' has text after a closing quote; quote the whole name");
        assertThatThrownBy(() -> ResourcePattern.parse("lake\"house\""))
                .hasMessage("resource pattern 'lake\"house\"' has a quote inside a name; quote the whole name and double the quote");
    }
}
