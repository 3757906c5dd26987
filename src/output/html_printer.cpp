// --format html: the summary as one self-contained HTML page to attach to
// or paste into a mail: no external assets, no JavaScript, CSS in one
// <style> block, bar charts as inline SVG (TLS alerts per code, split by
// direction, and GSKit return codes per code), and the same tables as the
// markdown output, with what each code means.
//
// The page is also well-formed XML (XHTML-style: every element closed, void
// elements self-closed, no entities but the five XML ones, no xmlns
// attributes), so it can be checked or post-processed with an XML parser.
// All text from the logs is made valid UTF-8 without control characters and
// HTML-escaped. Mail clients that do not render inline SVG (Outlook, Gmail)
// still show the tables, which carry every number the charts show.

#include <algorithm>
#include <charconv>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/alerts.hpp"
#include "output/gskit_annotation.hpp"
#include "output/json_fields.hpp"
#include "output/printer.hpp"
#include "util/text.hpp"

namespace alertscan {
namespace {

constexpr std::size_t kMaxBars = 30;
constexpr std::size_t kMaxLabelChars = 40;
constexpr int kLabelWidth = 300;
constexpr int kBarWidth = 360;
constexpr int kCountWidth = 70;
constexpr int kRowHeight = 22;
constexpr int kTopMargin = 8;
constexpr int kLegendHeight = 22;

std::string escape(std::string_view raw) {
    const std::string text = printable_utf8(raw);
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// At most `limit` code points of valid UTF-8 text, with an ellipsis when cut.
std::string shorten(const std::string& text, std::size_t limit) {
    std::size_t points = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
        if (points == limit) return text.substr(0, i) + "\xE2\x80\xA6";
        ++points;
    }
    return text;
}

std::string px(double value) {
    char buffer[32];
    auto [end, error] =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 1);
    return error == std::errc() ? std::string(buffer, end) : std::string("0");
}

std::string plural(std::uint64_t n, std::string_view word) {
    return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

std::string or_dash(const std::string& value) {
    return value.empty() ? std::string("-") : escape(value);
}

// One bar of a chart: a label and its parts (count and CSS class each).
struct Bar {
    std::string label;
    std::vector<std::pair<std::uint64_t, std::string_view>> parts;
    std::uint64_t total = 0;
};

struct LegendEntry {
    std::string_view text;
    std::string_view color;
};

void chart(std::ostream& out, std::string_view title, const std::vector<Bar>& bars,
           std::size_t all_bars, const std::vector<LegendEntry>& legend) {
    std::uint64_t largest = 1;
    for (const Bar& bar : bars) largest = std::max(largest, bar.total);
    const int legend_height = legend.empty() ? 0 : kLegendHeight;
    const int width = kLabelWidth + kBarWidth + kCountWidth;
    const int height = kTopMargin * 2 + legend_height + static_cast<int>(bars.size()) * kRowHeight;
    out << "<svg class=\"chart\" width=\"" << width << "\" height=\"" << height
        << "\" viewBox=\"0 0 " << width << ' ' << height << "\" role=\"img\" aria-label=\""
        << escape(title) << "\">\n"
        << "<title>" << escape(title) << "</title>\n"
        << "<g font-family=\"Segoe UI, Helvetica, Arial, sans-serif\" font-size=\"12\" "
           "fill=\"#222222\">\n";
    int x = kLabelWidth;
    for (const LegendEntry& entry : legend) {
        out << "<rect x=\"" << x << "\" y=\"" << kTopMargin + 3 << "\" width=\"12\" "
            << "height=\"12\" fill=\"" << entry.color << "\"/>"
            << "<text x=\"" << x + 16 << "\" y=\"" << kTopMargin + 14 << "\">" << escape(entry.text)
            << "</text>\n";
        x += 100;
    }
    int y = kTopMargin + legend_height;
    for (const Bar& bar : bars) {
        out << "<text x=\"" << kLabelWidth - 8 << "\" y=\"" << y + 15 << "\" text-anchor=\"end\">"
            << escape(shorten(printable_utf8(bar.label), kMaxLabelChars)) << "</text>\n";
        double left = kLabelWidth;
        for (const auto& [count, color] : bar.parts) {
            if (count == 0) continue;
            const double w = std::max(
                1.0, static_cast<double>(count) * kBarWidth / static_cast<double>(largest));
            out << "<rect x=\"" << px(left) << "\" y=\"" << y + 3 << "\" width=\"" << px(w)
                << "\" height=\"16\" fill=\"" << color << "\"/>\n";
            left += w;
        }
        out << "<text x=\"" << px(left + 6) << "\" y=\"" << y + 15 << "\">" << bar.total
            << "</text>\n";
        y += kRowHeight;
    }
    out << "</g>\n</svg>\n";
    if (all_bars > bars.size()) {
        out << "<p class=\"note\">The chart shows the " << bars.size() << " most frequent of "
            << all_bars << "; the table lists all.</p>\n";
    }
}

constexpr std::string_view kReceivedColor = "#c0392b";
constexpr std::string_view kSentColor = "#e67e22";
constexpr std::string_view kUnknownColor = "#95a5a6";
constexpr std::string_view kGskitColor = "#2c6fbb";

constexpr std::string_view kStyle =
    "body{font-family:\"Segoe UI\",Helvetica,Arial,sans-serif;font-size:14px;color:#222222;"
    "margin:16px;}\n"
    "h1{font-size:20px;margin:0 0 8px 0;}\n"
    "h2{font-size:16px;margin:24px 0 8px 0;}\n"
    "table{border-collapse:collapse;margin:8px 0 16px 0;}\n"
    "th,td{border:1px solid #cccccc;padding:3px 8px;text-align:left;vertical-align:top;}\n"
    "th{background:#f0f0f0;}\n"
    "td.n{text-align:right;white-space:nowrap;}\n"
    "td.meaning{color:#555555;font-size:12px;max-width:40em;}\n"
    "p.note,p.footer{color:#666666;font-size:12px;}\n"
    "strong.bad{color:#b00020;}\n"
    "svg.chart{display:block;margin:8px 0;}\n";

class HtmlPrinter : public Printer {
  public:
    explicit HtmlPrinter(std::ostream& out) : out_(out) {}

    void finish(const Summary& summary) override {
        out_ << "<!DOCTYPE html>\n"
             << "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
             << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
             << "<title>alertscan summary</title>\n"
             << "<style>\n"
             << kStyle << "</style>\n</head>\n<body>\n"
             << "<h1>alertscan summary</h1>\n";
        headline(summary);
        if (!summary.alerts.empty()) alerts(summary);
        if (!summary.gskit_codes.empty()) gskit_codes(summary);
        if (!summary.schannel_events.empty()) schannel_events(summary);
        if (!summary.hosts.empty()) hosts(summary);
        if (summary.failed_inputs() > 0) failed_inputs(summary);
        out_ << "<p class=\"footer\">Generated by " << escape(generator_name()) << ".</p>\n"
             << "</body>\n</html>\n";
        out_.flush();
    }

  private:
    void headline(const Summary& summary) {
        const std::size_t inputs = summary.inputs.size();
        const std::size_t failed = summary.failed_inputs();
        out_ << "<p><strong>" << plural(summary.alert_hits, "TLS alert") << "</strong>";
        if (summary.gskit_hits > 0) {
            out_ << " and <strong>" << plural(summary.gskit_hits, "GSKit return code")
                 << "</strong>";
        }
        std::uint64_t events = 0;
        for (const auto& [id, event] : summary.schannel_events) events += event.count;
        if (events > 0) out_ << ", " << plural(events, "other SChannel failure event");
        out_ << " in " << plural(inputs - failed, "input") << " read";
        if (failed > 0) {
            out_ << "; <strong class=\"bad\">" << failed << " could not be read</strong>";
        }
        out_ << ".</p>\n";
    }

    // `cells` are already escaped; numeric ones (class "n") are right-aligned.
    void row(const std::vector<std::pair<std::string, std::string_view>>& cells) {
        out_ << "<tr>";
        for (const auto& [text, css] : cells) {
            out_ << "<td";
            if (!css.empty()) out_ << " class=\"" << css << '"';
            out_ << '>' << text << "</td>";
        }
        out_ << "</tr>\n";
    }

    void header(std::initializer_list<std::string_view> names) {
        out_ << "<table>\n<thead><tr>";
        for (std::string_view name : names) out_ << "<th>" << escape(name) << "</th>";
        out_ << "</tr></thead>\n<tbody>\n";
    }

    void footer() { out_ << "</tbody>\n</table>\n"; }

    void alerts(const Summary& summary) {
        out_ << "<h2>TLS alerts</h2>\n";
        const auto codes = summary.alerts_by_count();
        std::vector<Bar> bars;
        for (const CodeSummary* code : codes) {
            if (bars.size() == kMaxBars) break;
            const catalog::AlertInfo& info = catalog::alert(code->code);
            bars.push_back({std::to_string(code->code) + " " +
                                (info.assigned ? std::string(info.name) : "(unassigned)"),
                            {{code->received, kReceivedColor},
                             {code->sent, kSentColor},
                             {code->unknown, kUnknownColor}},
                            code->count});
        }
        chart(out_, "TLS alerts per code", bars, codes.size(),
              {{"received", kReceivedColor}, {"sent", kSentColor}, {"unknown", kUnknownColor}});
        header({"Code", "Name", "Count", "Received", "Sent", "Unknown", "First seen", "Last seen",
                "Meaning"});
        for (const CodeSummary* code : codes) {
            const catalog::AlertInfo& info = catalog::alert(code->code);
            row({{std::to_string(code->code), "n"},
                 {info.assigned ? escape(info.name) : std::string("(unassigned)"), ""},
                 {std::to_string(code->count), "n"},
                 {std::to_string(code->received), "n"},
                 {std::to_string(code->sent), "n"},
                 {std::to_string(code->unknown), "n"},
                 {or_dash(code->first_seen), ""},
                 {or_dash(code->last_seen), ""},
                 {escape(info.meaning), "meaning"}});
        }
        footer();
    }

    void gskit_codes(const Summary& summary) {
        out_ << "<h2>GSKit return codes</h2>\n";
        const auto codes = summary.gskit_codes_by_count();
        std::vector<GskAnnotation> notes;
        for (const GskCodeSummary* code : codes) notes.push_back(annotate(*code));
        std::vector<Bar> bars;
        for (std::size_t i = 0; i < codes.size() && bars.size() < kMaxBars; ++i) {
            const GskCodeSummary& code = *codes[i];
            std::string label = (code.code < 0 ? std::string("?") : std::to_string(code.code)) +
                                " " + (notes[i].name.empty() ? "(not in table)" : notes[i].name);
            if (code.table == "zos") label += " (z/OS)";
            bars.push_back({label, {{code.count, kGskitColor}}, code.count});
        }
        chart(out_, "GSKit return codes per code", bars, codes.size(), {});
        header({"Code", "Table", "Name", "Count", "First seen", "Last seen", "Meaning"});
        for (std::size_t i = 0; i < codes.size(); ++i) {
            const GskCodeSummary& code = *codes[i];
            row({{code.code < 0 ? std::string("?") : std::to_string(code.code), "n"},
                 {escape(code.table), ""},
                 {notes[i].name.empty() ? std::string("(not in table)") : escape(notes[i].name),
                  ""},
                 {std::to_string(code.count), "n"},
                 {or_dash(code.first_seen), ""},
                 {or_dash(code.last_seen), ""},
                 {escape(notes[i].meaning), "meaning"}});
        }
        footer();
    }

    void schannel_events(const Summary& summary) {
        out_ << "<h2>Other SChannel failure events</h2>\n";
        header({"Event", "What", "Count", "First seen", "Last seen"});
        for (const auto& [id, event] : summary.schannel_events) {
            row({{std::to_string(event.event_id), "n"},
                 {escape(schannel_event_description(event.event_id)), ""},
                 {std::to_string(event.count), "n"},
                 {or_dash(event.first_seen), ""},
                 {or_dash(event.last_seen), ""}});
        }
        footer();
    }

    void hosts(const Summary& summary) {
        out_ << "<h2>Hosts</h2>\n";
        header({"Host", "Alerts", "Received", "Sent", "GSKit codes", "SChannel events"});
        for (const HostSummary* host : summary.hosts_by_alerts()) {
            row({{escape(host->host), ""},
                 {std::to_string(host->alerts), "n"},
                 {std::to_string(host->received), "n"},
                 {std::to_string(host->sent), "n"},
                 {std::to_string(host->return_codes), "n"},
                 {std::to_string(host->schannel_events), "n"}});
        }
        footer();
    }

    void failed_inputs(const Summary& summary) {
        out_ << "<h2>Inputs not read</h2>\n<ul>\n";
        for (const InputSummary& input : summary.inputs) {
            if (input.error) {
                out_ << "<li>" << escape(input.path) << ": " << escape(*input.error) << "</li>\n";
            }
        }
        out_ << "</ul>\n";
    }

    std::ostream& out_;
};

}  // namespace

std::unique_ptr<Printer> make_html_printer(std::ostream& out) {
    return std::make_unique<HtmlPrinter>(out);
}

}  // namespace alertscan
