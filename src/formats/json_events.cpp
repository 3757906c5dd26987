#include "formats/json_events.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <span>
#include <utility>
#include <vector>

#include "formats/event_time.hpp"
#include "util/text.hpp"

namespace alertscan {

namespace {

// ordered_json keeps the members in document order, so data fields come out
// in the order the export wrote them.
using Json = nlohmann::ordered_json;

// ---------------------------------------------------------------------------
// Text helpers

// CRLF and lone CR become LF.
std::string normalize_newlines(std::string_view text) {
    if (text.find('\r') == std::string_view::npos) return std::string(text);
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else {
            out += text[i];
        }
    }
    return out;
}

// Length of the valid UTF-8 sequence at text[i], or 0 if it is not one.
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;   // no overlong forms
        if (lead == 0xED) high = 0x9F;  // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;   // no overlong forms
        if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
    } else {
        return 0;
    }
    if (i + length > text.size()) return 0;
    if (byte(i + 1) < low || byte(i + 1) > high) return 0;
    for (std::size_t k = 2; k < length; ++k) {
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    }
    return length;
}

// The text with every byte that does not start a valid UTF-8 sequence
// replaced by U+FFFD, or nothing when it is valid already.
std::optional<std::string> repair_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t n = utf8_sequence(text, i);
        if (n == 0) break;
        i += n;
    }
    if (i == text.size()) return std::nullopt;
    std::string out(text.substr(0, i));
    while (i < text.size()) {
        std::size_t n = utf8_sequence(text, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out += text.substr(i, n);
            i += n;
        }
    }
    return out;
}

bool all_digits(std::string_view text) {
    for (char c : text) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// "1f678132-5938-4686-9fdc-c8ff68f15c85" -> "{1f678132-...}"; other text as written.
std::string normalize_guid(std::string_view raw) {
    std::string_view guid = trim(raw);
    if (guid.size() != 36) return std::string(guid);
    for (std::size_t i = 0; i < guid.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? guid[i] != '-' : !is_hex(guid[i])) return std::string(guid);
    }
    return "{" + std::string(guid) + "}";
}

// ---------------------------------------------------------------------------
// Times

// Days since 1970-01-01 to a civil date (H. Hinnant, chrono-compatible
// low-level date algorithms).
void civil_from_days(std::int64_t z, std::int64_t& year, unsigned& month, unsigned& day) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    day = doy - (153 * mp + 2) / 5 + 1;
    month = mp < 10 ? mp + 3 : mp - 9;
    year = static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
}

// Windows PowerShell's "/Date(1709399642123)/" (JSON text "\/Date(...)\/"),
// optionally with a "+hhmm" display offset, which does not change the
// instant) as "2024-03-02T17:14:02.123Z". Nothing when it is not one.
std::optional<std::string> ms_date_to_iso(std::string_view value) {
    if (!value.empty() && value.front() == '/') value.remove_prefix(1);
    if (!value.empty() && value.back() == '/') value.remove_suffix(1);
    constexpr std::string_view kOpen = "Date(";
    if (value.substr(0, kOpen.size()) != kOpen || value.empty() || value.back() != ')') {
        return std::nullopt;
    }
    value = value.substr(kOpen.size(), value.size() - kOpen.size() - 1);
    std::int64_t ms = 0;
    const char* first = value.data();
    const char* last = value.data() + value.size();
    auto [end, error] = std::from_chars(first, last, ms);
    if (error != std::errc() || end == first) return std::nullopt;
    std::string_view zone(end, static_cast<std::size_t>(last - end));
    if (!zone.empty() &&
        !((zone[0] == '+' || zone[0] == '-') && zone.size() == 5 && all_digits(zone.substr(1)))) {
        return std::nullopt;
    }
    constexpr std::int64_t kDay = 86'400'000;
    std::int64_t days = ms / kDay;
    std::int64_t rest = ms % kDay;
    if (rest < 0) {
        rest += kDay;
        --days;
    }
    std::int64_t year = 0;
    unsigned month = 0, day = 0;
    civil_from_days(days, year, month, day);
    if (year < 0 || year > 9999) return std::nullopt;
    const auto seconds = static_cast<unsigned>(rest / 1000);
    char out[32];
    std::snprintf(out, sizeof out, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ",
                  static_cast<unsigned>(year), month, day, seconds / 3600, seconds / 60 % 60,
                  seconds % 60, static_cast<unsigned>(rest % 1000));
    return std::string(out);
}

