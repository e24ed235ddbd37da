package dev.floe.access.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A hierarchical tag such as {@code pii.email}: a resource tagged {@code pii.email} is also tagged {@code pii}.
 */
public record TagName(String value)
{
    private static final Pattern SYNTAX = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");

    public TagName
    {
        value = value.toLowerCase(Locale.ROOT);
        checkArgument(SYNTAX.matcher(value).matches(), "tag '%s' is not dot-separated names of letters, digits, '_' and '-'", value);
    }

    /**
     * The tag and its ancestors, most general first: {@code pii}, {@code pii.email}.
     */
    public List<String> withAncestors()
    {
        List<String> tags = new ArrayList<>();
        int dot = value.indexOf('.');
        while (dot >= 0) {
            tags.add(value.substring(0, dot));
            dot = value.indexOf('.', dot + 1);
        }
        tags.add(value);
        return tags;
    }

    @Override
    public String toString()
    {
        return value;
    }
}
