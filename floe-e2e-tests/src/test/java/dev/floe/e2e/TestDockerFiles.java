package dev.floe.e2e;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Static checks of docker/Dockerfile and docker/compose.yaml (no Docker engine, no network): every file they
 * reference exists, the image installs exactly the root pom's plugin-* modules, the Trino image tag is the
 * pom's dep.trino.version, compose has the services of the stack, its Kafka broker is the one bin/floe runs
 * (single KRaft node) and the Trino services wait for it, the image's ingest catalog is bin/floe's with the
 * compose services' addresses, every ${ENV:...} of the image's configuration is in the Trino services'
 * environment, the result cache's service runs what the image holds (its configuration, the module's jar and the
 * runtime classpath its pom writes, its main class) with a configuration naming the compose services and sharing
 * the coordinator's volume for the policy version and the history's hand-over directory, and every volume of a
 * service built from the Dockerfile is mounted where the image prepared a directory its user owns. Each check is a
 * function returning the problems it found, so the tests further down can show that a broken file is reported.
 */
final class TestDockerFiles
{
    private static final Path ROOT = findRepositoryRoot();
    private static final Path DOCKERFILE = ROOT.resolve("docker/Dockerfile");
    private static final Path COMPOSE = ROOT.resolve("docker/compose.yaml");
    private static final String PLUGIN_DIR = "/usr/lib/trino/plugin/";
    private static final String INGEST_CATALOG = "/etc/trino/catalog/ingest.properties";
    private static final String LAKEHOUSE_CATALOG = "/etc/trino/catalog/lakehouse.properties";
    private static final String RESULT_CACHE = "result-cache";
    private static final String COORDINATOR = "coordinator";
    private static final String COORDINATOR_CONFIG = "/etc/trino/config.properties";
    private static final String ACCESS_CONTROL_CONFIG = "/etc/trino/access-control.properties";
    private static final String EVENT_LISTENER_CONFIG = "/etc/trino/event-listener.properties";

    @Test
    void trinoImageTagIsThePomsTrinoVersion()
    {
        assertThat(trinoImageTags(read(DOCKERFILE)))
                .as("FROM trinodb/trino:<tag> in %s", DOCKERFILE)
                .containsExactly(pomProperty("dep.trino.version"));
    }

    @Test
    void imageInstallsExactlyThePluginModules()
    {
        List<String> modules = pluginModules();
        assertThat(modules).as("plugin-* modules of %s", ROOT.resolve("pom.xml")).isNotEmpty();
        assertThat(pluginProblems(parseDockerfile(read(DOCKERFILE)), modules)).isEmpty();
    }

    @Test
    void everyFileTheDockerfileCopiesExists()
    {
        List<Instruction> instructions = parseDockerfile(read(DOCKERFILE));
        assertThat(instructions).extracting(Instruction::command).contains("FROM", "COPY");
        // plugin zips and the result cache's jar and classpath are build outputs of modules of the root pom
        assertThat(copySourceProblems(instructions, ROOT, rootModules())).isEmpty();
    }

    @Test
    void composeHasTheServicesOfTheStack()
    {
        Map<String, Object> compose = MiniYaml.parse(read(COMPOSE));
        assertThat(serviceProblems(compose, pomProperty("dep.iceberg.version"))).isEmpty();
    }

    @Test
    void everyFileComposeReferencesExists()
    {
        Map<String, Object> compose = MiniYaml.parse(read(COMPOSE));
        List<Instruction> dockerfile = parseDockerfile(read(DOCKERFILE));
        assertThat(composeReferenceProblems(compose, COMPOSE.getParent(), dockerfile)).isEmpty();
    }

    @Test
    void composePublishesPortsOnLoopbackOnly()
    {
        Map<String, Object> compose = MiniYaml.parse(read(COMPOSE));
        assertThat(portProblems(compose)).isEmpty();
    }

    @Test
    void composeKafkaIsASingleKraftNodeTheTrinoServicesWaitFor()
    {
        Map<String, Object> compose = MiniYaml.parse(read(COMPOSE));
        // the broker bin/floe and the tests run (floe-testing resolves it; bin/floe reads the version there)
        assertThat(kafkaProblems(compose, pomProperty(ROOT.resolve("floe-testing/pom.xml"), "dep.kafka-broker.version"))).isEmpty();
    }

    @Test
    void imageIngestCatalogIsTheStacksWithTheComposeAddresses()
    {
        List<Instruction> dockerfile = parseDockerfile(read(DOCKERFILE));
        Map<String, Object> compose = MiniYaml.parse(read(COMPOSE));
        Optional<String> ingest = imageFileSource(dockerfile, INGEST_CATALOG);
        Optional<String> lakehouse = imageFileSource(dockerfile, LAKEHOUSE_CATALOG);
        assertThat(ingest).as("the COPY of %s in %s", INGEST_CATALOG, DOCKERFILE).isPresent();
        assertThat(lakehouse).as("the COPY of %s in %s", LAKEHOUSE_CATALOG, DOCKERFILE).isPresent();
        assertThat(ingestCatalogProblems(
                properties(read(ROOT.resolve(ingest.orElseThrow()))),
                properties(read(ROOT.resolve("etc/catalog/ingest.properties"))),
                properties(read(ROOT.resolve(lakehouse.orElseThrow()))),
                compose)).isEmpty();
    }

    @Test
    void everyEnvironmentReferenceOfTheImageIsSetByCompose()
    {
        List<Instruction> dockerfile = parseDockerfile(read(DOCKERFILE));
        Map<String, Object> compose = MiniYaml.parse(read(COMPOSE));
        assertThat(environmentReferenceProblems(dockerfile, ROOT, compose)).isEmpty();
    }

    @Test
    void resultCacheRunsWhatTheImageHoldsAndSharesTheCoordinatorsVolume()
    {
        List<Instruction> dockerfile = parseDockerfile(read(DOCKERFILE));
        Map<String, Object> compose = MiniYaml.parse(read(COMPOSE));
        assertThat(map(compose.get("services"))).containsKey(RESULT_CACHE);
        assertThat(resultCacheProblems(compose, dockerfile, ROOT, imageProperties(dockerfile, ROOT))).isEmpty();
    }

    @Test
    void everyVolumeIsMountedOnADirectoryTheImagePrepared()
    {
        List<Instruction> dockerfile = parseDockerfile(read(DOCKERFILE));
        Map<String, Object> compose = MiniYaml.parse(read(COMPOSE));
        assertThat(volumeOwnershipProblems(compose, dockerfile)).isEmpty();
    }

    // --- the checks can fail: broken inputs are reported ----------------------------------------------------

    @Test
    void missingCopySourceIsReported()
    {
        List<Instruction> instructions = parseDockerfile("""
                FROM trinodb/trino:476
                COPY etc/catalog/tpch.properties etc/catalog/no-such-catalog.properties /etc/trino/catalog/
                COPY plugin-no-such-module/target/plugin-no-such-module-*.zip /zips/
                """);
        assertThat(copySourceProblems(instructions, ROOT, pluginModules()))
                .hasSize(2)
                .anySatisfy(problem -> assertThat(problem).contains("etc/catalog/no-such-catalog.properties"))
                .anySatisfy(problem -> assertThat(problem).contains("plugin-no-such-module"));
    }

    @Test
    void pluginDirectoriesDifferingFromTheModulesAreReported()
    {
        List<Instruction> instructions = parseDockerfile("""
                FROM busybox AS plugins
                COPY plugin-a/target/plugin-a-*.zip /zips/plugin-a.zip
                FROM trinodb/trino:476
                COPY --from=plugins /plugins/plugin-a /usr/lib/trino/plugin/plugin-a
                COPY --from=plugins /plugins/plugin-c /usr/lib/trino/plugin/plugin-c
                """);
        assertThat(pluginProblems(instructions, List.of("plugin-a", "plugin-b")))
                .anySatisfy(problem -> assertThat(problem).contains("plugin-b"))
                .anySatisfy(problem -> assertThat(problem).contains("plugin-c"));
        assertThat(trinoImageTags("FROM trinodb/trino:475\n")).containsExactly("475");
    }

