// How a GSKit return code is named in outputs. IBM's rule, kept here in one
// place for every printer: a GSK_* name printed on the log line is
// authoritative for that GSKit level; otherwise the catalogue of the code's
// numbering (distributed or z/OS) names it; otherwise it is "not in table",
// never a guess.
#pragma once

#include <optional>
#include <string>

#include "catalog/gskit_codes.hpp"
#include "summary/summary.hpp"

namespace alertscan {

struct GskAnnotation {
    std::string name;  // "" when neither the line nor the table names it
    std::string meaning;
    std::string check;
    bool in_table = false;
};

catalog::GskTable gsk_table_from(const std::string& table);

GskAnnotation annotate(const GskCodeSummary& code);
GskAnnotation annotate_return_code(const std::string& table, std::int64_t code,
                                   const std::string& printed_name);

// The name of a GSKVAL validation code, or "" when not in the table.
std::string validation_name(std::int64_t code);

}  // namespace alertscan
