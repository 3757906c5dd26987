#include "formats/wintext_events.hpp"

#include <algorithm>
#include <array>
#include <climits>
#include <optional>
#include <utility>

#include "formats/event_time.hpp"
#include "util/text.hpp"

namespace alertscan {

namespace {

// How much of an over-long line is looked at to tell whether it starts a
// record; every start is recognised from its first kHeadBytes.
constexpr std::size_t kHeadBytes = 256;
// The longest Format-List label ("Name" plus padding) accepted.
constexpr std::size_t kMaxLabelColumn = 100;

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kFullWidthColon = "\xEF\xBC\x9A";  // U+FF1A

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_word(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

// "Event[N]:" at column 0 (wevtutil /f:text).
bool is_wevtutil_start(std::string_view line) {
    if (!line.starts_with("Event[")) return false;
    std::size_t i = 6;
    while (i < line.size() && is_digit(line[i])) ++i;
    return i > 6 && line.substr(i, 2) == "]:";
}

// "Log Name:" at column 0 (copy details as text, English or Japanese).
bool is_copy_details_start(std::string_view line) {
    for (std::string_view label : {"Log Name",
                                   "\xE3\x83\xAD\xE3\x82\xB0\xE3\x81\xAE\xE5\x90\x8D"
                                   "\xE5\x89\x8D" /* ログの名前 */}) {
        if (!line.starts_with(label)) continue;
        std::string_view rest = line.substr(label.size());
        while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
        if (rest.starts_with(":") || rest.starts_with(kFullWidthColon)) return true;
    }
    return false;
}

// A Format-List property line, "Name<one or more spaces>: value" with the
// name one word at column 0; sets `name` and `value` (trimmed).
bool parse_property(std::string_view line, std::string_view* name = nullptr,
                    std::string_view* value = nullptr) {
    std::size_t i = 0;
    while (i < line.size() && is_word(line[i])) ++i;
    if (i == 0 || is_digit(line[0])) return false;
    std::size_t name_end = i;
    while (i < line.size() && line[i] == ' ') ++i;
    if (i == name_end || i > kMaxLabelColumn || i >= line.size() || line[i] != ':') return false;
    if (i + 1 < line.size() && line[i + 1] != ' ' && line[i + 1] != '\t') return false;
    if (name != nullptr) *name = line.substr(0, name_end);
    if (value != nullptr) *value = trim(line.substr(i + 1));
    return true;
}

// "Label: value" (wevtutil, copy details): the label before the first
// colon (ASCII or full-width) and the trimmed value after it.
bool split_label(std::string_view line, std::string_view& label, std::string_view& value) {
    std::size_t colon = line.find(':');
    std::size_t wide = line.find(kFullWidthColon);
    std::size_t width = 1;
    if (wide != std::string_view::npos && (colon == std::string_view::npos || wide < colon)) {
        colon = wide;
        width = kFullWidthColon.size();
    }
    if (colon == std::string_view::npos) return false;
    label = trim(line.substr(0, colon));
    value = trim(line.substr(colon + width));
    return !label.empty();
}

bool ends_with_colon(std::string_view text) {
    return text.ends_with(":") || text.ends_with(kFullWidthColon);
}

enum class Field {
    kNone,
    kProvider,
    kProviderGuid,
    kEventId,
    kRecordId,
    kTime,
    kComputer,
    kMessage
};

struct Label {
    std::string_view name;
    Field field;
};

// Labels of all three forms (compared case-insensitively).
constexpr std::array<Label, 18> kLabels = {{
    {"Source", Field::kProvider},
    {"ProviderName", Field::kProvider},
    {"\xE3\x82\xBD\xE3\x83\xBC\xE3\x82\xB9", Field::kProvider},  // ソース
    {"ProviderId", Field::kProviderGuid},
    {"Event ID", Field::kEventId},
    {"Id", Field::kEventId},
    {"EventID", Field::kEventId},
    {"\xE3\x82\xA4\xE3\x83\x99\xE3\x83\xB3\xE3\x83\x88 ID", Field::kEventId},  // イベント ID
    {"RecordId", Field::kRecordId},
    {"Index", Field::kRecordId},  // Get-EventLog
    {"Date", Field::kTime},
    {"TimeCreated", Field::kTime},
    {"TimeGenerated", Field::kTime},             // Get-EventLog
    {"\xE6\x97\xA5\xE4\xBB\x98", Field::kTime},  // 日付
    {"Computer", Field::kComputer},
    {"MachineName", Field::kComputer},
    {"\xE3\x82\xB3\xE3\x83\xB3\xE3\x83\x94\xE3\x83\xA5\xE3\x83\xBC\xE3\x82\xBF\xE3\x83\xBC",
     Field::kComputer},  // コンピューター
    {"Message", Field::kMessage},
}};

Field field_of(std::string_view label) {
    for (const Label& known : kLabels) {
        if (iequals(known.name, label)) return known.field;
    }
    return Field::kNone;
}

bool is_description_label(std::string_view label) {
    return iequals(label, "Description") || label == "\xE8\xAA\xAC\xE6\x98\x8E";  // 説明
}

// --- the copy-details "Event Xml:" block: a small scan for a few values ---

// Position of the start tag `<name` (followed by whitespace, '>' or '/')
// at or after `from`, or npos.
std::size_t find_tag(std::string_view xml, std::string_view name, std::size_t from) {
    while (true) {
        std::size_t at = xml.find('<', from);
        if (at == std::string_view::npos) return at;
        std::size_t end = at + 1 + name.size();
        if (xml.substr(at + 1, name.size()) == name && end < xml.size() &&
            (is_space(xml[end]) || xml[end] == '>' || xml[end] == '/')) {
            return at;
        }
        from = at + 1;
    }
}

std::string decode_entities(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '&') {
            out.push_back(text[i]);
            continue;
        }
        std::size_t semi = text.find(';', i);
        if (semi == std::string_view::npos || semi - i > 10) {
            out.push_back('&');
            continue;
        }
        std::string_view entity = text.substr(i + 1, semi - i - 1);
        std::optional<std::int64_t> code;
        if (entity == "lt") {
            out.push_back('<');
        } else if (entity == "gt") {
            out.push_back('>');
        } else if (entity == "amp") {
            out.push_back('&');
        } else if (entity == "quot") {
            out.push_back('"');
        } else if (entity == "apos") {
            out.push_back('\'');
        } else if (entity.starts_with("#x") || entity.starts_with("#X")) {
            code = parse_int(entity.substr(2), 16);
        } else if (entity.starts_with("#")) {
            code = parse_int(entity.substr(1), 10);
        } else {
            out.push_back('&');
            continue;
        }
        if (entity.starts_with("#")) {
            if (!code || *code > 0x10FFFF) {
                out.push_back('&');
                continue;
            }
            auto c = static_cast<std::uint32_t>(*code);
            if (c < 0x80) {
                out.push_back(static_cast<char>(c));
            } else if (c < 0x800) {
                out.push_back(static_cast<char>(0xC0 | (c >> 6)));
                out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
            } else if (c < 0x10000) {
                out.push_back(static_cast<char>(0xE0 | (c >> 12)));
                out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
                out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
            } else {
                out.push_back(static_cast<char>(0xF0 | (c >> 18)));
                out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
                out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
                out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
            }
        }
        i = semi;
    }
    return out;
}

// The value of attribute `name` in the start tag `tag`, or nothing.
std::optional<std::string> tag_attribute(std::string_view tag, std::string_view name) {
    std::size_t from = 0;
    while (true) {
        std::size_t at = tag.find(name, from);
        if (at == std::string_view::npos) return std::nullopt;
        from = at + 1;
        if (at == 0 || !is_space(tag[at - 1])) continue;
        std::size_t i = at + name.size();
        while (i < tag.size() && is_space(tag[i])) ++i;
        if (i >= tag.size() || tag[i] != '=') continue;
        ++i;
        while (i < tag.size() && is_space(tag[i])) ++i;
        if (i >= tag.size() || (tag[i] != '"' && tag[i] != '\'')) continue;
        std::size_t close = tag.find(tag[i], i + 1);
        if (close == std::string_view::npos) return std::nullopt;
        return decode_entities(tag.substr(i + 1, close - i - 1));
    }
}

// The start tag at `at` ("<...>"), or empty when it is not closed.
std::string_view start_tag(std::string_view xml, std::size_t at) {
    std::size_t end = xml.find('>', at);
    if (end == std::string_view::npos) return {};
    return xml.substr(at, end - at + 1);
}

// The text content of the simple element starting at `at`.
std::optional<std::string> element_text(std::string_view xml, std::size_t at) {
    std::string_view tag = start_tag(xml, at);
    if (tag.empty() || tag.ends_with("/>")) return std::nullopt;
    std::size_t begin = at + tag.size();
    std::size_t end = xml.find('<', begin);
    if (end == std::string_view::npos) return std::nullopt;
    return decode_entities(xml.substr(begin, end - begin));
}

void apply_event_xml(std::string_view xml, EventRecord& record) {
    std::size_t at = find_tag(xml, "Provider", 0);
    if (at != std::string_view::npos && record.provider_guid.empty()) {
        if (auto guid = tag_attribute(start_tag(xml, at), "Guid")) record.provider_guid = *guid;
    }
    at = find_tag(xml, "EventID", 0);
    if (at != std::string_view::npos && !record.event_id) {
        if (auto text = element_text(xml, at)) {
            auto id = parse_int(trim(*text), 10);
            if (id && *id <= INT_MAX) record.event_id = static_cast<int>(*id);
        }
    }
    at = find_tag(xml, "EventRecordID", 0);
    if (at != std::string_view::npos && !record.record_id) {
        if (auto text = element_text(xml, at)) {
            if (auto id = parse_int(trim(*text), 10)) {
                record.record_id = static_cast<std::uint64_t>(*id);
            }
        }
    }
    int unnamed = 0;
    for (at = find_tag(xml, "Data", 0); at != std::string_view::npos;
         at = find_tag(xml, "Data", at + 1)) {
        std::string_view tag = start_tag(xml, at);
        if (tag.empty()) break;
        std::string value;
        if (!tag.ends_with("/>")) {
            std::size_t begin = at + tag.size();
            std::size_t end = xml.find("</Data", begin);
            if (end == std::string_view::npos) break;
            value = decode_entities(xml.substr(begin, end - begin));
        }
        auto name = tag_attribute(tag, "Name");
        if (!name) name = "Data" + std::to_string(++unnamed);
        record.data.emplace_back(std::move(*name), std::move(value));
    }
}

}  // namespace

