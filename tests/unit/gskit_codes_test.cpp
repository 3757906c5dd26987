// Unit tests for the GSKit return-code catalogue (src/catalog/gskit_codes.cpp).
//
// Expected numbers and names are pinned against IBM's IBM i V5R4 gskssl.h
// (friedkiwi/iheaders v5r4/GSKSSL.H), Scott Klement's GSKSSL_H.rpgleinc
// (IBM i 6000-6019, GSKVAL 575xxx), IBM MQ "SSL and TLS return codes" for
// z/OS, the CICS technote on return code 435 and CICS APAR PI44136 (446).
#include "catalog/gskit_codes.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>

namespace alertscan::catalog {
namespace {

constexpr GskTable kAllTables[] = {GskTable::Distributed, GskTable::ZOS, GskTable::Validation};

struct Pinned {
    int code;
    std::string_view name;
};

TEST(GskitCodes, TableNames) {
    EXPECT_EQ(to_string(GskTable::Distributed), "distributed");
    EXPECT_EQ(to_string(GskTable::ZOS), "zos");
    EXPECT_EQ(to_string(GskTable::Validation), "validation");
}

TEST(GskitCodes, DistributedPinnedNames) {
    constexpr Pinned kPinned[] = {
        {0, "GSK_OK"},
        {8, "GSK_ERROR_CERT_VALIDATION"},
        {13, "GSK_INVALID_PARAMETER"},
        {106, "GSK_BAD_FORMAT_OR_INVALID_PASSWORD"},
        {109, "GSK_PENDING_CLOSE_ERROR"},
        {202, "GSK_KEYRING_OPEN_ERROR"},
        {207, "GSK_ERROR_FIPS_NO_SUPPORTED"},
        {301, "GSK_CLOSE_FAILED"},
        {402, "GSK_ERROR_NO_CIPHERS"},
        {408, "GSK_ERROR_BAD_KEYFILE_PASSWORD"},
        {410, "GSK_ERROR_BAD_MESSAGE"},
        {413, "GSK_ERROR_BAD_CERT_SIG"},
        {414, "GSK_ERROR_BAD_CERT"},
        {420, "GSK_ERROR_SOCKET_CLOSED"},
        {428, "GSK_ERROR_NO_PRIVATE_KEY"},
        {430, "GSK_ERROR_PKCS11_TOKEN_LABELMISMATH"},
        {435, "GSK_CONFLICTING_ATTRIBUTE_SETTING"},
        {444, "GSK_ERROR_SEQNUM_EXHAUSTED"},
        {503, "GSK_ERROR_SSL_CLOSED"},
        {711, "GSK_CIPHER_INVALID_WHEN_SUITEB_MODE_ON"},
        {1605, "GSK_TRACE_OPEN_FAILED"},
        {6000, "GSK_IBMI_ERROR_NOT_TRUSTED_ROOT"},
        {6003, "GSK_IBMI_ERROR_NO_ACCESS"},
        {6012, "GSK_IBMI_ASYNCHRONOUS_RECV"},
        {6017, "GSK_IBMI_ERROR_CERTIFICATE_REVOKED"},
        {6019, "GSK_IBMI_ERROR_ASYNCHRONOUS_SOC_INIT"},
    };
    for (const Pinned& pinned : kPinned) {
        const auto info = gsk_code(GskTable::Distributed, pinned.code);
        ASSERT_TRUE(info.has_value()) << pinned.code;
        EXPECT_EQ(info->code, pinned.code);
        EXPECT_EQ(info->table, GskTable::Distributed);
        EXPECT_EQ(info->name, pinned.name) << pinned.code;
    }
}

TEST(GskitCodes, SuccessIsZero) {
    const auto ok = gsk_code(GskTable::Distributed, 0);
    ASSERT_TRUE(ok.has_value());
    EXPECT_EQ(ok->name, "GSK_OK");
    EXPECT_NE(ok->meaning.find("Success"), std::string_view::npos);
}

TEST(GskitCodes, DistributedTableSize) {
    // 98 rows of table 2.2 plus the 19 IBM i codes 6000-6019 (no 6006).
    EXPECT_EQ(gsk_codes(GskTable::Distributed).size(), 98u + 19u);
    EXPECT_FALSE(gsk_code(GskTable::Distributed, 6006).has_value());
    EXPECT_TRUE(gsk_code(GskTable::Distributed, 6005).has_value());
    EXPECT_TRUE(gsk_code(GskTable::Distributed, 6007).has_value());
}

TEST(GskitCodes, DistributedRanges) {
    // Every number of table 2.2, and nothing in between.
    std::set<int> expected;
    auto add = [&](int first, int last) {
        for (int code = first; code <= last; ++code) {
            expected.insert(code);
        }
    };
    add(0, 13);
    add(101, 109);
    add(201, 207);
    add(301, 301);
    add(401, 444);
    add(501, 503);
    add(601, 602);
    add(701, 711);
    add(1501, 1502);
    add(1601, 1605);
    ASSERT_EQ(expected.size(), 98u);
    add(6000, 6019);
    expected.erase(6006);

    std::set<int> actual;
    for (const GskCodeInfo& info : gsk_codes(GskTable::Distributed)) {
        actual.insert(info.code);
    }
    EXPECT_EQ(actual, expected);
}

TEST(GskitCodes, ZosDiffersFromDistributedAt435) {
    const auto zos = gsk_code(GskTable::ZOS, 435);
    const auto dist = gsk_code(GskTable::Distributed, 435);
    ASSERT_TRUE(zos.has_value());
    ASSERT_TRUE(dist.has_value());
    EXPECT_EQ(zos->name, "GSK_ERR_UNKNOWN_CA");
    EXPECT_EQ(zos->table, GskTable::ZOS);
    EXPECT_EQ(dist->name, "GSK_CONFLICTING_ATTRIBUTE_SETTING");
    EXPECT_NE(zos->name, dist->name);
    EXPECT_NE(zos->meaning, dist->meaning);
}

TEST(GskitCodes, ZosPinnedEntries) {
    constexpr Pinned kPinned[] = {
        {414, "GSK_ERR_BAD_CERT"},
        {435, "GSK_ERR_UNKNOWN_CA"},
        {446, "GSK_ERR_TLS_EXTENSION_MISMATCH"},
        {402, "GSK_ERROR_NO_CIPHERS"},
        {428, "GSK_ERROR_NO_PRIVATE_KEY"},
    };
    for (const Pinned& pinned : kPinned) {
        const auto info = gsk_code(GskTable::ZOS, pinned.code);
        ASSERT_TRUE(info.has_value()) << pinned.code;
        EXPECT_EQ(info->name, pinned.name) << pinned.code;
    }
    // 109, 204 and 302 mean something else on z/OS and have no documented name.
    for (int code : {109, 204, 302}) {
        const auto info = gsk_code(GskTable::ZOS, code);
        ASSERT_TRUE(info.has_value()) << code;
        EXPECT_TRUE(info->name.empty()) << code;
        EXPECT_FALSE(info->meaning.empty()) << code;
    }
    EXPECT_NE(gsk_code(GskTable::ZOS, 109)->meaning, gsk_code(GskTable::Distributed, 109)->meaning);
}

TEST(GskitCodes, ZosHoldsOnlyDocumentedNumbers) {
    const std::set<int> expected = {1,   3,   4,   5,   6,   7,   8,   9,   10,  11,
                                    12,  102, 103, 106, 109, 201, 202, 203, 204, 302,
                                    401, 402, 403, 405, 412, 414, 428, 435, 446};
    std::set<int> actual;
    for (const GskCodeInfo& info : gsk_codes(GskTable::ZOS)) {
        actual.insert(info.code);
    }
    EXPECT_EQ(actual, expected);

    // Not documented for z/OS: no fallback to the distributed meaning.
    for (int code : {0, 2, 13, 413, 420, 436, 6003}) {
        EXPECT_FALSE(gsk_code(GskTable::ZOS, code).has_value()) << code;
    }
    EXPECT_TRUE(gsk_code(GskTable::Distributed, 413).has_value());
    EXPECT_FALSE(gsk_code(GskTable::Distributed, 446).has_value());
    EXPECT_FALSE(gsk_code(GskTable::Distributed, 302).has_value());
}

TEST(GskitCodes, ZosSharedNamesKeepTheirNumber) {
    // A distributed name is reused on z/OS only for the same number.
    for (const GskCodeInfo& info : gsk_codes(GskTable::ZOS)) {
        if (info.name.empty() || info.name.starts_with("GSK_ERR_")) {
            continue;
        }
        const auto dist = gsk_code(GskTable::Distributed, info.code);
        ASSERT_TRUE(dist.has_value()) << info.code;
        EXPECT_EQ(dist->name, info.name) << info.code;
    }
}

TEST(GskitCodes, ValidationCodes) {
    const auto chain = gsk_code(GskTable::Validation, 575010);
    ASSERT_TRUE(chain.has_value());
    EXPECT_EQ(chain->name, "GSKVAL_ERROR_NO_CHAIN_BUILT");
    EXPECT_EQ(chain->table, GskTable::Validation);

    EXPECT_EQ(gsk_code(GskTable::Validation, 575001)->name, "GSKVAL_ERROR_UNKNOWN_ERROR");
    EXPECT_EQ(gsk_code(GskTable::Validation, 575049)->name,
              "GSKVAL_ERROR_CA_MISSING_CRITICAL_BASIC_CONSTRAINT");
    EXPECT_EQ(gsk_code(GskTable::Validation, 575068)->name, "GSKVAL_ERROR_OCSP_NO_CLIENT");
    EXPECT_EQ(gsk_code(GskTable::Validation, 575961)->name,
              "GSKVAL_ERROR_REVOCATIONSTATUS_UNDETERMINED");
    EXPECT_FALSE(gsk_code(GskTable::Validation, 575060).has_value());
    EXPECT_FALSE(gsk_code(GskTable::Validation, 575069).has_value());
    EXPECT_EQ(gsk_codes(GskTable::Validation).size(), 68u);
    // Validation codes never appear as return codes and vice versa.
    EXPECT_FALSE(gsk_code(GskTable::Distributed, 575010).has_value());
    EXPECT_FALSE(gsk_code(GskTable::Validation, 414).has_value());
}

TEST(GskitCodes, UnknownNumbersGiveNothing) {
    for (GskTable table : kAllTables) {
        for (int code : {-1, 14, 100, 999, 5000, 6006, 575000, 575060, 999999}) {
            EXPECT_FALSE(gsk_code(table, code).has_value()) << to_string(table) << " " << code;
        }
    }
}

TEST(GskitCodes, FindByName) {
    const auto bad_cert = find_gsk_code("gsk_error_bad_cert");
    ASSERT_TRUE(bad_cert.has_value());
    EXPECT_EQ(bad_cert->code, 414);
    EXPECT_EQ(bad_cert->table, GskTable::Distributed);

    const auto unknown_ca = find_gsk_code("GSK_ERR_UNKNOWN_CA");
    ASSERT_TRUE(unknown_ca.has_value());
    EXPECT_EQ(unknown_ca->code, 435);
    EXPECT_EQ(unknown_ca->table, GskTable::ZOS);

    const auto zos_bad_cert = find_gsk_code("gsk_err_bad_cert");
    ASSERT_TRUE(zos_bad_cert.has_value());
    EXPECT_EQ(zos_bad_cert->code, 414);
    EXPECT_EQ(zos_bad_cert->table, GskTable::ZOS);

    // In both tables: the distributed entry wins.
    const auto no_ciphers = find_gsk_code("GSK_ERROR_NO_CIPHERS");
    ASSERT_TRUE(no_ciphers.has_value());
    EXPECT_EQ(no_ciphers->code, 402);
    EXPECT_EQ(no_ciphers->table, GskTable::Distributed);

    const auto conflicting = find_gsk_code("  GSK_CONFLICTING_ATTRIBUTE_SETTING\n");
    ASSERT_TRUE(conflicting.has_value());
    EXPECT_EQ(conflicting->code, 435);

    EXPECT_EQ(find_gsk_code("GSK_IBMI_ERROR_NO_ACCESS")->code, 6003);
    EXPECT_EQ(find_gsk_code("GSK_OS400_ERROR_NO_ACCESS")->code, 6003);
    EXPECT_EQ(find_gsk_code("GSK_AS400_ERROR_NOT_TRUSTED_ROOT")->code, 6000);

    EXPECT_FALSE(find_gsk_code("").has_value());
    EXPECT_FALSE(find_gsk_code("   ").has_value());
    EXPECT_FALSE(find_gsk_code("GSK_ERROR").has_value());
    EXPECT_FALSE(find_gsk_code("GSK_ERROR_BAD_CERT_").has_value());
    EXPECT_FALSE(find_gsk_code("GSK_ERROR_PROTOCOL_MISMATCH").has_value());  // no verified number
}

TEST(GskitCodes, FindValidationBySpelling) {
    const auto ibmi = find_gsk_code("GSKVAL_ERROR_NO_CHAIN_BUILT");
    ASSERT_TRUE(ibmi.has_value());
    EXPECT_EQ(ibmi->code, 575010);
    EXPECT_EQ(ibmi->table, GskTable::Validation);

    const auto distributed = find_gsk_code("GSKVAL_ERR_NO_CHAIN_BUILT");
    ASSERT_TRUE(distributed.has_value());
    EXPECT_EQ(distributed->code, 575010);
    EXPECT_EQ(distributed->table, GskTable::Validation);

    const auto lower = find_gsk_code("gskval_err_ca_missing_critical_basic_constraint");
    ASSERT_TRUE(lower.has_value());
    EXPECT_EQ(lower->code, 575049);  // IBM i numbering; distributed GSKit prints 575051
}

TEST(GskitCodes, NamesUniqueWithinTable) {
    for (GskTable table : kAllTables) {
        std::set<std::string> names;
        for (const GskCodeInfo& info : gsk_codes(table)) {
            if (info.name.empty()) {
                continue;
            }
            EXPECT_TRUE(names.insert(std::string(info.name)).second)
                << to_string(table) << " " << info.name;
        }
        EXPECT_FALSE(names.empty()) << to_string(table);
    }
}

TEST(GskitCodes, EveryNamedEntryIsFoundByName) {
    for (GskTable table : kAllTables) {
        for (const GskCodeInfo& info : gsk_codes(table)) {
            if (info.name.empty()) {
                continue;
            }
            const auto found = find_gsk_code(info.name);
            ASSERT_TRUE(found.has_value()) << info.name;
            EXPECT_EQ(found->code, info.code) << info.name;
        }
    }
}

TEST(GskitCodes, CodesAscendingAndUnique) {
    for (GskTable table : kAllTables) {
        int previous = -1;
        for (const GskCodeInfo& info : gsk_codes(table)) {
            EXPECT_GT(info.code, previous) << to_string(table);
            previous = info.code;
        }
        EXPECT_GE(previous, 0) << to_string(table);
    }
}

TEST(GskitCodes, EntriesAreComplete) {
    for (GskTable table : kAllTables) {
        for (const GskCodeInfo& info : gsk_codes(table)) {
            EXPECT_EQ(info.table, table) << info.code;
            EXPECT_FALSE(info.meaning.empty()) << to_string(table) << " " << info.code;
            EXPECT_LE(info.meaning.size(), 120u) << to_string(table) << " " << info.code;
            EXPECT_LE(info.check.size(), 200u) << to_string(table) << " " << info.code;
            const auto same = gsk_code(table, info.code);
            ASSERT_TRUE(same.has_value());
            EXPECT_EQ(same->name, info.name);
        }
    }
}

TEST(GskitCodes, HandshakeCodesHaveChecks) {
    for (int code :
         {8, 401, 402, 403, 406, 407, 408, 410, 412, 414, 415, 420, 428, 6000, 6003, 6017}) {
        const auto info = gsk_code(GskTable::Distributed, code);
        ASSERT_TRUE(info.has_value()) << code;
        EXPECT_FALSE(info->check.empty()) << code;
    }
    for (int code : {575009, 575010, 575016, 575017, 575018, 575032}) {
        const auto info = gsk_code(GskTable::Validation, code);
        ASSERT_TRUE(info.has_value()) << code;
        EXPECT_FALSE(info->check.empty()) << code;
    }
    for (int code : {401, 402, 414, 428, 435, 446}) {
        const auto info = gsk_code(GskTable::ZOS, code);
        ASSERT_TRUE(info.has_value()) << code;
        EXPECT_FALSE(info->check.empty()) << code;
    }
}

}  // namespace
}  // namespace alertscan::catalog
