// --format jsonl: one JSON object per hit, written as soon as it is found,
// so a pipeline or a SIEM shipper can consume hits while the scan runs.

#include <nlohmann/json.hpp>

#include "catalog/alerts.hpp"
#include "output/gskit_annotation.hpp"
#include "output/json_fields.hpp"
#include "output/printer.hpp"

namespace alertscan {
namespace {

// Whether a timestamp is UTC ("utc", it ends in Z), carries its own offset
// ("offset") or is the writer's local time ("local"); null without one.
nlohmann::ordered_json time_basis(const std::string& timestamp) {
    if (timestamp.empty()) return nullptr;
    if (timestamp.back() == 'Z') return "utc";
    const std::size_t time_at = timestamp.find('T');
    if (time_at != std::string::npos &&
        timestamp.find_first_of("+-", time_at) != std::string::npos) {
        return "offset";
    }
    return "local";
}

class JsonlPrinter : public Printer {
  public:
    explicit JsonlPrinter(std::ostream& out) : out_(out) {}

    void on_hit(const Hit& hit) override {
        using nlohmann::ordered_json;
        const bool alert = hit.kind == HitKind::Alert;
        ordered_json name = nullptr;
        if (alert) {
            const catalog::AlertInfo& info = catalog::alert(static_cast<int>(hit.code));
            if (info.assigned) name = info.name;
        } else {
            name =
                optional_string(annotate_return_code(hit.gsk_table, hit.code, hit.gsk_name).name);
        }
        ordered_json line = {
            {"file", hit.file},
            {"line", hit.line},
            {"offset", hit.offset},
            {"kind", to_string(hit.kind)},
            {"source", hit.source},
            {"pattern", hit.pattern_id},
            {"event_id", hit.event_id ? nlohmann::ordered_json(*hit.event_id)
                                      : nlohmann::ordered_json(nullptr)},
            {"direction", to_string(hit.direction)},
            {"code", hit.code < 0 ? ordered_json(nullptr) : ordered_json(hit.code)},
            {"name", name},
            {"level", to_string(hit.level)},
            {"peer", optional_string(hit.peer)},
            {"host", optional_string(hit.host)},
            {"timestamp", optional_string(hit.timestamp)},
            {"time_basis", time_basis(hit.timestamp)},
            {"error_state",
             hit.error_state ? ordered_json(*hit.error_state) : ordered_json(nullptr)},
            {"record_id", hit.record_id ? ordered_json(*hit.record_id) : ordered_json(nullptr)},
            {"gsk_table", alert ? ordered_json(nullptr) : ordered_json(hit.gsk_table)},
            {"validation_code",
             hit.validation_code ? ordered_json(*hit.validation_code) : ordered_json(nullptr)},
            {"validation_name", hit.validation_code
                                    ? optional_string(validation_name(
                                          hit.gsk_table, *hit.validation_code, hit.validation_name))
                                    : ordered_json(nullptr)},
            {"channel", optional_string(hit.channel)},
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
