package dev.floe.access.condition;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.floe.access.condition.Condition.Outcome.ERROR;
import static dev.floe.access.condition.Condition.Outcome.FALSE;
import static dev.floe.access.condition.Condition.Outcome.TRUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestConditionCompiler
{
    private static final ConditionCompiler COMPILER = new ConditionCompiler();
    private static final Map<String, Object> VARIABLES = Map.of(
            "user", Map.of(
                    "name", "alice",
                    "groups", List.of("staff"),
                    "roles", List.of("analyst"),
                    "attributes", Map.of("region", "EU", "regions", List.of("EU", "UK"))),
            "resource", Map.of("catalog", "lakehouse", "schema", "crm", "table", "customers", "column", "email", "type", "varchar", "tags", List.of("pii", "pii.email")),
            "request", Map.of("time", Instant.parse("2025-06-02T10:15:00Z"), "source", "dashboards", "client_tags", List.of("etl")));

    @Test
    void outcomes()
    {
        assertThat(evaluate("user.attributes.region == 'EU' && 'pii.email' in resource.tags")).isEqualTo(TRUE);
        assertThat(evaluate("'UK' in user.attributes.regions && 'staff' in user.groups && 'analyst' in user.roles")).isEqualTo(TRUE);
        assertThat(evaluate("resource.table == 'orders'")).isEqualTo(FALSE);
        // a missing key and a type mismatch are errors, which each kind of rule resolves closed
        assertThat(evaluate("user.attributes.department == 'hr'")).isEqualTo(ERROR);
        assertThat(evaluate("user.attributes.region > 1")).isEqualTo(ERROR);
        assertThat(evaluate("'department' in user.attributes && user.attributes.department == 'hr'")).isEqualTo(FALSE);
        // an attribute (a string) used as the condition compiles, as a dyn, and is an error, never false
        assertThat(evaluate("user.attributes.region")).isEqualTo(ERROR);
        assertThat(evaluate("user.attributes.region || false")).isEqualTo(ERROR);
    }

    @Test
    void requestVariables()
    {
        // timestamps reach CEL 0.14 as java.time.Instant
        assertThat(evaluate("request.time > timestamp('2025-01-01T00:00:00Z') && request.time.getHours('UTC') == 10")).isEqualTo(TRUE);
        assertThat(evaluate("request.source == 'dashboards' && 'etl' in request.client_tags")).isEqualTo(TRUE);
    }

    @Test
    void requestDependence()
    {
        assertThat(COMPILER.compile("request.source == 'x'").requestDependent()).isTrue();
        assertThat(COMPILER.compile("user.name == 'x' || 'etl' in request.client_tags").requestDependent()).isTrue();
        assertThat(COMPILER.compile("user.name == 'x' && resource.table == 'y'").requestDependent()).isFalse();
        assertThat(COMPILER.compile("true").requestDependent()).isFalse();
    }

    @Test
    void compileErrors()
    {
        assertThatThrownBy(() -> COMPILER.compile("user.name =="))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ERROR: <input>:1:13: mismatched input '<EOF>'");
        assertThatThrownBy(() -> COMPILER.compile("size(user.groups)"))
                .hasMessageContaining("expected type 'bool' but found 'int'");
        assertThatThrownBy(() -> COMPILER.compile("'a'"))
                .hasMessageContaining("expected type 'bool' but found 'string'");
        assertThatThrownBy(() -> COMPILER.compile("session.user == 'x'"))
                .hasMessageContaining("undeclared reference to 'session'");
        // the message is one line, as it goes into a one-line problem
        assertThatThrownBy(() -> COMPILER.compile("user.name ==\n== 'x'"))
                .satisfies(exception -> assertThat(exception.getMessage()).doesNotContain("\n"));
    }

    @Test
    void text()
    {
        assertThat(COMPILER.compile(" true ").text()).isEqualTo(" true ");
        assertThat(COMPILER.compile("true")).hasToString("true");
    }

    private static Condition.Outcome evaluate(String condition)
    {
        return COMPILER.compile(condition).evaluate(VARIABLES);
    }
}
