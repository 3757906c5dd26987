#include "output/json_fields.hpp"

namespace alertscan {

std::string generator_name() {
    return "alertscan " ALERTSCAN_VERSION;
}

}  // namespace alertscan
