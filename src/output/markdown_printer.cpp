// --format markdown: the summary as GitHub-flavoured Markdown that also
// reads well as plain text in a mail body: a headline, then one table each
// for TLS alert codes and GSKit return codes (most frequent first), SChannel
// failure events (by event id), hosts (most alerts first, when there are
// any) and a list of inputs that could not be read. Sections with nothing
// in them are left out.
//
// Cell text is made printable (invalid UTF-8 and control characters become
// U+FFFD, so a cell never breaks its row) and Markdown-escaped: | and `
// (which would end a cell or open a code span) and \ < > [ ] * (so a host
// name cannot become a link, emphasis or raw HTML when the mail is rendered).

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/alerts.hpp"
#include "output/gskit_annotation.hpp"
#include "output/printer.hpp"
#include "util/text.hpp"

namespace alertscan {
namespace {

std::string cell(std::string_view raw) {
    const std::string text = printable_utf8(raw);
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '\\':
            case '|':
            case '`':
            case '<':
            case '>':
            case '[':
            case ']':
            case '*':
                out += '\\';
                out += c;
                break;
            case '\t':
                out += ' ';
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string seen(const std::string& value) {
    return value.empty() ? "-" : cell(value);
}

std::string plural(std::uint64_t n, std::string_view word) {
    return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

class MarkdownPrinter : public Printer {
  public:
    explicit MarkdownPrinter(std::ostream& out) : out_(out) {}

    void finish(const Summary& summary) override {
        out_ << "# alertscan summary\n\n" << headline(summary);
        if (!summary.alerts.empty()) alerts(summary);
        if (!summary.gskit_codes.empty()) gskit_codes(summary);
        if (!summary.schannel_events.empty()) schannel_events(summary);
        if (!summary.hosts.empty()) hosts(summary);
        if (summary.failed_inputs() > 0) failed_inputs(summary);
        out_.flush();
    }

  private:
    static std::string headline(const Summary& summary) {
        const std::size_t inputs = summary.inputs.size();
        const std::size_t failed = summary.failed_inputs();
        std::string text = "**" + plural(summary.alert_hits, "TLS alert") + "**";
        if (summary.gskit_hits > 0) {
            text += " and **" + plural(summary.gskit_hits, "GSKit return code") + "**";
        }
        std::uint64_t events = 0;
        for (const auto& [id, event] : summary.schannel_events) events += event.count;
        if (events > 0) text += ", " + plural(events, "other SChannel failure event");
        text += " in " + plural(inputs - failed, "input") + " read";
        if (failed > 0) text += "; **" + std::to_string(failed) + " could not be read**";
        return text + ".\n";
    }

    void row(const std::vector<std::string>& cells) {
        out_ << '|';
        for (const std::string& text : cells) out_ << ' ' << text << " |";
        out_ << '\n';
    }

    void alerts(const Summary& summary) {
        out_ << "\n## TLS alerts\n\n"
             << "| Code | Name | Count | Received | Sent | Unknown | First seen | Last seen |\n"
             << "|---:|---|---:|---:|---:|---:|---|---|\n";
        for (const CodeSummary* code : summary.alerts_by_count()) {
            const catalog::AlertInfo& info = catalog::alert(code->code);
            row({std::to_string(code->code),
                 info.assigned ? cell(info.name) : std::string("(unassigned)"),
                 std::to_string(code->count), std::to_string(code->received),
                 std::to_string(code->sent), std::to_string(code->unknown), seen(code->first_seen),
                 seen(code->last_seen)});
        }
    }

    void gskit_codes(const Summary& summary) {
        out_ << "\n## GSKit return codes\n\n"
             << "| Code | Table | Name | Count | First seen | Last seen |\n"
             << "|---:|---|---|---:|---|---|\n";
        for (const GskCodeSummary* code : summary.gskit_codes_by_count()) {
            const GskAnnotation note = annotate(*code);
            row({code->code < 0 ? std::string("?") : std::to_string(code->code), cell(code->table),
                 note.name.empty() ? std::string("(not in table)") : cell(note.name),
                 std::to_string(code->count), seen(code->first_seen), seen(code->last_seen)});
        }
    }

    void schannel_events(const Summary& summary) {
        out_ << "\n## Other SChannel failure events\n\n"
             << "| Event | What | Count | First seen | Last seen |\n"
             << "|---:|---|---:|---|---|\n";
        for (const auto& [id, event] : summary.schannel_events) {
            row({std::to_string(event.event_id), cell(schannel_event_description(event.event_id)),
                 std::to_string(event.count), seen(event.first_seen), seen(event.last_seen)});
        }
    }

    void hosts(const Summary& summary) {
        out_ << "\n## Hosts\n\n"
             << "| Host | Alerts | Received | Sent | GSKit codes | SChannel events |\n"
             << "|---|---:|---:|---:|---:|---:|\n";
        for (const HostSummary* host : summary.hosts_by_alerts()) {
            row({cell(host->host), std::to_string(host->alerts), std::to_string(host->received),
                 std::to_string(host->sent), std::to_string(host->return_codes),
                 std::to_string(host->schannel_events)});
        }
    }

    void failed_inputs(const Summary& summary) {
        out_ << "\n## Inputs not read\n\n";
        for (const InputSummary& input : summary.inputs) {
            if (input.error) out_ << "- " << cell(input.path) << ": " << cell(*input.error) << '\n';
        }
    }

    std::ostream& out_;
};

}  // namespace

std::unique_ptr<Printer> make_markdown_printer(std::ostream& out) {
    return std::make_unique<MarkdownPrinter>(out);
}

}  // namespace alertscan
