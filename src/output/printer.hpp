// Printers write the result of a run to stdout. Each is a HitSink (a
// streaming printer writes hits as they come) plus finish(), called once
// with the whole summary. A new output format is one new printer file and
// one line in make_printer().
#pragma once

#include <memory>
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

// The printer for a --format name, or nullptr when there is none.
std::unique_ptr<Printer> make_printer(std::string_view format, std::ostream& out);
std::vector<std::string_view> printer_names();

}  // namespace alertscan