// ---------------------------------------------------------------------------
// JSON access

const Json* member(const Json& object, std::string_view key) {
    if (!object.is_object()) return nullptr;
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

// object.a.b...: nested objects first, then a flattened "a.b" key (some
// shippers and exports flatten ECS documents).
const Json* path(const Json& object, std::initializer_list<std::string_view> keys) {
    const Json* node = &object;
    for (std::string_view key : keys) {
        node = member(*node, key);
        if (node == nullptr) break;
    }
    if (node != nullptr) return node;
    std::string flat;
    for (std::string_view key : keys) {
        if (!flat.empty()) flat += '.';
        flat += key;
    }
    return member(object, flat);
}

bool has_any(const Json& object, std::initializer_list<std::string_view> keys) {
    for (std::string_view key : keys) {
        if (member(object, key) != nullptr) return true;
    }
    return false;
}

// Nesting deeper than this is not followed (serializing and flattening
// recurse, and a 1 MiB object can nest half a million levels).
constexpr std::size_t kMaxNesting = 64;

// Whether `value` holds arrays or objects nested deeper than `limit`
// (an explicit stack, no recursion).
bool nested_deeper_than(const Json& value, std::size_t limit) {
    std::vector<std::pair<const Json*, std::size_t>> stack = {{&value, 1}};
    while (!stack.empty()) {
        auto [node, depth] = stack.back();
        stack.pop_back();
        if (!node->is_structured()) continue;
        if (depth > limit) return true;
        for (const Json& child : *node) stack.emplace_back(&child, depth + 1);
    }
    return false;
}

// A value as text: strings with newlines normalised, numbers in decimal,
// null as "", arrays and objects as compact JSON ("" when nested too deep).
std::string value_text(const Json& value) {
    switch (value.type()) {
        case Json::value_t::string:
            return normalize_newlines(value.get_ref<const std::string&>());
        case Json::value_t::number_integer:
            return std::to_string(value.get<std::int64_t>());
        case Json::value_t::number_unsigned:
            return std::to_string(value.get<std::uint64_t>());
        case Json::value_t::boolean:
            return value.get<bool>() ? "true" : "false";
        case Json::value_t::null:
        case Json::value_t::discarded:
            return {};
        default:
            if (nested_deeper_than(value, kMaxNesting)) return {};
            return value.dump(-1, ' ', false, Json::error_handler_t::replace);
    }
}

std::string text_of(const Json* value) {
    return value == nullptr ? std::string() : value_text(*value);
}

// A whole number, or a string holding one (Winlogbeat's event_id).
std::optional<std::int64_t> integer_of(const Json* value) {
    if (value == nullptr) return std::nullopt;
    if (value->is_number_unsigned()) {
        const auto n = value->get<std::uint64_t>();
        if (n > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return std::nullopt;
        }
        return static_cast<std::int64_t>(n);
    }
    if (value->is_number_integer()) return value->get<std::int64_t>();
    if (value->is_string()) return parse_int(trim(value->get_ref<const std::string&>()), 10);
    return std::nullopt;
}

std::optional<int> event_id_of(const Json* value) {
    auto n = integer_of(value);
    if (!n || *n < 0 || *n > std::numeric_limits<int>::max()) return std::nullopt;
    return static_cast<int>(*n);
}

std::optional<std::uint64_t> record_id_of(const Json* value) {
    auto n = integer_of(value);
    if (!n || *n < 0) return std::nullopt;
    return static_cast<std::uint64_t>(*n);
}

// A time value: "\/Date(ms)\/", ISO 8601, or PowerShell 5.1's extended
// DateTime object {"value": "\/Date(ms)\/", "DisplayHint": 2, ...}.
std::string time_of(const Json* value) {
    if (value == nullptr) return {};
    if (value->is_object()) {
        const Json* inner = member(*value, "value");
        if (inner == nullptr) inner = member(*value, "Value");
        if (inner == nullptr || inner->is_object()) return {};
        value = inner;
    }
    if (!value->is_string()) return value_text(*value);
    const std::string& text = value->get_ref<const std::string&>();
    if (auto iso = ms_date_to_iso(trim(text))) return *iso;
    return normalize_iso_time(text, IsoDefault::kLocal);
}

// ---------------------------------------------------------------------------
// Field names

constexpr std::string_view kSchannelGuid = "{1f678132-5938-4686-9fdc-c8ff68f15c85}";

// Data field names per SChannel event id, in %n order (schannel.md 2.3).
std::span<const std::string_view> schannel_field_names(int event_id) {
    static constexpr std::array<std::string_view, 1> kType = {"Type"};
    static constexpr std::array<std::string_view, 6> k36868 = {"Type",    "CSPName", "CSPType",
                                                               "KeyName", "KeyType", "KeyFlags"};
    static constexpr std::array<std::string_view, 3> k36870 = {"Type", "ErrorCode", "ErrorStatus"};
    static constexpr std::array<std::string_view, 2> k36871 = {"Type", "ErrorState"};
    static constexpr std::array<std::string_view, 3> k36872 = {"Type", "ErrorCode", "CertFlags"};
    static constexpr std::array<std::string_view, 1> kProtocol = {"Protocol"};
    static constexpr std::array<std::string_view, 1> kErrorCode = {"ErrorCode"};
    static constexpr std::array<std::string_view, 8> k36880 = {
        "Type",          "Protocol",   "CipherSuite",          "ExchangeStrength",
        "ContextHandle", "TargetName", "LocalCertSubjectName", "RemoteCertSubjectName"};
    static constexpr std::array<std::string_view, 1> kName = {"Name"};
    static constexpr std::array<std::string_view, 1> k36887 = {"AlertDesc"};
    static constexpr std::array<std::string_view, 3> k36888 = {"AlertDesc", "ErrorState",
                                                               "TargetName"};
    static constexpr std::array<std::string_view, 2> k36889 = {"Type", "ErrorCode"};
    static constexpr std::array<std::string_view, 1> kPath = {"Path"};
    switch (event_id) {
        case 36867:
            return kType;
        case 36868:
            return k36868;
        case 36870:
            return k36870;
        case 36871:
            return k36871;
        case 36872:
            return k36872;
        case 36874:
            return kProtocol;
        case 36876:
        case 36877:
        case 36878:
        case 36879:
            return kErrorCode;
        case 36880:
            return k36880;
        case 36884:
            return kName;
        case 36887:
            return k36887;
        case 36888:
            return k36888;
        case 36889:
            return k36889;
        case 36912:
            return kPath;
        default:
            return {};
    }
}

// The EventData names NXLog puts among its own top-level keys that are read
// as data: every name of the table above, and the caller fields of newer
// builds (schannel.md 1.1).
bool is_schannel_field_name(std::string_view key) {
    if (key == "CallerProcessId" || key == "CallerProcessImageName") return true;
    for (int id : {36867, 36868, 36870, 36871, 36872, 36874, 36876, 36880, 36884, 36887, 36888,
                   36889, 36912}) {
        for (std::string_view name : schannel_field_names(id)) {
            if (name == key) return true;
        }
    }
    return false;
}

// Positional values (Properties[].Value, ReplacementStrings) named for
// SChannel events when the provider is SChannel or unknown (a Select-Object
// that dropped ProviderName); "Value1", "Value2", ... otherwise and beyond
// the known names.
void add_positional(const Json& values, bool by_value_member, EventRecord& record) {
    if (!values.is_array()) return;
    const bool schannel = record.provider.empty() || iequals(record.provider, "Schannel") ||
                          iequals(record.provider_guid, kSchannelGuid);
    std::span<const std::string_view> names;
    if (schannel && record.event_id) names = schannel_field_names(*record.event_id);
    std::size_t position = 0;
    for (const Json& element : values) {
        const Json* value = &element;
        if (by_value_member && element.is_object()) {
            value = member(element, "Value");
            if (value == nullptr) continue;
        } else if (element.is_string() &&
                   element.get_ref<const std::string&>().starts_with("System.")) {
            // Beyond ConvertTo-Json's -Depth an object becomes its type name
            // ("System.Diagnostics.Eventing.Reader.EventProperty").
            continue;
        }
        std::string name = position < names.size() ? std::string(names[position])
                                                   : "Value" + std::to_string(position + 1);
        record.data.emplace_back(std::move(name), value_text(*value));
        ++position;
    }
}

// Winlogbeat user_data: leaves by name, nested objects flattened, the
// "xml_name" bookkeeping member skipped.
void add_leaves(const Json& object, EventRecord& record, std::size_t depth = 1) {
    for (const auto& [key, value] : object.items()) {
        if (key == "xml_name") continue;
        if (value.is_object() && depth < kMaxNesting) {
            add_leaves(value, record, depth + 1);
        } else {
            record.data.emplace_back(key, value_text(value));
        }
    }
}

// ---------------------------------------------------------------------------
// Shapes

bool is_winlogbeat(const Json& object) {
    if (const Json* winlog = member(object, "winlog"); winlog != nullptr && winlog->is_object()) {
        return true;
    }
    return member(object, "winlog.event_id") != nullptr ||
           member(object, "winlog.provider_name") != nullptr;
}

EventRecord map_winlogbeat(const Json& object) {
    EventRecord record;
    const Json* provider = path(object, {"winlog", "provider_name"});
    if (provider == nullptr) provider = path(object, {"event", "provider"});
    record.provider = text_of(provider);
    record.provider_guid = normalize_guid(text_of(path(object, {"winlog", "provider_guid"})));
    const Json* id = path(object, {"winlog", "event_id"});
    if (id == nullptr) id = path(object, {"event", "code"});
    record.event_id = event_id_of(id);
    record.record_id = record_id_of(path(object, {"winlog", "record_id"}));
    record.time = time_of(member(object, "@timestamp"));
    const Json* computer = path(object, {"winlog", "computer_name"});
    if (computer == nullptr) computer = path(object, {"host", "name"});
    if (computer == nullptr) computer = path(object, {"host", "hostname"});
    record.computer = text_of(computer);
    record.message = text_of(member(object, "message"));
    if (const Json* data = path(object, {"winlog", "event_data"}); data && data->is_object()) {
        for (const auto& [key, value] : data->items()) {
            record.data.emplace_back(key, value_text(value));
        }
    }
    if (const Json* data = path(object, {"winlog", "user_data"}); data && data->is_object()) {
        add_leaves(*data, record);
    }
    return record;
}

bool is_powershell_record(const Json& object) {
    return member(object, "Id") != nullptr &&
           has_any(object, {"ProviderName", "ProviderId", "TimeCreated", "Properties", "RecordId",
                            "LogName", "MachineName", "LevelDisplayName"});
}

EventRecord map_powershell_record(const Json& object) {
    EventRecord record;
    record.event_id = event_id_of(member(object, "Id"));
    record.provider = text_of(member(object, "ProviderName"));
    record.provider_guid = normalize_guid(text_of(member(object, "ProviderId")));
    record.computer = text_of(member(object, "MachineName"));
    record.record_id = record_id_of(member(object, "RecordId"));
    record.time = time_of(member(object, "TimeCreated"));
    record.message = text_of(member(object, "Message"));
    if (const Json* properties = member(object, "Properties")) {
        add_positional(*properties, true, record);
    }
    return record;
}

// Get-EventLog (EventLogEntry).
bool is_powershell_entry(const Json& object) {
    return member(object, "EventID") != nullptr &&
           has_any(object, {"ReplacementStrings", "TimeGenerated", "InstanceId"});
}

EventRecord map_powershell_entry(const Json& object) {
    EventRecord record;
    record.event_id = event_id_of(member(object, "EventID"));
    record.provider = text_of(member(object, "Source"));
    record.computer = text_of(member(object, "MachineName"));
    record.record_id = record_id_of(member(object, "Index"));
    record.time = time_of(member(object, "TimeGenerated"));
    record.message = text_of(member(object, "Message"));
    if (const Json* strings = member(object, "ReplacementStrings")) {
        add_positional(*strings, false, record);
    }
    return record;
}

bool is_nxlog(const Json& object) {
    return member(object, "EventID") != nullptr &&
           has_any(object, {"SourceName", "Hostname", "EventTime", "SourceModuleType",
                            "ProviderGuid", "RecordNumber"});
}

EventRecord map_nxlog(const Json& object) {
    EventRecord record;
    record.event_id = event_id_of(member(object, "EventID"));
    const Json* provider = member(object, "SourceName");
    if (provider == nullptr) provider = member(object, "ProviderName");
    record.provider = text_of(provider);
    record.provider_guid = normalize_guid(text_of(member(object, "ProviderGuid")));
    record.computer = text_of(member(object, "Hostname"));
    record.record_id = record_id_of(member(object, "RecordNumber"));
    record.time = time_of(member(object, "EventTime"));
    record.message = text_of(member(object, "Message"));
    for (const auto& [key, value] : object.items()) {
        if (is_schannel_field_name(key)) record.data.emplace_back(key, value_text(value));
    }
    return record;
}

}  // namespace

