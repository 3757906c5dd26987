// Unit tests for the TLS alert catalogue (src/catalog/alerts.cpp).
//
// The expected names are pinned against the IANA "TLS Alerts" registry
// (TLS Parameters, AlertDescription; rows from RFC 9846 App. B.2, RFC 6066,
// RFC 4279, RFC 7301/8447, RFC 7507, RFC 9147, RFC 9849).
#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include "catalog/alerts.hpp"

namespace alertscan::catalog {
namespace {

struct RegistryRow {
    int code;
    std::string_view name;
};

// Every assigned value of the registry with its exact registry name.
constexpr RegistryRow kRegistry[] = {
    {0, "close_notify"},
    {10, "unexpected_message"},
    {20, "bad_record_mac"},
    {21, "decryption_failed_RESERVED"},
    {22, "record_overflow"},
    {30, "decompression_failure_RESERVED"},
    {40, "handshake_failure"},
    {41, "no_certificate_RESERVED"},
    {42, "bad_certificate"},
    {43, "unsupported_certificate"},
    {44, "certificate_revoked"},
    {45, "certificate_expired"},
    {46, "certificate_unknown"},
    {47, "illegal_parameter"},
    {48, "unknown_ca"},
    {49, "access_denied"},
    {50, "decode_error"},
    {51, "decrypt_error"},
    {52, "too_many_cids_requested"},
    {60, "export_restriction_RESERVED"},
    {70, "protocol_version"},
    {71, "insufficient_security"},
    {80, "internal_error"},
    {86, "inappropriate_fallback"},
    {90, "user_canceled"},
    {100, "no_renegotiation"},
    {109, "missing_extension"},
    {110, "unsupported_extension"},
    {111, "certificate_unobtainable_RESERVED"},
    {112, "unrecognized_name"},
    {113, "bad_certificate_status_response"},
    {114, "bad_certificate_hash_value_RESERVED"},
    {115, "unknown_psk_identity"},
    {116, "certificate_required"},
    {117, "general_error"},
    {120, "no_application_protocol"},
    {121, "ech_required"},
};

bool is_registered(int code) {
    for (const RegistryRow& row : kRegistry) {
        if (row.code == code) {
            return true;
        }
    }
    return false;
}

// Same folding as find_alert(): lowercase, ' ' and '-' as '_'.
std::string normalize(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c == ' ' || c == '-') {
            out.push_back('_');
        } else {
            out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        }
    }
    return out;
}

TEST(CatalogTest, RegistryHasThirtySevenRows) {
    EXPECT_EQ(std::size(kRegistry), 37u);
    int assigned = 0;
    for (const AlertInfo& info : all_alerts()) {
        assigned += info.assigned ? 1 : 0;
    }
    EXPECT_EQ(assigned, 37);
}

TEST(CatalogTest, AllAlertsCoversEveryValueInOrder) {
    const auto alerts = all_alerts();
    ASSERT_EQ(alerts.size(), 256u);
    for (int code = 0; code < 256; ++code) {
        EXPECT_EQ(alerts[static_cast<std::size_t>(code)].code, code);
        EXPECT_EQ(&alert(code), &alerts[static_cast<std::size_t>(code)]);
    }
}

TEST(CatalogTest, AssignedNamesMatchRegistry) {
    for (const RegistryRow& row : kRegistry) {
        SCOPED_TRACE(row.code);
        const AlertInfo& info = alert(row.code);
        EXPECT_EQ(info.code, row.code);
        EXPECT_TRUE(info.assigned);
        EXPECT_EQ(info.name, row.name);
    }
}

TEST(CatalogTest, EveryOtherValueIsUnassigned) {
    for (int code = 0; code < 256; ++code) {
        if (is_registered(code)) {
            continue;
        }
        SCOPED_TRACE(code);
        const AlertInfo& info = alert(code);
        EXPECT_FALSE(info.assigned);
        EXPECT_TRUE(info.name.empty());
        EXPECT_FALSE(info.dtls_only);
        EXPECT_FALSE(info.meaning.empty());
        EXPECT_FALSE(info.check.empty());
        EXPECT_EQ(info.ssl3, Level::Undefined);
        EXPECT_EQ(info.tls10, Level::Undefined);
        EXPECT_EQ(info.tls11_12, Level::Undefined);
        EXPECT_EQ(info.tls13, Level::Undefined);
        EXPECT_FALSE(usually_fatal(info));
    }
}

