#include "input/evtx_fast_reader.hpp"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "formats/event_xml.hpp"
#include "formats/schannel_events.hpp"
#include "input/byte_source.hpp"
#include "util/text.hpp"

namespace alertscan {
namespace {

constexpr std::size_t kFileHeaderBytes = 4096;
constexpr std::size_t kChunkBytes = 0x10000;
constexpr std::size_t kChunkHeaderBytes = 512;
constexpr std::size_t kRecordHeaderBytes = 24;
constexpr std::uint32_t kFileFlagDirty = 1;

std::uint16_t le16(const std::uint8_t* p) {
    return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}
std::uint32_t le32(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(le16(p)) | (static_cast<std::uint32_t>(le16(p + 2)) << 16);
}
std::uint64_t le64(const std::uint8_t* p) {
    return static_cast<std::uint64_t>(le32(p)) | (static_cast<std::uint64_t>(le32(p + 4)) << 32);
}

std::uint32_t crc(const std::uint8_t* data, std::size_t size, std::uint32_t start = 0) {
    return static_cast<std::uint32_t>(::crc32(start, data, static_cast<uInt>(size)));
}

bool all_zero(const std::uint8_t* data, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) {
        if (data[i] != 0) return false;
    }
    return true;
}

// Reads exactly `size` bytes at `offset`; false at end of file.
bool read_at(int fd, std::uint64_t offset, std::uint8_t* buffer, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
        ssize_t got = ::pread(fd, buffer + done, size - done, static_cast<off_t>(offset + done));
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) throw InputError(errno_message(errno));
        if (got == 0) return false;
        done += static_cast<std::size_t>(got);
    }
    return true;
}

// ---------------------------------------------------------------------------
// Layout: what libevtx_file_open lists (libevtx_chunk_read,
// libevtx_record_values_read_header), or nothing where it would differ.

// libevtx_record_values_read_header: 1 valid, 0 zero header, -1 invalid.
int record_header(const std::uint8_t* chunk, std::size_t offset, std::uint32_t* size) {
    if (offset >= kChunkBytes) return -1;
    const std::size_t available = kChunkBytes - offset;
    if (available < kRecordHeaderBytes + 4) return -1;
    const std::uint8_t* record = chunk + offset;
    if (all_zero(record, kRecordHeaderBytes)) return 0;
    if (std::memcmp(record, "**\0\0", 4) != 0) return -1;
    const std::uint32_t data_size = le32(record + 4);
    // libevtx drops a record that ends within 4 bytes of the chunk's end.
    if (data_size < kRecordHeaderBytes || data_size > available - 4) return -1;
    if (le32(record + data_size - 4) != data_size) return -1;
    *size = data_size;
    return 1;
}

// How many recovered records libevtx finds in the slack after the chunk's
// records, scanning 4 bytes at a time as libevtx_chunk_read does.
std::uint64_t recovered_records(const std::uint8_t* chunk, std::size_t from) {
    std::uint64_t found = 0;
    for (std::size_t at = from; at + 4 <= kChunkBytes; at += 4) {
        if (std::memcmp(chunk + at, "**\0\0", 4) != 0) continue;
        std::uint32_t size = 0;
        if (record_header(chunk, at, &size) != 1) continue;
        const std::uint8_t* xml = chunk + at + kRecordHeaderBytes;
        const std::size_t xml_size =
            size > kRecordHeaderBytes + 4 ? size - kRecordHeaderBytes - 4 : 0;
        if ((xml_size >= 5 && xml[0] == 0x0a) ||
            (xml_size >= 4 && std::memcmp(xml, "\x0f\x01\x01\x00", 4) == 0)) {
            ++found;
            at += size - 4;
        }
    }
    return found;
}

// The chunk's record offsets, or nothing (and `why`) when it is not clean.
// `recovered` gets the number of recovered records in its slack.
std::optional<std::vector<std::uint32_t>> chunk_records(const std::uint8_t* chunk,
                                                        std::uint64_t& recovered,
                                                        std::string& why) {
    if (std::memcmp(chunk, "ElfChnk\0", 8) != 0) {
        why = "a chunk without its signature";
        return std::nullopt;
    }
    const std::uint64_t first_number = le64(chunk + 8);
    const std::uint64_t last_number = le64(chunk + 16);
    const std::uint32_t header_size = le32(chunk + 40);
    const std::uint32_t last_record = le32(chunk + 44);
    const std::uint32_t free_space = le32(chunk + 48);
    if (header_size != 128) {
        why = "a chunk header size other than 128";
        return std::nullopt;
    }
    if (crc(chunk + 128, 384, crc(chunk, 120)) != le32(chunk + 124)) {
        why = "a chunk header checksum mismatch";
        return std::nullopt;
    }
    if (free_space < kChunkHeaderBytes || free_space > kChunkBytes) {
        why = "a chunk free space offset out of range";
        return std::nullopt;
    }
    if (crc(chunk + kChunkHeaderBytes, free_space - kChunkHeaderBytes) != le32(chunk + 52)) {
        why = "a chunk records checksum mismatch";
        return std::nullopt;
    }
    std::vector<std::uint32_t> records;
    std::size_t offset = kChunkHeaderBytes;
    while (offset <= last_record) {
        std::uint32_t size = 0;
        if (record_header(chunk, offset, &size) != 1) {
            why = "a chunk whose records do not chain up";
            return std::nullopt;
        }
        records.push_back(static_cast<std::uint32_t>(offset));
        offset += size;
    }
    if (first_number > last_number || records.size() != last_number - first_number + 1) {
        why = "a chunk whose record count does not match its header";
        return std::nullopt;
    }
    recovered = recovered_records(chunk, offset);
    return records;
}

}  // namespace