    @Test
    void brokenComposeIsReported()
    {
        Map<String, Object> compose = MiniYaml.parse("""
                x-trino: &trino
                  build:
                    context: ..
                    dockerfile: docker/No-Such-Dockerfile
                services:
                  coordinator:
                    <<: *trino
                    volumes:
                      - ./no-such-file.properties:/etc/trino/x.properties:ro
                      - undeclared-volume:/data
                    ports:
                      - "8080:8080"
                    command: ["/usr/lib/trino/bin/run-trino", "--config", "/etc/trino/not-in-the-image.properties"]
                  kafka:
                    image: apache/kafka:4.0.0
                """);
        assertThat(composeReferenceProblems(compose, COMPOSE.getParent(), parseDockerfile(read(DOCKERFILE))))
                .anySatisfy(problem -> assertThat(problem).contains("No-Such-Dockerfile"))
                .anySatisfy(problem -> assertThat(problem).contains("no-such-file.properties"))
                .anySatisfy(problem -> assertThat(problem).contains("undeclared-volume"))
                .anySatisfy(problem -> assertThat(problem).contains("not-in-the-image.properties"));
        assertThat(serviceProblems(compose, "1.9.1"))
                .anySatisfy(problem -> assertThat(problem).contains("worker"))
                .anySatisfy(problem -> assertThat(problem).contains("iceberg-rest-fixture"))
                .anySatisfy(problem -> assertThat(problem).contains("minio"));
        assertThat(portProblems(compose)).singleElement().asString().contains("8080:8080");
        assertThat(kafkaProblems(compose, "4.0.2"))
                .anySatisfy(problem -> assertThat(problem).contains("apache/kafka:4.0.2"))
                .anySatisfy(problem -> assertThat(problem).contains("KAFKA_PROCESS_ROLES"))
                .anySatisfy(problem -> assertThat(problem).contains("KAFKA_ADVERTISED_LISTENERS"))
                .anySatisfy(problem -> assertThat(problem).contains("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"))
                .anySatisfy(problem -> assertThat(problem).contains("KAFKA_LOG_DIRS"))
                .anySatisfy(problem -> assertThat(problem).contains("healthcheck"))
                .anySatisfy(problem -> assertThat(problem).contains("coordinator does not wait for kafka"));
    }

    @Test
    void brokenKafkaAndIngestCatalogAreReported()
    {
        Map<String, Object> compose = MiniYaml.parse("""
                x-trino: &trino
                  build:
                    context: ..
                  environment:
                    LAKEHOUSE_S3_ACCESS_KEY: x
                  depends_on:
                    kafka:
                      condition: service_started
                services:
                  coordinator:
                    <<: *trino
                  kafka:
                    image: apache/kafka:4.0.2
                    environment:
                      CLUSTER_ID: abc
                      KAFKA_NODE_ID: 1
                      KAFKA_PROCESS_ROLES: broker
                      KAFKA_CONTROLLER_QUORUM_VOTERS: 2@kafka:9093
                      KAFKA_LISTENERS: PLAINTEXT://:9092,CONTROLLER://:9093
                      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://localhost:9092
                      KAFKA_CONTROLLER_LISTENER_NAMES: CONTROL
                      KAFKA_LOG_DIRS: /var/lib/kafka/data
                      KAFKA_AUTO_CREATE_TOPICS_ENABLE: "true"
                      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 3
                      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: 1
                      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: 1
                    volumes:
                      - kafka-data:/somewhere/else
                    healthcheck:
                      test: ["CMD", "true"]
                volumes:
                  kafka-data:
                """);
        assertThat(kafkaProblems(compose, "4.0.2"))
                .anySatisfy(problem -> assertThat(problem).contains("KAFKA_PROCESS_ROLES"))
                .anySatisfy(problem -> assertThat(problem).contains("KAFKA_CONTROLLER_QUORUM_VOTERS"))
                .anySatisfy(problem -> assertThat(problem).contains("PLAINTEXT://kafka:9092"))
                .anySatisfy(problem -> assertThat(problem).contains("CONTROL"))
                .anySatisfy(problem -> assertThat(problem).contains("KAFKA_AUTO_CREATE_TOPICS_ENABLE"))
                .anySatisfy(problem -> assertThat(problem).contains("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR is 3"))
                .anySatisfy(problem -> assertThat(problem).contains("no volume is mounted at /var/lib/kafka/data"))
                .anySatisfy(problem -> assertThat(problem).contains("coordinator does not wait for kafka"))
                .noneSatisfy(problem -> assertThat(problem).contains("must use image"));

        Map<String, String> template = properties("""
                connector.name=floe_ingest
                ingest.target-catalog=lakehouse
                ingest.iceberg.type=rest
                ingest.iceberg.uri=http://127.0.0.1:@FLOE_CATALOG_PORT@
                ingest.kafka.bootstrap-servers=127.0.0.1:@FLOE_KAFKA_PORT@
                """);
        Map<String, String> lakehouse = properties("iceberg.rest-catalog.uri=http://iceberg-rest:8181\n");
        assertThat(ingestCatalogProblems(properties("""
                connector.name=floe_ingest
                ingest.target-catalog=lakehouse
                ingest.iceberg.type=rest
                ingest.iceberg.uri=http://iceberg-rest:8181
                ingest.kafka.bootstrap-servers=kafka:9092
                """), template, lakehouse, MiniYaml.parse(read(COMPOSE)))).isEmpty();
        assertThat(ingestCatalogProblems(properties("""
                connector.name=kafka
                ingest.iceberg.uri=http://127.0.0.1:8181
                ingest.kafka.bootstrap-servers=localhost:9092
                """), template, lakehouse, MiniYaml.parse(read(COMPOSE))))
                .anySatisfy(problem -> assertThat(problem).contains("connector.name"))
                .anySatisfy(problem -> assertThat(problem).contains("ingest.target-catalog"))
                .anySatisfy(problem -> assertThat(problem).contains("ingest.iceberg.uri"))
                .anySatisfy(problem -> assertThat(problem).contains("ingest.kafka.bootstrap-servers"));

        List<Instruction> dockerfile = parseDockerfile("""
                FROM trinodb/trino:476
                COPY docker/etc/catalog/ingest.properties docker/etc/catalog/lakehouse.properties /etc/trino/catalog/
                """);
        assertThat(imageFileSource(dockerfile, INGEST_CATALOG)).contains("docker/etc/catalog/ingest.properties");
        assertThat(imageFileSource(dockerfile, "/etc/trino/catalog/other.properties")).isEmpty();
        // the compose file above gives the Trino services LAKEHOUSE_S3_ACCESS_KEY only
        assertThat(environmentReferenceProblems(dockerfile, ROOT, compose))
                .singleElement().asString().contains("LAKEHOUSE_S3_SECRET_KEY");
    }

