package dev.floe.ingest.connector;

import com.google.common.collect.ImmutableSet;
import dev.floe.ingest.control.PipelineControl;
import io.trino.spi.TrinoException;
import io.trino.spi.classloader.ThreadContextClassLoader;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.procedure.Procedure;
import io.trino.spi.procedure.Procedure.Argument;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Set;

import static io.trino.spi.StandardErrorCode.GENERIC_INTERNAL_ERROR;
import static io.trino.spi.StandardErrorCode.INVALID_PROCEDURE_ARGUMENT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code CALL ingest.system.create_pipeline(NAME, TOPIC, TARGET_TABLE, FORMAT, OPTIONS)}, {@code alter_pipeline(NAME,
 * OPTIONS)}, {@code pause_pipeline(NAME)}, {@code resume_pipeline(NAME)} and {@code drop_pipeline(NAME)}: the SQL face
 * of {@link PipelineControl}. Whether a user may call them is the access control's decision
 * ({@code checkCanExecuteProcedure}).
 */
public final class PipelineProcedures
{
    public static final String SCHEMA = "system";

    private final PipelineControl control;
    private final ClassLoader pluginClassLoader;

    public PipelineProcedures(PipelineControl control, ClassLoader pluginClassLoader)
    {
        this.control = requireNonNull(control, "control is null");
        this.pluginClassLoader = requireNonNull(pluginClassLoader, "pluginClassLoader is null");
    }

    public Set<Procedure> procedures()
    {
        Argument name = new Argument("NAME", VARCHAR);
        Argument options = new Argument("OPTIONS", VARCHAR, false, null);
        return ImmutableSet.of(
                procedure("create_pipeline", "createPipeline", List.of(name, new Argument("TOPIC", VARCHAR), new Argument("TARGET_TABLE", VARCHAR), new Argument("FORMAT", VARCHAR, false, "json"), options),
                        ConnectorSession.class, String.class, String.class, String.class, String.class, String.class),
                procedure("alter_pipeline", "alterPipeline", List.of(name, new Argument("OPTIONS", VARCHAR)), String.class, String.class),
                procedure("pause_pipeline", "pausePipeline", List.of(name), String.class),
                procedure("resume_pipeline", "resumePipeline", List.of(name), String.class),
                procedure("drop_pipeline", "dropPipeline", List.of(name), String.class));
    }

    public void createPipeline(ConnectorSession session, String name, String topic, String targetTable, String format, String options)
    {
        run(() -> control.create(name, topic, targetTable, format, options, session.getUser()));
    }

    public void alterPipeline(String name, String options)
    {
        run(() -> control.alter(name, options));
    }

    public void pausePipeline(String name)
    {
        run(() -> control.pause(name));
    }

    public void resumePipeline(String name)
    {
        run(() -> control.resume(name));
    }

    public void dropPipeline(String name)
    {
        run(() -> control.drop(name));
    }

    private void run(Runnable action)
    {
        try (ThreadContextClassLoader _ = new ThreadContextClassLoader(pluginClassLoader)) {
            action.run();
        }
        catch (IllegalArgumentException e) {
            throw new TrinoException(INVALID_PROCEDURE_ARGUMENT, e.getMessage(), e);
        }
        catch (IllegalStateException e) {
            throw new TrinoException(GENERIC_INTERNAL_ERROR, e.getMessage(), e);
        }
    }

    private Procedure procedure(String name, String method, List<Argument> arguments, Class<?>... parameters)
    {
        MethodHandle handle;
        try {
            handle = MethodHandles.lookup().findVirtual(PipelineProcedures.class, method, MethodType.methodType(void.class, parameters)).bindTo(this);
        }
        catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return new Procedure(SCHEMA, name, arguments, handle);
    }
}
