package dev.floe.access.policy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestTags
{
    @Test
    void tagNameWithAncestors()
    {
        assertThat(new TagName("pii").withAncestors()).containsExactly("pii");
        assertThat(new TagName("PII.Email.Work").withAncestors()).containsExactly("pii", "pii.email", "pii.email.work");
        assertThat(new TagName("a-b.c_d.9").value()).isEqualTo("a-b.c_d.9");
    }

    @Test
    void invalidTagNames()
    {
        for (String bad : List.of("", "pii.", ".pii", "pii..email", "pii email", "pii.*", "*", "pii/email", "ä")) {
            assertThatThrownBy(() -> new TagName(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageEndingWith("is not dot-separated names of letters, digits, '_' and '-'");
        }
    }

    @Test
    void tagPatternMatchesTheTagAndItsDescendants()
    {
        TagPattern pii = new TagPattern("PII");
        assertThat(pii.matches("pii")).isTrue();
        assertThat(pii.matches("pii.email")).isTrue();
        assertThat(pii.matches("pii.email.work")).isTrue();
        assertThat(pii.matches("piix")).isFalse();
        assertThat(pii.matches("pi")).isFalse();
        assertThat(pii.matches("other.pii")).isFalse();

        TagPattern email = new TagPattern("pii.email");
        assertThat(email.matches("pii.email")).isTrue();
        assertThat(email.matches("pii.email.work")).isTrue();
        assertThat(email.matches("pii")).isFalse();
        assertThat(email.matches("pii.emails")).isFalse();
    }

    @Test
    void tagPatternWithStarMatchesDescendantsOnly()
    {
        TagPattern descendants = new TagPattern("pii.*");
        assertThat(descendants.matches("pii.email")).isTrue();
        assertThat(descendants.matches("pii.email.work")).isTrue();
        assertThat(descendants.matches("pii")).isFalse();
        assertThat(descendants.matches("piix.email")).isFalse();

        TagPattern any = new TagPattern("*");
        assertThat(any.matches("pii")).isTrue();
        assertThat(any.matches("x.y.z")).isTrue();
        assertThat(any.matchesAny(List.of())).isFalse();
        assertThat(any.matchesAny(List.of("a"))).isTrue();
        assertThat(descendants.matchesAny(List.of("pii", "finance"))).isFalse();
        assertThat(descendants.matchesAny(List.of("pii", "pii.phone"))).isTrue();
    }

    @Test
    void invalidTagPatterns()
    {
        for (String bad : List.of("*.email", "pii.*.x", "pii.**", "pii*", "")) {
            assertThatThrownBy(() -> new TagPattern(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
