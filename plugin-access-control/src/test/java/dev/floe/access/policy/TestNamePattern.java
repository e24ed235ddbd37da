package dev.floe.access.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

final class TestNamePattern
{
    @Test
    void literal()
    {
        NamePattern pattern = NamePattern.of("Alice");
        assertThat(pattern.isLiteral()).isTrue();
        assertThat(pattern.matchesAll()).isFalse();
        assertThat(pattern.text()).isEqualTo("alice");
        assertThat(pattern.matches("alice")).isTrue();
        assertThat(pattern.matches("alice2")).isFalse();
        assertThat(pattern.matches("alic")).isFalse();
    }

    @Test
    void globs()
    {
        NamePattern prefix = NamePattern.of("SVC_*");
        assertThat(prefix.isLiteral()).isFalse();
        assertThat(prefix.matches("svc_")).isTrue();
        assertThat(prefix.matches("svc_etl")).isTrue();
        assertThat(prefix.matches("my_svc_etl")).isFalse();

        NamePattern middle = NamePattern.of("a*b?c");
        assertThat(middle.matches("abxc")).isTrue();
        assertThat(middle.matches("a123bxc")).isTrue();
        assertThat(middle.matches("abc")).isFalse();

        // regular-expression characters are literal; names may hold line breaks
        assertThat(NamePattern.of("a.b*").matches("a.b1")).isTrue();
        assertThat(NamePattern.of("a.b*").matches("axb1")).isFalse();
        assertThat(NamePattern.of("(x)|*").matches("(x)|y")).isTrue();
        assertThat(NamePattern.of("a*").matches("a\nb")).isTrue();

        NamePattern all = NamePattern.of("*");
        assertThat(all.matchesAll()).isTrue();
        assertThat(all.matches("")).isTrue();
        assertThat(all.matches("anything")).isTrue();
    }

    @Test
    void equality()
    {
        assertThat(NamePattern.of("ABC*")).isEqualTo(NamePattern.of("abc*")).hasSameHashCodeAs(NamePattern.of("abc*"));
        assertThat(NamePattern.of("abc")).isNotEqualTo(NamePattern.of("abc*"));
    }
}
