// PrefetchSource: the inner source's bytes, in order and complete, whatever
// the read sizes; an inner read error arrives after the bytes before it.

#include "pipeline/prefetch_source.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "string_source.hpp"

namespace alertscan {
namespace {

std::string numbers(std::size_t count) {
    std::string text;
    for (std::size_t i = 0; i < count; ++i) text += std::to_string(i) + "\n";
    return text;
}

std::string read_all(ByteSource& source, std::size_t capacity) {
    std::string out;
    std::string buffer(capacity, '\0');
    while (std::size_t n = source.read(buffer.data(), buffer.size())) out.append(buffer.data(), n);
    return out;
}

// Serves its data, then fails.
class FailingSource : public ByteSource {
  public:
    explicit FailingSource(std::string data) : data_(std::move(data)) {}
    std::size_t read(char* buffer, std::size_t capacity) override {
        if (pos_ == data_.size()) throw InputError("disk on fire");
        const std::size_t n = std::min(capacity, data_.size() - pos_);
        std::copy_n(data_.data() + pos_, n, buffer);
        pos_ += n;
        return n;
    }

  private:
    std::string data_;
    std::size_t pos_ = 0;
};

TEST(PrefetchSource, HandsOutEveryByteInOrder) {
    const std::string data = numbers(400000);  // several prefetch buffers
    for (std::size_t piece : {0u, 1u, 4093u}) {
        for (std::size_t capacity : {4u, 1000u, 1u << 20}) {
            PrefetchSource source(std::make_unique<test_support::StringSource>(data, piece));
            EXPECT_EQ(read_all(source, capacity), data) << piece << " " << capacity;
        }
    }
}

TEST(PrefetchSource, EmptyInput) {
    PrefetchSource source(std::make_unique<test_support::StringSource>(""));
    char buffer[16];
    EXPECT_EQ(source.read(buffer, sizeof buffer), 0u);
}

TEST(PrefetchSource, ErrorAfterTheBytesBeforeIt) {
    const std::string data = numbers(100000);
    PrefetchSource source(std::make_unique<FailingSource>(data));
    std::string got;
    char buffer[8192];
    try {
        while (std::size_t n = source.read(buffer, sizeof buffer)) got.append(buffer, n);
        ADD_FAILURE() << "no error";
    } catch (const InputError& error) {
        EXPECT_STREQ(error.what(), "disk on fire");
    }
    EXPECT_EQ(got, data);
}

TEST(PrefetchSource, StopsEarlyWithoutHanging) {
    const std::string data = numbers(1000000);
    PrefetchSource source(std::make_unique<test_support::StringSource>(data));
    char buffer[100];
    EXPECT_EQ(source.read(buffer, sizeof buffer), 100u);
    // The destructor stops the reader thread that is waiting for room.
}

}  // namespace
}  // namespace alertscan
