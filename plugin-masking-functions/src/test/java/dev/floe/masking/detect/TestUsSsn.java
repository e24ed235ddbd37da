package dev.floe.masking.detect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TestUsSsn
{
    @ParameterizedTest
    @ValueSource(strings = {
            "536-22-1234",
            "536 22 1234",
            "536221234",
            "001-01-0001",
            "665-99-9999",
            "667-01-0001",
            "899-99-9998",
            "078-05-1121",
            "219-09-9998",
            "123-45-6788",
            "111-11-1112"})
    void valid(String ssn)
    {
        assertThat(UsSsn.isValid(ssn)).isTrue();
        assertThat(UsSsn.isShaped(ssn)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "000-12-3456", // area 000
            "666-12-3456", // area 666
            "900-12-3456", // areas 900-999 (ITINs and unassigned)
            "950-12-3456",
            "999-12-3456",
            "123-00-4567", // group 00
            "123-45-0000", // serial 0000
            "078-05-1120", // Woolworth wallet card
            "219-09-9999", // SSA advertising
            "123-45-6789", // the example number
            "123456789",
            "111-11-1111", // one digit repeated
            "222 22 2222",
            "555555555",
            "888-88-8888"})
    void wellShapedButNeverIssued(String ssn)
    {
        assertThat(UsSsn.isShaped(ssn)).isTrue();
        assertThat(UsSsn.isValid(ssn)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "536-22 1234", // mixed separators
            "536 22-1234",
            "53-622-1234",
            "536-22-123",
            "536-22-12345",
            "5362212345",
            "53622123",
            "536/22/1234",
            "536.22.1234",
            "536--22-1234",
            "abc-de-fghi",
            " 536-22-1234",
            "５３６-２２-１２３４",
            ""})
    void malformed(String ssn)
    {
        assertThat(UsSsn.isShaped(ssn)).isFalse();
        assertThat(UsSsn.isValid(ssn)).isFalse();
    }

    @Test
    void nullIsInvalid()
    {
        assertThat(UsSsn.isValid(null)).isFalse();
        assertThat(UsSsn.isShaped(null)).isFalse();
    }
}
