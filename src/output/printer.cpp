#include "output/printer.hpp"

namespace alertscan {

std::unique_ptr<Printer> make_printer(std::string_view format, std::ostream& out) {
    if (format == "table") return make_table_printer(out);
    if (format == "json") return make_json_printer(out);
    if (format == "jsonl") return make_jsonl_printer(out);
    return nullptr;
}

std::vector<std::string_view> printer_names() {
    return {"table", "json", "jsonl"};
}

}  // namespace alertscan
