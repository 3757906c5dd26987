// --format csv: the summary as a spreadsheet, one row per TLS alert code and
// per GSKit return code, most frequent first (alerts, then return codes).
//
//   kind,code,table,name,count,received,sent,unknown,first_seen,last_seen,
//   top_peer,top_host,meaning
//
// `kind` is "alert" or "gskit_rc" (as in the jsonl output); `table` is empty
// for alerts; `code` is empty for a return code known only by its name;
// `name` is empty when neither the registry nor the log names the code;
// `top_peer` and `top_host` are the most frequent value, empty when none.
// RFC 4180 quoting (a field is quoted when it holds a comma, quote or line
// break), a header row, LF line ends, UTF-8. Spreadsheet-safe: a field that
// starts with = + - @ (or tab or CR) gets a leading ' so a spreadsheet shows
// it as text instead of evaluating it (CSV injection), which also applies to
// syslog dates such as "--03-02T09:14:02".

#include <string>
#include <string_view>
#include <vector>

#include "catalog/alerts.hpp"
#include "output/gskit_annotation.hpp"
#include "output/printer.hpp"
#include "summary/hit.hpp"
#include "util/text.hpp"

namespace alertscan {
namespace {

std::string csv_field(std::string_view raw) {
    std::string value = printable_utf8(raw);
    if (!value.empty()) {
        const char first = value.front();
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' ||
            first == '\r') {
            value.insert(value.begin(), '\'');
        }
    }
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string quoted = "\"";
    for (char c : value) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

std::string top_value(const TopCounter& counter) {
    auto top = counter.top(1);
    return top.empty() ? std::string() : top.front().first;
}

class CsvPrinter : public Printer {
  public:
    explicit CsvPrinter(std::ostream& out) : out_(out) {}

    void finish(const Summary& summary) override {
        row({"kind", "code", "table", "name", "count", "received", "sent", "unknown", "first_seen",
             "last_seen", "top_peer", "top_host", "meaning"});
        for (const CodeSummary* code : summary.alerts_by_count()) {
            const catalog::AlertInfo& info = catalog::alert(code->code);
            row(std::string(to_string(HitKind::Alert)), std::to_string(code->code), "",
                info.assigned ? std::string(info.name) : std::string(), *code,
                std::string(info.meaning));
        }
        for (const GskCodeSummary* code : summary.gskit_codes_by_count()) {
            const GskAnnotation note = annotate(*code);
            row(std::string(to_string(HitKind::GskitReturnCode)),
                code->code < 0 ? std::string() : std::to_string(code->code), code->table, note.name,
                *code, note.meaning);
        }
        out_.flush();
    }

  private:
    void row(const std::string& kind, const std::string& code, const std::string& table,
             const std::string& name, const Occurrences& seen, const std::string& meaning) {
        row({kind, code, table, name, std::to_string(seen.count), std::to_string(seen.received),
             std::to_string(seen.sent), std::to_string(seen.unknown), seen.first_seen,
             seen.last_seen, top_value(seen.peers), top_value(seen.hosts), meaning});
    }

    void row(const std::vector<std::string>& fields) {
        bool first = true;
        for (const std::string& field : fields) {
            if (!first) out_ << ',';
            out_ << csv_field(field);
            first = false;
        }
        out_ << '\n';
    }

    std::ostream& out_;
};

}  // namespace

std::unique_ptr<Printer> make_csv_printer(std::ostream& out) {
    return std::make_unique<CsvPrinter>(out);
}

}  // namespace alertscan
