package dev.floe.access.spi;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import dev.floe.access.audit.AccessAudit;
import dev.floe.access.condition.ConditionCompiler;
import dev.floe.access.load.PolicyLoader;
import dev.floe.handover.HistoryHandoverWriter;
import io.trino.spi.connector.CatalogSchemaName;

import java.util.List;

import static io.airlift.configuration.ConfigBinder.configBinder;

final class FloeAccessControlModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(FloeAccessControlConfig.class);
        binder.bind(ConditionCompiler.class).in(Scopes.SINGLETON);
        binder.bind(PolicyLoader.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    static AccessAudit accessAudit(FloeAccessControlConfig config)
    {
        return new AccessAudit(config.getAuditHistoryDirectory().map(HistoryHandoverWriter::new));
    }

    @Provides
    @Singleton
    static PolicyStore policyStore(FloeAccessControlConfig config, PolicyLoader loader)
    {
        return new PolicyStore(config.getPolicyFile(), loader, config.getDecisionCacheSize(), config.getRefreshPeriod(), config.getPolicyVersionFile().map(PolicyVersionFile::new));
    }

    @Provides
    @Singleton
    static FloeAccessControl accessControl(FloeAccessControlConfig config, PolicyStore store, AccessAudit audit)
    {
        List<CatalogSchemaName> path = config.getExpressionPath().stream()
                .map(FloeAccessControlModule::catalogSchema)
                .toList();
        return new FloeAccessControl(store, audit, path);
    }

    private static CatalogSchemaName catalogSchema(String entry)
    {
        int dot = entry.indexOf('.');
        if (dot <= 0 || dot == entry.length() - 1 || entry.indexOf('.', dot + 1) >= 0) {
            throw new IllegalArgumentException("floe.policy.expression-path: '%s' is not catalog.schema".formatted(entry));
        }
        return new CatalogSchemaName(entry.substring(0, dot), entry.substring(dot + 1));
    }
}
