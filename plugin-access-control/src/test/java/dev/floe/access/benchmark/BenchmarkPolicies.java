package dev.floe.access.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trino.spi.connector.ColumnSchema;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.type.Type;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.DecimalType.createDecimalType;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.TimestampType.TIMESTAMP_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;

/**
 * The policies the benchmarks compare, each written twice with the same effect on the benchmarked calls: as a
 * Floe YAML policy and as Trino's file-based access control rules (JSON).
 *
 * <p>{@code small} is the demo policy's shape: user {@code analyst} reads {@code lakehouse.demo}, and six personal
 * data columns of {@code lakehouse.demo.customers} are masked (by built-in auto-tags in Floe, by column name in
 * the file-based rules).
 *
 * <p>{@code large} adds a catalog {@code big} of 10,000 tables (20 schemas of 500) and brings the policy to 5,000
 * rules for ten roles: table-specific allows, table denies, allows by project tag (on 900 tables), denies by a
 * sensitivity tag (on 200 tables), table-name globs, row filters, and 160 column masks, 20 of them for the
 * analyst on the 1,000-column table {@code big.wide.events}: 150 columns masked by tags written on the columns,
 * 150 by column-name globs. User {@code analyst} has roles {@code r0} and {@code r1}, users {@code u2}…{@code u9}
 * one role each. The file-based rules list every tag and role out (first match wins, denies first); the analyst's
 * {@code lakehouse.demo} rule comes after the 5,000 generated ones.
 */
final class BenchmarkPolicies
{
    static final String USER = "analyst";
    static final String CATALOG = "big";
    static final int TABLES = 10_000;
    static final int TABLES_PER_SCHEMA = 500;
    static final SchemaTableName WIDE_TABLE = new SchemaTableName("wide", "events");
    static final int WIDE_COLUMNS = 1_000;
    static final int RULES = 5_000;

    private static final int ROLES = 10;
    private static final int TABLE_DENIES = 500;
    private static final int PROJECT_TAGS = 300;
    private static final int SENSITIVE_TABLES = 200;
    private static final int GLOB_RULES = 100;
    private static final int ROW_FILTERS = 10;
    private static final int TAGGED_COLUMNS = 150;
    private static final int GLOB_MASKED_COLUMNS = 150;
    private static final int OTHER_ROLES_COLUMN_MASKS = 100;
    // every tagged wide column carries one of these; the analyst's masks dispatch on them
    private static final List<ColumnTag> COLUMN_TAGS = List.of(
            new ColumnTag("pii.email", "varchar", VARCHAR, "mask_email(@column)"),
            new ColumnTag("pii.phone", "varchar", VARCHAR, "mask_phone(@column)"),
            new ColumnTag("pii.ssn", "varchar", VARCHAR, "mask_ssn(@column)"),
            new ColumnTag("finance.amount", "decimal(12,2)", createDecimalType(12, 2), "generalize(@column, 1000)"),
            new ColumnTag("pii.birth_date", "date", DATE, "mask_date_year(@column)"));
    private static final int DEMO_RULES = 2 + 7;
    private static final int MASK_RULES = COLUMN_TAGS.size() + GLOB_MASKED_COLUMNS / 10 + (ROLES - 2) * COLUMN_TAGS.size() + OTHER_ROLES_COLUMN_MASKS;
    // the table-specific allows fill the policy up to RULES
    private static final int TABLE_ALLOWS = RULES - DEMO_RULES - TABLE_DENIES - PROJECT_TAGS - ROLES - GLOB_RULES - 1 - MASK_RULES - ROW_FILTERS;
    private static final ObjectMapper JSON = new ObjectMapper();

    private record ColumnTag(String tag, String maskType, Type type, String mask) {}

    /** The columns of {@code lakehouse.demo.customers}, as in the demo. */
    static final List<ColumnSchema> CUSTOMERS_COLUMNS = List.of(
            column("customer_id", BIGINT),
            column("name", VARCHAR),
            column("email", VARCHAR),
            column("phone", VARCHAR),
            column("ssn", VARCHAR),
            column("credit_card", VARCHAR),
            column("ip_address", VARCHAR),
            column("birth_date", DATE),
            column("region", VARCHAR),
            column("country", VARCHAR),
            column("signup_ts", TIMESTAMP_MILLIS),
            column("lifetime_value", createDecimalType(12, 2)));