TEST(CatalogTest, Value255IsUnassignedNotUnsupportedExtension) {
    const AlertInfo& info = alert(255);
    EXPECT_FALSE(info.assigned);
    EXPECT_TRUE(info.name.empty());
    EXPECT_NE(info.note.find("110"), std::string_view::npos);
    EXPECT_EQ(find_alert("unsupported_extension"), 110);
}

TEST(CatalogTest, Value1IsUnassignedDraftEndOfEarlyData) {
    const AlertInfo& info = alert(1);
    EXPECT_FALSE(info.assigned);
    EXPECT_TRUE(info.name.empty());
    EXPECT_NE(info.note.find("end_of_early_data"), std::string_view::npos);
    EXPECT_EQ(find_alert("end_of_early_data"), 1);
    EXPECT_EQ(find_alert("End of Early Data"), 1);
}

TEST(CatalogTest, UserCanceledSpelling) {
    EXPECT_EQ(alert(90).name, "user_canceled");
    EXPECT_EQ(find_alert("user_cancelled"), 90);
    EXPECT_EQ(find_alert("user_canceled"), 90);
    EXPECT_EQ(find_alert("User Canceled"), 90);
}

TEST(CatalogTest, FindAlertNormalizesCaseAndSeparators) {
    EXPECT_EQ(find_alert("Certificate Unknown"), 46);
    EXPECT_EQ(find_alert("certificate-unknown"), 46);
    EXPECT_EQ(find_alert("  certificate_unknown\t"), 46);
    EXPECT_EQ(find_alert("unknown CA"), 48);
    EXPECT_EQ(find_alert("unknown certificate authority"), 48);
    EXPECT_EQ(find_alert("TLS1_ALERT_CERTIFICATE_UNKNOWN"), 46);
    EXPECT_EQ(find_alert("SSL3_AD_HANDSHAKE_FAILURE"), 40);
    EXPECT_EQ(find_alert("TLS13_AD_CERTIFICATE_REQUIRED"), 116);
    EXPECT_EQ(find_alert("expired certificate"), 45);
    EXPECT_EQ(find_alert("decryption failed"), 21);
    EXPECT_EQ(find_alert("no_renegotiation_RESERVED"), 100);
    EXPECT_EQ(find_alert("TLS1_ALERT_INSUFFIENT_SECURITY"), 71);
}

TEST(CatalogTest, FindAlertRejectsUnknownNames) {
    EXPECT_FALSE(find_alert("nonsense").has_value());
    EXPECT_FALSE(find_alert("").has_value());
    EXPECT_FALSE(find_alert("   ").has_value());
    EXPECT_FALSE(find_alert("certificate").has_value());
}

TEST(CatalogTest, EveryNameAndAliasResolvesToItsOwnCode) {
    for (const AlertInfo& info : all_alerts()) {
        SCOPED_TRACE(info.code);
        if (!info.name.empty()) {
            EXPECT_EQ(find_alert(info.name), info.code);
        }
        for (std::string_view alias : info.aliases) {
            SCOPED_TRACE(std::string(alias));
            EXPECT_FALSE(alias.empty());
            EXPECT_EQ(find_alert(alias), info.code);
        }
    }
}

TEST(CatalogTest, NamesAndAliasesNeverCollideAcrossCodes) {
    std::map<std::string, int> owner;
    for (const AlertInfo& info : all_alerts()) {
        std::map<std::string, int> own;  // also catches redundant aliases within one entry
        auto add = [&](std::string_view spelling) {
            const std::string key = normalize(spelling);
            ++own[key];
            const auto [it, inserted] = owner.emplace(key, info.code);
            if (!inserted) {
                EXPECT_EQ(it->second, info.code)
                    << "'" << spelling << "' used by " << it->second << " and " << info.code;
            }
        };
        if (!info.name.empty()) {
            add(info.name);
        }
        for (std::string_view alias : info.aliases) {
            add(alias);
        }
        for (const auto& [key, count] : own) {
            EXPECT_EQ(count, 1) << "spelling '" << key << "' repeated in entry " << info.code;
        }
    }
    EXPECT_GT(owner.size(), 37u);
}