std::optional<EvtxLayout> scan_evtx_layout(int fd, std::uint64_t file_size, std::string& why) {
    std::array<std::uint8_t, kFileHeaderBytes> header{};
    if (file_size < kFileHeaderBytes || !read_at(fd, 0, header.data(), header.size())) {
        why = "a file shorter than its header";
        return std::nullopt;
    }
    const std::uint8_t* h = header.data();
    const std::uint64_t first_chunk = le64(h + 8);
    const std::uint64_t last_chunk = le64(h + 16);
    const std::uint16_t block_size = le16(h + 40);
    const std::uint16_t chunk_count = le16(h + 42);
    const std::uint32_t flags = le32(h + 120);
    if (std::memcmp(h, "ElfFile\0", 8) != 0 || le32(h + 32) != 128 || le16(h + 38) != 3 ||
        block_size != kFileHeaderBytes || crc(h, 120) != le32(h + 124) ||
        first_chunk > last_chunk || chunk_count != last_chunk - first_chunk + 1) {
        why = "a file header the fast path does not read";
        return std::nullopt;
    }
    const bool dirty = (flags & kFileFlagDirty) != 0;
    std::uint64_t chunks_read = 0;  // chunks libevtx reads (not all zeros)

    EvtxLayout layout;
    std::vector<std::uint8_t> chunk(kChunkBytes);
    std::uint64_t index = 0;
    for (std::uint64_t offset = kFileHeaderBytes; offset + kChunkBytes <= file_size;
         offset += kChunkBytes, ++index) {
        if (index > 0xffff) {
            why = "more chunks than libevtx counts";
            return std::nullopt;
        }
        if (!read_at(fd, offset, chunk.data(), kChunkBytes)) {
            why = "a file shorter than it was";
            return std::nullopt;
        }
        if (all_zero(chunk.data(), kChunkBytes)) {  // preallocated, never used
            if (index < chunk_count) layout.corrupt = true;
            continue;
        }
        ++chunks_read;
        std::uint64_t recovered = 0;
        auto records = chunk_records(chunk.data(), recovered, why);
        if (!records) return std::nullopt;
        layout.recovered += recovered;
        if (records->empty()) continue;
        if (index >= chunk_count && !dirty) {
            // libevtx lists them as recovered records; they go to libevtx.
            layout.recovered += records->size();
            continue;
        }
        layout.records += records->size();
        layout.chunks.push_back({offset, std::move(*records)});
    }
    if (layout.records > 0x7fffffff || layout.recovered > 0x7fffffff) {
        why = "more records than libevtx counts";
        return std::nullopt;
    }
    if (chunks_read != chunk_count) layout.corrupt = true;
    return layout;
}

// ---------------------------------------------------------------------------
// Binary XML

namespace {

enum ValueType : std::uint8_t {
    kNull = 0x00,
    kString = 0x01,
    kInt8 = 0x03,
    kUInt8 = 0x04,
    kInt16 = 0x05,
    kUInt16 = 0x06,
    kInt32 = 0x07,
    kUInt32 = 0x08,
    kInt64 = 0x09,
    kUInt64 = 0x0a,
    kReal32 = 0x0b,
    kReal64 = 0x0c,
    kBool = 0x0d,
    kBinary = 0x0e,
    kGuid = 0x0f,
    kSizeT = 0x10,
    kFiletime = 0x11,
    kSystemtime = 0x12,
    kSid = 0x13,
    kHex32 = 0x14,
    kHex64 = 0x15,
    kBinXml = 0x21,
    kStringArray = 0x81,
};

// A template, parsed once per chunk into a flat token list.
struct Token {
    enum class Kind : std::uint8_t {
        kOpen,
        kAttribute,
        kText,
        kSubstitution,
        kCloseStart,
        kCloseEmpty,
        kEnd
    };
    explicit Token(Kind k) : kind(k) {}
    Kind kind;
    bool optional = false;
    std::uint8_t declared = 0;  // a substitution's declared value type
    std::uint16_t index = 0;
    std::string text;  // element or attribute name; escaped UTF-8 text
};

// A substitution as the template uses it.
struct Reference {
    std::uint16_t index = 0;
    bool optional = false;
    bool attribute = false;
    std::uint8_t declared = 0;
};

struct Template {
    bool ok = false;
    std::vector<Token> tokens;
    std::vector<Reference> references;  // in template order
    int event_id_index = -1;            // substitution that is the whole System/EventID content
};

}  // namespace

struct EvtxTemplateCache::Impl {
    std::unordered_map<std::uint32_t, std::unique_ptr<Template>> templates;
};

EvtxTemplateCache::EvtxTemplateCache() : impl_(new Impl) {}
EvtxTemplateCache::~EvtxTemplateCache() {
    delete impl_;
}
void EvtxTemplateCache::clear() {
    impl_->templates.clear();
}
std::size_t EvtxTemplateCache::size() const {
    return impl_->templates.size();
}

namespace {

// Bounds-checked reads over the chunk, up to `end`; a read past it clears ok.
struct Cursor {
    const std::uint8_t* chunk;
    std::size_t pos;
    std::size_t end;
    bool ok = true;

