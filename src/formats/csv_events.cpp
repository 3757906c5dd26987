#include "formats/csv_events.hpp"

#include <algorithm>
#include <array>
#include <climits>
#include <optional>
#include <tuple>
#include <utility>

#include "util/text.hpp"

namespace alertscan {
namespace {

// Longest header line looked at, and the longest record kept raw for the
// "is this row a header?" check.
constexpr std::size_t kMaxHeaderBytes = 64 * 1024;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// ---------------------------------------------------------------------------
// Header names

enum class Role {
    kNone,
    kProvider,
    kProviderGuid,
    kEventId,
    kRecordId,
    kTime,
    kComputer,
    kMessage
};

struct KnownColumn {
    std::string_view name;  // normalised: lower case, no ' ', '-', '_'
    Role role;
    int priority;       // lower wins when two columns have the same role
    bool event_viewer;  // only Event Viewer writes it: the description column follows
};

constexpr std::array kKnownColumns = {
    // Event Viewer, English (schannel.md 3.2, 3.3).
    KnownColumn{"level", Role::kNone, 0, false},
    KnownColumn{"dateandtime", Role::kTime, 0, true},
    KnownColumn{"source", Role::kProvider, 1, false},
    KnownColumn{"eventid", Role::kEventId, 0, false},
    KnownColumn{"taskcategory", Role::kNone, 0, true},
    // Event Viewer, German.
    KnownColumn{"ebene", Role::kNone, 0, true},
    KnownColumn{"datumunduhrzeit", Role::kTime, 0, true},
    KnownColumn{"quelle", Role::kProvider, 1, false},
    KnownColumn{"ereignisid", Role::kEventId, 0, false},
    KnownColumn{"aufgabenkategorie", Role::kNone, 0, true},
    // Event Viewer "Add/Remove Columns" choices (English).
    KnownColumn{"user", Role::kNone, 0, false},
    KnownColumn{"operationalcode", Role::kNone, 0, false},
    KnownColumn{"log", Role::kNone, 0, false},
    KnownColumn{"computer", Role::kComputer, 1, false},
    KnownColumn{"processorid", Role::kNone, 0, false},
    KnownColumn{"sessionid", Role::kNone, 0, false},
    KnownColumn{"kerneltime", Role::kNone, 0, false},
    KnownColumn{"usertime", Role::kNone, 0, false},
    KnownColumn{"processortime", Role::kNone, 0, false},
    KnownColumn{"correlationid", Role::kNone, 0, false},
    KnownColumn{"relativecorrelationid", Role::kNone, 0, false},
    KnownColumn{"eventsourcename", Role::kNone, 0, false},
    // Get-WinEvent: EventLogRecord properties (schannel.md 3.6).
    KnownColumn{"message", Role::kMessage, 0, false},
    KnownColumn{"id", Role::kEventId, 0, false},
    KnownColumn{"version", Role::kNone, 0, false},
    KnownColumn{"qualifiers", Role::kNone, 0, false},
    KnownColumn{"task", Role::kNone, 0, false},
    KnownColumn{"opcode", Role::kNone, 0, false},
    KnownColumn{"keywords", Role::kNone, 0, false},
    KnownColumn{"recordid", Role::kRecordId, 0, false},
    KnownColumn{"providername", Role::kProvider, 0, false},
    KnownColumn{"providerid", Role::kProviderGuid, 0, false},
    KnownColumn{"logname", Role::kNone, 0, false},
    KnownColumn{"processid", Role::kNone, 0, false},
    KnownColumn{"threadid", Role::kNone, 0, false},
    KnownColumn{"machinename", Role::kComputer, 0, false},
    KnownColumn{"userid", Role::kNone, 0, false},
    KnownColumn{"timecreated", Role::kTime, 0, false},
    KnownColumn{"activityid", Role::kNone, 0, false},
    KnownColumn{"relatedactivityid", Role::kNone, 0, false},
    KnownColumn{"containerlog", Role::kNone, 0, false},
    KnownColumn{"matchedqueryids", Role::kNone, 0, false},
    KnownColumn{"bookmark", Role::kNone, 0, false},
    KnownColumn{"leveldisplayname", Role::kNone, 0, false},
    KnownColumn{"opcodedisplayname", Role::kNone, 0, false},
    KnownColumn{"taskdisplayname", Role::kNone, 0, false},
    KnownColumn{"keywordsdisplaynames", Role::kNone, 0, false},
    KnownColumn{"properties", Role::kNone, 0, false},
    // Get-EventLog: EventLogEntry properties.
    KnownColumn{"data", Role::kNone, 0, false},
    KnownColumn{"index", Role::kRecordId, 1, false},
    KnownColumn{"category", Role::kNone, 0, false},
    KnownColumn{"categorynumber", Role::kNone, 0, false},
    KnownColumn{"entrytype", Role::kNone, 0, false},
    KnownColumn{"replacementstrings", Role::kNone, 0, false},
    KnownColumn{"instanceid", Role::kNone, 0, false},
    KnownColumn{"timegenerated", Role::kTime, 1, false},
    KnownColumn{"timewritten", Role::kTime, 2, false},
    KnownColumn{"username", Role::kNone, 0, false},
    KnownColumn{"site", Role::kNone, 0, false},
    KnownColumn{"container", Role::kNone, 0, false},
};

std::string normalize_name(std::string_view name) {
    std::string out;
    for (char c : trim(name)) {
        if (c == ' ' || c == '-' || c == '_') continue;
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        out.push_back(c);
    }
    return out;
}

const KnownColumn* find_column(std::string_view name) {
    const std::string key = normalize_name(name);
    for (const KnownColumn& column : kKnownColumns) {
        if (column.name == key) return &column;
    }
    return nullptr;
}

// Splits one physical line with the row rules (for header candidates).
std::vector<std::string> split_line(std::string_view line, char delimiter) {
    std::vector<std::string> fields;
    std::string field;
    enum { kStart, kUnquoted, kQuoted, kQuoteSeen } state = kStart;
    for (char c : line) {
        switch (state) {
            case kStart:
                if (c == '"') {
                    state = kQuoted;
                } else if (c == delimiter) {
                    fields.push_back(std::move(field));
                    field.clear();
                } else {
                    field.push_back(c);
                    state = kUnquoted;
                }
                break;
            case kUnquoted:
                if (c == delimiter) {
                    fields.push_back(std::move(field));
                    field.clear();
                    state = kStart;
                } else {
                    field.push_back(c);
                }
                break;
            case kQuoted:
                if (c == '"') {
                    state = kQuoteSeen;
                } else {
                    field.push_back(c);
                }
                break;
            case kQuoteSeen:
                if (c == '"') {
                    field.push_back('"');
                    state = kQuoted;
                } else if (c == delimiter) {
                    fields.push_back(std::move(field));
                    field.clear();
                    state = kStart;
                } else {
                    field.push_back(c);
                    state = kUnquoted;
                }
                break;
        }
        if (fields.size() > CsvEventReader::kMaxFields) break;
    }
    fields.push_back(std::move(field));
    return fields;
}

std::optional<int> parse_event_id(std::string_view text) {
    const auto value = parse_int(trim(text), 10);
    if (!value || *value > INT_MAX) return std::nullopt;
    return static_cast<int>(*value);
}

bool is_hex(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Export-Csv writes the Guid without braces; the other forms (and the
// SChannel provider check) use "{...}".
std::string normalize_guid(std::string_view text) {
    text = trim(text);
    if (text.size() != 36) return std::string(text);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? text[i] != '-' : !is_hex(text[i])) return std::string(text);
    }
    return "{" + std::string(text) + "}";
}

}  // namespace

// ---------------------------------------------------------------------------
// Tokenizer

void CsvEventReader::Tokenizer::clear() {
    state = FieldState::kStart;
    field.clear();
    fields.clear();
    too_many = false;
}

void CsvEventReader::Tokenizer::push_field(bool store) {
    if (store) {
        if (fields.size() < kMaxFields) {
            fields.push_back(std::move(field));
        } else {
            too_many = true;
        }
    }
    field.clear();
}

bool CsvEventReader::Tokenizer::step(char c, char delimiter, bool store) {
    switch (state) {
        case FieldState::kStart:
            if (c == '"') {
                state = FieldState::kQuoted;
                return false;
            }
            if (c == delimiter) {
                push_field(store);
                return false;
            }
            if (c == '\n') {
                push_field(store);
                return true;
            }
            if (store) field.push_back(c);
            state = FieldState::kUnquoted;
            return false;
        case FieldState::kUnquoted:
            if (c == delimiter || c == '\n') {
                push_field(store);
                state = FieldState::kStart;
                return c == '\n';
            }
            if (store) field.push_back(c);
            return false;
        case FieldState::kQuoted:
            if (c == '"') {
                state = FieldState::kQuoteSeen;
            } else if (store) {
                field.push_back(c);
            }
            return false;
        case FieldState::kQuoteSeen:
            if (c == '"') {
                if (store) field.push_back('"');
                state = FieldState::kQuoted;
                return false;
            }
            if (c == delimiter || c == '\n') {
                push_field(store);
                state = FieldState::kStart;
                return c == '\n';
            }
            if (store) field.push_back(c);
            state = FieldState::kUnquoted;
            return false;
    }
    return false;
}

// ---------------------------------------------------------------------------
// Reader

CsvEventReader::CsvEventReader(RecordSink& sink) : sink_(sink) {}

void CsvEventReader::feed(std::string_view text, std::uint64_t offset) {
    if (finished_) {
        finished_ = false;
        header_found_ = false;
        delimiter_ = 0;
    }
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (after_cr_) {
            after_cr_ = false;
            if (c == '\n') {  // the LF of a CRLF
                ++i;
                continue;
            }
        }
        if (phase_ == Phase::kIgnore) break;
        const bool line_break = c == '\r' || c == '\n';

        // Fast path: a run of bytes that only extend the current field.
        if (phase_ == Phase::kRows && in_record_ && !line_break && !probe_pending_ &&
            !probe_active_ &&
            (main_.state == FieldState::kUnquoted || main_.state == FieldState::kQuoted)) {
            const char stop = main_.state == FieldState::kQuoted ? '"' : delimiter_;
            std::size_t end = text.size();
            if (!skipping_) end = std::min(end, i + (kMaxRecordBytes + 1 - record_bytes_));
            std::size_t j = i;
            while (j < end && text[j] != stop && text[j] != '\r' && text[j] != '\n') ++j;
            if (j > i) {
                const std::string_view run = text.substr(i, j - i);
                if (!skipping_) {
                    main_.field.append(run);
                    record_bytes_ += run.size();
                    if (raw_complete_) {
                        if (raw_.size() + run.size() <= kMaxHeaderBytes) {
                            raw_.append(run);
                        } else {
                            raw_complete_ = false;
                        }
                    }
                    if (record_bytes_ > kMaxRecordBytes) {
                        skipping_ = true;
                        ++skipped_.oversized;
                        main_.field = std::string();
                        main_.fields = std::vector<std::string>();
                        raw_ = std::string();
                        raw_complete_ = false;
                    }
                }
                i = j;
                continue;
            }
        }

        const std::uint64_t line = line_;
        if (line_break) {
            ++line_;
            after_cr_ = c == '\r';
        }
        if (phase_ == Phase::kHeader) {
            header_byte(c, line_break);
        } else {
            row_byte(line_break ? '\n' : c, line_break, offset + i, line);
        }
        ++i;
    }
}