TEST(CatalogTest, AssignedEntriesAreDocumented) {
    for (const RegistryRow& row : kRegistry) {
        SCOPED_TRACE(row.code);
        const AlertInfo& info = alert(row.code);
        EXPECT_FALSE(info.meaning.empty());
        EXPECT_FALSE(info.check.empty());
        EXPECT_FALSE(info.reference.empty());
        EXPECT_EQ(info.reference.rfind("RFC ", 0), 0u);
        EXPECT_LE(info.meaning.size(), 230u);
        EXPECT_LE(info.check.size(), 230u);
    }
}

TEST(CatalogTest, References) {
    EXPECT_EQ(alert(0).reference, "RFC 9846");
    EXPECT_EQ(alert(52).reference, "RFC 9147");
    EXPECT_EQ(alert(86).reference, "RFC 7507");
    EXPECT_EQ(alert(111).reference, "RFC 6066, RFC 9846");
    EXPECT_EQ(alert(112).reference, "RFC 6066");
    EXPECT_EQ(alert(113).reference, "RFC 6066");
    EXPECT_EQ(alert(114).reference, "RFC 6066, RFC 9846");
    EXPECT_EQ(alert(115).reference, "RFC 4279");
    EXPECT_EQ(alert(120).reference, "RFC 7301, RFC 8447");
    EXPECT_EQ(alert(121).reference, "RFC 9849");
}

TEST(CatalogTest, DtlsOnlyIsExactly52) {
    for (const AlertInfo& info : all_alerts()) {
        EXPECT_EQ(info.dtls_only, info.code == 52) << info.code;
    }
    EXPECT_EQ(alert(52).tls13, Level::Fatal);
}

TEST(CatalogTest, FatalitySpotChecks) {
    EXPECT_EQ(alert(0).tls13, Level::Warning);
    EXPECT_EQ(alert(0).ssl3, Level::Warning);
    EXPECT_EQ(alert(40).ssl3, Level::Fatal);
    EXPECT_EQ(alert(40).tls10, Level::Fatal);
    EXPECT_EQ(alert(40).tls11_12, Level::Fatal);
    EXPECT_EQ(alert(40).tls13, Level::Fatal);
    EXPECT_EQ(alert(21).ssl3, Level::Undefined);
    EXPECT_EQ(alert(21).tls10, Level::Fatal);
    EXPECT_EQ(alert(21).tls11_12, Level::Reserved);
    EXPECT_EQ(alert(21).tls13, Level::Reserved);
    EXPECT_EQ(alert(116).tls11_12, Level::Undefined);
    EXPECT_EQ(alert(116).tls13, Level::Fatal);
    EXPECT_EQ(alert(109).tls11_12, Level::Undefined);
    EXPECT_EQ(alert(46).tls11_12, Level::SenderChooses);
    EXPECT_EQ(alert(46).tls13, Level::Fatal);
    EXPECT_EQ(alert(90).tls13, Level::Warning);
    EXPECT_EQ(alert(100).tls11_12, Level::Warning);
    EXPECT_EQ(alert(100).tls13, Level::Reserved);
    EXPECT_EQ(alert(41).tls10, Level::Reserved);
    EXPECT_EQ(alert(86).ssl3, Level::Fatal);
    EXPECT_EQ(alert(117).tls11_12, Level::Undefined);
    EXPECT_EQ(alert(117).tls13, Level::Fatal);
    EXPECT_EQ(alert(121).tls13, Level::Fatal);
}

TEST(CatalogTest, UsuallyFatal) {
    EXPECT_TRUE(usually_fatal(alert(46)));
    EXPECT_TRUE(usually_fatal(alert(40)));
    EXPECT_TRUE(usually_fatal(alert(112)));
    EXPECT_FALSE(usually_fatal(alert(0)));
    EXPECT_FALSE(usually_fatal(alert(90)));
    EXPECT_FALSE(usually_fatal(alert(100)));
    EXPECT_FALSE(usually_fatal(alert(200)));
}

TEST(CatalogTest, LevelToString) {
    EXPECT_EQ(to_string(Level::Fatal), "fatal");
    EXPECT_EQ(to_string(Level::Warning), "warning");
    EXPECT_EQ(to_string(Level::SenderChooses), "sender chooses");
    EXPECT_EQ(to_string(Level::Reserved), "reserved");
    EXPECT_EQ(to_string(Level::Undefined), "undefined");
}

TEST(CatalogTest, OutOfRangeCodeThrows) {
    EXPECT_THROW(alert(-1), std::out_of_range);
    EXPECT_THROW(alert(256), std::out_of_range);
}

}  // namespace
}  // namespace alertscan::catalog