    bool has(std::size_t n) {
        if (!ok || pos > end || n > end - pos) ok = false;
        return ok;
    }
    std::uint8_t peek() { return has(1) ? chunk[pos] : 0; }
    std::uint8_t u8() { return has(1) ? chunk[pos++] : 0; }
    std::uint16_t u16() {
        if (!has(2)) return 0;
        pos += 2;
        return le16(chunk + pos - 2);
    }
    std::uint32_t u32() {
        if (!has(4)) return 0;
        pos += 4;
        return le32(chunk + pos - 4);
    }
    void skip(std::size_t n) {
        if (has(n)) pos += n;
    }
};

enum class TextIn { kContent, kAttribute, kName };

// Appends UTF-16LE text as UTF-8, escaped as libevtx escapes it ('&' and
// '>' seen as entities in its output). False for what libevtx may print
// differently or what may break its XML: '<', '"' in an attribute, control
// characters other than tab and line ends, surrogates (libevtx mis-prints
// characters outside the BMP), an embedded NUL, any markup in a name.
// Trailing NULs end the text.
bool append_utf16(const std::uint8_t* data, std::size_t units, std::string* out, TextIn where) {
    // libevtx fails on an empty string as an attribute value (seen with
    // size 0); as element content it prints nothing.
    while (units > 0 && le16(data + 2 * (units - 1)) == 0) --units;
    if (units == 0 && where != TextIn::kContent) return false;
    for (std::size_t i = 0; i < units; ++i) {
        const unsigned c = le16(data + 2 * i);
        if (c < 0x20 && (where == TextIn::kName || (c != '\t' && c != '\n' && c != '\r'))) {
            return false;
        }
        if (c == '<' || (c >= 0xd800 && c <= 0xdfff) || c == 0xfffe || c == 0xffff) return false;
        if (c == '"' && where != TextIn::kContent) return false;
        if ((c == '&' || c == '>' || c == '\'' || c == ' ' || c == '=') && where == TextIn::kName) {
            return false;
        }
        if (out == nullptr) continue;
        if (c == '&') {
            out->append("&amp;");
        } else if (c == '>') {
            out->append("&gt;");
        } else if (c < 0x80) {
            out->push_back(static_cast<char>(c));
        } else if (c < 0x800) {
            out->push_back(static_cast<char>(0xc0 | (c >> 6)));
            out->push_back(static_cast<char>(0x80 | (c & 0x3f)));
        } else {
            out->push_back(static_cast<char>(0xe0 | (c >> 12)));
            out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
            out->push_back(static_cast<char>(0x80 | (c & 0x3f)));
        }
    }
    return true;
}

// A string array (NUL-separated strings): whether its characters are ones
// libevtx prints plainly. How it joins them is not known here.
bool utf16_array_is_plain(const std::uint8_t* data, std::size_t units) {
    std::size_t from = 0;
    for (std::size_t i = 0; i <= units; ++i) {
        if (i == units || le16(data + 2 * i) == 0) {
            if (i > from && !append_utf16(data + 2 * from, i - from, nullptr, TextIn::kAttribute)) {
                return false;
            }
            from = i + 1;
        }
    }
    return true;
}

// An element or attribute name: inline when it starts right here, else
// elsewhere in the chunk (libevtx's rule).
bool read_name(Cursor& in, std::string& name) {
    const std::uint32_t offset = in.u32();
    if (!in.ok) return false;
    Cursor at{in.chunk, offset, in.end};
    // A name further on is not one libevtx reads the same way.
    if (offset > in.pos) return false;
    if (offset != in.pos) at.end = kChunkBytes;
    at.skip(6);
    const std::uint16_t units = at.u16();
    if (!at.has(2 * static_cast<std::size_t>(units) + 2) || units == 0) return false;
    name.clear();
    if (!append_utf16(at.chunk + at.pos, units, &name, TextIn::kName) || name.size() != units) {
        return false;
    }
    // ASCII XML name characters only (pugixml rejects others in libevtx's XML).
    auto start_char = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    };
    if (!start_char(name[0])) return false;
    for (char c : name) {
        if (!start_char(c) && !(c >= '0' && c <= '9') && c != '-' && c != '.') return false;
    }
    at.skip(2 * static_cast<std::size_t>(units) + 2);
    if (offset == in.pos) in.pos = at.pos;
    return at.ok;
}

// A value token inside a template: text or a substitution.
bool read_value(Cursor& in, std::vector<Token>& tokens, TextIn where) {
    const std::uint8_t kind = in.u8();
    if (kind == 0x05) {
        if (in.u8() != kString) return false;
        const std::uint16_t units = in.u16();
        if (!in.has(2 * static_cast<std::size_t>(units))) return false;
        Token text(Token::Kind::kText);
        // Trailing NULs would be printed as-is by libevtx: refuse them.
        if (units > 0 && le16(in.chunk + in.pos + 2 * (units - 1)) == 0) return false;
        if (!append_utf16(in.chunk + in.pos, units, &text.text, where)) return false;
        in.skip(2 * static_cast<std::size_t>(units));
        tokens.push_back(std::move(text));
        return true;
    }
    if (kind == 0x0d || kind == 0x0e) {
        Token substitution(Token::Kind::kSubstitution);
        substitution.optional = kind == 0x0e;
        substitution.index = in.u16();
        substitution.declared = in.u8();
        tokens.push_back(substitution);
        return in.ok;
    }
    return false;
}