    @Test
    void brokenResultCacheIsReported()
    {
        List<Instruction> dockerfile = parseDockerfile("""
                FROM trinodb/trino:476
                USER root
                RUN mkdir -p /data/trino/floe && chown trino:trino /data/trino/floe
                USER trino:trino
                COPY result-cache-service/target/result-cache-service-*.jar /usr/lib/floe/result-cache/result-cache-service.jar
                COPY history-handover/target/lib/ /usr/lib/floe/result-cache/lib/
                COPY docker/etc/result-cache.properties /etc/floe/result-cache.properties
                """);
        Map<String, Object> compose = MiniYaml.parse("""
                services:
                  coordinator:
                    build:
                      context: ..
                      dockerfile: docker/Dockerfile
                    image: floe-trino:dev
                    volumes:
                      - coordinator-floe:/data/trino/floe
                  result-cache:
                    build:
                      context: ..
                      dockerfile: docker/Dockerfile
                    image: some-other-image:1
                    command: ["java", "-Dconfig=/etc/floe/not-copied.properties", "-cp", "/usr/lib/floe/result-cache/result-cache-service.jar:/usr/lib/floe/result-cache/lib/*:/opt/missing.jar", "dev.floe.resultcache.NoSuchServer"]
                    volumes:
                      - coordinator-floe:/data/elsewhere
                      - result-cache-data:/data/result-cache
                    ports:
                      - "127.0.0.1:8085:9999"
                volumes:
                  coordinator-floe:
                  result-cache-data:
                """);
        Map<String, Map<String, String>> files = Map.of(
                "/etc/floe/not-copied.properties", properties("""
                        node.bind-ip=127.0.0.1
                        http-server.http.port=8085
                        result-cache.coordinator-uri=http://127.0.0.1:8080
                        result-cache.directory=/data/trino/floe/store
                        result-cache.iceberg-rest-catalogs=lakehouse=http://localhost:8181,nowhere=http://iceberg-rest:8181
                        result-cache.ttl-catalogs=tpch
                        result-cache.history-directory=/data/trino/floe/other-directory
                        """),
                COORDINATOR_CONFIG, properties("http-server.http.port=8080\n"),
                ACCESS_CONTROL_CONFIG, properties("floe.policy.version-file=/data/trino/floe/policy-version\n"),
                EVENT_LISTENER_CONFIG, properties("history.access-audit.directory=/data/trino/floe/audit-history\n"),
                LAKEHOUSE_CATALOG, properties("connector.name=iceberg\niceberg.rest-catalog.uri=http://iceberg-rest:8181\n"));
        assertThat(resultCacheProblems(compose, dockerfile, ROOT, path -> Optional.ofNullable(files.get(path))))
                .anySatisfy(problem -> assertThat(problem).contains("image some-other-image:1"))
                .anySatisfy(problem -> assertThat(problem).contains("-Dconfig=/etc/floe/not-copied.properties"))
                .anySatisfy(problem -> assertThat(problem).contains("/opt/missing.jar"))
                .anySatisfy(problem -> assertThat(problem).contains("history-handover/target/lib/"))
                .anySatisfy(problem -> assertThat(problem).contains("dev.floe.resultcache.NoSuchServer"))
                .anySatisfy(problem -> assertThat(problem).contains("node.bind-ip"))
                .anySatisfy(problem -> assertThat(problem).contains("result-cache.coordinator-uri"))
                .anySatisfy(problem -> assertThat(problem).contains("http://localhost:8181"))
                .anySatisfy(problem -> assertThat(problem).contains("catalog nowhere"))
                .anySatisfy(problem -> assertThat(problem).contains("ttl-catalogs: tpch"))
                .anySatisfy(problem -> assertThat(problem).contains("no result-cache.policy-version-file"))
                .anySatisfy(problem -> assertThat(problem).contains("result-cache.history-directory"))
                .anySatisfy(problem -> assertThat(problem).contains("result-cache.directory"))
                .anySatisfy(problem -> assertThat(problem).contains("127.0.0.1:8085:9999"))
                .anySatisfy(problem -> assertThat(problem).contains("does not depend on coordinator"))
                .anySatisfy(problem -> assertThat(problem).contains("healthcheck"));
        // built from the Dockerfile, but no Trino service: it needs neither Kafka nor the Trino configuration's environment
        assertThat(isTrinoService(map(map(compose.get("services")).get(RESULT_CACHE)))).isFalse();
        assertThat(kafkaProblems(compose, "4.0.2")).noneSatisfy(problem -> assertThat(problem).startsWith("result-cache"));
        // the coordinator's /data/trino/floe is prepared by the RUN above, the cache's mount points are not
        assertThat(volumeOwnershipProblems(compose, dockerfile))
                .hasSize(2)
                .allSatisfy(problem -> assertThat(problem).startsWith("result-cache:"))
                .anySatisfy(problem -> assertThat(problem).contains("/data/elsewhere"))
                .anySatisfy(problem -> assertThat(problem).contains("/data/result-cache"));
    }

    @Test
    void miniYamlReadsAnchorsMergesListsAndQuotes()
    {
        Map<String, Object> yaml = MiniYaml.parse("""
                # comment
                x-base: &base
                  image: "a:1"   # trailing comment
                  environment: &env
                    KEY: value # with comment
                services:
                  one:
                    <<: *base
                    image: b:2
                    environment: *env
                    command: ["x", "y z"]
                    ports:
                      - "127.0.0.1:1:1"
                      - '2:2'
                """);
        Map<String, Object> one = map(map(yaml.get("services")).get("one"));
        assertThat(one.get("image")).isEqualTo("b:2");
        assertThat(map(one.get("environment"))).containsEntry("KEY", "value");
        assertThat(one.get("command")).isEqualTo(List.of("x", "y z"));
        assertThat(one.get("ports")).isEqualTo(List.of("127.0.0.1:1:1", "2:2"));
    }

    // --- Dockerfile -------------------------------------------------------------------------------------------

    record Instruction(String command, String arguments) {}

