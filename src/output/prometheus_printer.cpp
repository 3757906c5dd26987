// --format prometheus: the summary in the Prometheus text exposition format
// (0.0.4), for node_exporter's textfile collector: a cron job writes it to
// a *.prom file (atomically, see atomic_file.hpp) and node_exporter serves
// it. Every family has # HELP and # TYPE lines before its samples, and
// families and samples come in a fixed order (families as listed below,
// samples by label values), so two runs over the same logs give the same
// text apart from the run timestamp and duration.
//
//   alertscan_alerts_total{code,name,direction}        per alert code x direction
//   alertscan_alerts_by_host_total{host}               alerts per logging host
//   alertscan_gskit_return_codes_total{code,table,name}
//   alertscan_schannel_events_total{event_id}
//   alertscan_inputs{state="read"|"failed"}            gauge
//   alertscan_last_run_timestamp_seconds               gauge, Unix time the run started
//   alertscan_last_run_duration_seconds                gauge
//
// Every alert code seen gets all three directions (received, sent, unknown),
// zeros included, so the series of a code do not come and go with the
// direction of its hits. The _total families are counts of what the last
// run found in its inputs; they are typed counter as requested, but they
// only behave like counters when each run reads a growing set of logs (a
// run over rotated logs may report less than the one before, which
// Prometheus reads as a counter reset). The summary does not keep counts
// per source or host for each code, so those are separate families rather
// than labels of alertscan_alerts_total. Label values are made valid UTF-8
// and escaped as the format requires (\ " and line feed).

#include <charconv>
#include <chrono>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog/alerts.hpp"
#include "output/gskit_annotation.hpp"
#include "output/printer.hpp"
#include "util/text.hpp"

namespace alertscan {
namespace {

std::string label_value(std::string_view raw) {
    std::string escaped;
    escaped.reserve(raw.size());
    for (char c : raw) {
        switch (c) {
            case '\\':
                escaped += "\\\\";
                break;
            case '"':
                escaped += "\\\"";
                break;
            case '\n':
                escaped += "\\n";
                break;
            default:
                escaped += c;
        }
    }
    // After escaping, so only invalid UTF-8 and the remaining control
    // characters are replaced.
    return printable_utf8(escaped);
}

using Labels = std::vector<std::pair<std::string_view, std::string>>;

std::string number(double value) {
    if (!std::isfinite(value)) value = 0;
    // Plain decimals ("1709371200.5", not "1.7093712005e+09"), shortest that
    // reads back exactly; exponent form only for values too long for that.
    char buffer[64];
    std::to_chars_result result =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
    if (result.ec != std::errc()) result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return result.ec == std::errc() ? std::string(buffer, result.ptr) : std::string("0");
}

class PrometheusPrinter : public Printer {
  public:
    PrometheusPrinter(std::ostream& out, std::optional<double> run_timestamp,
                      std::optional<double> run_duration)
        : out_(out),
          run_timestamp_(run_timestamp),
          run_duration_(run_duration),
          started_(std::chrono::steady_clock::now()) {
        if (!run_timestamp_) {
            run_timestamp_ =
                std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
                    .count();
        }
    }

    void finish(const Summary& summary) override {
        family("alertscan_alerts_total", "counter",
               "TLS alerts the last alertscan run found, by alert code and direction.");
        for (const auto& [value, code] : summary.alerts) {
            const catalog::AlertInfo& info = catalog::alert(code.code);
            const std::string name = info.assigned ? std::string(info.name) : "unassigned";
            const std::pair<std::string_view, std::uint64_t> directions[] = {
                {"received", code.received}, {"sent", code.sent}, {"unknown", code.unknown}};
            for (const auto& [direction, count] : directions) {
                sample("alertscan_alerts_total",
                       {{"code", std::to_string(code.code)},
                        {"name", name},
                        {"direction", std::string(direction)}},
                       std::to_string(count));
            }
        }

        family("alertscan_alerts_by_host_total", "counter",
               "TLS alerts the last alertscan run found, by the host that logged them "
               "(hits without a host name are not counted).");
        for (const auto& [name, host] : summary.hosts) {
            sample("alertscan_alerts_by_host_total", {{"host", host.host}},
                   std::to_string(host.alerts));
        }

        family("alertscan_gskit_return_codes_total", "counter",
               "GSKit / System SSL return codes the last alertscan run found, by numbering "
               "table and code.");
        for (const auto& [key, code] : summary.gskit_codes) {
            const GskAnnotation note = annotate(code);
            sample("alertscan_gskit_return_codes_total",
                   {{"code", code.code < 0 ? std::string() : std::to_string(code.code)},
                    {"table", code.table},
                    {"name", note.name}},
                   std::to_string(code.count));
        }

        family("alertscan_schannel_events_total", "counter",
               "SChannel failure events other than alerts the last alertscan run found, by "
               "event id.");
        for (const auto& [id, event] : summary.schannel_events) {
            sample("alertscan_schannel_events_total", {{"event_id", std::to_string(id)}},
                   std::to_string(event.count));
        }

        family("alertscan_inputs", "gauge",
               "Inputs of the last alertscan run, by whether they could be read.");
        const std::size_t failed = summary.failed_inputs();
        sample("alertscan_inputs", {{"state", "read"}},
               std::to_string(summary.inputs.size() - failed));
        sample("alertscan_inputs", {{"state", "failed"}}, std::to_string(failed));

        family("alertscan_last_run_timestamp_seconds", "gauge",
               "Unix time the last alertscan run started.");
        sample("alertscan_last_run_timestamp_seconds", {}, number(*run_timestamp_));

        family("alertscan_last_run_duration_seconds", "gauge",
               "How long the last alertscan run took, in seconds.");
        const double duration =
            run_duration_
                ? *run_duration_
                : std::chrono::duration<double>(std::chrono::steady_clock::now() - started_)
                      .count();
        sample("alertscan_last_run_duration_seconds", {}, number(duration));
        out_.flush();
    }

  private:
    void family(std::string_view name, std::string_view type, std::string_view help) {
        out_ << "# HELP " << name << ' ' << help << '\n'
             << "# TYPE " << name << ' ' << type << '\n';
    }

    void sample(std::string_view name, const Labels& labels, const std::string& value) {
        out_ << name;
        if (!labels.empty()) {
            out_ << '{';
            bool first = true;
            for (const auto& [label, text] : labels) {
                out_ << (first ? "" : ",") << label << "=\"" << label_value(text) << '"';
                first = false;
            }
            out_ << '}';
        }
        out_ << ' ' << value << '\n';
    }

    std::ostream& out_;
    std::optional<double> run_timestamp_;
    std::optional<double> run_duration_;
    std::chrono::steady_clock::time_point started_;
};

}  // namespace

std::unique_ptr<Printer> make_prometheus_printer(std::ostream& out, double run_timestamp_seconds,
                                                 double run_duration_seconds) {
    return std::make_unique<PrometheusPrinter>(out, run_timestamp_seconds, run_duration_seconds);
}

std::unique_ptr<Printer> make_prometheus_printer(std::ostream& out, const PrinterOptions& options) {
    return std::make_unique<PrometheusPrinter>(out, options.run_timestamp_seconds,
                                               options.run_duration_seconds);
}

}  // namespace alertscan