bool read_element(Cursor& in, std::vector<Token>& tokens, int depth) {
    if (depth > 32) return false;
    const std::uint8_t start = in.u8();
    if ((start & 0xbf) != 0x01) return false;
    in.skip(2);  // dependency identifier
    // libevtx walks elements by their sizes: sizes that disagree with the
    // tokens are left to it.
    const std::uint32_t element_size = in.u32();
    const std::size_t element_start = in.pos;
    auto ends_here = [&] { return in.ok && in.pos - element_start == element_size; };
    Token open(Token::Kind::kOpen);
    if (!read_name(in, open.text)) return false;
    tokens.push_back(std::move(open));
    if ((start & 0x40) != 0) {
        const std::uint32_t attributes_size = in.u32();
        const std::size_t attributes_start = in.pos;
        std::uint8_t more = 0x40;
        while (in.ok && (more & 0x40) != 0) {
            const std::uint8_t attribute = in.u8();
            if ((attribute & 0xbf) != 0x06) return false;
            more = attribute;
            Token name(Token::Kind::kAttribute);
            if (!read_name(in, name.text)) return false;
            tokens.push_back(std::move(name));
            if (!read_value(in, tokens, TextIn::kAttribute)) return false;
        }
        if (!in.ok || in.pos - attributes_start != attributes_size) return false;
    }
    const std::uint8_t close = in.u8();
    if (close == 0x03) {
        tokens.emplace_back(Token::Kind::kCloseEmpty);
        return ends_here();
    }
    if (close != 0x02) return false;
    tokens.emplace_back(Token::Kind::kCloseStart);
    while (in.ok) {
        const std::uint8_t next = in.peek();
        if (next == 0x04) {
            in.u8();
            tokens.emplace_back(Token::Kind::kEnd);
            return ends_here();
        }
        if ((next & 0xbf) == 0x01) {
            if (!read_element(in, tokens, depth + 1)) return false;
        } else if (!read_value(in, tokens, TextIn::kContent)) {
            return false;
        }
    }
    return false;
}

// The substitution index that is all of System/EventID's content, or -1.
int event_id_substitution(const std::vector<Token>& tokens) {
    std::vector<std::string_view> path;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& token = tokens[i];
        if (token.kind == Token::Kind::kOpen) {
            path.push_back(token.text);
        } else if (token.kind == Token::Kind::kCloseEmpty || token.kind == Token::Kind::kEnd) {
            if (!path.empty()) path.pop_back();
        } else if (token.kind == Token::Kind::kCloseStart && path.size() == 3 &&
                   path[1] == "System" && path[2] == "EventID" && i + 2 < tokens.size() &&
                   tokens[i + 1].kind == Token::Kind::kSubstitution &&
                   tokens[i + 2].kind == Token::Kind::kEnd) {
            return tokens[i + 1].index;
        }
    }
    return -1;
}

std::vector<Reference> references_of(const std::vector<Token>& tokens) {
    std::vector<Reference> references;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (tokens[i].kind != Token::Kind::kSubstitution) continue;
        Reference reference;
        reference.index = tokens[i].index;
        reference.optional = tokens[i].optional;
        reference.declared = tokens[i].declared;
        reference.attribute = i > 0 && tokens[i - 1].kind == Token::Kind::kAttribute;
        references.push_back(reference);
    }
    return references;
}

// The template whose definition is at chunk offset `offset`.
const Template& template_at(const std::uint8_t* chunk, std::uint32_t offset,
                            EvtxTemplateCache::Impl& cache) {
    auto found = cache.templates.find(offset);
    if (found != cache.templates.end()) return *found->second;
    auto parsed = std::make_unique<Template>();
    Cursor in{chunk, offset, kChunkBytes};
    in.skip(4 + 16);  // next template offset, GUID
    const std::uint32_t size = in.u32();
    if (in.has(size)) {
        in.end = in.pos + size;
        if (in.peek() == 0x0f) {
            if (in.u8() != 0x0f || in.u8() != 1 || in.u8() != 1 || in.u8() != 0) in.ok = false;
        }
        parsed->ok = in.ok && read_element(in, parsed->tokens, 0) && in.u8() == 0x00 && in.ok &&
                     in.pos == in.end;
        if (parsed->ok) {
            parsed->event_id_index = event_id_substitution(parsed->tokens);
            parsed->references = references_of(parsed->tokens);
        }
    }
    return *cache.templates.emplace(offset, std::move(parsed)).first->second;
}

// One substitution value: where its bytes are and its type.
struct Value {
    std::size_t at = 0;
    std::uint16_t size = 0;
    std::uint8_t type = kNull;
};

std::size_t fixed_size(std::uint8_t type) {
    switch (type) {
        case kInt8:
        case kUInt8:
            return 1;
        case kInt16:
        case kUInt16:
            return 2;
        case kInt32:
        case kUInt32:
        case kReal32:
        case kBool:
        case kHex32:
            return 4;
        case kInt64:
        case kUInt64:
        case kReal64:
        case kFiletime:
        case kHex64:
            return 8;
        case kGuid:
        case kSystemtime:
            return 16;
        default:
            return 0;
    }
}

// Types libevtx decodes without failing (sizes as Windows writes them).
bool value_is_sound(const std::uint8_t* chunk, const Value& value) {
    switch (value.type) {
        case kNull:
        case kBinary:
        case kBinXml:
            return true;
        case kString:
        case kStringArray:
            return value.size % 2 == 0;
        case kSizeT:
            return value.size == 4 || value.size == 8;
        case kSid: {
            if (value.size < 8) return false;
            const std::size_t parts = chunk[value.at + 1];
            return value.size == 8 + 4 * parts;
        }
        default: {
            const std::size_t size = fixed_size(value.type);
            return size != 0 && value.size == size;
        }
    }
}

