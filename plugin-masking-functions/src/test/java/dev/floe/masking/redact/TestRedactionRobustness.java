package dev.floe.masking.redact;

import io.airlift.slice.Slice;
import io.airlift.slice.SliceUtf8;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static dev.floe.masking.redact.TestStrings.bytes;
import static dev.floe.masking.redact.TestStrings.concat;
import static dev.floe.masking.redact.TestStrings.isValidUtf8;
import static dev.floe.masking.redact.TestStrings.utf8;
import static io.airlift.slice.SliceUtf8.countCodePoints;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every redaction, over hostile and random input: never throws, always returns valid UTF-8, never returns more
 * characters than it got (except maskPartial's padding and maskEmail's fixed placeholder), and mask() hides every letter and digit.
 */
class TestRedactionRobustness
{
    private static final int MEGABYTE = 1 << 20;
    private static final List<Slice> HOSTILE_INPUTS = List.copyOf(hostileInputs());

    /**
     * @param growth how many characters longer than its input the result may be
     */
    record Function(String name, UnaryOperator<Slice> apply, int growth)
    {
        @Override
        public String toString()
        {
            return name;
        }
    }

    static Stream<Function> functions()
    {
        return Stream.of(
                new Function("mask", Redaction::mask, 0),
                new Function("maskShowFirst(0)", value -> Redaction.maskShowFirst(value, 0), 0),
                new Function("maskShowFirst(3)", value -> Redaction.maskShowFirst(value, 3), 0),
                new Function("maskShowFirst(max)", value -> Redaction.maskShowFirst(value, Long.MAX_VALUE), 0),
                new Function("maskShowLast(4)", value -> Redaction.maskShowLast(value, 4), 0),
                new Function("maskShowLast(min)", value -> Redaction.maskShowLast(value, Long.MIN_VALUE), 0),
                new Function("maskPartial(2,***,2)", value -> Redaction.maskPartial(value, 2, utf8("***"), 2), 3),
                new Function("maskPartial(0,'',0)", value -> Redaction.maskPartial(value, 0, utf8(""), 0), 0),
                new Function("maskPartial(max,invalid,max)", value -> Redaction.maskPartial(value, Long.MAX_VALUE, bytes(0xFF, 0x80), Long.MAX_VALUE), 1),
                new Function("maskEmail", Redaction::maskEmail, 3),
                new Function("maskPhone", Redaction::maskPhone, 0),
                new Function("maskCreditCard", Redaction::maskCreditCard, 0),
                new Function("maskSsn", Redaction::maskSsn, 0),
                new Function("maskIban", Redaction::maskIban, 0),
                new Function("maskIp", Redaction::maskIp, 0));
    }

    private static List<Slice> hostileInputs()
    {
        List<Slice> inputs = new ArrayList<>();
        inputs.add(utf8(""));
        inputs.add(utf8(" "));
        inputs.add(utf8("a"));
        // invalid UTF-8: bad continuation, never-valid bytes, truncated 4-byte, surrogate, overlong, 5-byte form,
        // stray continuation, too-large code point
        inputs.add(bytes(0xC3, 0x28));
        inputs.add(bytes(0xFF));
        inputs.add(bytes(0xF0, 0x9F, 0x98));
        inputs.add(bytes(0xED, 0xA0, 0x80));
        inputs.add(bytes(0xC0, 0xAF));
        inputs.add(bytes(0xF8, 0x88, 0x80, 0x80, 0x80));
        inputs.add(bytes(0x80));
        inputs.add(bytes(0xBF, 0x80, 0x80));
        inputs.add(bytes(0xF4, 0x90, 0x80, 0x80));
        // structured values broken by invalid bytes
        inputs.add(concat(utf8("jane.doe@exam"), bytes(0xFF), utf8("ple.com")));
        inputs.add(concat(utf8("jane.doe@example.co"), bytes(0xC3)));
        inputs.add(concat(utf8("+1 (415) 555-01"), bytes(0xF0, 0x9F, 0x98), utf8("32")));
        inputs.add(concat(utf8("4111 1111 1111 111"), bytes(0x80)));
        inputs.add(concat(utf8("123-45-678"), bytes(0xFE)));
        inputs.add(concat(utf8("GB82 WEST 1234 5698 7654 3"), bytes(0xC3, 0x28)));
        inputs.add(concat(utf8("192.168.1."), bytes(0xFF)));
        inputs.add(concat(utf8("fe80::1%eth"), bytes(0xFF)));
        // emoji, right-to-left, combining marks, CJK
        inputs.add(utf8("👩‍💻"));
        inputs.add(utf8("👩‍💻@👩‍💻.com"));
        inputs.add(utf8("مرحبا بالعالم ١٢٣"));
        inputs.add(utf8("שלום עולם"));
        inputs.add(utf8("\u202Eabc\u202C"));
        inputs.add(utf8("e\u0301\u0301\u0301"));
        inputs.add(utf8("Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗͓"));
        inputs.add(utf8("日本語のテキスト"));
        inputs.add(utf8("电子邮件@例子.中国"));
        // valid structured values
        inputs.add(utf8("jane.doe@example.com"));
        inputs.add(utf8("+1 (415) 555-0132"));
        inputs.add(utf8("4111-1111-1111-1111"));
        inputs.add(utf8("123-45-6789"));
        inputs.add(utf8("GB82 WEST 1234 5698 7654 32"));
        inputs.add(utf8("192.168.17.42"));
        inputs.add(utf8("1:2:3:4:5:6:7::"));
        inputs.add(utf8("::"));
        inputs.add(utf8("fe80::1%eth0"));
        // one megabyte each
        inputs.add(utf8("a".repeat(MEGABYTE)));
        inputs.add(utf8("1-".repeat(MEGABYTE / 2)));
        inputs.add(utf8("👩‍💻".repeat(MEGABYTE / 11)));
        inputs.add(utf8("jane" + "x".repeat(MEGABYTE) + "@example.com"));
        inputs.add(utf8("jane@" + "a.".repeat(MEGABYTE / 2) + "com"));
        inputs.add(utf8("@".repeat(MEGABYTE)));
        inputs.add(utf8(":".repeat(MEGABYTE)));
        inputs.add(utf8("1.".repeat(MEGABYTE / 2)));
        inputs.add(utf8("GB82 ".repeat(MEGABYTE / 5)));
        inputs.add(utf8("مرحبا".repeat(MEGABYTE / 10)));
        byte[] invalid = new byte[MEGABYTE];
        new Random(42).nextBytes(invalid);
        inputs.add(io.airlift.slice.Slices.wrappedBuffer(invalid));
        return inputs;
    }

