package dev.floe.access.governance;

import dev.floe.access.FloeAccessControlPlugin;
import dev.floe.testing.FloeQueryRunner;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * The governance catalog on a server whose access control is not Floe's: it loads, and its queries say what
 * is missing.
 */
@TestInstance(PER_CLASS)
final class TestGovernanceWithoutFloeAccessControl
{
    private static final String MESSAGE = "the governance catalog needs access-control.name=floe";

    private QueryRunner runner;

    @BeforeAll
    void setUp()
            throws Exception
    {
        runner = FloeQueryRunner.builder()
                .withPlugin(new FloeAccessControlPlugin())
                .withCatalog("governance", GovernanceConnectorFactory.NAME, Map.of())
                .build();
    }

    @AfterAll
    void tearDown()
    {
        runner.close();
    }

    @Test
    void queriesFailWithTheMissingConfiguration()
    {
        assertThatThrownBy(() -> runner.execute("SELECT * FROM governance.policy.status")).hasMessageContaining(MESSAGE);
        assertThatThrownBy(() -> runner.execute("SELECT * FROM governance.policy.rules")).hasMessageContaining(MESSAGE);
        assertThatThrownBy(() -> runner.execute("SELECT * FROM TABLE(governance.policy.explain_access(user => 'analyst', table_name => 'tpch.tiny.nation'))"))
                .hasMessageContaining(MESSAGE);
    }

    @Test
    void catalogTakesNoProperties()
    {
        assertThatThrownBy(() -> runner.createCatalog("governance2", GovernanceConnectorFactory.NAME, Map.of("floe.policy.file", "policy.yaml")))
                .hasStackTraceContaining("Configuration property 'floe.policy.file' was not used");
    }
}