void append_decimal(std::uint64_t number, std::string& out) {
    char digits[20];
    std::size_t count = 0;
    do {
        digits[count++] = static_cast<char>('0' + number % 10);
        number /= 10;
    } while (number != 0);
    while (count > 0) out.push_back(digits[--count]);
}

// `number` as exactly `width` decimal digits (zero-padded).
void append_padded(std::uint64_t number, int width, std::string& out) {
    char digits[20];
    for (int i = width; i-- > 0; number /= 10) digits[i] = static_cast<char>('0' + number % 10);
    out.append(digits, static_cast<std::size_t>(width));
}

// `number` as `digits` upper-case hex digits, as printf's %0NX.
void append_hex(std::uint64_t number, int digits, std::string& out, const char* alphabet) {
    for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4)
        out.push_back(alphabet[(number >> shift) & 15]);
}

constexpr char kUpperHex[] = "0123456789ABCDEF";
constexpr char kLowerHex[] = "0123456789abcdef";

// FILETIME as libevtx's SystemTime, cut to the 7 digits parse_event_xml
// keeps (formatted by hand: this runs for every rendered record).
bool append_filetime(std::uint64_t ticks, std::string& out) {
    constexpr std::uint64_t kTicksPerSecond = 10'000'000;
    constexpr std::int64_t kUnixEpoch = 11'644'473'600;  // seconds 1601 -> 1970
    const std::int64_t seconds = static_cast<std::int64_t>(ticks / kTicksPerSecond) - kUnixEpoch;
    const std::time_t when = static_cast<std::time_t>(seconds);
    std::tm utc{};
    if (ticks == 0 || ::gmtime_r(&when, &utc) == nullptr || utc.tm_year + 1900 > 9999) return false;
    append_padded(static_cast<std::uint64_t>(utc.tm_year + 1900), 4, out);
    out.push_back('-');
    append_padded(static_cast<std::uint64_t>(utc.tm_mon + 1), 2, out);
    out.push_back('-');
    append_padded(static_cast<std::uint64_t>(utc.tm_mday), 2, out);
    out.push_back('T');
    append_padded(static_cast<std::uint64_t>(utc.tm_hour), 2, out);
    out.push_back(':');
    append_padded(static_cast<std::uint64_t>(utc.tm_min), 2, out);
    out.push_back(':');
    append_padded(static_cast<std::uint64_t>(utc.tm_sec), 2, out);
    out.push_back('.');
    append_padded(ticks % kTicksPerSecond, 7, out);
    out.push_back('Z');
    return true;
}

// A GUID as libevtx prints it: {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}.
void append_guid(const std::uint8_t* g, std::string& out) {
    out.push_back('{');
    append_hex(le32(g), 8, out, kUpperHex);
    out.push_back('-');
    append_hex(le16(g + 4), 4, out, kUpperHex);
    out.push_back('-');
    append_hex(le16(g + 6), 4, out, kUpperHex);
    out.push_back('-');
    for (int i = 8; i < 16; ++i) {
        if (i == 10) out.push_back('-');
        append_hex(g[i], 2, out, kUpperHex);
    }
    out.push_back('}');
}

class Renderer;

// Renders or checks one template instance at `in` (token 0x0c).
bool render_instance(Cursor& in, EvtxTemplateCache::Impl& cache, Renderer& renderer, int depth);

// Walks templates and values. With `out` null it only checks that libevtx
// would decode the record; with `out` it also writes the XML that matters
// to parse_event_xml (other values are written as placeholders).
class Renderer {
  public:
    explicit Renderer(std::string* out) : out_(out) {}