    /** The customers columns the two masking policies mask. */
    static final Set<String> CUSTOMERS_MASKED = Set.of("email", "phone", "ssn", "credit_card", "ip_address", "birth_date");

    private BenchmarkPolicies() {}

    static String schemaOf(int table)
    {
        return "s%02d".formatted(table / TABLES_PER_SCHEMA);
    }

    static String tableName(int table)
    {
        return "t%05d".formatted(table);
    }

    static Set<SchemaTableName> tables()
    {
        Set<SchemaTableName> tables = new LinkedHashSet<>();
        for (int table = 0; table < TABLES; table++) {
            tables.add(new SchemaTableName(schemaOf(table), tableName(table)));
        }
        return tables;
    }

    /** The columns of {@code big.wide.events}: tagged ones, glob-masked {@code secret_…} ones, then plain ones. */
    static List<ColumnSchema> wideColumns()
    {
        List<ColumnSchema> columns = new ArrayList<>(WIDE_COLUMNS);
        for (int i = 0; i < TAGGED_COLUMNS; i++) {
            columns.add(column("tagged_%03d".formatted(i), COLUMN_TAGS.get(i % COLUMN_TAGS.size()).type()));
        }
        for (int i = 0; i < GLOB_MASKED_COLUMNS; i++) {
            columns.add(column("secret_%03d".formatted(i), VARCHAR));
        }
        List<Type> plainTypes = List.of(BIGINT, VARCHAR, DOUBLE, DATE, TIMESTAMP_MILLIS);
        for (int i = columns.size(); i < WIDE_COLUMNS; i++) {
            columns.add(column("col_%03d".formatted(i), plainTypes.get(i % plainTypes.size())));
        }
        return columns;
    }

    static int wideMaskedColumns()
    {
        return TAGGED_COLUMNS + GLOB_MASKED_COLUMNS;
    }

    // ---- the generated rules, shared by both renderings

    private static int allowTable(int rule)
    {
        return (int) ((long) rule * TABLES / TABLE_ALLOWS);
    }

    private static int allowRole(int rule)
    {
        return rule % ROLES;
    }

    // deny j takes back allow 7j, for that allow's role
    private static int deniedAllow(int deny)
    {
        return deny * 7;
    }

    private static List<Integer> projectTables(int project)
    {
        return List.of(project * 33 + 1, project * 33 + 12, project * 33 + 23);
    }

    private static int sensitiveTable(int index)
    {
        return index * 50 + 7;
    }

    // glob k: ten tables t{prefix}0..t{prefix}9 of schema k % 20
    private static int globPrefix(int rule)
    {
        int schema = rule % (TABLES / TABLES_PER_SCHEMA);
        return (schema * TABLES_PER_SCHEMA + 70 * (rule / (TABLES / TABLES_PER_SCHEMA))) / 10;
    }

    private static String user(int role)
    {
        return role < 2 ? USER : "u" + role;
    }

    private static String qualified(int table)
    {
        return "%s.%s.%s".formatted(CATALOG, schemaOf(table), tableName(table));
    }

    // ---- Floe

    static Path writeFloePolicy(Path directory, boolean large)
    {
        return write(directory.resolve(large ? "floe-large.yaml" : "floe-small.yaml"), floePolicy(large, ""));
    }

