// --format json: the summary as one JSON document, schema
// "alertscan.summary/1" (docs/json.md). Fields may be added within a schema
// version; renaming or removing one bumps it.

#include <nlohmann/json.hpp>

#include "catalog/alerts.hpp"
#include "output/gskit_annotation.hpp"
#include "output/json_fields.hpp"
#include "output/printer.hpp"

namespace alertscan {
namespace {

constexpr std::size_t kTopLimit = 10;

nlohmann::ordered_json top_list(const TopCounter& counter, const char* key) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& [value, count] : counter.top(kTopLimit)) {
        list.push_back({{key, value}, {"count", count}});
    }
    return list;
}

nlohmann::ordered_json code_json(const CodeSummary& code) {
    const catalog::AlertInfo& info = catalog::alert(code.code);
    nlohmann::ordered_json sources = nlohmann::ordered_json::object();
    for (const auto& [source, count] : code.sources.top(kTopLimit)) sources[source] = count;
    nlohmann::ordered_json states = nlohmann::ordered_json::array();
    for (const auto& [state, count] : code.error_states.top(kTopLimit)) {
        states.push_back({{"state", std::stoll(state)}, {"count", count}});
    }
    return {{"code", code.code},
            {"name",
             info.assigned ? nlohmann::ordered_json(info.name) : nlohmann::ordered_json(nullptr)},
            {"assigned", info.assigned},
            {"count", code.count},
            {"received", code.received},
            {"sent", code.sent},
            {"unknown", code.unknown},
            {"fatal", code.fatal},
            {"first_seen", optional_string(code.first_seen)},
            {"last_seen", optional_string(code.last_seen)},
            {"undated", code.undated},
            {"peers", top_list(code.peers, "peer")},
            {"hosts", top_list(code.hosts, "host")},
            {"sources", sources},
            {"error_states", states},
            {"meaning", info.meaning},
            {"check", info.check}};
}

nlohmann::ordered_json gskit_code_json(const GskCodeSummary& code) {
    const GskAnnotation note = annotate(code);
    nlohmann::ordered_json sources = nlohmann::ordered_json::object();
    for (const auto& [source, count] : code.sources.top(kTopLimit)) sources[source] = count;
    nlohmann::ordered_json validation = nlohmann::ordered_json::array();
    for (const auto& [value, count] : code.validation_codes.top(kTopLimit)) {
        const std::int64_t number = std::stoll(value);
        validation.push_back({{"code", number},
                              {"name", optional_string(validation_name(code, number))},
                              {"count", count}});
    }
    return {{"code",
             code.code < 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(code.code)},
            {"table", code.table},
            {"name", optional_string(note.name)},
            {"in_table", note.in_table},
            {"count", code.count},
            {"received", code.received},
            {"sent", code.sent},
            {"unknown", code.unknown},
            {"first_seen", optional_string(code.first_seen)},
            {"last_seen", optional_string(code.last_seen)},
            {"undated", code.undated},
            {"peers", top_list(code.peers, "peer")},
            {"channels", top_list(code.channels, "channel")},
            {"hosts", top_list(code.hosts, "host")},
            {"sources", sources},
            {"validation_codes", validation},
            {"meaning", note.meaning},
            {"check", optional_string(note.check)}};
}

nlohmann::ordered_json input_json(const InputSummary& input) {
    return {{"path", input.path},
            {"error",
             input.error ? nlohmann::ordered_json(*input.error) : nlohmann::ordered_json(nullptr)},
            {"format", optional_string(input.format)},
            {"compression", optional_string(input.compression)},
            {"skipped", optional_string(input.skipped)},
            {"encoding", optional_string(input.encoding)},
            {"bytes", input.bytes},
            {"lines", input.lines},
            {"records", input.records ? nlohmann::ordered_json(*input.records)
                                      : nlohmann::ordered_json(nullptr)},
            {"skipped_records", input.skipped_records},
            {"hits", input.hits}};
}

nlohmann::ordered_json schannel_event_json(const SchannelEventSummary& event) {
    nlohmann::ordered_json states = nlohmann::ordered_json::array();
    for (const auto& [state, count] : event.error_states.top(kTopLimit)) {
        states.push_back(
            {{"state", state},
             {"count", count},
             {"note", optional_string(std::string(schannel_error_state_note(state)))}});
    }
    return {{"event_id", event.event_id},
            {"description", schannel_event_description(event.event_id)},
            {"count", event.count},
            {"first_seen", optional_string(event.first_seen)},
            {"last_seen", optional_string(event.last_seen)},
            {"undated", event.undated},
            {"hosts", top_list(event.hosts, "host")},
            {"error_states", states},
            {"error_codes", top_list(event.error_codes, "code")},
            {"protocols", top_list(event.protocols, "protocol")},
            {"names", top_list(event.names, "name")}};
}

class JsonPrinter : public Printer {
  public:
    explicit JsonPrinter(std::ostream& out) : out_(out) {}

    void finish(const Summary& summary) override {
        nlohmann::ordered_json alerts = nlohmann::ordered_json::array();
        for (const CodeSummary* code : summary.alerts_by_count())
            alerts.push_back(code_json(*code));
        nlohmann::ordered_json gskit_codes = nlohmann::ordered_json::array();
        for (const GskCodeSummary* code : summary.gskit_codes_by_count()) {
            gskit_codes.push_back(gskit_code_json(*code));
        }
        nlohmann::ordered_json events = nlohmann::ordered_json::array();
        for (const auto& [id, event] : summary.schannel_events) {
            events.push_back(schannel_event_json(event));
        }
        nlohmann::ordered_json hosts = nlohmann::ordered_json::array();
        for (const HostSummary* host : summary.hosts_by_alerts()) {
            hosts.push_back({{"host", host->host},
                             {"alerts", host->alerts},
                             {"received", host->received},
                             {"sent", host->sent},
                             {"gskit_codes", host->return_codes},
                             {"schannel_events", host->schannel_events}});
        }
        nlohmann::ordered_json inputs = nlohmann::ordered_json::array();
        for (const InputSummary& input : summary.inputs) inputs.push_back(input_json(input));
        nlohmann::ordered_json document = {{"schema", "alertscan.summary/1"},
                                           {"generator", generator_name()},
                                           {"totals",
                                            {{"hits", summary.hits},
                                             {"alert_hits", summary.alert_hits},
                                             {"gskit_hits", summary.gskit_hits},
                                             {"inputs", summary.inputs.size()},
                                             {"failed_inputs", summary.failed_inputs()}}},
                                           {"alerts", alerts},
                                           {"gskit_codes", gskit_codes},
                                           {"schannel_events", events},
                                           {"hosts", hosts},
                                           {"inputs", inputs}};
        out_ << document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
             << '\n';
    }

  private:
    std::ostream& out_;
};

}  // namespace

std::unique_ptr<Printer> make_json_printer(std::ostream& out) {
    return std::make_unique<JsonPrinter>(out);
}

}  // namespace alertscan
