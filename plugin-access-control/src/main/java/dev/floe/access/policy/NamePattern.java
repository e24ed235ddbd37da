package dev.floe.access.policy;

import java.util.Locale;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * One segment of a resource pattern: a name, or a glob where {@code *} matches any run of characters and
 * {@code ?} one character. Matching is on lower-cased names, like {@link ResourceName}.
 */
public final class NamePattern
{
    private final String text;
    private final Pattern glob;

    private NamePattern(String text, Pattern glob)
    {
        this.text = requireNonNull(text, "text is null");
        this.glob = glob;
    }

    public static NamePattern of(String text)
    {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.indexOf('*') < 0 && lower.indexOf('?') < 0) {
            return new NamePattern(lower, null);
        }
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : lower.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            }
            else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return new NamePattern(lower, Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    public boolean isLiteral()
    {
        return glob == null;
    }

    public boolean matchesAll()
    {
        return text.equals("*");
    }

    /**
     * @param name a lower-cased name
     */
    public boolean matches(String name)
    {
        if (glob == null) {
            return text.equals(name);
        }
        return matchesAll() || glob.matcher(name).matches();
    }

    public String text()
    {
        return text;
    }

    @Override
    public boolean equals(Object o)
    {
        return o instanceof NamePattern other && text.equals(other.text);
    }

    @Override
    public int hashCode()
    {
        return text.hashCode();
    }

    @Override
    public String toString()
    {
        return text;
    }
}