    /**
     * @param demoMasksOn {@code on} of the demo's masks, e.g. {@code ", on: 'lakehouse.*.*'"}; empty: as in the
     * demo, every column with the tag in any catalog
     */
    static String floePolicy(boolean large, String demoMasksOn)
    {
        StringBuilder yaml = new StringBuilder();
        yaml.append("format: 1\nadmin_roles: [admin]\nroles:\n  admin: {description: everything}\n  analyst: {description: reads lakehouse.demo masked}\n");
        for (int role = 0; role < (large ? ROLES : 0); role++) {
            yaml.append("  r%d: {description: generated}\n".formatted(role));
        }
        yaml.append("bindings:\n  users:\n    admin: [admin]\n");
        yaml.append(large ? "    analyst: [analyst, r0, r1]\n" : "    analyst: [analyst]\n");
        for (int role = 2; role < (large ? ROLES : 0); role++) {
            yaml.append("    u%d: [r%d]\n".formatted(role, role));
        }

        yaml.append("tags:\n  - on: lakehouse.demo.customers\n    tags: [pii]\n");
        if (large) {
            for (int project = 0; project < PROJECT_TAGS; project++) {
                StringJoiner tables = new StringJoiner(", ", "[", "]");
                projectTables(project).forEach(table -> tables.add(qualified(table)));
                yaml.append("  - on: %s\n    tags: [project.p%03d]\n".formatted(tables, project));
            }
            for (int i = 0; i < SENSITIVE_TABLES; i++) {
                yaml.append("  - on: %s\n    tags: [sensitivity.high]\n".formatted(qualified(sensitiveTable(i))));
            }
            for (int i = 0; i < TAGGED_COLUMNS; i++) {
                yaml.append("  - on: %s.%s.%s.tagged_%03d\n    tags: [%s]\n".formatted(CATALOG, WIDE_TABLE.getSchemaName(), WIDE_TABLE.getTableName(), i, COLUMN_TAGS.get(i % COLUMN_TAGS.size()).tag()));
            }
        }

        yaml.append("privileges:\n");
        yaml.append("  - {name: analysts-read-demo, roles: [analyst], allow: [SELECT, SHOW], on: lakehouse.demo}\n");
        yaml.append("  - {name: analysts-use-masking-functions, roles: [analyst], allow: [EXECUTE], on: masking.functions.*}\n");
        if (large) {
            for (int role = 0; role < ROLES; role++) {
                yaml.append("  - {name: sensitive-%d, roles: [r%d], deny: [ALL], tags: [sensitivity.high]}\n".formatted(role, role));
            }
            for (int deny = 0; deny < TABLE_DENIES; deny++) {
                int allow = deniedAllow(deny);
                yaml.append("  - {name: deny-%d, roles: [r%d], deny: [ALL], on: %s}\n".formatted(deny, allowRole(allow), qualified(allowTable(allow))));
            }
            for (int allow = 0; allow < TABLE_ALLOWS; allow++) {
                yaml.append("  - {name: allow-%d, roles: [r%d], allow: [SELECT, SHOW], on: %s}\n".formatted(allow, allowRole(allow), qualified(allowTable(allow))));
            }
            for (int project = 0; project < PROJECT_TAGS; project++) {
                yaml.append("  - {name: project-%d, roles: [r%d], allow: [SELECT, SHOW], tags: [project.p%03d]}\n".formatted(project, project % ROLES, project));
            }
            for (int glob = 0; glob < GLOB_RULES; glob++) {
                int prefix = globPrefix(glob);
                yaml.append("  - {name: glob-%d, roles: [r%d], allow: [SELECT, SHOW], on: '%s.%s.t%04d*'}\n".formatted(glob, glob % ROLES, CATALOG, schemaOf(prefix * 10), prefix));
            }
            yaml.append("  - {name: wide-events, roles: [r0], allow: [SELECT, SHOW], on: %s.%s}\n".formatted(CATALOG, WIDE_TABLE));

            yaml.append("row_filters:\n");
            for (int filter = 0; filter < ROW_FILTERS; filter++) {
                yaml.append("  - {name: filter-%d, roles: [r%d], on: %s, filter: 'id > %d'}\n".formatted(filter, filter % ROLES, qualified(filter * 997), filter));
            }
        }

        yaml.append("column_masks:\n");
        for (String mask : List.of(
                "{name: mask-email, roles: [analyst], tags: [pii.email], type: varchar, mask: 'mask_email(@column)'",
                "{name: mask-phone, roles: [analyst], tags: [pii.phone], type: varchar, mask: 'mask_phone(@column)'",
                "{name: mask-ssn, roles: [analyst], tags: [pii.ssn], type: varchar, mask: 'mask_ssn(@column)'",
                "{name: mask-credit-card, roles: [analyst], tags: [pii.credit_card], type: varchar, mask: 'mask_credit_card(@column)'",
                "{name: mask-ip-address, roles: [analyst], tags: [pii.ip_address], type: varchar, mask: 'mask_ip(@column)'",
                "{name: birth-date-to-year, roles: [analyst], tags: [pii.birth_date], type: date, mask: 'mask_date_year(@column)'",
                "{name: other-personal-data, roles: [analyst], tags: [pii.*], type: any, priority: -100, mask: 'mask_null(@column)'")) {
            yaml.append("  - ").append(mask).append(demoMasksOn).append("}\n");
        }
        if (large) {
            String wide = "%s.%s".formatted(CATALOG, WIDE_TABLE);
            for (ColumnTag tag : COLUMN_TAGS) {
                yaml.append("  - {name: wide-%s, roles: [r0], on: %s, tags: [%s], type: '%s', mask: '%s'}\n".formatted(tag.tag(), wide, tag.tag(), tag.maskType(), tag.mask()));
            }
            for (int glob = 0; glob < GLOB_MASKED_COLUMNS / 10; glob++) {
                yaml.append("  - {name: wide-secret-%d, roles: [r0], on: '%s.secret_%02d*', mask: 'mask_hash(@column)'}\n".formatted(glob, wide, glob));
            }
            for (int role = 2; role < ROLES; role++) {
                for (ColumnTag tag : COLUMN_TAGS) {
                    yaml.append("  - {name: r%d-%s, roles: [r%d], tags: [%s], type: '%s', mask: '%s'}\n".formatted(role, tag.tag(), role, tag.tag(), tag.maskType(), tag.mask()));
                }
            }
            for (int mask = 0; mask < OTHER_ROLES_COLUMN_MASKS; mask++) {
                int role = 2 + mask % (ROLES - 2);
                yaml.append("  - {name: column-mask-%d, roles: [r%d], on: %s.col_%03d, mask: 'mask_null(@column)'}\n".formatted(mask, role, wide, 300 + mask * 7));
            }
        }
        return yaml.toString();
    }

