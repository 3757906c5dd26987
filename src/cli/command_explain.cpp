// alertscan explain CODE|NAME...: everything the catalogue knows about an alert.

#include <iostream>

#include "catalog/alerts.hpp"
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

// The alert a command-line word names: a number 0..255 (decimal, or hex
// with 0x) or a name or alias.
std::optional<int> resolve(const std::string& word) {
    std::optional<std::int64_t> number = word.rfind("0x", 0) == 0 || word.rfind("0X", 0) == 0
                                             ? parse_int(word, 16)
                                             : parse_int(word, 10);
    if (number) {
        if (*number > 255) return std::nullopt;
        return static_cast<int>(*number);
    }
    return catalog::find_alert(word);
}

}  // namespace

int run_explain(const std::vector<std::string>& args) {
    CommandSpec spec{kSynopsis,
                     "Explains TLS alerts by number (46, 0x2e) or by name or alias\n"
                     "(certificate_unknown, user_cancelled, \"unknown CA\").",
                     po::options_description("Options"), "alert"};
    po::variables_map vm;
    if (auto exit = parse_command_line(spec, args, vm)) return *exit;
    const std::vector<std::string> words = operands(spec, vm);
    if (words.empty()) return usage_error(spec, "explain needs CODE or NAME");

    int status = kExitOk;
    bool first = true;
    for (const std::string& word : words) {
        std::optional<int> code = resolve(word);
        if (!code) {
            std::cerr << "alertscan: error: '" << word
                      << "' is neither a TLS alert value (0-255) nor a known alert name\n";
            status = kExitTrouble;
            continue;
        }
        if (!first) std::cout << '\n';
        first = false;
        explain(catalog::alert(*code), std::cout);
    }
    if (!flush_output()) return kExitTrouble;
    return status;
}

}  // namespace alertscan::cli