    @ParameterizedTest
    @MethodSource("functions")
    void hostileInputs(Function function)
    {
        for (Slice input : HOSTILE_INPUTS) {
            checkOutput(function, input);
        }
    }

    @ParameterizedTest
    @MethodSource("functions")
    void randomInputs(Function function)
    {
        Random random = new Random(20_250_101);
        for (int i = 0; i < 20_000; i++) {
            checkOutput(function, randomValue(random));
        }
    }

    @Test
    void maskKeepsCharacterCountAndHidesLettersAndDigits()
    {
        Random random = new Random(7);
        List<Slice> inputs = new ArrayList<>(HOSTILE_INPUTS);
        for (int i = 0; i < 20_000; i++) {
            inputs.add(randomValue(random));
        }
        for (Slice input : inputs) {
            Slice masked = Redaction.mask(input);
            assertThat(countCodePoints(masked)).isEqualTo(countCodePoints(input));
            String text = masked.toStringUtf8();
            text.codePoints().forEach(codePoint -> {
                if (Character.isLetterOrDigit(codePoint)) {
                    assertThat(codePoint).as("letter or digit left in mask output").isIn((int) 'X', (int) 'x', (int) 'n');
                }
            });
        }
    }

    private static void checkOutput(Function function, Slice input)
    {
        Slice output = function.apply().apply(input);
        assertThat(output).as(() -> "%s of %s".formatted(function, describe(input))).isNotNull();
        assertThat(isValidUtf8(output)).as(() -> "%s of %s returns valid UTF-8".formatted(function, describe(input))).isTrue();
        assertThat(countCodePoints(output)).as(() -> "%s of %s: length".formatted(function, describe(input)))
                .isLessThanOrEqualTo(countCodePoints(input) + function.growth());
    }

    // short ASCII-heavy values with the characters the structured formats use, plus multi-byte and invalid bytes
    private static Slice randomValue(Random random)
    {
        String alphabet = "0123456789abcdefABCDEFxyzXYZ@.:-+()/ %_[]";
        int length = random.nextInt(40);
        byte[] buffer = new byte[length * 4];
        int size = 0;
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind < 7) {
                buffer[size++] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
            }
            else if (kind < 9) {
                int codePoint = switch (random.nextInt(4)) {
                    case 0 -> 0x80 + random.nextInt(0x780);
                    case 1 -> 0x800 + random.nextInt(0xD000);
                    case 2 -> 0xE000 + random.nextInt(0x2000);
                    default -> 0x10000 + random.nextInt(0x100000);
                };
                byte[] encoded = SliceUtf8.codePointToUtf8(codePoint).getBytes();
                System.arraycopy(encoded, 0, buffer, size, encoded.length);
                size += encoded.length;
            }
            else {
                buffer[size++] = (byte) (0x80 + random.nextInt(0x80));
            }
        }
        return io.airlift.slice.Slices.wrappedBuffer(buffer, 0, size);
    }

    private static String describe(Slice input)
    {
        if (input.length() > 64) {
            return "a value of " + input.length() + " bytes";
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : input.getBytes()) {
            hex.append(String.format("%02x", b & 0xFF));
        }
        return "'" + input.toStringUtf8() + "' (" + hex + ")";
    }
}
