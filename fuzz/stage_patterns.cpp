// The pattern-file loader: parse_patterns on arbitrary text. A file that
// parses must give definitions a Matcher accepts (its precondition), so
// they are compiled (RE2 and the Vectorscan prefilter) and run over the
// file's own text. Checks: no crash or leak; bad files are refused with
// PatternError only; accepted definitions have an id and a regex; the scan
// reads the whole text and its hits come from those definitions, inside it.
#include <set>
#include <string>

#include "fuzz_stages.hpp"
#include "fuzz_support.hpp"
#include "input/chunk_reader.hpp"
#include "match/matcher.hpp"
#include "match/pattern.hpp"

namespace alertscan::fuzz {

void patterns(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<PatternDef> patterns;
    try {
        patterns = parse_patterns(text, "fuzz.ini");
    } catch (const PatternError& error) {
        FUZZ_CHECK(!error.problems().empty());
        return;
    }
    std::set<std::string> ids;
    for (const PatternDef& def : patterns) {
        FUZZ_CHECK(!def.id.empty() && !def.regex.empty());
        ids.insert(def.id);
    }
    Matcher matcher(patterns);
    PieceSource source(text, text.size() + 1);
    const std::size_t context = matcher.context_bytes();
    ChunkReader reader(source, std::max<std::size_t>(8 * context, 8192), 1024, context);
    CollectingHitSink sink;
    Chunk chunk;
    while (reader.next(chunk)) matcher.scan(chunk, "fuzz.ini", sink);
    FUZZ_CHECK(reader.bytes_read() == size);
    for (const Hit& hit : sink.hits) {
        FUZZ_CHECK(ids.count(hit.pattern_id) == 1);
        FUZZ_CHECK(hit.offset < size);
    }
}

}  // namespace alertscan::fuzz
