package dev.floe.access.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A catalog, schema, relation (table, view or materialized view), column or routine, as the path of its
 * lower-cased names from the catalog down. Trino folds unquoted identifiers to lower case, and every connector
 * we protect stores lower-case names, so rules and checks compare lower-cased names.
 * <p>
 * Not a record: a check builds one name per column and keys caches with it, so {@link #child} reuses the
 * parent's already lower-cased names and the hash is computed once.
 */
public final class ResourceName
{
    public static final int CATALOG = 1;
    public static final int SCHEMA = 2;
    public static final int RELATION = 3;
    public static final int COLUMN = 4;

    private final List<String> path;
    private final int hash;

    private ResourceName(List<String> lowerCasePath)
    {
        checkArgument(!lowerCasePath.isEmpty() && lowerCasePath.size() <= COLUMN, "a resource has 1 to 4 names: %s", lowerCasePath);
        this.path = lowerCasePath;
        this.hash = lowerCasePath.hashCode();
    }

    public static ResourceName of(List<String> names)
    {
        return new ResourceName(lowerCase(names));
    }

    private static List<String> lowerCase(List<String> names)
    {
        List<String> lower = new ArrayList<>(names.size());
        for (String name : names) {
            lower.add(name.toLowerCase(Locale.ROOT));
        }
        return List.copyOf(lower);
    }

    public static ResourceName of(String... names)
    {
        return of(List.of(names));
    }

    public List<String> path()
    {
        return path;
    }

    public int level()
    {
        return path.size();
    }

    public String catalog()
    {
        return path.getFirst();
    }

    public String schema()
    {
        return level() >= SCHEMA ? path.get(1) : "";
    }

    public String relation()
    {
        return level() >= RELATION ? path.get(2) : "";
    }

    public String column()
    {
        return level() >= COLUMN ? path.get(3) : "";
    }

    public ResourceName child(String name)
    {
        checkArgument(level() < COLUMN, "a column has no children: %s", this);
        String[] names = path.toArray(new String[level() + 1]);
        names[level()] = name.toLowerCase(Locale.ROOT);
        return new ResourceName(List.of(names));
    }

    public ResourceName ancestor(int level)
    {
        checkArgument(level >= 1 && level <= level(), "no ancestor at level %s of %s", level, this);
        return new ResourceName(List.copyOf(path.subList(0, level)));
    }

    @Override
    public boolean equals(Object o)
    {
        return o instanceof ResourceName other && hash == other.hash && path.equals(other.path);
    }

    @Override
    public int hashCode()
    {
        return hash;
    }

    @Override
    public String toString()
    {
        return String.join(".", path);
    }
}
