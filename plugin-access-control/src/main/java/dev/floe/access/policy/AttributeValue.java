package dev.floe.access.policy;

import java.util.List;

/**
 * A user attribute: one value ({@code region: EU}) or a list ({@code regions: [EU, UK]}). Conditions see the
 * first as a string and the second as a list, as written.
 */
public record AttributeValue(List<String> values, boolean list)
{
    public AttributeValue
    {
        values = List.copyOf(values);
    }

    public Object celValue()
    {
        return list || values.size() != 1 ? values : values.getFirst();
    }
}
