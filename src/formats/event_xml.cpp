#include "formats/event_xml.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <pugixml.hpp>
#include <utility>

#include "formats/event_time.hpp"
#include "util/text.hpp"

namespace alertscan {

namespace {

// The name without its namespace prefix: "e:Event" -> "Event".
std::string_view local_name(const char* name) {
    const char* colon = std::strrchr(name, ':');
    return colon != nullptr ? std::string_view(colon + 1) : std::string_view(name);
}

bool is_element(const pugi::xml_node& node) {
    return node.type() == pugi::node_element;
}

pugi::xml_node child(const pugi::xml_node& parent, std::string_view name) {
    for (pugi::xml_node node : parent.children()) {
        if (is_element(node) && local_name(node.name()) == name) return node;
    }
    return {};
}

// The attribute by local name; namespace declarations are never matched.
std::string_view attribute(const pugi::xml_node& node, std::string_view name) {
    for (pugi::xml_attribute attr : node.attributes()) {
        std::string_view full = attr.name();
        if (full == "xmlns" || full.substr(0, 6) == "xmlns:") continue;
        if (local_name(attr.name()) == name) return attr.value();
    }
    return {};
}

// The node's own text: its text and CDATA children, concatenated.
std::string text(const pugi::xml_node& node) {
    std::string out;
    for (pugi::xml_node part : node.children()) {
        if (part.type() == pugi::node_pcdata || part.type() == pugi::node_cdata) {
            out += part.value();
        }
    }
    return out;
}

bool has_child_elements(const pugi::xml_node& node) {
    for (pugi::xml_node part : node.children()) {
        if (is_element(part)) return true;
    }
    return false;
}

// UserData/<wrapper>/...: every element without element children, by local
// name. A childless wrapper directly under UserData counts only when it has
// text.
void collect_leaves(const pugi::xml_node& node, int depth, EventRecord& record) {
    for (pugi::xml_node element : node.children()) {
        if (!is_element(element)) continue;
        if (has_child_elements(element)) {
            collect_leaves(element, depth + 1, record);
            continue;
        }
        std::string value = text(element);
        if (depth == 1 && value.empty()) continue;
        record.data.emplace_back(std::string(local_name(element.name())), std::move(value));
    }
}

}  // namespace

namespace {

// The first of each System child parse_event_xml reads, found in one pass
// over System (one child() call each walked it five times).
struct SystemFields {
    pugi::xml_node provider, event_id, record_id, time_created, computer;
};

SystemFields system_fields(const pugi::xml_node& system) {
    SystemFields fields;
    for (pugi::xml_node node : system.children()) {
        if (!is_element(node)) continue;
        const std::string_view name = local_name(node.name());
        pugi::xml_node* slot = name == "Provider"        ? &fields.provider
                               : name == "EventID"       ? &fields.event_id
                               : name == "EventRecordID" ? &fields.record_id
                               : name == "TimeCreated"   ? &fields.time_created
                               : name == "Computer"      ? &fields.computer
                                                         : nullptr;
        if (slot != nullptr && !*slot) *slot = node;
    }
    return fields;
}

std::optional<EventRecord> record_from_document(const pugi::xml_document& document) {
    pugi::xml_node event = document.document_element();
    if (!event || local_name(event.name()) != "Event") return std::nullopt;

    EventRecord record;
    if (pugi::xml_node system = child(event, "System")) {
        const SystemFields fields = system_fields(system);
        record.provider = attribute(fields.provider, "Name");
        record.provider_guid = attribute(fields.provider, "Guid");
        if (auto id = parse_int(trim(text(fields.event_id)), 10);
            id && *id <= std::numeric_limits<int>::max()) {
            record.event_id = static_cast<int>(*id);
        }
        if (auto id = parse_int(trim(text(fields.record_id)), 10)) {
            record.record_id = static_cast<std::uint64_t>(*id);
        }
        std::string_view time = attribute(fields.time_created, "SystemTime");
        if (!trim(time).empty()) record.time = normalize_iso_time(time, IsoDefault::kUtc);
        record.computer = std::string(trim(text(fields.computer)));
    }

    int unnamed = 0;
    for (pugi::xml_node section : event.children()) {
        if (!is_element(section)) continue;
        std::string_view name = local_name(section.name());
        if (name == "EventData") {
            for (pugi::xml_node data : section.children()) {
                if (!is_element(data) || local_name(data.name()) != "Data") continue;
                std::string key(attribute(data, "Name"));
                if (key.empty()) key = "Data" + std::to_string(++unnamed);
                record.data.emplace_back(std::move(key), text(data));
            }
        } else if (name == "UserData") {
            collect_leaves(section, 1, record);
        } else if (name == "RenderingInfo" && record.message.empty()) {
            record.message = text(child(section, "Message"));
        }
    }
    return record;
}

}  // namespace

std::optional<EventRecord> parse_event_xml(std::string_view xml) {
    pugi::xml_document document;
    if (!document.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8)) {
        return std::nullopt;
    }
    return record_from_document(document);
}

