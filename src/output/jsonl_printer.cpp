// --format jsonl: one JSON object per hit, written as soon as it is found,
// so a pipeline or a SIEM shipper can consume hits while the scan runs.

#include <nlohmann/json.hpp>

#include "catalog/alerts.hpp"
#include "output/json_fields.hpp"
#include "output/printer.hpp"

namespace alertscan {
namespace {

class JsonlPrinter : public Printer {
  public:
    explicit JsonlPrinter(std::ostream& out) : out_(out) {}

    void on_hit(const Hit& hit) override {
        const catalog::AlertInfo& info = catalog::alert(hit.code);
        nlohmann::ordered_json line = {
            {"file", hit.file},
            {"line", hit.line},
            {"offset", hit.offset},
            {"source", hit.source},
            {"pattern", hit.pattern_id},
            {"event_id", hit.event_id ? nlohmann::ordered_json(*hit.event_id)
                                      : nlohmann::ordered_json(nullptr)},
            {"direction", to_string(hit.direction)},
            {"code", hit.code},
            {"name",
             info.assigned ? nlohmann::ordered_json(info.name) : nlohmann::ordered_json(nullptr)},
            {"level", to_string(hit.level)},
            {"peer", optional_string(hit.peer)},
            {"host", optional_string(hit.host)},
            {"timestamp", optional_string(hit.timestamp)},
            {"error_state", hit.error_state ? nlohmann::ordered_json(*hit.error_state)
                                            : nlohmann::ordered_json(nullptr)},
            {"text", hit.match}};
        out_ << line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
    }

    void finish(const Summary&) override { out_.flush(); }

  private:
    std::ostream& out_;
};

}  // namespace

std::unique_ptr<Printer> make_jsonl_printer(std::ostream& out) {
    return std::make_unique<JsonlPrinter>(out);
}

}  // namespace alertscan