WinTextEventReader::WinTextEventReader(RecordSink& sink) : sink_(sink) {}

void WinTextEventReader::feed(std::string_view text, std::uint64_t offset) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t newline = text.find('\n', pos);
        if (newline == std::string_view::npos) {
            if (partial_overlong_) return;  // the rest of a line too long to keep
            if (partial_.empty()) partial_offset_ = offset + pos;
            partial_.append(text.substr(pos));
            // While in a record the line must fit what is left of its
            // budget; otherwise the line alone must fit kMaxRecordBytes.
            std::size_t limit = kMaxRecordBytes;
            const bool in_record = mode_ == Mode::kWevtutil || mode_ == Mode::kCopyDetails ||
                                   mode_ == Mode::kFormatList;
            if (in_record) {
                limit = std::max(kMaxRecordBytes - std::min(record_bytes_, kMaxRecordBytes),
                                 kHeadBytes);
            }
            if (partial_.size() > limit) overlong_partial();
            return;
        }
        std::string_view piece = text.substr(pos, newline - pos);
        if (partial_overlong_) {
            // The end of a line already dealt with in overlong_partial().
            at_input_start_ = false;
            previous_blank_ = false;
        } else if (partial_.empty()) {
            process_line(piece, offset + pos, line_, piece.size() + 1);
        } else {
            partial_.append(piece);
            process_line(partial_, partial_offset_, line_, partial_.size() + 1);
        }
        partial_.clear();
        partial_overlong_ = false;
        partial_released_ = false;
        ++line_;
        pos = newline + 1;
    }
}