std::optional<EventRecord> parse_event_xml_in_place(std::string& xml) {
    pugi::xml_document document;
    if (!document.load_buffer_inplace(xml.data(), xml.size(), pugi::parse_default,
                                      pugi::encoding_utf8)) {
        return std::nullopt;
    }
    return record_from_document(document);
}

// ---------------------------------------------------------------------------
// EventXmlSplitter

namespace {

enum class Tag { kOther, kStart, kEnd, kNeedMore };

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Longest run of whitespace accepted between "</Event" and '>'.
constexpr std::size_t kMaxEndTagSpace = 64;

// What the '<' at buffer[at] opens: "<Event" + whitespace or '>' (kStart),
// "</Event" + optional whitespace + '>' (kEnd, `end` set past the '>'), or
// anything else. kNeedMore when the buffer ends before that is decided.
Tag classify(std::string_view buffer, std::size_t at, bool final, std::size_t& end) {
    std::string_view rest = buffer.substr(at + 1);
    const Tag undecided = final ? Tag::kOther : Tag::kNeedMore;
    if (!rest.empty() && rest[0] == '/') {
        constexpr std::string_view kName = "/Event";
        std::size_t n = std::min(rest.size(), kName.size());
        if (rest.substr(0, n) != kName.substr(0, n)) return Tag::kOther;
        if (rest.size() < kName.size()) return undecided;
        std::size_t i = at + 1 + kName.size();
        while (i < buffer.size() && is_space(buffer[i])) {
            if (i - at > kMaxEndTagSpace) return Tag::kOther;
            ++i;
        }
        if (i >= buffer.size()) return undecided;
        if (buffer[i] != '>') return Tag::kOther;
        end = i + 1;
        return Tag::kEnd;
    }
    constexpr std::string_view kName = "Event";
    std::size_t n = std::min(rest.size(), kName.size());
    if (rest.substr(0, n) != kName.substr(0, n)) return Tag::kOther;
    if (rest.size() <= kName.size()) return undecided;
    char next = rest[kName.size()];
    return is_space(next) || next == '>' ? Tag::kStart : Tag::kOther;
}

}  // namespace

EventXmlSplitter::EventXmlSplitter(Callback callback, std::size_t max_event_bytes)
    : callback_(std::move(callback)), max_event_bytes_(max_event_bytes) {}

EventXmlSplitter::EventXmlSplitter(RecordSink& sink, std::size_t max_event_bytes)
    : max_event_bytes_(max_event_bytes) {
    callback_ = [this, &sink](std::string_view xml, std::uint64_t offset, std::uint64_t line) {
        std::optional<EventRecord> record = parse_event_xml(xml);
        if (!record) {
            ++unparsable_;
            return;
        }
        record->offset = offset;
        record->line = line;
        sink.on_record(*record);
    };
}

void EventXmlSplitter::advance_lines(std::string_view buffer, std::size_t to) {
    if (to <= line_pos_) return;
    line_ += static_cast<std::uint64_t>(
        std::count(buffer.begin() + static_cast<std::ptrdiff_t>(line_pos_),
                   buffer.begin() + static_cast<std::ptrdiff_t>(to), '\n'));
    line_pos_ = to;
}

