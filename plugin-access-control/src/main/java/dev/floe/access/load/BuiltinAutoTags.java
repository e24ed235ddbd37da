package dev.floe.access.load;

import java.util.List;

/**
 * The column-name rules that tag common sensitive data out of the box (turned off with
 * {@code auto_tags: {builtin: false}}). Patterns match whole column names, case-insensitively; they are kept
 * narrow (e.g. no bare {@code name}) because a tag drives masks and a false positive masks a business column.
 */
final class BuiltinAutoTags
{
    record Entry(String name, String columns, String tag) {}

    static final List<Entry> ENTRIES = List.of(
            new Entry("builtin-email", ".*e_?mail(_?address)?", "pii.email"),
            new Entry("builtin-phone", "(.*_)?(phone|mobile|cell|fax|telephone)(_?(number|no))?", "pii.phone"),
            new Entry("builtin-ssn", "(.*_)?(ssn|social_security(_number)?|national_id|tax_id|tin)", "pii.ssn"),
            new Entry("builtin-credit-card", "(.*_)?(credit_?card|card_?number|cc_?number|pan)(_number)?", "pii.credit_card"),
            new Entry("builtin-iban", "(.*_)?(iban|bank_account(_number)?|account_number)", "pii.bank_account"),
            new Entry("builtin-ip-address", "(.*_)?(ip|ip_?address|ipv4|ipv6|client_ip|remote_addr)", "pii.ip_address"),
            new Entry("builtin-birth-date", "(.*_)?(birth_?date|date_of_birth|dob|birthday)", "pii.birth_date"),
            new Entry("builtin-person-name", "(.*_)?(first|last|full|given|family|middle|maiden)_?name", "pii.name"),
            new Entry("builtin-passport", "(.*_)?(passport|passport_number|drivers?_licen[cs]e(_number)?)", "pii.government_id"),
            new Entry("builtin-street-address", "(.*_)?(street(_address)?|address_line_?\\d?|home_address)", "location.address"),
            new Entry("builtin-postal-code", "(.*_)?(zip|zip_?code|postal_?code|postcode)", "location.postal_code"),
            new Entry("builtin-coordinates", "(.*_)?(latitude|longitude|lat|lng|lon|geo_?location)", "location.coordinates"));

    private BuiltinAutoTags() {}
}