    // ---- Trino's file-based access control

    static Path writeFileBasedRules(Path directory, boolean large)
    {
        return write(directory.resolve(large ? "rules-large.json" : "rules-small.json"), fileBasedRules(large));
    }

    static String fileBasedRules(boolean large)
    {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode catalogs = root.putArray("catalogs");
        catalogs.addObject().put("user", "admin").put("allow", "all");
        catalogs.addObject().put("user", large ? allUsers() : USER).put("catalog", large ? "lakehouse|masking|" + CATALOG : "lakehouse|masking").put("allow", "all");
        root.putArray("functions").addObject().put("user", USER).put("catalog", "masking").put("schema", "functions").set("privileges", privileges("EXECUTE"));
        // without schema rules every user owns every schema, and schema owners see all its tables
        root.putArray("schemas").addObject().put("user", "admin").put("owner", true);
        ArrayNode tables = root.putArray("tables");
        tables.addObject().put("user", "admin").set("privileges", privileges("SELECT", "INSERT", "DELETE", "UPDATE", "OWNERSHIP", "GRANT_SELECT"));
        if (large) {
            for (int i = 0; i < SENSITIVE_TABLES; i++) {
                tableRule(tables, allUsers(), sensitiveTable(i));
            }
            for (int deny = 0; deny < TABLE_DENIES; deny++) {
                int allow = deniedAllow(deny);
                tableRule(tables, user(allowRole(allow)), allowTable(allow));
            }
            for (int allow = 0; allow < TABLE_ALLOWS; allow++) {
                tableRule(tables, user(allowRole(allow)), allowTable(allow), "SELECT");
            }
            for (int project = 0; project < PROJECT_TAGS; project++) {
                for (int table : projectTables(project)) {
                    tableRule(tables, user(project % ROLES), table, "SELECT");
                }
            }
            for (int glob = 0; glob < GLOB_RULES; glob++) {
                int prefix = globPrefix(glob);
                tables.addObject()
                        .put("user", user(glob % ROLES))
                        .put("catalog", CATALOG)
                        .put("schema", schemaOf(prefix * 10))
                        .put("table", "t%04d.*".formatted(prefix))
                        .set("privileges", privileges("SELECT"));
            }
            ObjectNode wide = tables.addObject()
                    .put("user", USER)
                    .put("catalog", CATALOG)
                    .put("schema", WIDE_TABLE.getSchemaName())
                    .put("table", WIDE_TABLE.getTableName());
            wide.set("privileges", privileges("SELECT"));
            ArrayNode columns = wide.putArray("columns");
            for (int i = 0; i < TAGGED_COLUMNS; i++) {
                String name = "tagged_%03d".formatted(i);
                columns.addObject().put("name", name).put("mask", COLUMN_TAGS.get(i % COLUMN_TAGS.size()).mask().replace("@column", name));
            }
            for (int i = 0; i < GLOB_MASKED_COLUMNS; i++) {
                String name = "secret_%03d".formatted(i);
                // sql.path does not reach file-based masks: the keyed function by its full name
                columns.addObject().put("name", name).put("mask", "masking.functions.mask_hash(%s)".formatted(name));
            }
        }
        ObjectNode demo = tables.addObject()
                .put("user", USER)
                .put("catalog", "lakehouse")
                .put("schema", "demo");
        demo.set("privileges", privileges("SELECT"));
        ArrayNode demoColumns = demo.putArray("columns");
        demoColumns.addObject().put("name", "email").put("mask", "mask_email(email)");
        demoColumns.addObject().put("name", "phone").put("mask", "mask_phone(phone)");
        demoColumns.addObject().put("name", "ssn").put("mask", "mask_ssn(ssn)");
        demoColumns.addObject().put("name", "credit_card").put("mask", "mask_credit_card(credit_card)");
        demoColumns.addObject().put("name", "ip_address").put("mask", "mask_ip(ip_address)");
        demoColumns.addObject().put("name", "birth_date").put("mask", "mask_date_year(birth_date)");
        return root.toPrettyString();
    }