std::optional<EventRecord> parse_json_event(std::string_view json, bool* parse_error) {
    if (parse_error != nullptr) *parse_error = false;
    Json document = Json::parse(json.data(), json.data() + json.size(), nullptr, false);
    if (document.is_discarded()) {
        // nlohmann rejects strings that are not UTF-8; an ANSI byte in a
        // message should not cost the event.
        if (auto repaired = repair_utf8(json)) {
            document =
                Json::parse(repaired->data(), repaired->data() + repaired->size(), nullptr, false);
        }
        if (document.is_discarded()) {
            if (parse_error != nullptr) *parse_error = true;
            return std::nullopt;
        }
    }
    const Json* object = &document;
    if (const Json* source = member(document, "_source"); source && source->is_object()) {
        object = source;  // an Elasticsearch hit
    }
    if (!object->is_object()) return std::nullopt;
    if (is_winlogbeat(*object)) return map_winlogbeat(*object);
    if (is_powershell_record(*object)) return map_powershell_record(*object);
    if (is_powershell_entry(*object)) return map_powershell_entry(*object);
    if (is_nxlog(*object)) return map_nxlog(*object);
    return std::nullopt;
}

// ---------------------------------------------------------------------------
// JsonEventReader

JsonEventReader::JsonEventReader(RecordSink& sink, std::size_t max_record_bytes)
    : sink_(sink), max_record_bytes_(max_record_bytes) {}