void CsvEventReader::header_byte(char c, bool line_break) {
    if (line_break) {
        header_line();
        return;
    }
    if (header_line_.size() < kMaxHeaderBytes) {
        header_line_.push_back(c);
    } else {
        header_line_too_long_ = true;
    }
}

void CsvEventReader::header_line() {
    std::string_view line = header_line_;
    if (line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    const std::string_view trimmed = trim(line);
    if (!trimmed.empty() || header_line_too_long_) {
        if (header_line_too_long_ || trimmed.front() != '#') {
            if (!header_line_too_long_ && try_header(line, true)) {
                phase_ = Phase::kRows;
            } else if (++header_search_lines_ >= kMaxHeaderSearchLines) {
                phase_ = Phase::kIgnore;
            }
        }
    }
    header_line_.clear();
    header_line_too_long_ = false;
}

bool CsvEventReader::try_header(std::string_view line, bool allow_positional) {
    struct Candidate {
        Columns columns;
        bool usable = false;
        int known = 0;
        int named = 0;
    };
    std::optional<Candidate> best;
    char best_delimiter = 0;
    for (const char delimiter : {'\t', ',', ';'}) {
        const std::vector<std::string> names = split_line(line, delimiter);
        Candidate candidate;
        std::size_t named = names.size();
        while (named > 0 && trim(names[named - 1]).empty()) --named;
        candidate.named = static_cast<int>(named);
        std::array<int, 8> priority;
        priority.fill(INT_MAX);
        bool event_viewer = false;
        for (std::size_t index = 0; index < names.size(); ++index) {
            const KnownColumn* known = find_column(names[index]);
            if (known == nullptr) continue;
            ++candidate.known;
            event_viewer = event_viewer || known->event_viewer;
            const auto role = static_cast<std::size_t>(known->role);
            if (known->role == Role::kNone || known->priority >= priority[role]) continue;
            priority[role] = known->priority;
            const int column = static_cast<int>(index);
            Columns& to = candidate.columns;
            switch (known->role) {
                case Role::kProvider:
                    to.provider = column;
                    break;
                case Role::kProviderGuid:
                    to.provider_guid = column;
                    break;
                case Role::kEventId:
                    to.event_id = column;
                    break;
                case Role::kRecordId:
                    to.record_id = column;
                    break;
                case Role::kTime:
                    to.time = column;
                    break;
                case Role::kComputer:
                    to.computer = column;
                    break;
                case Role::kMessage:
                    to.message = column;
                    break;
                case Role::kNone:
                    break;
            }
        }
        bool positional = false;
        if (candidate.columns.event_id < 0 && named == 5 && candidate.columns.message < 0 &&
            allow_positional) {
            // Event Viewer in a language without a name table.
            candidate.columns = Columns{};
            candidate.columns.time = 1;
            candidate.columns.provider = 2;
            candidate.columns.event_id = 3;
            positional = true;
        }
        if (candidate.columns.message < 0 && (event_viewer || positional)) {
            candidate.columns.message = static_cast<int>(named);
            candidate.columns.message_is_rest = true;
        }
        candidate.usable = candidate.columns.event_id >= 0;
        if (!allow_positional && candidate.known < 2) candidate.usable = false;
        const auto key = [](const Candidate& c) { return std::tuple(c.usable, c.known, c.named); };
        if (!best || key(candidate) > key(*best)) {
            best = candidate;
            best_delimiter = delimiter;
        }
    }
    if (!best || !best->usable) return false;
    columns_ = best->columns;
    delimiter_ = best_delimiter;
    header_found_ = true;
    return true;
}

void CsvEventReader::row_byte(char c, bool line_break, std::uint64_t offset, std::uint64_t line) {
    if (!in_record_) {
        if (line_break) return;  // blank line
        in_record_ = true;
        record_offset_ = offset;
        record_line_ = line;
        record_bytes_ = 0;
    }
    if (probe_pending_) {
        probe_pending_ = false;
        probe_active_ = true;
        probe_.clear();
        probe_offset_ = offset;
        probe_line_ = line;
        probe_bytes_ = 0;
    }
    ++record_bytes_;
    if (!skipping_ && raw_complete_) {
        if (raw_.size() < kMaxHeaderBytes) {
            raw_.push_back(c);
        } else {
            raw_complete_ = false;
        }
    }
    const bool ended = main_.step(c, delimiter_, !skipping_);
    // Skipping: the probe may find a row start before the skipped record ends.
    if (skipping_ && probe_active_ && probe_byte(c, line_break)) return;
    if (ended) {
        end_record();
        return;
    }
    if (!skipping_) {
        if (record_bytes_ > kMaxRecordBytes) {
            skipping_ = true;
            ++skipped_.oversized;
            main_.field = std::string();
            main_.fields = std::vector<std::string>();
            raw_ = std::string();
            raw_complete_ = false;
        }
        return;
    }
    // A line break that did not end the record is inside quotes: try the
    // next line as the start of a row.
    if (line_break) probe_pending_ = true;
}

bool CsvEventReader::probe_byte(char c, bool line_break) {
    ++probe_bytes_;
    const bool ended = probe_.step(c, delimiter_, true);
    const auto index = static_cast<std::size_t>(columns_.event_id);
    if (probe_.fields.size() > index) {
        probe_active_ = false;
        if (!parse_event_id(probe_.fields[index])) return false;
        main_ = std::move(probe_);
        probe_.clear();
        skipping_ = false;
        record_offset_ = probe_offset_;
        record_line_ = probe_line_;
        record_bytes_ = probe_bytes_;
        raw_complete_ = false;
        if (ended) end_record();
        return true;
    }
    if (ended || line_break || probe_bytes_ > kProbeBytes) probe_active_ = false;
    return false;
}

void CsvEventReader::end_record() {
    if (!skipping_) {
        if (!raw_.empty() && raw_.back() == '\n') raw_.pop_back();
        process_row(main_.fields, main_.too_many, false);
    }
    main_.clear();
    in_record_ = false;
    skipping_ = false;
    probe_pending_ = false;
    probe_active_ = false;
    record_bytes_ = 0;
    raw_.clear();
    raw_complete_ = true;
}

void CsvEventReader::process_row(const std::vector<std::string>& fields, bool too_many,
                                 bool cut_in_quotes) {
    if (too_many) {
        ++skipped_.malformed;
        return;
    }
    if (fields.empty() || (fields.size() == 1 && trim(fields[0]).empty())) return;
    const auto index = static_cast<std::size_t>(columns_.event_id);
    if (index < fields.size()) {
        if (auto id = parse_event_id(fields[index])) {
            emit(fields, *id);
            return;
        }
    }
    if (cut_in_quotes) {
        ++skipped_.cut_off;
        return;
    }
    // The header of an export appended to this one.
    if (raw_complete_ && try_header(raw_, false)) return;
    if (trim(fields[0]).substr(0, 1) == "#") return;   // its "#TYPE" line
    if (index >= fields.size()) ++skipped_.malformed;  // too short to be an event row
}

void CsvEventReader::emit(const std::vector<std::string>& fields, int event_id) {
    const auto get = [&](int column) -> std::string_view {
        if (column < 0 || static_cast<std::size_t>(column) >= fields.size()) return {};
        return fields[static_cast<std::size_t>(column)];
    };
    EventRecord record;
    record.offset = record_offset_;
    record.line = record_line_;
    record.event_id = event_id;
    record.provider = std::string(trim(get(columns_.provider)));
    record.provider_guid = normalize_guid(get(columns_.provider_guid));
    if (auto id = parse_int(trim(get(columns_.record_id)), 10)) {
        record.record_id = static_cast<std::uint64_t>(*id);
    }
    const std::string_view time = get(columns_.time);
    if (!trim(time).empty()) record.time = normalize_event_time(time);
    record.computer = std::string(trim(get(columns_.computer)));
    if (columns_.message >= 0 && static_cast<std::size_t>(columns_.message) < fields.size()) {
        const auto first = static_cast<std::size_t>(columns_.message);
        record.message = fields[first];
        if (columns_.message_is_rest) {
            for (std::size_t k = first + 1; k < fields.size(); ++k) {
                record.message.push_back(delimiter_);
                record.message += fields[k];
            }
        }
    }
    ++records_;
    sink_.on_record(record);
}

void CsvEventReader::finish() {
    if (phase_ == Phase::kHeader && (!header_line_.empty() || header_line_too_long_)) {
        header_line();
    } else if (phase_ == Phase::kRows && in_record_ && !skipping_) {
        const bool cut_in_quotes = main_.state == FieldState::kQuoted;
        main_.push_field(true);
        if (!raw_.empty() && raw_.back() == '\n') raw_.pop_back();
        process_row(main_.fields, main_.too_many, cut_in_quotes);
    }
    reset_input();
    finished_ = true;
}

void CsvEventReader::reset_input() {
    phase_ = Phase::kHeader;
    columns_ = Columns{};
    after_cr_ = false;
    line_ = 1;
    header_line_.clear();
    header_line_too_long_ = false;
    header_search_lines_ = 0;
    main_.clear();
    in_record_ = false;
    skipping_ = false;
    record_offset_ = 0;
    record_line_ = 0;
    record_bytes_ = 0;
    raw_.clear();
    raw_complete_ = true;
    probe_.clear();
    probe_pending_ = false;
    probe_active_ = false;
    probe_bytes_ = 0;
}

}  // namespace alertscan
