package dev.floe.cache.refresh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.floe.cache.freshness.QualifiedTable;
import dev.floe.cache.refresh.ViewSql.Pin;

import java.util.HashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What a refresh statement reads when it selects from its view: sent by the refresher as the hidden session
 * property {@value #SESSION_PROPERTY} of the cache catalog. While it is set (by the refresh user only) the view is
 * expanded, with its sources pinned as {@link #pins()} says, instead of being read from storage.
 */
public record RefreshPlan(String view, Map<String, Pin> pins)
{
    public static final String SESSION_PROPERTY = "refresh_plan";
    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new Jdk8Module());

    public RefreshPlan
    {
        requireNonNull(view, "view is null");
        pins = Map.copyOf(pins);
    }

    public static RefreshPlan of(String view, Map<QualifiedTable, Pin> pins)
    {
        Map<String, Pin> byName = new HashMap<>();
        pins.forEach((table, pin) -> byName.put(table.toString(), pin));
        return new RefreshPlan(view, byName);
    }

    public Map<QualifiedTable, Pin> tablePins()
    {
        Map<QualifiedTable, Pin> byTable = new HashMap<>();
        pins.forEach((table, pin) -> byTable.put(QualifiedTable.parse(table), pin));
        return byTable;
    }

    public String encode()
    {
        try {
            return MAPPER.writeValueAsString(this);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode " + this, e);
        }
    }

    public static RefreshPlan decode(String value)
    {
        try {
            return MAPPER.readValue(value, RefreshPlan.class);
        }
        catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Invalid %s session property: %s".formatted(SESSION_PROPERTY, e.getOriginalMessage()), e);
        }
    }
}
