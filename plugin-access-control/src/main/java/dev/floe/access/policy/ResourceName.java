package dev.floe.access.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A catalog, schema, relation (table, view or materialized view), column or routine, as the path of its
 * lower-cased names from the catalog down. Trino folds unquoted identifiers to lower case, and every connector
 * we protect stores lower-case names, so rules and checks compare lower-cased names.
 */
public record ResourceName(List<String> path)
{
    public static final int CATALOG = 1;
    public static final int SCHEMA = 2;
    public static final int RELATION = 3;
    public static final int COLUMN = 4;

    public ResourceName
    {
        checkArgument(!path.isEmpty() && path.size() <= COLUMN, "a resource has 1 to 4 names: %s", path);
        List<String> lower = new ArrayList<>(path.size());
        for (String name : path) {
            lower.add(name.toLowerCase(Locale.ROOT));
        }
        path = List.copyOf(lower);
    }

    public static ResourceName of(String... names)
    {
        return new ResourceName(List.of(names));
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
        List<String> names = new ArrayList<>(path);
        names.add(name);
        return new ResourceName(names);
    }

    public ResourceName ancestor(int level)
    {
        checkArgument(level >= 1 && level <= level(), "no ancestor at level %s of %s", level, this);
        return new ResourceName(path.subList(0, level));
    }

    @Override
    public String toString()
    {
        return String.join(".", path);
    }
}
