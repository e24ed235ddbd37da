package dev.floe.masking.detect;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TestLuhn
{
    @ParameterizedTest
    @ValueSource(strings = {
            "4111111111111111", // Visa test PAN
            "5555555555554444", // Mastercard
            "378282246310005", // American Express
            "6011111111111117", // Discover
            "3530111333300000", // JCB
            "79927398713", // the textbook example
            "0",
            "00000000000000"})
    void valid(String digits)
    {
        assertThat(Luhn.isValid(digits)).isTrue();
        assertThat(Luhn.isValidIgnoring(digits, ' ')).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "4111111111111112",
            "5555555555554445",
            "378282246310006",
            "79927398710",
            "79927398714",
            "97927398713", // transposed digits
            "",
            "4111 1111 1111 1111", // separators are the caller's job
            "4111-1111-1111-1111",
            "411111111111111a",
            "٤١١١١١١١١١١١١١١١", // Arabic-Indic digits are not ASCII digits
            "４１１１１１１１１１１１１１１１"})
    void invalid(String digits)
    {
        assertThat(Luhn.isValid(digits)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void nullAndSeparators()
    {
        assertThat(Luhn.isValid(null)).isFalse();
        assertThat(Luhn.isValidIgnoring("4111 1111 1111 1111", ' ')).isTrue();
        assertThat(Luhn.isValidIgnoring("4111-1111-1111-1111", ' ')).isFalse();
        assertThat(Luhn.isValidIgnoring("   ", ' ')).isFalse();
    }
}
