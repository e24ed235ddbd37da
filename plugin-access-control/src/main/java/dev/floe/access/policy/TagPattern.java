package dev.floe.access.policy;

import java.util.Collection;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * Selects tags: {@code pii.email} matches that tag and its descendants ({@code pii.email.work}); {@code pii.*}
 * matches every descendant of {@code pii}; {@code *} matches any tag.
 */
public record TagPattern(String text)
{
    public TagPattern
    {
        text = requireNonNull(text, "text is null").toLowerCase(Locale.ROOT);
        if (!text.equals("*")) {
            new TagName(text.endsWith(".*") ? text.substring(0, text.length() - 2) : text);
        }
    }

    public boolean matches(String tag)
    {
        if (text.equals("*")) {
            return true;
        }
        if (text.endsWith(".*")) {
            String parent = text.substring(0, text.length() - 2);
            return tag.length() > parent.length() && tag.startsWith(parent) && tag.charAt(parent.length()) == '.';
        }
        return tag.equals(text) || (tag.startsWith(text) && tag.length() > text.length() && tag.charAt(text.length()) == '.');
    }

    public boolean matchesAny(Collection<String> tags)
    {
        for (String tag : tags) {
            if (matches(tag)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString()
    {
        return text;
    }
}