    bool walk(const std::uint8_t* chunk, const Template& definition,
              const std::vector<Value>& values, EvtxTemplateCache::Impl& cache, int depth) {
        const std::vector<Token>& tokens = definition.tokens;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            const Token& token = tokens[i];
            switch (token.kind) {
                case Token::Kind::kOpen:
                    path_.push_back(token.text);
                    emit("<");
                    emit(token.text);
                    break;
                case Token::Kind::kAttribute: {
                    if (i + 1 >= tokens.size()) return false;
                    const Token& value = tokens[++i];
                    if (value.kind == Token::Kind::kSubstitution) {
                        if (value.index >= values.size()) return false;
                        const Value& v = values[value.index];
                        if (v.type == kNull) {
                            if (!value.optional) return false;
                            break;  // absent attribute
                        }
                        if (v.type == kBinXml) return false;
                        scratch_.clear();
                        if (!scalar(chunk, v, token.text, scratch_)) return false;
                        emit_attribute(token.text, scratch_);
                    } else {
                        emit_attribute(token.text, value.text);
                    }
                    break;
                }
                case Token::Kind::kCloseStart:
                    emit(">");
                    break;
                case Token::Kind::kCloseEmpty:
                    emit("/>");
                    if (!path_.empty()) path_.pop_back();
                    break;
                case Token::Kind::kEnd:
                    if (path_.empty()) return false;
                    emit("</");
                    emit(path_.back());
                    emit(">");
                    path_.pop_back();
                    break;
                case Token::Kind::kText:
                    emit(token.text);
                    break;
                case Token::Kind::kSubstitution: {
                    if (token.index >= values.size()) return false;
                    const Value& v = values[token.index];
                    if (v.type == kNull) {
                        // libevtx fails on a null normal substitution; what it
                        // prints for an optional one only matters in the data.
                        // A null where Binary XML (EventData) belongs drops the event.
                        if (!token.optional || token.declared == kBinXml ||
                            (out_ != nullptr && in_payload())) {
                            return false;
                        }
                        break;
                    }
                    if (v.type == kBinXml) {
                        Cursor nested{chunk, v.at, v.at + v.size};
                        if (!nested_fragment(nested, cache, depth)) return false;
                        break;
                    }
                    scratch_.clear();
                    if (!scalar(chunk, v, {}, scratch_)) return false;
                    emit(scratch_);
                    break;
                }
            }
        }
        return true;
    }

  private:
    bool nested_fragment(Cursor& in, EvtxTemplateCache::Impl& cache, int depth) {
        if (depth > 8) return false;
        if (in.peek() == 0x0f) {
            if (in.u8() != 0x0f || in.u8() != 1 || in.u8() != 1 || in.u8() != 0) return false;
        }
        if (!render_instance(in, cache, *this, depth + 1)) return false;
        return in.u8() == 0x00 && in.ok;
    }

    // Inside EventData, UserData or RenderingInfo, whose values become
    // EventRecord data and so must be printed exactly as libevtx does.
    bool in_payload() const {
        return path_.size() >= 2 &&
               (path_[1] == "EventData" || path_[1] == "UserData" || path_[1] == "RenderingInfo");
    }

    // Whether the value at the current place is one parse_event_xml reads
    // from System (so it must be printed exactly).
    bool system_field(std::string_view attribute) const {
        if (path_.size() != 3 || path_[1] != "System") return false;
        const std::string_view element = path_[2];
        if (attribute.empty()) {
            return element == "EventID" || element == "EventRecordID" || element == "Computer";
        }
        return (element == "Provider" && (attribute == "Name" || attribute == "Guid")) ||
               (element == "TimeCreated" && attribute == "SystemTime");
    }

    // A non-null, non-BinXml value as text. Types whose exact libevtx
    // rendering is not known here are refused where the text matters.
    bool scalar(const std::uint8_t* chunk, const Value& v, std::string_view attribute,
                std::string& text) {
        const std::uint8_t* p = chunk + v.at;
        const TextIn where = attribute.empty() ? TextIn::kContent : TextIn::kAttribute;
        if (v.type == kStringArray && !utf16_array_is_plain(p, v.size / 2u)) return false;
        if (out_ == nullptr)
            return v.type != kString || append_utf16(p, v.size / 2u, nullptr, where);
        const bool exact = in_payload() || system_field(attribute);
        switch (v.type) {
            case kString:
                return append_utf16(p, v.size / 2u, &text, where);
            case kUInt8:
                append_decimal(p[0], text);
                return true;
            case kUInt16:
                append_decimal(le16(p), text);
                return true;
            case kUInt32:
                append_decimal(le32(p), text);
                return true;
            case kUInt64:
                append_decimal(le64(p), text);
                return true;
            case kInt8:
            case kInt16:
            case kInt32:
            case kInt64: {
                const std::size_t size = fixed_size(v.type);
                if ((p[size - 1] & 0x80) != 0) return !exact && placeholder(text);
                std::uint64_t number = 0;
                for (std::size_t i = size; i-- > 0;) number = (number << 8) | p[i];
                append_decimal(number, text);
                return true;
            }
            case kHex32:
            case kHex64: {
                // Full-width values only: whether libevtx pads is not known.
                const std::uint64_t number = v.type == kHex32 ? le32(p) : le64(p);
                const int bits = v.type == kHex32 ? 32 : 64;
                if ((number >> (bits - 4)) == 0) return !exact && placeholder(text);
                text.append("0x");
                append_hex(number, bits / 4, text, kLowerHex);  // top nibble is not zero
                return true;
            }
            case kGuid:
                append_guid(p, text);
                return true;
            case kFiletime:
                return append_filetime(le64(p), text) || (!exact && placeholder(text));
            default:
                return !exact && placeholder(text);
        }
    }

    static bool placeholder(std::string& text) {
        text = "-";
        return true;
    }

    void emit(std::string_view text) {
        if (out_ != nullptr) out_->append(text);
    }
    void emit_attribute(std::string_view name, std::string_view value) {
        if (out_ == nullptr) return;
        out_->push_back(' ');
        out_->append(name);
        out_->append("=\"");
        out_->append(value);
        out_->push_back('"');
    }

    std::string* out_;
    std::vector<std::string_view> path_;
    std::string scratch_;  // one value's text, reused: this runs for every value
};

// The substitution array after a template instance.
bool read_values(Cursor& in, std::vector<Value>& values) {
    const std::uint32_t count = in.u32();
    if (!in.has(4 * static_cast<std::size_t>(count))) return false;
    values.resize(count);
    for (Value& value : values) {
        value.size = in.u16();
        value.type = in.u8();
        in.u8();
    }
    for (Value& value : values) {
        if (!in.has(value.size)) return false;
        value.at = in.pos;
        in.pos += value.size;
        if (!value_is_sound(in.chunk, value)) return false;
    }
    return in.ok;
}

// The template instance's definition (inline or earlier in the chunk) and
// values; `event_id` gets the EventID value when the template has one.
const Template* read_instance(Cursor& in, EvtxTemplateCache::Impl& cache,
                              std::vector<Value>& values) {
    if (in.u8() != 0x0c) return nullptr;
    in.skip(1 + 4);  // unknown, template identifier
    const std::uint32_t offset = in.u32();
    if (!in.ok || offset < kChunkHeaderBytes || offset >= kChunkBytes) return nullptr;
    const Template& definition = template_at(in.chunk, offset, cache);
    if (!definition.ok) return nullptr;
    if (offset == in.pos) {
        // Defined inline: skip the definition (next offset, GUID, size, data).
        in.skip(4 + 16);
        in.skip(in.u32());
    }
    if (!read_values(in, values)) return nullptr;
    return &definition;
}