void WinTextEventReader::finish() {
    if (!partial_.empty() && !partial_overlong_) {
        process_line(partial_, partial_offset_, line_, partial_.size());
    }
    end_record();
    mode_ = Mode::kIdle;
    partial_.clear();
    partial_.shrink_to_fit();
    partial_overlong_ = false;
    partial_released_ = false;
    previous_blank_ = true;
    at_input_start_ = true;
    line_ = 1;
}

void WinTextEventReader::overlong_partial() {
    std::string_view head = partial_;
    if (at_input_start_ && head.starts_with(kBom)) head.remove_prefix(kBom.size());
    head = head.substr(0, kHeadBytes);
    const Mode start = record_start(head);
    const bool in_record =
        mode_ == Mode::kWevtutil || mode_ == Mode::kCopyDetails || mode_ == Mode::kFormatList;
    if (in_record && !partial_released_) {
        if (start != Mode::kIdle) {
            // The line starts the next record: the current one is complete.
            // Keep reading the line; it is judged again as a line of its own.
            end_record();
            partial_released_ = true;
            return;
        }
        if (mode_ == Mode::kFormatList && previous_blank_ && !head.empty() && !is_space(head[0])) {
            end_record();  // text after the record, as process_line would decide
        } else {
            skip_record(mode_);  // the line belongs to the record, which is too large
        }
    } else if (start != Mode::kIdle) {
        // A record starting with a line larger than any record may be.
        skip_record(start);
    }
    partial_.clear();
    partial_.shrink_to_fit();
    partial_overlong_ = true;
}

