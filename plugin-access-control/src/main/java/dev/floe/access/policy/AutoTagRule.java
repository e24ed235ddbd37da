package dev.floe.access.policy;

import java.util.List;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Tags every column whose name matches the regular expression (whole name, case-insensitive), wherever the
 * column is: tables, views and materialized views alike.
 */
public record AutoTagRule(String name, SourceLocation location, Pattern columns, List<TagName> tags)
{
    public AutoTagRule
    {
        requireNonNull(name, "name is null");
        requireNonNull(location, "location is null");
        requireNonNull(columns, "columns is null");
        tags = List.copyOf(tags);
    }

    public boolean matches(String column)
    {
        return columns.matcher(column).matches();
    }
}