bool check_fragment(Cursor& in, EvtxTemplateCache::Impl& cache, int depth);

// The substitution values of the template instance at nesting `depth`,
// reused from record to record (a fresh vector per record and per nested
// instance was a measurable share of the fast path's time). Per thread, as
// each thread reads its own file.
std::vector<Value>& values_at_depth(int depth) {
    thread_local std::array<std::vector<Value>, 16> values;
    return values[static_cast<std::size_t>(std::clamp(depth, 0, 15))];
}

// Whether libevtx would decode these values as the template uses them:
// the check done for records the interpreter ignores, without rendering.
bool check_values(const std::uint8_t* chunk, const Template& definition,
                  const std::vector<Value>& values, EvtxTemplateCache::Impl& cache, int depth) {
    for (const Reference& reference : definition.references) {
        if (reference.index >= values.size()) return false;
        const Value& v = values[reference.index];
        const TextIn where = reference.attribute ? TextIn::kAttribute : TextIn::kContent;
        switch (v.type) {
            case kNull:
                // libevtx fails on a null normal substitution, and a null
                // where Binary XML (EventData) belongs drops the event.
                if (!reference.optional || reference.declared == kBinXml) return false;
                break;
            case kBinXml: {
                if (reference.attribute) return false;
                Cursor nested{chunk, v.at, v.at + v.size};
                if (!check_fragment(nested, cache, depth + 1)) return false;
                break;
            }
            case kString:
                if (!append_utf16(chunk + v.at, v.size / 2u, nullptr, where)) return false;
                break;
            case kStringArray:
                if (!utf16_array_is_plain(chunk + v.at, v.size / 2u)) return false;
                break;
            default:
                break;
        }
    }
    return true;
}

bool check_fragment(Cursor& in, EvtxTemplateCache::Impl& cache, int depth) {
    if (depth > 8) return false;
    if (in.peek() == 0x0f) {
        if (in.u8() != 0x0f || in.u8() != 1 || in.u8() != 1 || in.u8() != 0) return false;
    }
    std::vector<Value>& values = values_at_depth(depth);
    const Template* definition = read_instance(in, cache, values);
    if (definition == nullptr || !check_values(in.chunk, *definition, values, cache, depth)) {
        return false;
    }
    return in.u8() == 0x00 && in.ok;
}

bool render_instance(Cursor& in, EvtxTemplateCache::Impl& cache, Renderer& renderer, int depth) {
    std::vector<Value>& values = values_at_depth(depth);
    const Template* definition = read_instance(in, cache, values);
    return definition != nullptr && renderer.walk(in.chunk, *definition, values, cache, depth);
}

// decode_evtx_record into a caller's buffer, which is reused from record to
// record; false when the fast path cannot decode the record.
bool decode_record_into(const std::uint8_t* chunk, std::size_t chunk_size,
                        std::uint32_t record_offset, EvtxTemplateCache& cache, std::string& xml,
                        bool* wanted) {
    xml.clear();
    if (chunk_size != kChunkBytes) return false;
    std::uint32_t size = 0;
    if (record_header(chunk, record_offset, &size) != 1) return false;
    Cursor in{chunk, record_offset + kRecordHeaderBytes, record_offset + size - 4};
    if (in.peek() == 0x0f) {
        if (in.u8() != 0x0f || in.u8() != 1 || in.u8() != 1 || in.u8() != 0) return false;
    }
    std::vector<Value>& values = values_at_depth(0);
    const Template* definition = read_instance(in, cache.impl(), values);
    if (definition == nullptr || in.u8() != 0x00 || !in.ok) return false;
    // Any other root is not an event to parse_event_xml.
    if (definition->tokens.empty() || definition->tokens.front().text != "Event") return false;

    bool interesting = true;  // when in doubt, decode
    const int id_index = definition->event_id_index;
    if (id_index >= 0 && static_cast<std::size_t>(id_index) < values.size() &&
        values[static_cast<std::size_t>(id_index)].type == kUInt16) {
        interesting = schannel_interprets_event_id(
            le16(chunk + values[static_cast<std::size_t>(id_index)].at));
    }
    if (!interesting) {
        if (!check_values(chunk, *definition, values, cache.impl(), 0)) return false;
    } else {
        Renderer renderer(&xml);
        if (!renderer.walk(chunk, *definition, values, cache.impl(), 0)) return false;
    }
    *wanted = interesting;
    return true;
}

}  // namespace

std::optional<std::string> decode_evtx_record(const std::uint8_t* chunk, std::size_t chunk_size,
                                              std::uint32_t record_offset, EvtxTemplateCache& cache,
                                              bool* wanted) {
    std::string xml;
    if (!decode_record_into(chunk, chunk_size, record_offset, cache, xml, wanted)) {
        return std::nullopt;
    }
    return xml;
}

namespace {

// One record as the decoding stage leaves it for the parsing stage.
struct DecodedRecord {
    bool decoded = false;  // false: the fallback decodes it
    bool wanted = false;   // `xml` holds a record for the interpreter
    std::string xml;
};

// The decoding stage: reads a chunk and decodes its records, reusing the
// buffers of the records it is given.
class ChunkDecoder {
  public:
    explicit ChunkDecoder(int fd) : fd_(fd), chunk_(kChunkBytes) {}

