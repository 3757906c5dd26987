#include "summary/hit.hpp"

namespace alertscan {

std::string_view to_string(Direction direction) {
    switch (direction) {
        case Direction::Received:
            return "received";
        case Direction::Sent:
            return "sent";
        case Direction::Unknown:
            break;
    }
    return "unknown";
}

std::string_view to_string(HitKind kind) {
    return kind == HitKind::Alert ? "alert" : "gskit_rc";
}

std::string_view to_string(AlertLevel level) {
    switch (level) {
        case AlertLevel::Fatal:
            return "fatal";
        case AlertLevel::Warning:
            return "warning";
        case AlertLevel::Unknown:
            break;
    }
    return "unknown";
}

}  // namespace alertscan