void JsonEventReader::start_record(std::uint64_t offset) {
    in_record_ = true;
    record_base_ = depth_;
    record_offset_ = offset;
    record_line_ = line_;
    record_compact_.reset();
    oversized_ = false;
    record_size_ = 0;
    buffer_.clear();
}

void JsonEventReader::append(std::string_view part) {
    record_size_ += part.size();
    if (oversized_) return;
    if (record_size_ > max_record_bytes_) {
        oversized_ = true;
        std::string().swap(buffer_);
        return;
    }
    buffer_.append(part);
}

void JsonEventReader::end_record() {
    in_record_ = false;
    oversized_ = false;
    record_size_ = 0;
    if (buffer_.capacity() > max_record_bytes_) {
        std::string().swap(buffer_);
    } else {
        buffer_.clear();
    }
}

void JsonEventReader::complete_record(std::string_view last_part) {
    const bool too_large = oversized_ || record_size_ + last_part.size() > max_record_bytes_;
    if (too_large) {
        ++skipped_.oversized;
    } else {
        std::string_view text = last_part;
        if (!buffer_.empty()) {
            buffer_.append(last_part);
            text = buffer_;
        }
        bool parse_error = false;
        if (auto record = parse_json_event(text, &parse_error)) {
            record->offset = record_offset_;
            record->line = record_line_;
            ++records_;
            sink_.on_record(*record);
        } else if (parse_error) {
            ++skipped_.malformed;
        } else {
            ++ignored_;
        }
    }
    end_record();
}