    /** Instructions with continuation lines joined; comments and blank lines dropped. */
    static List<Instruction> parseDockerfile(String text)
    {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String instruction = current.toString().strip();
            current.setLength(0);
            if (instruction.isEmpty()) {
                continue;
            }
            String[] parts = instruction.split("\\s+", 2);
            instructions.add(new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""));
        }
        return instructions;
    }

    record Copy(String from, List<String> sources, String destination) {}

    static List<Copy> copies(List<Instruction> instructions)
    {
        List<Copy> copies = new ArrayList<>();
        for (Instruction instruction : instructions) {
            if (!instruction.command().equals("COPY") && !instruction.command().equals("ADD")) {
                continue;
            }
            List<String> tokens = new ArrayList<>();
            String from = null;
            for (String token : tokenize(instruction.arguments())) {
                if (token.startsWith("--from=")) {
                    from = token.substring("--from=".length());
                }
                else if (!token.startsWith("--")) {
                    tokens.add(token);
                }
            }
            if (tokens.size() < 2) {
                throw new IllegalArgumentException("COPY needs a source and a destination: " + instruction);
            }
            copies.add(new Copy(from, List.copyOf(tokens.subList(0, tokens.size() - 1)), tokens.getLast()));
        }
        return copies;
    }

    private static List<String> tokenize(String arguments)
    {
        String trimmed = arguments.strip();
        List<String> tokens = new ArrayList<>();
        if (trimmed.startsWith("[")) {
            Matcher matcher = Pattern.compile("\"([^\"]*)\"").matcher(trimmed);
            while (matcher.find()) {
                tokens.add(matcher.group(1));
            }
            return tokens;
        }
        return List.of(trimmed.split("\\s+"));
    }

    static List<String> trinoImageTags(String dockerfile)
    {
        List<String> tags = new ArrayList<>();
        for (Instruction instruction : parseDockerfile(dockerfile)) {
            Matcher matcher = Pattern.compile("^(?:docker\\.io/)?trinodb/trino:(\\S+)").matcher(instruction.arguments());
            if (instruction.command().equals("FROM") && matcher.find()) {
                tags.add(matcher.group(1));
            }
        }
        return tags;
    }

    /** Sources are relative to the build context, the repository root; plugin zips are build outputs of their module. */
    static List<String> copySourceProblems(List<Instruction> instructions, Path context, List<String> modules)
    {
        List<String> problems = new ArrayList<>();
        for (Copy copy : copies(instructions)) {
            if (copy.from() != null) {
                continue;
            }
            for (String source : copy.sources()) {
                int target = source.indexOf("/target/");
                if (target >= 0) {
                    String module = source.substring(0, target);
                    if (!modules.contains(module) || !Files.isRegularFile(context.resolve(module).resolve("pom.xml"))) {
                        problems.add("COPY %s: %s is no module of the root pom with a pom.xml (the file is its build output)".formatted(source, module));
                    }
                }
                else if (source.contains("*") || source.contains("?")) {
                    if (globMatches(context, source).isEmpty()) {
                        problems.add("COPY %s matches no file under %s".formatted(source, context));
                    }
                }
                else if (!Files.exists(context.resolve(source))) {
                    problems.add("COPY %s: no such file %s".formatted(source, context.resolve(source)));
                }
            }
        }
        return problems;
    }

    private static List<Path> globMatches(Path context, String source)
    {
        Path pattern = context.resolve(source);
        Path directory = pattern.getParent();
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Path> matches = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, pattern.getFileName().toString())) {
            stream.forEach(matches::add);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return matches;
    }

    /** The directories under /usr/lib/trino/plugin/ and the zips copied must both be exactly the modules. */
    static List<String> pluginProblems(List<Instruction> instructions, List<String> modules)
    {
        Set<String> installed = new TreeSet<>();
        Set<String> zipped = new TreeSet<>();
        for (Copy copy : copies(instructions)) {
            if (copy.destination().startsWith(PLUGIN_DIR)) {
                installed.add(copy.destination().substring(PLUGIN_DIR.length()).replaceAll("/+$", ""));
            }
            for (String source : copy.sources()) {
                Matcher matcher = Pattern.compile("^(plugin-[^/]+)/target/\\1-[^/]*\\.zip$").matcher(source);
                if (copy.from() == null && matcher.matches()) {
                    zipped.add(matcher.group(1));
                }
            }
        }
        Set<String> expected = new TreeSet<>(modules);
        List<String> problems = new ArrayList<>();
        if (!installed.equals(expected)) {
            problems.add("plugin directories in %s are %s, the root pom's plugin-* modules are %s".formatted(PLUGIN_DIR, installed, expected));
        }
        if (!zipped.equals(expected)) {
            problems.add("plugin zips copied are those of %s, the root pom's plugin-* modules are %s".formatted(zipped, expected));
        }
        return problems;
    }

    // --- compose ----------------------------------------------------------------------------------------------

    static List<String> serviceProblems(Map<String, Object> compose, String icebergVersion)
    {
        Map<String, Object> services = map(compose.get("services"));
        List<String> problems = new ArrayList<>();
        if (!services.containsKey("coordinator")) {
            problems.add("no service coordinator");
        }
        if (services.keySet().stream().noneMatch(name -> name.startsWith("worker"))) {
            problems.add("no worker service (worker*)");
        }
        Map<String, String> images = new LinkedHashMap<>();
        services.forEach((name, service) -> images.put(name, String.valueOf(map(service).get("image"))));
        requireImage(images, "kafka", "apache/kafka:", problems);
        requireImage(images, "iceberg-rest", "apache/iceberg-rest-fixture:" + icebergVersion, problems);
        requireImage(images, "minio", "minio/minio:", problems);
        for (String trino : List.of("coordinator", "worker")) {
            services.forEach((name, service) -> {
                if (name.startsWith(trino) && map(service).get("build") == null) {
                    problems.add("service %s is not built from docker/Dockerfile (no build:)".formatted(name));
                }
            });
        }
        return problems;
    }

    private static void requireImage(Map<String, String> images, String service, String imagePrefix, List<String> problems)
    {
        String image = images.get(service);
        if (image == null || !image.startsWith(imagePrefix)) {
            problems.add("service %s must use image %s..., has %s".formatted(service, imagePrefix, image));
        }
    }

    static List<String> composeReferenceProblems(Map<String, Object> compose, Path composeDirectory, List<Instruction> dockerfile)
    {
        List<String> problems = new ArrayList<>();
        Map<String, Object> services = map(compose.get("services"));
        Set<String> declaredVolumes = compose.get("volumes") == null ? Set.of() : map(compose.get("volumes")).keySet();
        Set<String> imageFiles = new TreeSet<>();
        for (Copy copy : copies(dockerfile)) {
            if (copy.sources().size() == 1) {
                imageFiles.add(copy.destination());
            }
            else {
                copy.sources().forEach(source -> imageFiles.add(copy.destination() + Path.of(source).getFileName()));
            }
        }
        services.forEach((name, value) -> {
            Map<String, Object> service = map(value);
            if (service.get("build") instanceof Map<?, ?> build) {
                Path context = composeDirectory.resolve(String.valueOf(build.get("context"))).normalize();
                Path dockerfilePath = context.resolve(String.valueOf(build.get("dockerfile") == null ? "Dockerfile" : build.get("dockerfile")));
                if (!Files.isDirectory(context)) {
                    problems.add("%s: build context %s does not exist".formatted(name, context));
                }
                if (!Files.isRegularFile(dockerfilePath)) {
                    problems.add("%s: dockerfile %s does not exist".formatted(name, dockerfilePath));
                }
            }
            for (Object volume : list(service.get("volumes"))) {
                String source = String.valueOf(volume).split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    if (!Files.exists(composeDirectory.resolve(source))) {
                        problems.add("%s: bind mount %s does not exist".formatted(name, composeDirectory.resolve(source).normalize()));
                    }
                }
                else if (!declaredVolumes.contains(source)) {
                    problems.add("%s: volume %s is not declared under volumes:".formatted(name, source));
                }
            }
            for (Object envFile : list(service.get("env_file"))) {
                if (!Files.exists(composeDirectory.resolve(String.valueOf(envFile)))) {
                    problems.add("%s: env_file %s does not exist".formatted(name, envFile));
                }
            }
            List<Object> command = list(service.get("command"));
            int config = command.indexOf("--config");
            if (service.get("build") != null && config >= 0 && config + 1 < command.size() && !imageFiles.contains(String.valueOf(command.get(config + 1)))) {
                problems.add("%s: --config %s is no file the Dockerfile copies into the image".formatted(name, command.get(config + 1)));
            }
            if (service.get("depends_on") instanceof Map<?, ?> dependencies) {
                dependencies.keySet().forEach(dependency -> {
                    if (!services.containsKey(String.valueOf(dependency))) {
                        problems.add("%s depends on undefined service %s".formatted(name, dependency));
                    }
                });
            }
        });
        return problems;
    }

    /**
     * The kafka service is one KRaft node (broker and controller) of the given version, advertised to the
     * containers as kafka:9092, with one replica of every internal topic, topics created explicitly (as in
     * bin/floe's etc/kafka/server.properties), its data on a volume, a healthcheck, and every Trino service
     * ({@link #isTrinoService}; not the result cache) waiting for it to be healthy.
     */
    static List<String> kafkaProblems(Map<String, Object> compose, String kafkaVersion)
    {
        Map<String, Object> services = map(compose.get("services"));
        List<String> problems = new ArrayList<>();
        Map<String, Object> kafka = map(services.get("kafka"));
        String image = String.valueOf(kafka.get("image"));
        if (!image.equals("apache/kafka:" + kafkaVersion)) {
            problems.add("service kafka must use image apache/kafka:%s (the broker of bin/floe and the tests), has %s".formatted(kafkaVersion, image));
        }
        Map<String, Object> environment = map(kafka.get("environment"));
        Function<String, String> env = name -> environment.get(name) == null ? null : String.valueOf(environment.get(name)).strip();

        if (!Set.of("broker", "controller").equals(Set.of(String.valueOf(env.apply("KAFKA_PROCESS_ROLES")).split("\\s*,\\s*")))) {
            problems.add("kafka: KAFKA_PROCESS_ROLES must be broker,controller (one KRaft node), is " + env.apply("KAFKA_PROCESS_ROLES"));
        }
        String nodeId = env.apply("KAFKA_NODE_ID");
        String voters = env.apply("KAFKA_CONTROLLER_QUORUM_VOTERS");
        if (nodeId == null || voters == null || !voters.matches(Pattern.quote(nodeId) + "@kafka:\\d+")) {
            problems.add("kafka: KAFKA_CONTROLLER_QUORUM_VOTERS must be the node itself, KAFKA_NODE_ID@kafka:PORT; KAFKA_NODE_ID is %s, voters are %s".formatted(nodeId, voters));
        }
        if (env.apply("CLUSTER_ID") == null) {
            problems.add("kafka: no CLUSTER_ID (the image needs one in KRaft mode)");
        }
        String advertised = env.apply("KAFKA_ADVERTISED_LISTENERS");
        if (advertised == null || !List.of(advertised.split("\\s*,\\s*")).contains("PLAINTEXT://kafka:9092")) {
            problems.add("kafka: KAFKA_ADVERTISED_LISTENERS must contain PLAINTEXT://kafka:9092 (the ingest catalog's bootstrap servers), is " + advertised);
        }
        String controllerListener = env.apply("KAFKA_CONTROLLER_LISTENER_NAMES");
        String listeners = env.apply("KAFKA_LISTENERS");
        if (controllerListener == null || listeners == null || !listeners.matches("(.*,)?\\s*" + Pattern.quote(controllerListener) + "://.*")) {
            problems.add("kafka: KAFKA_CONTROLLER_LISTENER_NAMES (%s) must name one of KAFKA_LISTENERS (%s)".formatted(controllerListener, listeners));
        }
        if (!"false".equals(env.apply("KAFKA_AUTO_CREATE_TOPICS_ENABLE"))) {
            problems.add("kafka: KAFKA_AUTO_CREATE_TOPICS_ENABLE must be false, as in bin/floe's broker (topics are created explicitly)");
        }
        for (String required : List.of("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")) {
            if (env.apply(required) == null) {
                problems.add("kafka: no %s (the default needs 3 brokers)".formatted(required));
            }
        }
        environment.keySet().stream()
                .filter(name -> name.matches("KAFKA_.*_(REPLICATION_FACTOR|MIN_ISR)"))
                .filter(name -> !"1".equals(env.apply(name)))
                .forEach(name -> problems.add("kafka: %s is %s; a single node needs 1".formatted(name, env.apply(name))));
        String logDirs = env.apply("KAFKA_LOG_DIRS");
        if (logDirs == null) {
            problems.add("kafka: no KAFKA_LOG_DIRS (the image's default keeps the topics under /tmp, off the volume)");
        }
        else if (list(kafka.get("volumes")).stream().map(volume -> String.valueOf(volume).split(":")).noneMatch(parts -> parts.length > 1 && parts[1].equals(logDirs))) {
            problems.add("kafka: no volume is mounted at %s (KAFKA_LOG_DIRS)".formatted(logDirs));
        }
        if (list(map(kafka.get("healthcheck")).get("test")).isEmpty()) {
            problems.add("kafka: no healthcheck (the Trino services wait for it to be healthy)");
        }
        services.forEach((name, value) -> {
            Map<String, Object> service = map(value);
            if (!isTrinoService(service)) {
                return;
            }
            Object dependency = service.get("depends_on") instanceof Map<?, ?> dependencies ? dependencies.get("kafka") : null;
            if (dependency == null || !"service_healthy".equals(map(dependency).get("condition"))) {
                problems.add("%s does not wait for kafka (depends_on: kafka: condition: service_healthy)".formatted(name));
            }
        });
        return problems;
    }

    /**
     * The image's ingest catalog: the properties of bin/floe's template (etc/catalog/ingest.properties), with the
     * compose services' addresses instead of 127.0.0.1: the lakehouse catalog's REST catalog and the kafka service's
     * PLAINTEXT listener.
     */
    static List<String> ingestCatalogProblems(Map<String, String> ingest, Map<String, String> template, Map<String, String> lakehouse, Map<String, Object> compose)
    {
        List<String> problems = new ArrayList<>();
        if (!"floe_ingest".equals(ingest.get("connector.name"))) {
            problems.add("ingest catalog: connector.name must be floe_ingest, is " + ingest.get("connector.name"));
        }
        template.keySet().stream()
                .filter(name -> !ingest.containsKey(name))
                .sorted()
                .forEach(name -> problems.add("ingest catalog: no %s (etc/catalog/ingest.properties has it)".formatted(name)));
        if (ingest.containsKey("ingest.target-catalog") && !"lakehouse".equals(ingest.get("ingest.target-catalog"))) {
            problems.add("ingest catalog: ingest.target-catalog must be lakehouse, is " + ingest.get("ingest.target-catalog"));
        }
        String restUri = lakehouse.get("iceberg.rest-catalog.uri");
        if (restUri == null || !restUri.equals(ingest.get("ingest.iceberg.uri"))) {
            problems.add("ingest catalog: ingest.iceberg.uri must be the lakehouse catalog's REST catalog %s, is %s".formatted(restUri, ingest.get("ingest.iceberg.uri")));
        }
        String bootstrapServers = ingest.get("ingest.kafka.bootstrap-servers");
        Map<String, Object> kafkaEnvironment = map(map(map(compose.get("services")).get("kafka")).get("environment"));
        List<String> advertised = List.of(String.valueOf(kafkaEnvironment.get("KAFKA_ADVERTISED_LISTENERS")).split("\\s*,\\s*"));
        if (bootstrapServers == null || !advertised.contains("PLAINTEXT://" + bootstrapServers)) {
            problems.add("ingest catalog: ingest.kafka.bootstrap-servers must be the kafka service's PLAINTEXT listener (of %s), is %s".formatted(advertised, bootstrapServers));
        }
        return problems;
    }

    /** The build-context path of the file the Dockerfile copies to this path of the image (a plain COPY). */
    static Optional<String> imageFileSource(List<Instruction> dockerfile, String imagePath)
    {
        String fileName = imagePath.substring(imagePath.lastIndexOf('/') + 1);
        for (Copy copy : copies(dockerfile)) {
            if (copy.from() != null) {
                continue;
            }
            if (copy.sources().size() == 1 && copy.destination().equals(imagePath)) {
                return Optional.of(copy.sources().getFirst());
            }
            if (copy.destination().endsWith("/") && imagePath.equals(copy.destination() + fileName)) {
                Optional<String> source = copy.sources().stream().filter(candidate -> candidate.endsWith("/" + fileName) || candidate.equals(fileName)).findFirst();
                if (source.isPresent()) {
                    return source;
                }
            }
        }
        return Optional.empty();
    }

    /** A service built from the Dockerfile that runs Trino: the image's command (run-trino) or run-trino with arguments. */
    static boolean isTrinoService(Map<String, Object> service)
    {
        if (service.get("build") == null) {
            return false;
        }
        List<Object> command = list(service.get("command"));
        return command.isEmpty() || String.valueOf(command.getFirst()).endsWith("/run-trino");
    }

    /** Every ${ENV:NAME} of a configuration file the image gets from the build context is set for every Trino service. */
    static List<String> environmentReferenceProblems(List<Instruction> dockerfile, Path context, Map<String, Object> compose)
    {
        Set<String> referenced = new TreeSet<>();
        for (Copy copy : copies(dockerfile)) {
            if (copy.from() != null || !copy.destination().startsWith("/etc/trino/")) {
                continue;
            }
            for (String source : copy.sources()) {
                Path file = context.resolve(source);
                if (!source.endsWith(".properties") || !Files.isRegularFile(file)) {
                    continue;
                }
                for (String value : properties(read(file)).values()) {
                    Matcher matcher = Pattern.compile("\\$\\{ENV:([A-Za-z0-9_]+)}").matcher(value);
                    while (matcher.find()) {
                        referenced.add(matcher.group(1));
                    }
                }
            }
        }
        List<String> problems = new ArrayList<>();
        map(compose.get("services")).forEach((name, value) -> {
            Map<String, Object> service = map(value);
            if (!isTrinoService(service)) {
                return;
            }
            Set<String> environment = map(service.get("environment")).keySet();
            referenced.stream()
                    .filter(variable -> !environment.contains(variable))
                    .forEach(variable -> problems.add("%s: the image's configuration reads ${ENV:%s}, which its environment does not set".formatted(name, variable)));
        });
        return problems;
    }

    // --- result cache -----------------------------------------------------------------------------------------

    record Mount(String source, String target)
    {
        static Mount parse(Object volume)
        {
            String[] parts = String.valueOf(volume).split(":");
            return new Mount(parts[0], parts.length > 1 ? parts[1] : parts[0]);
        }

        boolean named()
        {
            return !source.startsWith(".") && !source.startsWith("/");
        }

        boolean holds(String path)
        {
            return Path.of(path).normalize().startsWith(Path.of(target).normalize());
        }
    }

    static List<Mount> mounts(Map<String, Object> service)
    {
        return list(service.get("volumes")).stream().map(Mount::parse).toList();
    }

    /** The properties of a file the Dockerfile copies from the build context to this path of the image. */
    static Function<String, Optional<Map<String, String>>> imageProperties(List<Instruction> dockerfile, Path context)
    {
        return imagePath -> imageFileSource(dockerfile, imagePath)
                .map(context::resolve)
                .filter(Files::isRegularFile)
                .map(file -> properties(read(file)));
    }

    /**
     * The result-cache service: the Trino services' image, running with the image's JDK what the Dockerfile copied (the
     * -Dconfig= file from the build context, every classpath entry: a module's jar, or a directory of jars a module's
     * pom writes with copy-dependencies at package, and the main class of one of those modules); its configuration
     * names compose services (the coordinator at its HTTP port, the REST catalog of each versioned Iceberg catalog of
     * the image) and catalogs of the image, and listens on the port published on loopback; the policy version file
     * and the hand-over directory are the access control's and the query history's, on a volume the coordinator
     * mounts at the same path; its entries on a volume of its own; it waits for the coordinator and has a
     * healthcheck of its own (the image's asks Trino on 8080).
     */
    static List<String> resultCacheProblems(Map<String, Object> compose, List<Instruction> dockerfile, Path context, Function<String, Optional<Map<String, String>>> imageProperties)
    {
        List<String> problems = new ArrayList<>();
        Map<String, Object> services = map(compose.get("services"));
        if (!services.containsKey(RESULT_CACHE)) {
            problems.add("no service " + RESULT_CACHE);
            return problems;
        }
        Map<String, Object> cache = map(services.get(RESULT_CACHE));
        Map<String, Object> coordinator = map(services.get(COORDINATOR));
        String prefix = RESULT_CACHE + ": ";

        // the image
        Object image = cache.get("image");
        if (image == null || !image.equals(coordinator.get("image")) || !String.valueOf(cache.get("build")).equals(String.valueOf(coordinator.get("build")))) {
            problems.add(prefix + "must run the coordinator's image %s built from the same Dockerfile, has image %s, build %s"
                    .formatted(coordinator.get("image"), image, cache.get("build")));
        }

        // the command: what the image holds
        List<String> command = list(cache.get("command")).stream().map(String::valueOf).toList();
        if (command.isEmpty() || !(command.getFirst().equals("java") || command.getFirst().endsWith("/bin/java"))) {
            problems.add(prefix + "the command must start the image's java, is " + command);
        }
        Map<String, String> config = Map.of();
        Optional<String> configPath = command.stream().filter(argument -> argument.startsWith("-Dconfig=")).map(argument -> argument.substring("-Dconfig=".length())).findFirst();
        if (configPath.isEmpty()) {
            problems.add(prefix + "the command has no -Dconfig=<file> (Airlift's configuration)");
        }
        else {
            Optional<String> source = imageFileSource(dockerfile, configPath.get());
            Optional<Map<String, String>> properties = imageProperties.apply(configPath.get());
            if (source.isEmpty() || properties.isEmpty()) {
                problems.add(prefix + "-Dconfig=%s is no file the Dockerfile copies from the build context".formatted(configPath.get()));
            }
            config = properties.orElse(Map.of());
        }
        int classpathOption = -1;
        for (int i = 0; i < command.size(); i++) {
            if (List.of("-cp", "-classpath", "--class-path").contains(command.get(i))) {
                classpathOption = i;
            }
        }
        Set<String> modules = new TreeSet<>();
        if (classpathOption < 0 || classpathOption + 1 >= command.size()) {
            problems.add(prefix + "the command has no -cp <classpath>");
        }
        else {
            for (String entry : command.get(classpathOption + 1).split(":")) {
                classpathEntryModule(entry, dockerfile, context, problems).ifPresent(modules::add);
            }
            Optional<String> mainClass = command.subList(classpathOption + 2, command.size()).stream().filter(argument -> !argument.startsWith("-")).findFirst();
            if (mainClass.isEmpty()) {
                problems.add(prefix + "the command names no main class after the classpath");
            }
            else {
                String file = "src/main/java/" + mainClass.get().replace('.', '/') + ".java";
                boolean found = modules.stream()
                        .map(module -> context.resolve(module).resolve(file))
                        .anyMatch(path -> Files.isRegularFile(path) && read(path).contains("void main("));
                if (!found) {
                    problems.add(prefix + "main class %s has no main method in %s of the modules on the classpath %s".formatted(mainClass.get(), file, modules));
                }
            }
        }

        // the configuration: compose services, catalogs of the image, the published port
        Set<String> hosts = new TreeSet<>(services.keySet());
        services.values().forEach(service -> {
            if (map(service).get("hostname") != null) {
                hosts.add(String.valueOf(map(service).get("hostname")));
            }
        });
        String bindIp = config.get("node.bind-ip");
        if (bindIp != null && !bindIp.equals("0.0.0.0")) {
            problems.add(prefix + "node.bind-ip=%s: the server must listen on the container's network (omit it or use 0.0.0.0) to be reachable through the published port".formatted(bindIp));
        }
        config.forEach((name, value) -> {
            Matcher uris = Pattern.compile("https?://([^/:,\\s]+)").matcher(value);
            while (uris.find()) {
                if (!hosts.contains(uris.group(1))) {
                    problems.add(prefix + "%s=%s names %s, which is no compose service (%s)".formatted(name, value, uris.group(1), hosts));
                }
            }
            Matcher environment = Pattern.compile("\\$\\{ENV:([A-Za-z0-9_]+)}").matcher(value);
            while (environment.find()) {
                if (!map(cache.get("environment")).containsKey(environment.group(1))) {
                    problems.add(prefix + "%s reads ${ENV:%s}, which its environment does not set".formatted(name, environment.group(1)));
                }
            }
        });
        String coordinatorConfig = coordinatorConfigPath(coordinator);
        String coordinatorPort = imageProperties.apply(coordinatorConfig).map(properties -> properties.get("http-server.http.port")).orElse("8080");
        String coordinatorUri = "http://%s:%s".formatted(COORDINATOR, coordinatorPort);
        if (!coordinatorUri.equals(stripSlash(config.get("result-cache.coordinator-uri")))) {
            problems.add(prefix + "result-cache.coordinator-uri must be %s (the coordinator's http-server.http.port in %s), is %s".formatted(coordinatorUri, coordinatorConfig, config.get("result-cache.coordinator-uri")));
        }
        for (String pair : splitList(config.get("result-cache.iceberg-rest-catalogs"))) {
            String[] parts = pair.split("=", 2);
            String catalog = parts[0].strip();
            String uri = parts.length > 1 ? stripSlash(parts[1].strip()) : null;
            Optional<Map<String, String>> catalogProperties = imageProperties.apply("/etc/trino/catalog/%s.properties".formatted(catalog));
            if (catalogProperties.isEmpty()) {
                problems.add(prefix + "result-cache.iceberg-rest-catalogs: catalog %s is no catalog of the image (/etc/trino/catalog/%s.properties)".formatted(catalog, catalog));
            }
            else if (!Objects.equals(stripSlash(catalogProperties.get().get("iceberg.rest-catalog.uri")), uri)) {
                problems.add(prefix + "result-cache.iceberg-rest-catalogs: %s=%s, but catalog %s's iceberg.rest-catalog.uri is %s".formatted(catalog, uri, catalog, catalogProperties.get().get("iceberg.rest-catalog.uri")));
            }
        }
        for (String catalog : splitList(config.get("result-cache.ttl-catalogs"))) {
            if (imageProperties.apply("/etc/trino/catalog/%s.properties".formatted(catalog)).isEmpty()) {
                problems.add(prefix + "result-cache.ttl-catalogs: %s is no catalog of the image (/etc/trino/catalog/%s.properties)".formatted(catalog, catalog));
            }
        }
        String port = config.getOrDefault("http-server.http.port", "8080");
        List<String> ports = list(cache.get("ports")).stream().map(String::valueOf).toList();
        if (ports.stream().noneMatch(published -> published.matches("127\\.0\\.0\\.1:\\d+:" + Pattern.quote(port) + "(/tcp)?"))) {
            problems.add(prefix + "publishes %s; it must publish its http-server.http.port %s on 127.0.0.1 (127.0.0.1:<host port>:%s)".formatted(ports, port, port));
        }

        // the volumes: the coordinator's, shared at the same path, and one of its own
        List<Mount> cacheMounts = mounts(cache);
        List<Mount> coordinatorMounts = mounts(coordinator);
        sharedFileProblem(prefix, "result-cache.policy-version-file", config, imageProperties.apply(ACCESS_CONTROL_CONFIG), "floe.policy.version-file", ACCESS_CONTROL_CONFIG, cacheMounts, coordinatorMounts)
                .ifPresent(problems::add);
        sharedFileProblem(prefix, "result-cache.history-directory", config, imageProperties.apply(EVENT_LISTENER_CONFIG), "history.access-audit.directory", EVENT_LISTENER_CONFIG, cacheMounts, coordinatorMounts)
                .ifPresent(problems::add);
        String directory = config.get("result-cache.directory");
        boolean ownVolume = directory != null && cacheMounts.stream()
                .filter(Mount::named)
                .filter(mount -> mount.holds(directory))
                .anyMatch(mount -> services.entrySet().stream()
                        .filter(entry -> !entry.getKey().equals(RESULT_CACHE))
                        .noneMatch(entry -> mounts(map(entry.getValue())).stream().anyMatch(other -> other.source().equals(mount.source()))));
        if (!ownVolume) {
            problems.add(prefix + "result-cache.directory=%s is on no named volume of its own (mounts %s)".formatted(directory, cacheMounts));
        }

        // start order and health
        if (!(cache.get("depends_on") instanceof Map<?, ?> dependencies) || !dependencies.containsKey(COORDINATOR)) {
            problems.add(prefix + "does not depend on coordinator (depends_on: coordinator:)");
        }
        List<String> healthcheck = list(map(cache.get("healthcheck")).get("test")).stream().map(String::valueOf).toList();
        if (healthcheck.stream().noneMatch(argument -> argument.contains(":" + port + "/"))) {
            problems.add(prefix + "needs a healthcheck of its own on port %s (the image's HEALTHCHECK asks Trino on 8080), has %s".formatted(port, healthcheck));
        }
        return problems;
    }

    /**
     * The module a classpath entry of the image comes from: a file the Dockerfile copies from MODULE/target/, or
     * DIRECTORY/* where the Dockerfile copies MODULE/target/NAME/ to DIRECTORY/ and MODULE's pom writes its runtime
     * dependencies there at package (maven-dependency-plugin copy-dependencies).
     */
    private static Optional<String> classpathEntryModule(String entry, List<Instruction> dockerfile, Path context, List<String> problems)
    {
        String prefix = RESULT_CACHE + ": classpath entry ";
        boolean wildcard = entry.endsWith("/*");
        String target = wildcard ? entry.substring(0, entry.length() - 1) : entry;
        Optional<String> source = Optional.empty();
        for (Copy copy : copies(dockerfile)) {
            if (copy.from() == null && copy.sources().size() == 1 && stripSlash(copy.destination()).equals(stripSlash(target))) {
                source = Optional.of(copy.sources().getFirst());
            }
        }
        if (source.isEmpty()) {
            problems.add(prefix + "%s is nothing the Dockerfile copies from the build context".formatted(entry));
            return Optional.empty();
        }
        int index = source.get().indexOf("/target/");
        if (index < 0) {
            problems.add(prefix + "%s: %s is no build output of a module".formatted(entry, source.get()));
            return Optional.empty();
        }
        String module = source.get().substring(0, index);
        String output = source.get().substring(index + "/target/".length());
        if (!rootModules().contains(module)) {
            problems.add(prefix + "%s: %s is no module of the root pom".formatted(entry, module));
            return Optional.empty();
        }
        if (!wildcard) {
            if (!output.matches(Pattern.quote(module) + "-[^/]*\\.jar")) {
                problems.add(prefix + "%s: %s is not the jar of module %s".formatted(entry, source.get(), module));
            }
            return Optional.of(module);
        }
        String directory = stripSlash(output);
        if (!source.get().endsWith("/") || directory.contains("/") || !copiesDependenciesAtPackage(context.resolve(module).resolve("pom.xml"), directory)) {
            problems.add(prefix + "%s: %s is not the directory %s/pom.xml fills with its runtime dependencies at package (maven-dependency-plugin copy-dependencies, includeScope runtime, outputDirectory ${project.build.directory}/%s)"
                    .formatted(entry, source.get(), module, directory));
        }
        return Optional.of(module);
    }

    /** A copy-dependencies execution of the pom, bound to package (or prepare-package), runtime scope, into ${project.build.directory}/DIRECTORY. */
    static boolean copiesDependenciesAtPackage(Path pom, String directory)
    {
        if (!Files.isRegularFile(pom)) {
            return false;
        }
        NodeList executions = pom(pom).getElementsByTagName("execution");
        for (int i = 0; i < executions.getLength(); i++) {
            Element execution = (Element) executions.item(i);
            Element plugin = (Element) execution.getParentNode().getParentNode();
            if (!"maven-dependency-plugin".equals(childText(plugin, "artifactId"))) {
                continue;
            }
            NodeList goals = execution.getElementsByTagName("goal");
            boolean copyDependencies = false;
            for (int j = 0; j < goals.getLength(); j++) {
                copyDependencies |= goals.item(j).getTextContent().strip().equals("copy-dependencies");
            }
            Element configuration = child(execution, "configuration");
            if (copyDependencies
                    && List.of("package", "prepare-package").contains(childText(execution, "phase"))
                    && configuration != null
                    && "runtime".equals(childText(configuration, "includeScope"))
                    && ("${project.build.directory}/" + directory).equals(childText(configuration, "outputDirectory"))) {
                return true;
            }
        }
        return false;
    }

    /** The cache's setting is the coordinator's (in the image's configuration) and lies on a named volume both mount at the same path. */
    private static Optional<String> sharedFileProblem(String prefix, String property, Map<String, String> config, Optional<Map<String, String>> coordinatorFile, String coordinatorProperty, String coordinatorPath,
            List<Mount> cacheMounts, List<Mount> coordinatorMounts)
    {
        String value = config.get(property);
        if (value == null) {
            return Optional.of(prefix + "no %s (the coordinator's %s in %s)".formatted(property, coordinatorProperty, coordinatorPath));
        }
        String expected = coordinatorFile.map(properties -> properties.get(coordinatorProperty)).orElse(null);
        if (!value.equals(expected)) {
            return Optional.of(prefix + "%s=%s must be the coordinator's %s in %s, which is %s".formatted(property, value, coordinatorProperty, coordinatorPath, expected));
        }
        boolean shared = cacheMounts.stream()
                .filter(Mount::named)
                .filter(mount -> mount.holds(value))
                .anyMatch(coordinatorMounts::contains);
        if (!shared) {
            return Optional.of(prefix + "%s=%s is on no volume the coordinator mounts at the same path (the cache mounts %s, the coordinator %s)".formatted(property, value, cacheMounts, coordinatorMounts));
        }
        return Optional.empty();
    }

    private static String coordinatorConfigPath(Map<String, Object> coordinator)
    {
        List<Object> command = list(coordinator.get("command"));
        int config = command.indexOf("--config");
        return config >= 0 && config + 1 < command.size() ? String.valueOf(command.get(config + 1)) : COORDINATOR_CONFIG;
    }

    /**
     * Every named volume of a service built from the Dockerfile is mounted on a directory a RUN of the image creates
     * and hands to the server's user (mkdir and chown): Docker creates a new volume with that directory's owner, the
     * image's user is not root, and a volume owned by root would not be writable.
     */
    static List<String> volumeOwnershipProblems(Map<String, Object> compose, List<Instruction> dockerfile)
    {
        List<String> runs = dockerfile.stream().filter(instruction -> instruction.command().equals("RUN")).map(Instruction::arguments).toList();
        List<String> problems = new ArrayList<>();
        map(compose.get("services")).forEach((name, value) -> {
            Map<String, Object> service = map(value);
            if (service.get("build") == null) {
                return;
            }
            for (Mount mount : mounts(service)) {
                Pattern path = Pattern.compile("(^|\\s)" + Pattern.quote(stripSlash(mount.target())) + "/?(\\s|$|;|&)");
                boolean prepared = runs.stream().anyMatch(run -> run.contains("mkdir") && run.contains("chown") && path.matcher(run).find());
                if (mount.named() && !prepared) {
                    problems.add("%s: volume %s is mounted at %s, which no RUN of the Dockerfile creates and chowns to the server's user".formatted(name, mount.source(), mount.target()));
                }
            }
        });
        return problems;
    }

    private static List<String> splitList(String value)
    {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return List.of(value.strip().split("\\s*,\\s*"));
    }

    private static String stripSlash(String value)
    {
        return value == null ? null : value.replaceAll("/+$", "");
    }

    static List<String> portProblems(Map<String, Object> compose)
    {
        List<String> problems = new ArrayList<>();
        map(compose.get("services")).forEach((name, service) -> {
            for (Object port : list(map(service).get("ports"))) {
                if (!String.valueOf(port).startsWith("127.0.0.1:")) {
                    problems.add("%s publishes %s on every interface; bind it to 127.0.0.1".formatted(name, port));
                }
            }
        });
        return problems;
    }

    /**
     * The YAML subset compose.yaml is written in: block mappings and sequences by indentation, plain and quoted
     * scalars, flow sequences of scalars, comments, anchors, aliases and the merge key. Anything else fails.
     */
    static final class MiniYaml
    {
        private final List<Line> lines = new ArrayList<>();
        private final Map<String, Object> anchors = new LinkedHashMap<>();
        private int position;

        private record Line(int number, int indent, String text) {}

        static Map<String, Object> parse(String text)
        {
            MiniYaml parser = new MiniYaml();
            String[] raw = text.split("\n", -1);
            for (int i = 0; i < raw.length; i++) {
                String content = stripComment(raw[i]).stripTrailing();
                if (content.isBlank()) {
                    continue;
                }
                if (content.contains("\t")) {
                    throw new IllegalArgumentException("line %d: tab in indentation".formatted(i + 1));
                }
                int indent = content.length() - content.stripLeading().length();
                parser.lines.add(new Line(i + 1, indent, content.strip()));
            }
            if (parser.lines.isEmpty()) {
                return Map.of();
            }
            Object document = parser.block(parser.lines.getFirst().indent());
            if (parser.position != parser.lines.size()) {
                throw new IllegalArgumentException("line %d: unexpected indentation".formatted(parser.lines.get(parser.position).number()));
            }
            return map(document);
        }

        private static String stripComment(String line)
        {
            boolean single = false;
            boolean dbl = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\'' && !dbl) {
                    single = !single;
                }
                else if (c == '"' && !single) {
                    dbl = !dbl;
                }
                else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                    return line.substring(0, i);
                }
            }
            return line;
        }

        private Object block(int indent)
        {
            return lines.get(position).text().startsWith("- ") || lines.get(position).text().equals("-") ? sequence(indent) : mapping(indent);
        }

        private List<Object> sequence(int indent)
        {
            List<Object> items = new ArrayList<>();
            while (position < lines.size() && lines.get(position).indent() == indent && lines.get(position).text().startsWith("-")) {
                Line line = lines.get(position++);
                String item = line.text().substring(1).strip();
                if (item.isEmpty()) {
                    items.add(position < lines.size() && lines.get(position).indent() > indent ? block(lines.get(position).indent()) : null);
                }
                else if (item.matches("[A-Za-z0-9_.<-]+:(\\s.*)?")) {
                    throw new IllegalArgumentException("line %d: mappings inside sequences are not supported".formatted(line.number()));
                }
                else {
                    items.add(scalarOrAlias(item, line));
                }
            }
            return items;
        }

        private Map<String, Object> mapping(int indent)
        {
            Map<String, Object> mapping = new LinkedHashMap<>();
            while (position < lines.size() && lines.get(position).indent() == indent) {
                Line line = lines.get(position++);
                Matcher matcher = Pattern.compile("^(\"[^\"]*\"|'[^']*'|[^:\\s][^:]*?):(?:\\s+(.*))?$").matcher(line.text());
                if (!matcher.matches()) {
                    throw new IllegalArgumentException("line %d: expected 'key: value', got: %s".formatted(line.number(), line.text()));
                }
                String key = unquote(matcher.group(1));
                String rest = matcher.group(2) == null ? "" : matcher.group(2).strip();
                String anchor = null;
                if (rest.startsWith("&")) {
                    String[] parts = rest.split("\\s+", 2);
                    anchor = parts[0].substring(1);
                    rest = parts.length > 1 ? parts[1] : "";
                }
                Object value;
                if (rest.isEmpty()) {
                    value = position < lines.size() && lines.get(position).indent() > indent ? block(lines.get(position).indent()) : null;
                }
                else if (rest.equals("|") || rest.equals(">") || rest.startsWith("|") || rest.startsWith(">")) {
                    StringBuilder text = new StringBuilder();
                    while (position < lines.size() && lines.get(position).indent() > indent) {
                        text.append(lines.get(position++).text()).append('\n');
                    }
                    value = text.toString();
                }
                else {
                    value = scalarOrAlias(rest, line);
                }
                if (anchor != null) {
                    anchors.put(anchor, value);
                }
                if (key.equals("<<")) {
                    map(value).forEach(mapping::putIfAbsent);
                }
                else {
                    mapping.put(key, value);
                }
            }
            return mapping;
        }

        private Object scalarOrAlias(String text, Line line)
        {
            if (text.startsWith("*")) {
                String alias = text.substring(1).strip();
                if (!anchors.containsKey(alias)) {
                    throw new IllegalArgumentException("line %d: unknown alias *%s".formatted(line.number(), alias));
                }
                return anchors.get(alias);
            }
            if (text.startsWith("[")) {
                if (!text.endsWith("]")) {
                    throw new IllegalArgumentException("line %d: multi-line flow sequences are not supported".formatted(line.number()));
                }
                List<Object> items = new ArrayList<>();
                Matcher matcher = Pattern.compile("\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|[^,\\]]+?)\\s*(?:,|$)").matcher(text.substring(1, text.length() - 1));
                while (matcher.find()) {
                    if (!matcher.group(1).isBlank()) {
                        items.add(unquote(matcher.group(1)));
                    }
                }
                return items;
            }
            if (text.startsWith("{")) {
                throw new IllegalArgumentException("line %d: flow mappings are not supported".formatted(line.number()));
            }
            return unquote(text);
        }

        private static String unquote(String text)
        {
            if (text.length() >= 2 && ((text.startsWith("\"") && text.endsWith("\"")) || (text.startsWith("'") && text.endsWith("'")))) {
                return text.substring(1, text.length() - 1);
            }
            return text;
        }
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value)
    {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("expected a mapping, got: " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value)
    {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?>) {
            return (List<Object>) value;
        }
        return List.of(value);
    }

    private static String read(Path path)
    {
        try {
            return Files.readString(path, UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A .properties text as Java reads it (comments dropped). */
    static Map<String, String> properties(String text)
    {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted().forEach(name -> values.put(name, properties.getProperty(name)));
        return values;
    }

    private static Document rootPom()
    {
        return pom(ROOT.resolve("pom.xml"));
    }

    private static Document pom(Path path)
    {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(path.toFile());
        }
        catch (Exception e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }

    private static String pomProperty(String name)
    {
        return pomProperty(ROOT.resolve("pom.xml"), name);
    }

    private static String pomProperty(Path pom, String name)
    {
        Element project = pom(pom).getDocumentElement();
        for (Node node = project.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals("properties")) {
                NodeList values = element.getElementsByTagName(name);
                if (values.getLength() == 1) {
                    return values.item(0).getTextContent().strip();
                }
            }
        }
        throw new IllegalStateException("no property %s in %s".formatted(name, pom));
    }

    /** The root pom's modules named plugin-* (XML comments are not modules). */
    private static List<String> pluginModules()
    {
        return rootModules().stream().filter(module -> module.startsWith("plugin-")).toList();
    }

    /** The root pom's modules (XML comments are not modules). */
    private static List<String> rootModules()
    {
        List<String> modules = new ArrayList<>();
        Element project = rootPom().getDocumentElement();
        for (Node node = project.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals("modules")) {
                NodeList list = element.getElementsByTagName("module");
                for (int i = 0; i < list.getLength(); i++) {
                    modules.add(list.item(i).getTextContent().strip());
                }
            }
        }
        return modules;
    }

    private static Element child(Element parent, String name)
    {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static String childText(Element parent, String name)
    {
        Element child = child(parent, name);
        return child == null ? null : child.getTextContent().strip();
    }

    /** System property floe.root if set, else the nearest directory upwards from the working directory holding bin/floe. */
    private static Path findRepositoryRoot()
    {
        String property = System.getProperty("floe.root");
        if (property != null && !property.isBlank()) {
            Path root = Path.of(property).toAbsolutePath().normalize();
            if (!Files.isRegularFile(root.resolve("bin/floe"))) {
                throw new IllegalStateException("floe.root=%s holds no bin/floe".formatted(root));
            }
            return root;
        }
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve("bin/floe"))) {
                return directory;
            }
        }
        throw new IllegalStateException("no bin/floe in %s or above; set -Dfloe.root".formatted(Path.of("").toAbsolutePath()));
    }
}
