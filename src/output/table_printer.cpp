// --format table: the summary for a person at a terminal or in a mail,
// fitting 80 columns. One row per alert code, most frequent first, followed
// by indented lines: meaning, what to check, when, which peers and hosts.

#include <iomanip>
#include <sstream>

#include "catalog/alerts.hpp"
#include "output/gskit_annotation.hpp"
#include "output/printer.hpp"
#include "util/text.hpp"

namespace alertscan {
namespace {

constexpr std::size_t kWidth = 80;
constexpr std::size_t kIndent = 6;
constexpr std::size_t kTopLimit = 5;

void wrapped(std::ostream& out, std::string_view label, std::string_view text) {
    out << wrap_text(label, text, kIndent, kWidth);
}

std::string top_text(const TopCounter& counter) {
    std::ostringstream text;
    bool first = true;
    for (const auto& [value, count] : counter.top(kTopLimit)) {
        text << (first ? "" : ", ") << value << " (" << count << ")";
        first = false;
    }
    std::size_t more = counter.distinct() > kTopLimit ? counter.distinct() - kTopLimit : 0;
    if (more > 0 || counter.other() > 0) text << ", and more";
    return text.str();
}

std::string seen_text(const Occurrences& code) {
    if (code.first_seen.empty()) return "no timestamps on these lines";
    std::string seen = code.first_seen == code.last_seen
                           ? code.first_seen
                           : code.first_seen + " .. " + code.last_seen;
    if (code.undated > 0) seen += " (" + std::to_string(code.undated) + " undated)";
    return seen;
}

std::string plural(std::uint64_t n, std::string_view word) {
    return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

class TablePrinter : public Printer {
  public:
    explicit TablePrinter(std::ostream& out) : out_(out) {}

    void finish(const Summary& summary) override {
        headline(summary);
        if (!summary.alerts.empty()) {
            out_ << '\n'
                 << "CODE  " << std::left << std::setw(36) << "NAME" << std::right << std::setw(7)
                 << "COUNT" << std::setw(10) << "RECEIVED" << std::setw(6) << "SENT" << std::setw(9)
                 << "UNKNOWN" << '\n';
            for (const CodeSummary* code : summary.alerts_by_count()) row(*code);
        }
        if (!summary.gskit_codes.empty()) {
            out_ << "\nGSKit return codes\n"
                 << "CODE  " << std::left << std::setw(13) << "TABLE" << std::setw(44) << "NAME"
                 << std::right << std::setw(7) << "COUNT" << '\n';
            for (const GskCodeSummary* code : summary.gskit_codes_by_count()) gskit_row(*code);
        }
        if (summary.hosts.size() > 1) hosts(summary);
        if (!summary.schannel_events.empty()) {
            out_ << "\nOther SChannel failure events\n"
                 << "EVENT  " << std::left << std::setw(64) << "WHAT" << std::right << std::setw(7)
                 << "COUNT" << '\n';
            for (const auto& [id, event] : summary.schannel_events) event_row(event);
        }
        for (const InputSummary& input : summary.inputs) {
            if (input.error) out_ << "\nnot read: " << input.path << ": " << *input.error;
        }
        if (summary.failed_inputs() > 0) out_ << '\n';
        out_.flush();
    }

  private:
    void headline(const Summary& summary) {
        const std::size_t inputs = summary.inputs.size();
        const std::size_t failed = summary.failed_inputs();
        out_ << "alertscan: " << plural(summary.alert_hits, "TLS alert");
        if (summary.gskit_hits > 0)
            out_ << " and " << plural(summary.gskit_hits, "GSKit return code");
        out_ << " in " << plural(inputs - failed, "input") << " read";
        if (failed > 0) out_ << ", " << failed << " could not be read";
        out_ << '\n';
    }

    void row(const CodeSummary& code) {
        const catalog::AlertInfo& info = catalog::alert(code.code);
        std::string name = info.assigned ? std::string(info.name) : "(unassigned)";
        out_ << std::right << std::setw(4) << code.code << "  " << std::left << std::setw(36)
             << name << std::right << std::setw(7) << code.count << std::setw(10) << code.received
             << std::setw(6) << code.sent << std::setw(9) << code.unknown << '\n';
        wrapped(out_, "", info.meaning);
        wrapped(out_, "check: ", info.check);
        wrapped(out_, "seen:  ", seen_text(code));
        if (code.peers.distinct() > 0) wrapped(out_, "peers: ", top_text(code.peers));
        if (code.hosts.distinct() > 0) wrapped(out_, "hosts: ", top_text(code.hosts));
        error_states(code.error_states);
    }

    // SChannel's internal error states, with what little is public about them.
    void error_states(const TopCounter& states) {
        for (const auto& [state, count] : states.top(kTopLimit)) {
            std::string text = state + " (" + std::to_string(count) + ")";
            std::string_view note = schannel_error_state_note(state);
            text += note.empty() ? ", undocumented" : ": " + std::string(note);
            wrapped(out_, "error state: ", text);
        }
    }

    void hosts(const Summary& summary) {
        out_ << "\nHosts\n"
             << std::left << std::setw(40) << "HOST" << std::right << std::setw(8) << "ALERTS"
             << std::setw(10) << "RECEIVED" << std::setw(6) << "SENT" << std::setw(8) << "GSKIT"
             << std::setw(8) << "EVENTS" << '\n';
        for (const HostSummary* host : summary.hosts_by_alerts()) {
            std::string name = host->host.size() > 39 ? host->host.substr(0, 38) + "~" : host->host;
            out_ << std::left << std::setw(40) << name << std::right << std::setw(8) << host->alerts
                 << std::setw(10) << host->received << std::setw(6) << host->sent << std::setw(8)
                 << host->return_codes << std::setw(8) << host->schannel_events << '\n';
        }
    }

    void event_row(const SchannelEventSummary& event) {
        out_ << std::left << std::setw(7) << event.event_id << std::setw(64)
             << schannel_event_description(event.event_id) << std::right << std::setw(7)
             << event.count << '\n';
        if (!event.first_seen.empty()) {
            wrapped(out_, "seen:  ",
                    event.first_seen == event.last_seen
                        ? event.first_seen
                        : event.first_seen + " .. " + event.last_seen);
        }
        if (event.hosts.distinct() > 0) wrapped(out_, "hosts: ", top_text(event.hosts));
        if (event.protocols.distinct() > 0) wrapped(out_, "protocols: ", top_text(event.protocols));
        if (event.error_codes.distinct() > 0)
            wrapped(out_, "error codes: ", top_text(event.error_codes));
        if (event.names.distinct() > 0) wrapped(out_, "expected names: ", top_text(event.names));
        error_states(event.error_states);
    }

    void gskit_row(const GskCodeSummary& code) {
        const GskAnnotation note = annotate(code);
        out_ << std::right << std::setw(4) << (code.code < 0 ? "?" : std::to_string(code.code))
             << "  " << std::left << std::setw(13) << code.table << std::setw(44)
             << (note.name.empty() ? "(not in table)" : note.name) << std::right << std::setw(7)
             << code.count << '\n';
        wrapped(out_, "", note.meaning);
        if (!note.check.empty()) wrapped(out_, "check: ", note.check);
        wrapped(out_, "seen:  ", seen_text(code));
        if (code.peers.distinct() > 0) wrapped(out_, "peers: ", top_text(code.peers));
        if (code.channels.distinct() > 0) wrapped(out_, "channels: ", top_text(code.channels));
        if (code.hosts.distinct() > 0) wrapped(out_, "hosts: ", top_text(code.hosts));
        if (code.validation_codes.distinct() > 0) {
            std::string text;
            for (const auto& [value, count] : code.validation_codes.top(kTopLimit)) {
                const std::string name = validation_name(code, std::stoll(value));
                text += (text.empty() ? "" : ", ") + value + (name.empty() ? "" : " " + name) +
                        " (" + std::to_string(count) + ")";
            }
            wrapped(out_, "validation: ", text);
        }
    }

    std::ostream& out_;
};

}  // namespace

std::unique_ptr<Printer> make_table_printer(std::ostream& out) {
    return std::make_unique<TablePrinter>(out);
}

}  // namespace alertscan
