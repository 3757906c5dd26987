// --fail-on: when a run ends with exit status 1, so a cron job or a CI step
// can act on what was found. Evaluated on the finished summary, after the
// output is written.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "summary/summary.hpp"

namespace alertscan {

class FailCondition {
  public:
    // "none", "any", "fatal", or a comma-separated list of alert values or
    // names (46, certificate_unknown) and return codes (gsk:414, zos:435,
    // GSK_ERROR_BAD_CERT). Nothing, with `error` set, for anything else.
    static std::optional<FailCondition> parse(std::string_view spec, std::string& error);

    // True when the summary holds what the condition asks for:
    //   any   - at least one alert or GSKit return code;
    //   fatal - at least one alert sent or received at fatal level (as the
    //           line states it, or as the registry defines the alert when
    //           the line does not say);
    //   list  - at least one occurrence of a listed code.
    bool met(const Summary& summary) const;

  private:
    enum class Mode { None, Any, Fatal, Codes };
    Mode mode_ = Mode::None;
    std::set<int> alerts_;
    std::set<std::pair<std::string, std::int64_t>> return_codes_;  // (table, code)
};

}  // namespace alertscan
