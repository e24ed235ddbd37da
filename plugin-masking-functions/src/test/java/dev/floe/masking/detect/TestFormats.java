package dev.floe.masking.detect;

import io.airlift.slice.Slice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.airlift.slice.Slices.utf8Slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shape checks masking relies on, which are looser than detection, and the helpers they share.
 */
class TestFormats
{
    @ParameterizedTest
    @ValueSource(strings = {"4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111112", "3782 822463 10005", "411111111111", "4111111111111111111"})
    void cardShaped(String value)
    {
        assertThat(PaymentCards.isShaped(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"41111111111", "41111111111111111111", "4111-1111 1111-1111", "4111  1111 1111 1111", " 4111111111111111", "4111111111111111-", "4111.1111.1111.1111", "4111111111111111a", ""})
    void notCardShaped(String value)
    {
        assertThat(PaymentCards.isShaped(value)).isFalse();
        assertThat(PaymentCards.isValid(value)).isFalse();
    }

    @Test
    void cardValidNeedsLuhn()
    {
        assertThat(PaymentCards.isValid("4111 1111 1111 1111")).isTrue();
        assertThat(PaymentCards.isValid("4111-1111-1111-1111")).isTrue();
        assertThat(PaymentCards.isValid("4111-1111-1111-1112")).isFalse();
        assertThat(PaymentCards.isValid(null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1 (415) 555-0132", "5550132", "415.555.0132", "+49/30/1234567", "123456789012345", "((1234567))", "1.234.567"})
    void phoneShaped(String value)
    {
        assertThat(PhoneNumbers.isShaped(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"555-013", "1234567890123456", "555-0132 ext 1", "555_0132", "٥٥٥٠١٣٢", ""})
    void notPhoneShaped(String value)
    {
        assertThat(PhoneNumbers.isShaped(value)).isFalse();
        assertThat(PhoneNumbers.looksLikePhone(value)).isFalse();
    }

    @Test
    void emailLocalPartStrictness()
    {
        Slice value = utf8Slice("john:doe@example.com");
        assertThat(Emails.atSignIndex(value, 0, value.length(), false)).isEqualTo(8);
        assertThat(Emails.atSignIndex(value, 0, value.length(), true)).isEqualTo(-1);

        Slice plain = utf8Slice("  john.doe@example.com  ");
        assertThat(Emails.atSignIndex(plain, 2, plain.length() - 2, true)).isEqualTo(10);
        assertThat(Emails.atSignIndex(plain, 0, plain.length(), false)).isEqualTo(-1);

        Slice numericTld = utf8Slice("jane@example.123");
        assertThat(Emails.atSignIndex(numericTld, 0, numericTld.length(), false)).isEqualTo(4);
        assertThat(Emails.atSignIndex(numericTld, 0, numericTld.length(), true)).isEqualTo(-1);

        Slice longLocal = utf8Slice("a".repeat(65) + "@example.com");
        assertThat(Emails.atSignIndex(longLocal, 0, longLocal.length(), false)).isEqualTo(65);
        assertThat(Emails.atSignIndex(longLocal, 0, longLocal.length(), true)).isEqualTo(-1);
    }

    @Test
    void identifiers()
    {
        assertThat(Identifiers.isUuid("123e4567-e89b-12d3-a456-426614174000")).isTrue();
        assertThat(Identifiers.isUuid("123e4567-e89b-12d3-a456_426614174000")).isFalse();
        assertThat(Identifiers.isMac("00:1a:2b:3c:4d:5e")).isTrue();
        assertThat(Identifiers.isMac("00:1a:2b:3c:4d-5e")).isFalse();
        assertThat(Identifiers.isMac("001a.2b3c.4d5e")).isTrue();
        assertThat(Identifiers.isMac("001a:2b3c:4d5e")).isFalse();
    }

    @Test
    void byteCharsIsAZeroCopyLatin1View()
    {
        Slice slice = utf8Slice("xé1.2");
        ByteChars chars = ByteChars.of(slice, 1, slice.length());
        assertThat(chars.length()).isEqualTo(5);
        assertThat(chars.charAt(0)).isEqualTo((char) 0xC3);
        assertThat(chars.charAt(2)).isEqualTo('1');
        assertThat(chars.subSequence(2, 5).toString()).isEqualTo("1.2");
        assertThat(ByteChars.of(slice).toString()).hasSize(6);
        assertThatThrownBy(() -> chars.charAt(5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ByteChars.of(slice, 2, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
