// alertscan explain CODE|NAME...: everything the catalogues know about a TLS
// alert or a GSKit return code.

#include <iostream>

#include "catalog/alerts.hpp"
#include "catalog/gskit_codes.hpp"
#include "cli/common.hpp"
#include "cli/options.hpp"
#include "util/text.hpp"

namespace alertscan::cli {
namespace {

constexpr const char* kSynopsis = "alertscan explain [options] CODE|NAME...";

std::string join(std::span<const std::string_view> items) {
    std::string out;
    for (std::string_view item : items) out += (out.empty() ? "" : ", ") + std::string(item);
    return out;
}

void explain(const catalog::AlertInfo& info, std::ostream& out) {
    using catalog::to_string;
    out << info.code << "  " << (info.assigned ? info.name : "(unassigned)")
        << (info.dtls_only ? "  [DTLS only]" : "") << '\n';
    auto field = [&](std::string_view label, std::string_view value) {
        if (!value.empty()) out << wrap_text(label, value, 4);
    };
    field("aliases:  ", join(info.aliases));
    field("registry: ", info.assigned ? std::string(info.reference)
                                      : "not assigned in the IANA TLS Alerts registry");
    if (info.assigned) {
        field("level:    ", "SSL 3.0 " + std::string(to_string(info.ssl3)) + "; TLS 1.0 " +
                                std::string(to_string(info.tls10)) + "; TLS 1.1-1.2 " +
                                std::string(to_string(info.tls11_12)) + "; TLS 1.3 " +
                                std::string(to_string(info.tls13)));
    }
    field("meaning:  ", info.meaning);
    field("check:    ", info.check);
    field("note:     ", info.note);
}

void explain(const catalog::GskCodeInfo& info, std::ostream& out) {
    static constexpr std::string_view kPrefix[] = {"gsk:", "zos:", "gskval:"};
    static constexpr std::string_view kTable[] = {
        "GSKit return code, distributed GSKit 8 and IBM i numbering",
        "System SSL return code, z/OS numbering", "GSKit certificate-validation code (GSKVAL)"};
    const auto table = static_cast<std::size_t>(info.table);
    out << kPrefix[table] << info.code << "  " << (info.name.empty() ? "(unnamed)" : info.name)
        << '\n'
        << wrap_text("table:    ", kTable[table], 4) << wrap_text("meaning:  ", info.meaning, 4);
    if (!info.check.empty()) out << wrap_text("check:    ", info.check, 4);
}

// What one command-line word names. Several entries when a bare number is
// both a TLS alert and a return code: each is printed, labelled.
struct Resolved {
    std::optional<int> alert;
    std::vector<catalog::GskCodeInfo> gsk;
    bool empty() const { return !alert && gsk.empty(); }
};

std::optional<std::int64_t> parse_number(std::string_view word) {
    if (word.starts_with("0x") || word.starts_with("0X")) return parse_int(word, 16);
    return parse_int(word, 10);
}

void add_gsk(Resolved& out, catalog::GskTable table, std::int64_t number) {
    if (number < 0 || number > 999999) return;
    if (auto info = catalog::gsk_code(table, static_cast<int>(number))) out.gsk.push_back(*info);
}

Resolved resolve(const std::string& word) {
    Resolved out;
    const std::string lower = to_lower(word);
    struct Prefix {
        std::string_view text;
        catalog::GskTable table;
    };
    for (Prefix prefix :
         {Prefix{"gsk:", catalog::GskTable::Distributed}, Prefix{"zos:", catalog::GskTable::ZOS},
          Prefix{"gskval:", catalog::GskTable::Validation}}) {
        if (!lower.starts_with(prefix.text)) continue;
        if (auto number = parse_number(std::string_view(word).substr(prefix.text.size()))) {
            add_gsk(out, prefix.table, *number);
            // gsk:N also shows the z/OS entry when z/OS gives the number another name.
            if (prefix.table == catalog::GskTable::Distributed) {
                Resolved zos;
                add_gsk(zos, catalog::GskTable::ZOS, *number);
                if (!zos.gsk.empty() &&
                    (out.gsk.empty() || zos.gsk.front().name != out.gsk.front().name)) {
                    out.gsk.push_back(zos.gsk.front());
                }
            }
        }
        return out;
    }
    if (auto number = parse_number(word)) {
        if (*number <= 255) out.alert = static_cast<int>(*number);
        add_gsk(out, catalog::GskTable::Distributed, *number);
        add_gsk(out, catalog::GskTable::ZOS, *number);
        add_gsk(out, catalog::GskTable::Validation, *number);
        return out;
    }
    out.alert = catalog::find_alert(word);
    if (auto info = catalog::find_gsk_code(word)) out.gsk.push_back(*info);
    return out;
}

}  // namespace

int run_explain(const std::vector<std::string>& args) {
    CommandSpec spec{kSynopsis,
                     "Explains TLS alerts by number (46, 0x2e) or by name or alias\n"
                     "(certificate_unknown, user_cancelled, \"unknown CA\"), and GSKit return\n"
                     "codes by number (gsk:414, zos:435, 575010) or name (GSK_ERROR_BAD_CERT).\n"
                     "A bare number that is both an alert and a return code shows both.",
                     po::options_description("Options"), "alert"};
    po::variables_map vm;
    if (auto exit = parse_command_line(spec, args, vm)) return *exit;
    const std::vector<std::string> words = operands(spec, vm);
    if (words.empty()) return usage_error(spec, "explain needs CODE or NAME");

    int status = kExitOk;
    bool first = true;
    for (const std::string& word : words) {
        const Resolved resolved = resolve(word);
        if (resolved.empty()) {
            std::cerr << "alertscan: error: '" << word
                      << "' is neither a TLS alert (0-255 or a name) nor a known GSKit code\n";
            status = kExitTrouble;
            continue;
        }
        if (resolved.alert) {
            if (!first) std::cout << '\n';
            first = false;
            explain(catalog::alert(*resolved.alert), std::cout);
        }
        for (const catalog::GskCodeInfo& info : resolved.gsk) {
            if (!first) std::cout << '\n';
            first = false;
            explain(info, std::cout);
        }
    }
    if (!flush_output()) return kExitTrouble;
    return status;
}

}  // namespace alertscan::cli
