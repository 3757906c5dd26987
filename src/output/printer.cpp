#include "output/printer.hpp"

namespace alertscan {

std::unique_ptr<Printer> make_printer(std::string_view format, std::ostream& out,
                                      const PrinterOptions& options) {
    if (format == "table") return make_table_printer(out);
    if (format == "json") return make_json_printer(out);
    if (format == "jsonl") return make_jsonl_printer(out);
    if (format == "csv") return make_csv_printer(out);
    if (format == "markdown") return make_markdown_printer(out);
    if (format == "prometheus") return make_prometheus_printer(out, options);
    if (format == "html") return make_html_printer(out);
    return nullptr;
}

std::vector<std::string_view> printer_names() {
    return {"table", "json", "jsonl", "csv", "markdown", "prometheus", "html"};
}

}  // namespace alertscan