WinTextEventReader::Mode WinTextEventReader::record_start(std::string_view line) const {
    if (is_wevtutil_start(line)) return Mode::kWevtutil;
    if (is_copy_details_start(line)) return Mode::kCopyDetails;
    // Format-List starts are not looked for in the free text of a wevtutil
    // or copy-details description.
    const bool list_context = mode_ == Mode::kIdle || mode_ == Mode::kFormatList ||
                              (mode_ == Mode::kSkipping && skipped_mode_ == Mode::kFormatList);
    if (list_context && previous_blank_ && parse_property(line)) return Mode::kFormatList;
    return Mode::kIdle;
}

void WinTextEventReader::process_line(std::string_view line, std::uint64_t offset,
                                      std::uint64_t line_number, std::size_t length) {
    if (at_input_start_) {
        if (line.starts_with(kBom)) line.remove_prefix(kBom.size());
        at_input_start_ = false;
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const bool blank = trim(line).empty();

    const Mode start = record_start(line);
    if (start != Mode::kIdle) {
        end_record();
        begin_record(start, offset, line_number, length);
        if (mode_ == Mode::kCopyDetails) header_line(line);
        if (mode_ == Mode::kFormatList) format_list_line(line);
        previous_blank_ = blank;
        return;
    }
    switch (mode_) {
        case Mode::kIdle:
        case Mode::kSkipping:
            break;
        case Mode::kFormatList:
            if (previous_blank_ && !blank && !is_space(line[0])) {
                end_record();  // a blank line and then something else: the record is over
                break;
            }
            [[fallthrough]];
        case Mode::kWevtutil:
        case Mode::kCopyDetails:
            record_bytes_ += length;
            if (record_bytes_ > kMaxRecordBytes) {
                skip_record(mode_);
                break;
            }
            if (mode_ == Mode::kFormatList) {
                format_list_line(line);
            } else if (section_ == Section::kHeader) {
                header_line(line);
            } else if (section_ == Section::kDescription) {
                description_line(line);
            } else {
                xml_.append(line);
                xml_.push_back('\n');
            }
            // The copy-details record ends with its XML.
            if (section_ == Section::kXml && line.find("</Event>") != std::string_view::npos) {
                end_record();
            }
            break;
    }
    previous_blank_ = blank;
}

void WinTextEventReader::begin_record(Mode mode, std::uint64_t offset, std::uint64_t line_number,
                                      std::size_t length) {
    discard_record();
    record_.offset = offset;
    record_.line = line_number;
    record_bytes_ = length;
    mode_ = mode;
    if (length > kMaxRecordBytes) skip_record(mode);
}

void WinTextEventReader::skip_record(Mode kind) {
    discard_record();
    ++skipped_.oversized;  // the only reason a text block is skipped
    skipped_mode_ = kind;
    mode_ = Mode::kSkipping;
}

void WinTextEventReader::end_record() {
    const bool in_record =
        mode_ == Mode::kWevtutil || mode_ == Mode::kCopyDetails || mode_ == Mode::kFormatList;
    if (in_record) {
        if (mode_ == Mode::kFormatList) commit_property();
        if (!xml_.empty()) apply_event_xml(xml_, record_);
        if (has_fields_) sink_.on_record(record_);
    }
    discard_record();
    mode_ = Mode::kIdle;
}

void WinTextEventReader::discard_record() {
    record_ = EventRecord{};
    has_fields_ = false;
    record_bytes_ = 0;
    section_ = Section::kHeader;
    std::string().swap(xml_);
    message_last_start_ = 0;
    last_line_was_label_ = false;
    property_name_.clear();
    std::string().swap(property_value_);
}

void WinTextEventReader::header_line(std::string_view line) {
    const std::string_view trimmed = trim(line);
    if (trimmed.empty()) return;
    if (mode_ == Mode::kCopyDetails) {
        if (iequals(trimmed, "Event Xml:")) {
            section_ = Section::kXml;
            return;
        }
        if (trimmed.starts_with("<Event ") || trimmed.starts_with("<Event>")) {
            section_ = Section::kXml;
            xml_.append(line);
            xml_.push_back('\n');
            return;
        }
    }
    std::string_view label;
    std::string_view value;
    if (!split_label(trimmed, label, value)) return;
    if (is_description_label(label)) {
        section_ = Section::kDescription;
        if (!value.empty()) description_line(value);
        return;
    }
    set_field(label, value);
}

void WinTextEventReader::description_line(std::string_view line) {
    const std::string_view trimmed = trim(line);
    if (mode_ == Mode::kCopyDetails) {
        if (iequals(trimmed, "Event Xml:")) {
            section_ = Section::kXml;
            return;
        }
        if (trimmed.starts_with("<Event ") || trimmed.starts_with("<Event>")) {
            // The XML without the English "Event Xml:" label before it: the
            // last line was that label in another language.
            if (last_line_was_label_) record_.message.resize(message_last_start_);
            section_ = Section::kXml;
            xml_.append(line);
            xml_.push_back('\n');
            return;
        }
    }
    if (trimmed.empty()) return;
    append_message(trimmed);
    last_line_was_label_ = !is_space(line[0]) && ends_with_colon(trimmed) && trimmed.size() < 64 &&
                           trimmed.find('.') == std::string_view::npos;
}

void WinTextEventReader::append_message(std::string_view text) {
    std::string& message = record_.message;
    message_last_start_ = message.size();
    if (!message.empty()) message.push_back(' ');
    message.append(text);
    has_fields_ = true;
}

void WinTextEventReader::format_list_line(std::string_view line) {
    std::string_view name;
    std::string_view value;
    if (parse_property(line, &name, &value)) {
        commit_property();
        property_name_.assign(name);
        property_value_.assign(value);
        return;
    }
    // A continuation of the value, indented to the value column.
    const std::string_view trimmed = trim(line);
    if (trimmed.empty() || property_name_.empty()) return;
    if (!property_value_.empty()) property_value_.push_back(' ');
    property_value_.append(trimmed);
}

void WinTextEventReader::commit_property() {
    if (property_name_.empty()) return;
    set_field(property_name_, property_value_);
    property_name_.clear();
    std::string().swap(property_value_);
}

void WinTextEventReader::set_field(std::string_view label, std::string_view value) {
    value = trim(value);
    if (value.empty()) return;
    switch (field_of(label)) {
        case Field::kNone:
            return;
        case Field::kProvider:
            record_.provider.assign(value);
            break;
        case Field::kProviderGuid:
            record_.provider_guid =
                value.starts_with("{") ? std::string(value) : "{" + std::string(value) + "}";
            break;
        case Field::kEventId: {
            auto id = parse_int(value, 10);
            if (id && *id <= INT_MAX) record_.event_id = static_cast<int>(*id);
            break;
        }
        case Field::kRecordId:
            if (auto id = parse_int(value, 10)) record_.record_id = static_cast<std::uint64_t>(*id);
            break;
        case Field::kTime:
            record_.time = normalize_local_time(value, LocalTimeDialect::kWinText);
            break;
        case Field::kComputer:
            record_.computer.assign(value);
            break;
        case Field::kMessage:
            record_.message.assign(value);
            break;
    }
    has_fields_ = true;
}

}  // namespace alertscan
