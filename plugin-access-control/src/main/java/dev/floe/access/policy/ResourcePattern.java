package dev.floe.access.policy;

import java.util.ArrayList;
import java.util.List;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * A pattern over {@link ResourceName}s: {@code catalog[.schema[.relation[.column]]]}, each segment a
 * {@link NamePattern}; a segment with a dot in its name is written in double quotes. A pattern of level L
 * <em>covers</em> every resource at level L or below whose first L names it matches: privileges and tags
 * given to a schema hold for its tables and their columns.
 */
public record ResourcePattern(String text, List<NamePattern> segments)
{
    public ResourcePattern
    {
        requireNonNull(text, "text is null");
        segments = List.copyOf(segments);
        checkArgument(!segments.isEmpty() && segments.size() <= ResourceName.COLUMN, "bad pattern: %s", text);
    }

    public static final ResourcePattern ALL = parse("*");

    /**
     * @throws IllegalArgumentException naming what is wrong with the text
     */
    public static ResourcePattern parse(String text)
    {
        List<NamePattern> segments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    current.append('"');
                    i++;
                }
                else if (c == '"') {
                    quoted = false;
                }
                else {
                    current.append(c);
                }
            }
            else if (c == '.') {
                segments.add(segment(text, current));
                current.setLength(0);
                wasQuoted = false;
            }
            else if (wasQuoted) {
                // "demo"x is no name: it would silently become demox
                throw new IllegalArgumentException("resource pattern '%s' has text after a closing quote; quote the whole name".formatted(text));
            }
            else if (c == '"' && current.isEmpty()) {
                quoted = true;
                wasQuoted = true;
            }
            else if (c == '"') {
                throw new IllegalArgumentException("resource pattern '%s' has a quote inside a name; quote the whole name and double the quote".formatted(text));
            }
            else if (Character.isWhitespace(c)) {
                throw new IllegalArgumentException("resource pattern '%s' contains white space; quote the name".formatted(text));
            }
            else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("resource pattern '%s' has an unclosed quote".formatted(text));
        }
        segments.add(segment(text, current));
        if (segments.size() > ResourceName.COLUMN) {
            throw new IllegalArgumentException("resource pattern '%s' has %s names; at most catalog.schema.relation.column".formatted(text, segments.size()));
        }
        return new ResourcePattern(text, segments);
    }

    private static NamePattern segment(String text, StringBuilder current)
    {
        // Trino has no empty names, quoted or not
        if (current.isEmpty()) {
            throw new IllegalArgumentException("resource pattern '%s' has an empty name".formatted(text));
        }
        return NamePattern.of(current.toString());
    }

    public int level()
    {
        return segments.size();
    }

    /**
     * True when this pattern names the resource or one of its ancestors.
     */
    public boolean covers(ResourceName resource)
    {
        if (level() > resource.level()) {
            return false;
        }
        return prefixMatches(resource, level());
    }

    /**
     * True when this pattern names something at or below the resource: a grant on
     * {@code lakehouse.demo.customers} makes the catalog {@code lakehouse} visible.
     */
    public boolean reachesInto(ResourceName resource)
    {
        return prefixMatches(resource, Math.min(level(), resource.level()));
    }

    private boolean prefixMatches(ResourceName resource, int count)
    {
        for (int i = 0; i < count; i++) {
            if (!segments.get(i).matches(resource.path().get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The leading segments that are plain names, used to index rules.
     */
    public List<String> literalPrefix()
    {
        List<String> prefix = new ArrayList<>();
        for (NamePattern segment : segments) {
            if (!segment.isLiteral()) {
                break;
            }
            prefix.add(segment.text());
        }
        return prefix;
    }

    @Override
    public String toString()
    {
        return text;
    }
}
