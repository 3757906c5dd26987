#include "summary/merge.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <string_view>
#include <tuple>
#include <utility>

#include "output/json_fields.hpp"

namespace alertscan {
namespace {

using json = nlohmann::ordered_json;

constexpr std::string_view kSchema = "alertscan.summary/1";

[[noreturn]] void fail(const std::string& name, const std::string& where,
                       const std::string& reason) {
    throw MergeError(name + ": " + (where.empty() ? "" : where + ": ") + reason);
}

std::uint64_t count_of(const json& value, const std::string& name, const std::string& where) {
    if (value.is_number_unsigned()) return value.get<std::uint64_t>();
    if (value.is_number_integer() && value.get<std::int64_t>() >= 0) {
        return value.get<std::uint64_t>();
    }
    fail(name, where, std::string("expected a count (an integer >= 0), found ") + value.dump());
}

// Values of a top list compared as text, as the scanner keeps them
// (error state 1205 sorts before 205).
std::string key_text(const json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
}

// A descriptive field (name, meaning, note, ...): the first non-null value.
void coalesce(json& fields, const std::string& key, const json& value) {
    auto it = fields.find(key);
    if (it == fields.end()) {
        fields[key] = value;
    } else if (it->is_null()) {
        *it = value;
    }
}

// first_seen (earliest) or last_seen (latest), compared as text; null means
// no dated hit and loses to any time.
void widen(json& fields, const std::string& key, const json& value, bool earliest,
           const std::string& name, const std::string& where) {
    if (!value.is_null() && !value.is_string()) {
        fail(name, where + "." + key, "expected a time or null, found " + value.dump());
    }
    auto it = fields.find(key);
    if (it == fields.end()) {
        fields[key] = value;
        return;
    }
    if (value.is_null()) return;
    if (it->is_null()) {
        *it = value;
        return;
    }
    const auto& now = it->get_ref<const std::string&>();
    const auto& seen = value.get_ref<const std::string&>();
    if (earliest ? seen < now : seen > now) *it = value;
}

// A top list such as "peers": [{"peer": ..., "count": n}].
struct ListSpec {
    std::string_view field;
    std::string_view key;
};

// How the fields of one entry (alert, return code, event, host) merge.
// Other fields: numbers are counts too and add (a count added to the schema
// later, such as "fatal"), anything else (name, meaning, ...) keeps its
// first non-null value.
struct EntrySpec {
    std::vector<std::string_view> keys;    // integers that identify, not count
    std::vector<std::string_view> counts;  // must be counts; they add
    std::vector<ListSpec> lists;
    std::vector<std::string_view> maps;  // {"gskit": 2, "schannel": 3}: counts per key
};

bool named(const std::vector<std::string_view>& names, const std::string& key) {
    return std::find(names.begin(), names.end(), key) != names.end();
}

// One entry being merged. Top lists and maps are kept whole until the
// result is taken, so merging many summaries at once cuts them only once.
struct Entry {
    json fields = json::object();
    std::map<std::string, std::map<std::string, json>> lists;  // field, value as text: item
    std::map<std::string, std::map<std::string, std::uint64_t>> maps;
};

// Adds `value` to the count `fields[key]`; both must be counts.
void add_count(json& fields, const std::string& key, const json& value, const std::string& name,
               const std::string& where) {
    auto it = fields.find(key);
    if (it == fields.end()) {
        fields[key] = count_of(value, name, where);
        return;
    }
    if (!it->is_number_unsigned()) {
        fail(name, where, "a count here, not in an earlier summary: " + it->dump());
    }
    *it = it->get<std::uint64_t>() + count_of(value, name, where);
}

void merge_item(json& slot, const json& item, const std::string& name, const std::string& where) {
    if (slot.is_null()) slot = json::object();
    for (const auto& [key, value] : item.items()) {
        if (key == "count") {
            add_count(slot, key, value, name, where + ".count");
        } else {
            coalesce(slot, key, value);
        }
    }
}

void merge_entry(Entry& entry, const json& from, const EntrySpec& spec, const std::string& name,
                 const std::string& where) {
    if (!from.is_object()) fail(name, where, "expected an object, found " + from.dump());
    json& fields = entry.fields;
    for (const auto& [key, value] : from.items()) {
        const std::string at = where + "." + key;
        if (named(spec.keys, key)) {
            coalesce(fields, key, value);
        } else if (named(spec.counts, key)) {
            add_count(fields, key, value, name, at);
        } else if (key == "first_seen" || key == "last_seen") {
            widen(fields, key, value, key == "first_seen", name, where);
        } else if (auto list =
                       std::find_if(spec.lists.begin(), spec.lists.end(),
                                    // Init-capture: clang before 16 cannot capture a structured
                                    // binding directly (the fuzz build uses clang 14).
                                    [&field = key](const ListSpec& l) { return l.field == field; });
                   list != spec.lists.end()) {
            if (!value.is_array()) fail(name, at, "expected an array, found " + value.dump());
            if (!fields.contains(key)) fields[key] = nullptr;  // holds the field's place
            const std::string item_key(list->key);
            auto& items = entry.lists[key];
            for (std::size_t i = 0; i < value.size(); ++i) {
                const json& item = value[i];
                const std::string item_at = at + "[" + std::to_string(i) + "]";
                if (!item.is_object() || !item.contains(item_key) || !item.contains("count")) {
                    fail(
                        name, item_at,
                        "expected {\"" + item_key + "\": ..., \"count\": N}, found " + item.dump());
                }
                merge_item(items[key_text(item[item_key])], item, name, item_at);
            }
        } else if (named(spec.maps, key)) {
            if (!value.is_object()) fail(name, at, "expected an object, found " + value.dump());
            if (!fields.contains(key)) fields[key] = nullptr;
            auto& counts = entry.maps[key];
            for (const auto& [item, count] : value.items()) {
                counts[item] += count_of(count, name, at + "." + item);
            }
        } else if (value.is_number() || (fields.contains(key) && fields[key].is_number())) {
            add_count(fields, key, value, name, at);
        } else {
            coalesce(fields, key, value);
        }
    }
}

// Most frequent first, ties in key order (the order of `sorted`), at most
// kMergedTopLimit: how the scanner cuts its top lists.
template <typename T, typename Count>
void keep_top(std::vector<T>& sorted, Count count) {
    std::stable_sort(sorted.begin(), sorted.end(),
                     [&](const T& a, const T& b) { return count(a) > count(b); });
    if (sorted.size() > kMergedTopLimit) sorted.resize(kMergedTopLimit);
}

json finish_entry(const Entry& entry) {
    json out = entry.fields;
    for (const auto& [field, by_key] : entry.lists) {
        std::vector<json> items;
        for (const auto& [key, item] : by_key) items.push_back(item);
        keep_top(items, [](const json& item) { return item["count"].get<std::uint64_t>(); });
        out[field] = json(items);
    }
    for (const auto& [field, by_key] : entry.maps) {
        std::vector<std::pair<std::string, std::uint64_t>> counts(by_key.begin(), by_key.end());
        keep_top(counts, [](const auto& pair) { return pair.second; });
        json map = json::object();
        for (const auto& [key, count] : counts) map[key] = count;
        out[field] = map;
    }
    return out;
}

// Entries are merged by this key; its order breaks ties in the output.
using Key = std::tuple<std::string, std::int64_t, std::string>;

std::int64_t integer_field(const json& entry, const char* field, const std::string& name,
                           const std::string& where) {
    if (!entry.contains(field) || !entry[field].is_number_integer()) {
        fail(name, where, std::string("expected an integer \"") + field + "\"");
    }
    return entry[field].get<std::int64_t>();
}

std::string string_field(const json& entry, const char* field, const std::string& name,
                         const std::string& where) {
    if (!entry.contains(field) || !entry[field].is_string()) {
        fail(name, where, std::string("expected a string \"") + field + "\"");
    }
    return entry[field].get<std::string>();
}

Key alert_key(const json& entry, const std::string& name, const std::string& where) {
    return {"", integer_field(entry, "code", name, where), ""};
}

// By numbering and code; a code known only by name (code null) by its name.
Key gskit_key(const json& entry, const std::string& name, const std::string& where) {
    std::string table = string_field(entry, "table", name, where);
    if (entry.contains("code") && entry["code"].is_null()) {
        const json label = entry.value("name", json(nullptr));
        if (!label.is_null() && !label.is_string()) {
            fail(name, where, "expected a string or null \"name\"");
        }
        return {std::move(table), -1, label.is_null() ? "" : label.get<std::string>()};
    }
    return {std::move(table), integer_field(entry, "code", name, where), ""};
}

Key event_key(const json& entry, const std::string& name, const std::string& where) {
    return {"", integer_field(entry, "event_id", name, where), ""};
}

Key host_key(const json& entry, const std::string& name, const std::string& where) {
    return {string_field(entry, "host", name, where), 0, ""};
}

struct SectionSpec {
    std::string_view field;    // "alerts"
    std::string_view ordered;  // count field sorted descending; "" for key order only
    Key (*key)(const json&, const std::string&, const std::string&);
    EntrySpec entry;
};

const std::vector<SectionSpec>& sections() {
    static const std::vector<SectionSpec> specs = {
        {"alerts",
         "count",
         alert_key,
         {{"code"},
          {"count", "received", "sent", "unknown", "undated"},
          {{"peers", "peer"}, {"hosts", "host"}, {"error_states", "state"}},
          {"sources"}}},
        {"gskit_codes",
         "count",
         gskit_key,
         {{"code"},
          {"count", "received", "sent", "unknown", "undated"},
          {{"peers", "peer"},
           {"channels", "channel"},
           {"hosts", "host"},
           {"validation_codes", "code"}},
          {"sources"}}},
        {"schannel_events",
         "",
         event_key,
         {{"event_id"},
          {"count", "undated"},
          {{"hosts", "host"},
           {"error_states", "state"},
           {"error_codes", "code"},
           {"protocols", "protocol"},
           {"names", "name"}},
          {}}},
        {"hosts",
         "alerts",
         host_key,
         {{}, {"alerts", "received", "sent", "gskit_codes", "schannel_events"}, {}, {}}},
    };
    return specs;
}

bool top_level_field(const std::string& key) {
    static const std::vector<std::string_view> known = {
        "schema",      "generator",       "merged_from", "totals", "alerts",
        "gskit_codes", "schannel_events", "hosts",       "inputs"};
    return named(known, key);
}

}  // namespace

struct SummaryMerger::State {
    json merged_from = json::array();
    json totals = {{"hits", std::uint64_t{0}},
                   {"alert_hits", std::uint64_t{0}},
                   {"gskit_hits", std::uint64_t{0}},
                   {"inputs", std::uint64_t{0}},
                   {"failed_inputs", std::uint64_t{0}}};
    std::vector<std::map<Key, Entry>> entries =
        std::vector<std::map<Key, Entry>>(sections().size());
    json inputs = json::array();
    json extra = json::object();  // other top-level fields, first non-null value
};

SummaryMerger::SummaryMerger() : state_(std::make_unique<State>()) {}
SummaryMerger::~SummaryMerger() = default;
SummaryMerger::SummaryMerger(SummaryMerger&&) noexcept = default;
SummaryMerger& SummaryMerger::operator=(SummaryMerger&&) noexcept = default;

void SummaryMerger::add(const std::string& name, const json& document) {
    if (!document.is_object()) fail(name, "", "not a JSON object");
    const json schema = document.value("schema", json(nullptr));
    if (schema != json(std::string(kSchema))) {
        fail(name, "",
             "not an alertscan summary (schema \"" + std::string(kSchema) + "\" expected, found " +
                 (schema.is_null() ? std::string("none") : schema.dump()) + ")");
    }
    State& state = *state_;

    if (document.contains("merged_from")) {
        const json& from = document["merged_from"];
        if (!from.is_array()) fail(name, "merged_from", "expected an array of names");
        for (const json& source : from) {
            if (!source.is_string()) fail(name, "merged_from", "expected an array of names");
            state.merged_from.push_back(source);
        }
    } else {
        state.merged_from.push_back(name);
    }

    if (document.contains("totals")) {
        const json& totals = document["totals"];
        if (!totals.is_object()) fail(name, "totals", "expected an object");
        for (const auto& [key, value] : totals.items()) {
            auto it = state.totals.find(key);
            if (value.is_number() || (it != state.totals.end() && it->is_number())) {
                add_count(state.totals, key, value, name, "totals." + key);
            } else {
                coalesce(state.totals, key, value);
            }
        }
    }

    for (std::size_t s = 0; s < sections().size(); ++s) {
        const SectionSpec& spec = sections()[s];
        const std::string field(spec.field);
        if (!document.contains(field) || document[field].is_null()) continue;
        const json& entries = document[field];
        if (!entries.is_array()) fail(name, field, "expected an array");
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const std::string where = field + "[" + std::to_string(i) + "]";
            if (!entries[i].is_object()) fail(name, where, "expected an object");
            Entry& entry = state.entries[s][spec.key(entries[i], name, where)];
            merge_entry(entry, entries[i], spec.entry, name, where);
        }
    }

