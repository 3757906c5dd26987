// GSKit / System SSL return codes and GSKit certificate-validation codes:
// the numbers IBM products print when a TLS handshake fails (IBM HTTP
// Server, the WebSphere plug-in, MQ, Db2, z/OS System SSL, AT-TLS, CICS).
//
// Three namespaces, never mixed with TLS alert values:
//   - return codes of distributed GSKit 8 and IBM i (gskssl.h, 0..711,
//     1501..1605, IBM i 6000..6019);
//   - z/OS System SSL return codes, which share most numbers but differ for
//     some (435 is "unknown CA" on z/OS, a conflicting-attribute error
//     elsewhere);
//   - GSKVAL certificate-validation codes (575xxx).
// Sources are cited in gskit_codes.cpp.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace alertscan::catalog {

enum class GskTable {
    Distributed,  // distributed GSKit 8 and IBM i
    ZOS,          // z/OS System SSL
    Validation,   // GSKVAL 575xxx
};

std::string_view to_string(GskTable table);  // "distributed", "zos", "validation"

struct GskCodeInfo {
    int code = 0;
    GskTable table = GskTable::Distributed;
    std::string_view name;     // constant name, e.g. "GSK_ERROR_BAD_CERT"
    std::string_view meaning;  // one line, own words
    std::string_view check;    // what to look at, own words; may be empty for internal codes
};

// The entry for `code` in `table`, or nothing when the table has no such
// number ("not in table" is printed then, never a guess: the z/OS table
// holds only numbers documented for z/OS, with no fallback to the
// distributed meanings).
std::optional<GskCodeInfo> gsk_code(GskTable table, int code);

// Looks a constant name up in every table (case-insensitive), e.g.
// GSK_ERROR_BAD_CERT, GSK_ERR_UNKNOWN_CA, GSKVAL_ERR_CA_MISSING_CRITICAL_BASIC_CONSTRAINT
// (the distributed "GSKVAL_ERR_" spelling and IBM i "GSKVAL_ERROR_" both work).
std::optional<GskCodeInfo> find_gsk_code(std::string_view name);

// Every entry of a table, in code order.
std::span<const GskCodeInfo> gsk_codes(GskTable table);

}  // namespace alertscan::catalog