    void decode(const EvtxLayout::Chunk& where, std::vector<DecodedRecord>& out) {
        if (!read_at(fd_, where.file_offset, chunk_.data(), kChunkBytes)) {
            throw InputError("the file was cut short while being read");
        }
        cache_.clear();
        out.resize(where.records.size());
        for (std::size_t i = 0; i < out.size(); ++i) {
            DecodedRecord& record = out[i];
            record.wanted = false;
            record.decoded = decode_record_into(chunk_.data(), chunk_.size(), where.records[i],
                                                cache_, record.xml, &record.wanted);
        }
    }

  private:
    int fd_;
    std::vector<std::uint8_t> chunk_;
    EvtxTemplateCache cache_;
};

// The parsing stage: hands each decoded record the interpreter wants to the
// sink and each undecoded one to the fallback, in libevtx's order.
class RecordDelivery {
  public:
    RecordDelivery(RecordSink& sink, const EvtxFallback& fallback, EvtxFastCounts& tally)
        : sink_(sink), fallback_(fallback), tally_(tally) {}

    void deliver(std::vector<DecodedRecord>& records) {
        for (DecodedRecord& decoded : records) {
            std::optional<EventRecord> record;
            if (decoded.decoded && decoded.wanted) record = parse_event_xml_in_place(decoded.xml);
            if (!decoded.decoded || (decoded.wanted && !record)) {
                ++tally_.deferred;
                if (fallback_(index_, false)) ++delivered_;
            } else {
                ++tally_.decoded;
                ++delivered_;
                if (record) {
                    record->offset = index_;
                    record->line = 0;
                    sink_.on_record(*record);
                    ++tally_.handed_over;
                }
            }
            ++index_;
        }
    }

    void deliver_recovered(std::uint64_t count) {
        for (std::uint64_t recovered = 0; recovered < count; ++recovered) {
            ++tally_.deferred;
            if (fallback_(recovered, true)) {
                ++delivered_;
                ++tally_.recovered_delivered;
            }
        }
    }

    std::uint64_t delivered() const { return delivered_; }

  private:
    RecordSink& sink_;
    const EvtxFallback& fallback_;
    EvtxFastCounts& tally_;
    std::uint64_t index_ = 0;
    std::uint64_t delivered_ = 0;
};

// Runs the decoding stage on a thread of its own, a few chunks ahead of the
// thread that calls next(). Decoding is about half of the fast path's work
// and parsing the XML plus the interpreter the other half, so the two
// stages keep two cores busy on one file.
class DecodingThread {
  public:
    DecodingThread(int fd, const EvtxLayout& layout)
        : fd_(fd), layout_(layout), thread_([this] { run(); }) {}

    ~DecodingThread() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        changed_.notify_all();
        thread_.join();
    }
    DecodingThread(const DecodingThread&) = delete;
    DecodingThread& operator=(const DecodingThread&) = delete;

    // Replaces `records` with the next chunk's (its old buffers go back to
    // the decoder); false after the last chunk. Rethrows the decoder's
    // failure in its turn, after the chunks before it.
    bool next(std::vector<DecodedRecord>& records) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return done_ || !ready_.empty(); });
        if (ready_.empty()) return false;
        Decoded item = std::move(ready_.front());
        ready_.pop_front();
        spare_.push_back(std::move(records));
        changed_.notify_all();
        if (item.failure) std::rethrow_exception(item.failure);
        records = std::move(item.records);
        return true;
    }

  private:
    static constexpr std::size_t kChunksAhead = 4;

    struct Decoded {
        std::vector<DecodedRecord> records;
        std::exception_ptr failure;
    };

    void run() {
        ChunkDecoder decoder(fd_);
        for (const EvtxLayout::Chunk& where : layout_.chunks) {
            Decoded item;
            {
                std::lock_guard lock(mutex_);
                if (!spare_.empty()) {
                    item.records = std::move(spare_.back());
                    spare_.pop_back();
                }
            }
            try {
                decoder.decode(where, item.records);
            } catch (...) {
                item.failure = std::current_exception();
            }
            const bool failed = item.failure != nullptr;
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [&] { return stopping_ || ready_.size() < kChunksAhead; });
            if (stopping_) return;
            ready_.push_back(std::move(item));
            changed_.notify_all();
            if (failed) break;
        }
        std::lock_guard lock(mutex_);
        done_ = true;
        changed_.notify_all();
    }

    int fd_;
    const EvtxLayout& layout_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Decoded> ready_;
    std::vector<std::vector<DecodedRecord>> spare_;
    bool done_ = false;
    bool stopping_ = false;
    std::thread thread_;  // last: starts once the members above exist
};

}  // namespace

std::uint64_t read_evtx_fast(int fd, const EvtxLayout& layout, RecordSink& sink,
                             const EvtxFallback& fallback, EvtxFastCounts* counts,
                             bool decoding_thread) {
    EvtxFastCounts local;
    EvtxFastCounts& tally = counts != nullptr ? *counts : local;
    tally = EvtxFastCounts{};
    RecordDelivery delivery(sink, fallback, tally);
    std::vector<DecodedRecord> records;  // one chunk's, buffers reused
    if (decoding_thread && layout.chunks.size() > 1) {
        DecodingThread decoder(fd, layout);
        while (decoder.next(records)) delivery.deliver(records);
    } else {
        ChunkDecoder decoder(fd);
        for (const EvtxLayout::Chunk& where : layout.chunks) {
            decoder.decode(where, records);
            delivery.deliver(records);
        }
    }
    delivery.deliver_recovered(layout.recovered);
    return delivery.delivered();
}

}  // namespace alertscan
