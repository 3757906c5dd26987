#include "summary/fail_on.hpp"

#include "catalog/alerts.hpp"
#include "catalog/gskit_codes.hpp"
#include "util/text.hpp"

namespace alertscan {

std::optional<FailCondition> FailCondition::parse(std::string_view spec, std::string& error) {
    FailCondition condition;
    const std::string lower = to_lower(trim(spec));
    if (lower == "none") return condition;
    if (lower == "any" || lower == "fatal") {
        condition.mode_ = lower == "any" ? Mode::Any : Mode::Fatal;
        return condition;
    }
    condition.mode_ = Mode::Codes;
    std::string_view rest = spec;
    while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        const std::string item(trim(rest.substr(0, comma)));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        const std::string item_lower = to_lower(item);
        if (item_lower.starts_with("gsk:") || item_lower.starts_with("zos:")) {
            auto code = parse_int(std::string_view(item).substr(4), 10);
            if (!code) {
                error = "'" + item + "' is not a return code (gsk:N or zos:N)";
                return std::nullopt;
            }
            condition.return_codes_.insert(
                {item_lower.starts_with("zos:") ? "zos" : "distributed", *code});
        } else if (auto number = parse_int(item, 10)) {
            if (*number > 255) {
                error = "'" + item + "' is not a TLS alert value (0-255; gsk:N for return codes)";
                return std::nullopt;
            }
            condition.alerts_.insert(static_cast<int>(*number));
        } else if (auto alert = catalog::find_alert(item)) {
            condition.alerts_.insert(*alert);
        } else if (auto info = catalog::find_gsk_code(item)) {
            condition.return_codes_.insert(
                {info->table == catalog::GskTable::ZOS ? "zos" : "distributed", info->code});
        } else {
            error = "'" + item + "' is neither none, any, fatal, an alert nor a GSKit code";
            return std::nullopt;
        }
    }
    if (condition.alerts_.empty() && condition.return_codes_.empty()) {
        error = "--fail-on needs none, any, fatal or a list of codes";
        return std::nullopt;
    }
    return condition;
}

bool FailCondition::met(const Summary& summary) const {
    switch (mode_) {
        case Mode::None:
            return false;
        case Mode::Any:
            return summary.hits > 0;
        case Mode::Fatal:
            for (const auto& [code, alert] : summary.alerts) {
                if (alert.fatal > 0) return true;
            }
            return false;
        case Mode::Codes:
            break;
    }
    for (int code : alerts_) {
        if (summary.alerts.count(code)) return true;
    }
    for (const auto& [key, code] : summary.gskit_codes) {
        if (return_codes_.count({code.table, code.code})) return true;
    }
    return false;
}

}  // namespace alertscan