// Scans buffer (which starts at pending_offset_; when state_ is kInEvent, with
// the event's "<Event") from scan_from_ on. Returns how many leading bytes are
// no longer needed, and leaves scan_from_ relative to what remains.
std::size_t EventXmlSplitter::process(std::string_view buffer, bool final) {
    constexpr std::size_t npos = std::string_view::npos;
    line_pos_ = 0;
    std::size_t event_start = state_ == State::kInEvent ? 0 : npos;
    std::size_t pos = scan_from_;
    std::size_t undecided = npos;

    auto start_event = [&](std::size_t at) {
        state_ = State::kInEvent;
        event_start = at;
        advance_lines(buffer, at);
        event_line_ = line_;
    };

    while (true) {
        std::size_t at = buffer.find('<', pos);
        if (at == npos) break;
        std::size_t end = 0;
        Tag tag = classify(buffer, at, final, end);
        if (tag == Tag::kNeedMore) {
            undecided = at;
            break;
        }
        pos = at + 1;
        switch (state_) {
            case State::kSearching:
                if (tag == Tag::kStart) start_event(at);
                break;
            case State::kInEvent:
                if (tag == Tag::kEnd) {
                    std::size_t size = end - event_start;
                    if (size > max_event_bytes_) {
                        ++oversized_;
                    } else {
                        ++events_;
                        callback_(buffer.substr(event_start, size), pending_offset_ + event_start,
                                  event_line_);
                    }
                    state_ = State::kSearching;
                    pos = end;
                } else if (tag == Tag::kStart) {
                    ++truncated_;  // the previous event never ended
                    start_event(at);
                } else if (pos - event_start > max_event_bytes_) {
                    ++oversized_;
                    state_ = State::kSkipping;
                }
                break;
            case State::kSkipping:
                if (tag == Tag::kEnd) {
                    state_ = State::kSearching;
                    pos = end;
                } else if (tag == Tag::kStart) {
                    start_event(at);  // the oversized event never ended
                }
                break;
        }
    }

    std::size_t resume = undecided != npos ? undecided : buffer.size();
    std::size_t keep_from = resume;
    if (state_ == State::kInEvent) {
        if (buffer.size() - event_start > max_event_bytes_) {
            ++oversized_;
            state_ = State::kSkipping;
        } else {
            keep_from = event_start;
        }
    }
    advance_lines(buffer, keep_from);
    scan_from_ = resume - keep_from;
    return keep_from;
}

void EventXmlSplitter::feed(std::string_view text, std::uint64_t offset) {
    if (!started_) {
        started_ = true;
        pending_offset_ = offset;
        next_offset_ = offset;
    }
    if (offset < next_offset_) {
        std::uint64_t seen = next_offset_ - offset;
        if (seen >= text.size()) return;
        text.remove_prefix(static_cast<std::size_t>(seen));
        offset = next_offset_;
    } else if (offset > next_offset_) {
        if (state_ == State::kInEvent) ++truncated_;
        state_ = State::kSearching;
        pending_.clear();
        scan_from_ = 0;
    }
    next_offset_ = offset + text.size();
    if (text.empty()) return;

    if (pending_.empty()) {
        pending_offset_ = offset;
        std::size_t consumed = process(text, false);
        pending_.assign(text.substr(consumed));
        pending_offset_ += consumed;
    } else {
        pending_.append(text);
        std::size_t consumed = process(pending_, false);
        pending_.erase(0, consumed);
        pending_offset_ += consumed;
    }
}

void EventXmlSplitter::finish() {
    if (!pending_.empty()) {
        std::size_t consumed = process(pending_, true);
        pending_offset_ += consumed;
    }
    if (state_ == State::kInEvent) ++truncated_;
    state_ = State::kSearching;
    pending_.clear();
    scan_from_ = 0;
    started_ = false;
    line_ = 1;
}

}  // namespace alertscan
