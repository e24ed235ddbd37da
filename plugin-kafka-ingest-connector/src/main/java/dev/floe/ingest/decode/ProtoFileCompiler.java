package dev.floe.ingest.decode;

import com.google.common.collect.ImmutableMap;
import com.google.protobuf.AnyProto;
import com.google.protobuf.ApiProto;
import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumOptions;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.FieldMaskProto;
import com.google.protobuf.SourceContextProto;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.TypeProto;
import com.google.protobuf.WrappersProto;
import com.squareup.wire.Syntax;
import com.squareup.wire.schema.Field;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.internal.parser.EnumConstantElement;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.OptionElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import com.squareup.wire.schema.internal.parser.TypeElement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.google.common.collect.ImmutableMap.toImmutableMap;
import static com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label.LABEL_OPTIONAL;
import static com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label.LABEL_REPEATED;
import static com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label.LABEL_REQUIRED;
import static java.util.function.Function.identity;

/**
 * Builds a protobuf {@link FileDescriptor} from {@code .proto} text at run time, without protoc: Wire's parser reads
 * the text, this class turns its elements into the {@link FileDescriptorProto} that protoc would produce (map entry
 * types, synthetic oneofs of proto3 {@code optional}, declaration order) and leaves resolving type names to
 * {@link FileDescriptor#buildFrom}. Only the well-known types of {@code google/protobuf/} can be imported.
 */
final class ProtoFileCompiler
{
    private static final Map<String, FileDescriptor> WELL_KNOWN = Stream.of(
                    AnyProto.getDescriptor(),
                    ApiProto.getDescriptor(),
                    DescriptorProtos.getDescriptor(),
                    DurationProto.getDescriptor(),
                    EmptyProto.getDescriptor(),
                    FieldMaskProto.getDescriptor(),
                    SourceContextProto.getDescriptor(),
                    StructProto.getDescriptor(),
                    TimestampProto.getDescriptor(),
                    TypeProto.getDescriptor(),
                    WrappersProto.getDescriptor())
            .collect(toImmutableMap(FileDescriptor::getName, identity()));

    private static final Map<String, FieldDescriptorProto.Type> SCALAR_TYPES = ImmutableMap.<String, FieldDescriptorProto.Type>builder()
            .put("double", FieldDescriptorProto.Type.TYPE_DOUBLE)
            .put("float", FieldDescriptorProto.Type.TYPE_FLOAT)
            .put("int32", FieldDescriptorProto.Type.TYPE_INT32)
            .put("int64", FieldDescriptorProto.Type.TYPE_INT64)
            .put("uint32", FieldDescriptorProto.Type.TYPE_UINT32)
            .put("uint64", FieldDescriptorProto.Type.TYPE_UINT64)
            .put("sint32", FieldDescriptorProto.Type.TYPE_SINT32)
            .put("sint64", FieldDescriptorProto.Type.TYPE_SINT64)
            .put("fixed32", FieldDescriptorProto.Type.TYPE_FIXED32)
            .put("fixed64", FieldDescriptorProto.Type.TYPE_FIXED64)
            .put("sfixed32", FieldDescriptorProto.Type.TYPE_SFIXED32)
            .put("sfixed64", FieldDescriptorProto.Type.TYPE_SFIXED64)
            .put("bool", FieldDescriptorProto.Type.TYPE_BOOL)
            .put("string", FieldDescriptorProto.Type.TYPE_STRING)
            .put("bytes", FieldDescriptorProto.Type.TYPE_BYTES)
            .buildOrThrow();

    // Wire keeps a map field's type as written
    private static final Pattern MAP_TYPE = Pattern.compile("map\\s*<\\s*([\\w.]+)\\s*,\\s*([\\w.]+)\\s*>");

    private static final Comparator<Location> DECLARATION_ORDER = Comparator.comparingInt(Location::getLine).thenComparingInt(Location::getColumn);

    private ProtoFileCompiler() {}

