package dev.floe.access.governance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.trino.spi.HostAddress;
import io.trino.spi.connector.ConnectorSplit;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The only split of an {@code explain_access} call, whose rows travel in the table handle. It runs on the
 * coordinator, as the policy tables do, so a catalog configured on the coordinator alone works even when the
 * coordinator schedules no other work.
 */
public record ExplainAccessSplit(@JsonProperty("coordinator") HostAddress coordinator)
        implements ConnectorSplit
{
    @JsonCreator
    public ExplainAccessSplit
    {
        requireNonNull(coordinator, "coordinator is null");
    }

    @Override
    public boolean isRemotelyAccessible()
    {
        return false;
    }

    @Override
    public List<HostAddress> getAddresses()
    {
        return List.of(coordinator);
    }
}