    if (document.contains("inputs") && !document["inputs"].is_null()) {
        const json& inputs = document["inputs"];
        if (!inputs.is_array()) fail(name, "inputs", "expected an array");
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            if (!inputs[i].is_object()) {
                fail(name, "inputs[" + std::to_string(i) + "]", "expected an object");
            }
            json input = inputs[i];
            coalesce(input, "summary", name);
            state.inputs.push_back(std::move(input));
        }
    }

    for (const auto& [key, value] : document.items()) {
        if (!top_level_field(key)) coalesce(state.extra, key, value);
    }
}

json SummaryMerger::result() const {
    const State& state = *state_;
    json out = {{"schema", std::string(kSchema)},
                {"generator", generator_name()},
                {"merged_from", state.merged_from},
                {"totals", state.totals}};
    for (std::size_t s = 0; s < sections().size(); ++s) {
        const SectionSpec& spec = sections()[s];
        std::vector<json> entries;
        for (const auto& [key, entry] : state.entries[s]) entries.push_back(finish_entry(entry));
        if (!spec.ordered.empty()) {
            const std::string field(spec.ordered);
            std::stable_sort(entries.begin(), entries.end(), [&](const json& a, const json& b) {
                return a.value(field, std::uint64_t{0}) > b.value(field, std::uint64_t{0});
            });
        }
        out[std::string(spec.field)] = json(entries);
    }
    out["inputs"] = state.inputs;
    for (const auto& [key, value] : state.extra.items()) out[key] = value;
    return out;
}

json merge_summaries(const std::vector<NamedSummary>& summaries) {
    SummaryMerger merger;
    for (const NamedSummary& summary : summaries) merger.add(summary.name, summary.document);
    return merger.result();
}

json merge_summaries(const std::vector<json>& documents) {
    SummaryMerger merger;
    for (std::size_t i = 0; i < documents.size(); ++i) {
        merger.add("summary " + std::to_string(i + 1), documents[i]);
    }
    return merger.result();
}

}  // namespace alertscan
