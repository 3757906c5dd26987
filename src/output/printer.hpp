// Printers write the result of a run to stdout. Each is a HitSink (a
// streaming printer writes hits as they come) plus finish(), called once
// with the whole summary. A new output format is one new printer file and
// one line in make_printer().
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string_view>
#include <vector>

#include "summary/summary.hpp"

namespace alertscan {

class Printer : public HitSink {
  public:
    void on_hit(const Hit&) override {}
    virtual void finish(const Summary& summary) = 0;
};

std::unique_ptr<Printer> make_table_printer(std::ostream& out);
std::unique_ptr<Printer> make_json_printer(std::ostream& out);
std::unique_ptr<Printer> make_jsonl_printer(std::ostream& out);
std::unique_ptr<Printer> make_csv_printer(std::ostream& out);
std::unique_ptr<Printer> make_markdown_printer(std::ostream& out);
std::unique_ptr<Printer> make_html_printer(std::ostream& out);
// Prometheus text format for node_exporter's textfile collector; the run's
// start (Unix seconds) and duration become alertscan_last_run_* gauges.
std::unique_ptr<Printer> make_prometheus_printer(std::ostream& out, double run_timestamp_seconds,
                                                 double run_duration_seconds);

// What some printers report about the run itself. Unset values are measured
// by the printer: the timestamp is the wall clock when the printer is made,
// the duration the time from then to finish().
struct PrinterOptions {
    std::optional<double> run_timestamp_seconds;  // Unix time the run started
    std::optional<double> run_duration_seconds;
};
std::unique_ptr<Printer> make_prometheus_printer(std::ostream& out, const PrinterOptions& options);

// The printer for a --format name, or nullptr when there is none.
std::unique_ptr<Printer> make_printer(std::string_view format, std::ostream& out,
                                      const PrinterOptions& options = {});
std::vector<std::string_view> printer_names();

}  // namespace alertscan
