// Helpers shared by the JSON-based printers.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace alertscan {

// "" becomes null: absent values are null in every JSON output, never "".
inline nlohmann::ordered_json optional_string(const std::string& value) {
    return value.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(value);
}

// "alertscan VERSION", as stamped into outputs.
std::string generator_name();

}  // namespace alertscan
