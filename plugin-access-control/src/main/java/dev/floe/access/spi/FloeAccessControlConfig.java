package dev.floe.access.spi;

import com.google.common.base.Splitter;
import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.Duration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static java.util.concurrent.TimeUnit.SECONDS;

public class FloeAccessControlConfig
{
    private Path policyFile;
    private Duration refreshPeriod = new Duration(5, SECONDS);
    private List<String> expressionPath = List.of();
    private long decisionCacheSize = 1_000_000;
    private Optional<Path> auditHistoryDirectory = Optional.empty();
    private Optional<Path> policyVersionFile = Optional.empty();

    @NotNull
    public Path getPolicyFile()
    {
        return policyFile;
    }

    @Config("floe.policy.file")
    @ConfigDescription("The YAML policy file")
    public FloeAccessControlConfig setPolicyFile(Path policyFile)
    {
        this.policyFile = policyFile;
        return this;
    }

    @NotNull
    @MinDuration("0s")
    public Duration getRefreshPeriod()
    {
        return refreshPeriod;
    }

    @Config("floe.policy.refresh-period")
    @ConfigDescription("How often the policy file is checked for changes; 0s turns reloading off")
    public FloeAccessControlConfig setRefreshPeriod(Duration refreshPeriod)
    {
        this.refreshPeriod = refreshPeriod;
        return this;
    }

    @NotNull
    public List<String> getExpressionPath()
    {
        return expressionPath;
    }

    @Config("floe.policy.expression-path")
    @ConfigDescription("Comma-separated catalog.schema entries in which filters and masks find functions, e.g. masking.functions")
    public FloeAccessControlConfig setExpressionPath(String expressionPath)
    {
        this.expressionPath = Splitter.on(',').trimResults().omitEmptyStrings().splitToList(expressionPath);
        return this;
    }

    @Min(1000)
    public long getDecisionCacheSize()
    {
        return decisionCacheSize;
    }

    @Config("floe.decision-cache.max-size")
    @ConfigDescription("Decisions kept per policy version")
    public FloeAccessControlConfig setDecisionCacheSize(long decisionCacheSize)
    {
        this.decisionCacheSize = decisionCacheSize;
        return this;
    }

    @NotNull
    public Optional<Path> getAuditHistoryDirectory()
    {
        return auditHistoryDirectory;
    }

    @Config("floe.audit.history-directory")
    @ConfigDescription("Directory shared with Floe's query history (its history.access-audit.directory): audit records become rows of access_audit")
    public FloeAccessControlConfig setAuditHistoryDirectory(Path auditHistoryDirectory)
    {
        this.auditHistoryDirectory = Optional.ofNullable(auditHistoryDirectory);
        return this;
    }

    @NotNull
    public Optional<Path> getPolicyVersionFile()
    {
        return policyVersionFile;
    }

    @Config("floe.policy.version-file")
    @ConfigDescription("File the active policy version is written to (atomically, once enforced), for the result-cache service's cache keys")
    public FloeAccessControlConfig setPolicyVersionFile(Path policyVersionFile)
    {
        this.policyVersionFile = Optional.ofNullable(policyVersionFile);
        return this;
    }
}
