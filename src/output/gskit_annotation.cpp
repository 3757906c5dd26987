#include "output/gskit_annotation.hpp"

#include <limits>

namespace alertscan {

catalog::GskTable gsk_table_from(const std::string& table) {
    return table == "zos" ? catalog::GskTable::ZOS : catalog::GskTable::Distributed;
}

GskAnnotation annotate_return_code(const std::string& table, std::int64_t code,
                                   const std::string& printed_name) {
    GskAnnotation out;
    std::optional<catalog::GskCodeInfo> info;
    if (code > 0 && code <= std::numeric_limits<int>::max()) {
        info = catalog::gsk_code(gsk_table_from(table), static_cast<int>(code));
    }
    if (info) {
        out.in_table = true;
        out.name = std::string(info->name);
        out.meaning = std::string(info->meaning);
        out.check = std::string(info->check);
    } else {
        out.meaning =
            "GSKit return code " + std::to_string(code) + " is not in the " + table + " table.";
    }
    if (!printed_name.empty()) out.name = printed_name;
    return out;
}

GskAnnotation annotate(const GskCodeSummary& code) {
    auto printed = code.names.top(1);
    return annotate_return_code(code.table, code.code, printed.empty() ? "" : printed[0].first);
}

std::string validation_name(const std::string& table, std::int64_t validation,
                            const std::string& printed_name) {
    if (!printed_name.empty()) return printed_name;
    constexpr std::int64_t kFirstDriftingCode = 575043;
    if (table != "zos" && validation >= kFirstDriftingCode) return {};
    if (validation < 0 || validation > std::numeric_limits<int>::max()) return {};
    auto info = catalog::gsk_code(catalog::GskTable::Validation, static_cast<int>(validation));
    return info ? std::string(info->name) : std::string();
}

std::string validation_name(const GskCodeSummary& code, std::int64_t validation) {
    auto printed = code.validation_names.find(validation);
    return validation_name(code.table, validation,
                           printed == code.validation_names.end() ? "" : printed->second);
}

}  // namespace alertscan