void JsonEventReader::drop_record() {
    ++skipped_.malformed;
    depth_ = record_base_;
    end_record();
}

void JsonEventReader::feed(std::string_view text, std::uint64_t offset) {
    constexpr std::size_t kNone = std::string_view::npos;
    const std::size_t n = text.size();
    std::size_t seg = in_record_ ? 0 : kNone;  // where this piece's part of the record starts
    for (std::size_t i = 0; i < n; ++i) {
        const char c = text[i];
        if (in_record_ && !record_compact_) {
            if (c == '\n') {
                record_compact_ = false;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                record_compact_ = true;
            }
        }
        if (in_string_) {
            if (escape_) {
                escape_ = false;
            } else if (c == '\\') {
                escape_ = true;
            } else if (c == '"') {
                in_string_ = false;
            } else if (c == '\n') {
                // JSON strings hold no raw line breaks: this one was cut off.
                in_string_ = false;
                if (in_record_) {
                    drop_record();
                    seg = kNone;
                }
            } else {
                // Fast path through the string body.
                std::size_t j = i + 1;
                while (j < n && text[j] != '"' && text[j] != '\\' && text[j] != '\n') ++j;
                i = j - 1;
            }
            if (c == '\n') {
                ++line_;
                at_line_start_ = true;
            } else {
                at_line_start_ = false;
            }
            continue;
        }
        switch (c) {
            case '"':
                in_string_ = true;
                break;
            case '{':
                if (in_record_ && at_line_start_ && record_compact_ == true) {
                    // A one-line object still open when the next one starts at
                    // column 0: a broken NDJSON line.
                    drop_record();
                    seg = kNone;
                }
                if (!in_record_ && depth_ == (array_mode_ ? 1u : 0u)) {
                    start_record(offset + i);
                    seg = i;
                }
                ++depth_;
                break;
            case '[':
                if (!in_record_ && depth_ == 0) array_mode_ = true;
                ++depth_;
                break;
            case '}':
            case ']':
                if (depth_ == 0) break;  // stray
                if (!in_record_ && array_mode_ && depth_ == 1) {
                    if (c == ']') {
                        array_mode_ = false;
                        depth_ = 0;
                    }
                    break;  // a stray '}' between elements is ignored
                }
                --depth_;
                if (in_record_ && depth_ == record_base_) {
                    complete_record(text.substr(seg, i + 1 - seg));
                    seg = kNone;
                }
                break;
            default:
                break;
        }
        if (c == '\n') {
            ++line_;
            at_line_start_ = true;
        } else {
            at_line_start_ = false;
        }
    }
    if (in_record_ && seg != kNone) append(text.substr(seg));
}

void JsonEventReader::finish() {
    if (in_record_) {
        ++skipped_.cut_off;
        end_record();
    }
    depth_ = 0;
    array_mode_ = false;
    in_string_ = false;
    escape_ = false;
    at_line_start_ = true;
    line_ = 1;
}

}  // namespace alertscan
