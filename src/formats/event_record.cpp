#include "formats/event_record.hpp"

#include "util/text.hpp"

namespace alertscan {

std::optional<std::string> EventRecord::field(std::string_view name) const {
    for (const auto& [key, value] : data) {
        if (iequals(key, name)) return value;
    }
    return std::nullopt;
}

}  // namespace alertscan