    private static String allUsers()
    {
        StringJoiner users = new StringJoiner("|");
        users.add(USER);
        for (int role = 2; role < ROLES; role++) {
            users.add(user(role));
        }
        return users.toString();
    }

    private static void tableRule(ArrayNode tables, String user, int table, String... privileges)
    {
        tables.addObject()
                .put("user", user)
                .put("catalog", CATALOG)
                .put("schema", schemaOf(table))
                .put("table", tableName(table))
                .set("privileges", privileges(privileges));
    }

    private static ArrayNode privileges(String... privileges)
    {
        ArrayNode array = JSON.createArrayNode();
        for (String privilege : privileges) {
            array.add(privilege);
        }
        return array;
    }

    // ---- the TPC-H end-to-end policies: SELECT on tpch_standard.tiny.* and nothing else

    /** A tpch catalog with the standard column names ({@code l_shipdate}) the TPC-H query texts use. */
    static final String TPCH = "tpch_standard";

    static Path writeFloeTpchPolicy(Path directory, boolean large)
    {
        String grant = "  - {name: read-tpch, roles: [analyst], allow: [SELECT, SHOW], on: %s.tiny}".formatted(TPCH) + "\n";
        String policy = large
                // the demo's masks limited to lakehouse: by tag they would also mask tpch's c_phone and s_phone
                ? floePolicy(true, ", on: 'lakehouse.*.*'").replace("privileges:\n", "privileges:\n" + grant)
                : "format: 1\nroles:\n  analyst: {description: reads tpch_standard.tiny}\nbindings:\n  users:\n    analyst: [analyst]\nprivileges:\n" + grant;
        return write(directory.resolve(large ? "floe-tpch-large.yaml" : "floe-tpch.yaml"), policy);
    }

    static Path writeFileBasedTpchRules(Path directory, boolean large)
    {
        String rules;
        if (large) {
            // the tpch rule after the generated ones, like the demo rule
            ObjectNode root;
            try {
                root = (ObjectNode) JSON.readTree(fileBasedRules(true));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ((ArrayNode) root.get("catalogs")).addObject().put("user", USER).put("catalog", TPCH).put("allow", "read-only");
            ((ArrayNode) root.get("tables")).addObject().put("user", USER).put("catalog", TPCH).put("schema", "tiny").set("privileges", privileges("SELECT"));
            rules = root.toPrettyString();
        }
        else {
            rules = """
                    {
                      "catalogs": [{"user": "analyst", "catalog": "tpch_standard", "allow": "read-only"}],
                      "schemas": [{"user": "admin", "owner": true}],
                      "tables": [{"user": "analyst", "catalog": "tpch_standard", "schema": "tiny", "privileges": ["SELECT"]}]
                    }
                    """;
        }
        return write(directory.resolve(large ? "rules-tpch-large.json" : "rules-tpch.json"), rules);
    }

    private static ColumnSchema column(String name, Type type)
    {
        return ColumnSchema.builder().setName(name).setType(type).build();
    }

    private static Path write(Path file, String content)
    {
        try {
            return Files.writeString(file, content);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
