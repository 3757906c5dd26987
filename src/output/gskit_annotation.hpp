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

// The name of a GSKVAL validation code reported with a return code of
// `table`: the name printed on the line when there was one, else the
// catalogue's, else "". Distributed GSKit 8 numbers its GSKVAL codes
// differently from IBM i from about 575043 on (the reference found a +2
// shift), so those numbers are not named from the IBM i table.
std::string validation_name(const GskCodeSummary& code, std::int64_t validation);
std::string validation_name(const std::string& table, std::int64_t validation,
                            const std::string& printed_name);

}  // namespace alertscan