    /**
     * @param name the file's name, for messages; other files' types cannot refer to it
     * @throws IllegalArgumentException when the text is not a valid {@code .proto} file or uses what is not
     * supported (imports other than the well-known types, groups), with Wire's or protobuf's message
     */
    static FileDescriptor compile(String name, String text)
    {
        ProtoFileElement file;
        try {
            file = ProtoParser.Companion.parse(Location.get(name), text);
        }
        catch (RuntimeException e) {
            // Wire's messages name the place: "Syntax error in orders.proto:3:5: expected '}'"
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        // a file without a syntax statement is proto2
        boolean proto3 = file.getSyntax() == Syntax.PROTO_3;
        FileDescriptorProto.Builder builder = FileDescriptorProto.newBuilder()
                .setName(name)
                .setSyntax(proto3 ? "proto3" : "proto2");
        if (file.getPackageName() != null) {
            builder.setPackage(file.getPackageName());
        }

        List<FileDescriptor> dependencies = new ArrayList<>();
        for (String imported : Stream.concat(file.getImports().stream(), file.getPublicImports().stream()).toList()) {
            FileDescriptor dependency = WELL_KNOWN.get(imported);
            if (dependency == null) {
                throw new IllegalArgumentException("%s imports \"%s\", which is not supported: only the well-known types of google/protobuf/ can be imported".formatted(name, imported));
            }
            if (file.getPublicImports().contains(imported)) {
                builder.addPublicDependency(dependencies.size());
            }
            builder.addDependency(imported);
            dependencies.add(dependency);
        }

        for (TypeElement type : file.getTypes()) {
            switch (type) {
                case MessageElement message -> builder.addMessageType(message(name, message, proto3));
                case EnumElement enumType -> builder.addEnumType(enumType(enumType));
                default -> throw new IllegalArgumentException("%s: unsupported element %s".formatted(name, type.getName()));
            }
        }

        try {
            return FileDescriptor.buildFrom(builder.build(), dependencies.toArray(FileDescriptor[]::new));
        }
        catch (DescriptorValidationException e) {
            throw new IllegalArgumentException("%s: %s".formatted(name, e.getMessage()), e);
        }
    }

    private static DescriptorProto message(String fileName, MessageElement message, boolean proto3)
    {
        if (!message.getGroups().isEmpty() || message.getOneOfs().stream().anyMatch(oneOf -> !oneOf.getGroups().isEmpty())) {
            throw new IllegalArgumentException("%s: message %s: groups are not supported".formatted(fileName, message.getName()));
        }
        DescriptorProto.Builder builder = DescriptorProto.newBuilder().setName(message.getName());
        List<Located<FieldDescriptorProto.Builder>> fields = new ArrayList<>();
        List<Located<DescriptorProto>> nestedMessages = new ArrayList<>();

        for (FieldElement field : message.getFields()) {
            fields.add(new Located<>(field.getLocation(), field(field, proto3, nestedMessages)));
        }
        // Wire keeps the fields of a oneof apart; in a descriptor they are fields that name their oneof
        for (OneOfElement oneOf : message.getOneOfs()) {
            int index = builder.getOneofDeclCount();
            builder.addOneofDecl(OneofDescriptorProto.newBuilder().setName(oneOf.getName()));
            for (FieldElement field : oneOf.getFields()) {
                fields.add(new Located<>(field.getLocation(), field(field, proto3, nestedMessages).setOneofIndex(index)));
            }
        }
        fields.sort(Comparator.comparing(Located::location, DECLARATION_ORDER));
        for (Located<FieldDescriptorProto.Builder> located : fields) {
            FieldDescriptorProto.Builder field = located.value();
            if (field.getProto3Optional()) {
                // each proto3 optional field has a oneof of its own, after the real ones, as protoc declares it
                field.setOneofIndex(builder.getOneofDeclCount());
                builder.addOneofDecl(OneofDescriptorProto.newBuilder().setName("_" + field.getName()));
            }
            builder.addField(field);
        }

        for (TypeElement nested : message.getNestedTypes()) {
            switch (nested) {
                case MessageElement nestedMessage -> nestedMessages.add(new Located<>(nestedMessage.getLocation(), message(fileName, nestedMessage, proto3)));
                case EnumElement nestedEnum -> builder.addEnumType(enumType(nestedEnum));
                default -> throw new IllegalArgumentException("%s: unsupported element %s".formatted(fileName, nested.getName()));
            }
        }
        // map entry types among the declared ones in the order of the source, as protoc does: Confluent's message
        // index paths count nested types in this order
        nestedMessages.sort(Comparator.comparing(Located::location, DECLARATION_ORDER));
        nestedMessages.forEach(nested -> builder.addNestedType(nested.value()));
        return builder.build();
    }

    /** A field; a map field adds its entry type to {@code nestedMessages}. */
    private static FieldDescriptorProto.Builder field(FieldElement field, boolean proto3, List<Located<DescriptorProto>> nestedMessages)
    {
        FieldDescriptorProto.Builder builder = FieldDescriptorProto.newBuilder()
                .setName(field.getName())
                .setNumber(field.getTag());
        Matcher mapType = MAP_TYPE.matcher(field.getType());
        if (mapType.matches()) {
            String entryName = mapEntryName(field.getName());
            nestedMessages.add(new Located<>(field.getLocation(), DescriptorProto.newBuilder()
                    .setName(entryName)
                    .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                    .addField(type(FieldDescriptorProto.newBuilder().setName("key").setNumber(1).setLabel(LABEL_OPTIONAL), mapType.group(1)))
                    .addField(type(FieldDescriptorProto.newBuilder().setName("value").setNumber(2).setLabel(LABEL_OPTIONAL), mapType.group(2)))
                    .build()));
            return builder.setLabel(LABEL_REPEATED).setTypeName(entryName);
        }
        type(builder, field.getType());
        Field.Label label = field.getLabel();
        if (label == Field.Label.REPEATED) {
            return builder.setLabel(LABEL_REPEATED);
        }
        if (label == Field.Label.REQUIRED) {
            return builder.setLabel(LABEL_REQUIRED);
        }
        builder.setLabel(LABEL_OPTIONAL);
        if (proto3 && label == Field.Label.OPTIONAL) {
            // explicit presence in proto3; Wire gives the fields of a oneof no label
            builder.setProto3Optional(true);
        }
        return builder;
    }

    /** A scalar type, or the name of a message or enum type, resolved relative to the field by protobuf. */
    private static FieldDescriptorProto.Builder type(FieldDescriptorProto.Builder field, String type)
    {
        FieldDescriptorProto.Type scalar = SCALAR_TYPES.get(type);
        return scalar != null ? field.setType(scalar) : field.setTypeName(type);
    }

    /** As protoc names it: {@code item_counts} has the entry type {@code ItemCountsEntry}. */
    private static String mapEntryName(String fieldName)
    {
        StringBuilder name = new StringBuilder(fieldName.length() + 5);
        boolean upper = true;
        for (char c : fieldName.toCharArray()) {
            if (c == '_') {
                upper = true;
            }
            else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.append("Entry").toString();
    }

    private static EnumDescriptorProto enumType(EnumElement enumType)
    {
        EnumDescriptorProto.Builder builder = EnumDescriptorProto.newBuilder().setName(enumType.getName());
        for (EnumConstantElement constant : enumType.getConstants()) {
            builder.addValue(EnumValueDescriptorProto.newBuilder().setName(constant.getName()).setNumber(constant.getTag()));
        }
        // without it protobuf rejects two names for one number
        for (OptionElement option : enumType.getOptions()) {
            if (option.getName().equals("allow_alias") && String.valueOf(option.getValue()).equals("true")) {
                builder.setOptions(EnumOptions.newBuilder().setAllowAlias(true));
            }
        }
        return builder.build();
    }

    private record Located<T>(Location location, T value) {}
}
