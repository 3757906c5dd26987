// Unit tests for count_newlines (src/util/count_newlines.cpp): every length
// and alignment around its 32-byte blocks and its 255-round lane flush.
#include "util/count_newlines.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

namespace alertscan {
namespace {

std::uint64_t reference(const std::string& text, std::size_t begin, std::size_t size) {
    return static_cast<std::uint64_t>(
        std::count(text.begin() + static_cast<std::ptrdiff_t>(begin),
                   text.begin() + static_cast<std::ptrdiff_t>(begin + size), '\n'));
}

TEST(CountNewlinesTest, EveryLengthAndAlignment) {
    std::mt19937 rng(5);
    std::string text(300, 'x');
    for (char& c : text) c = rng() % 3 == 0 ? '\n' : static_cast<char>(rng());
    for (std::size_t begin = 0; begin < 33; ++begin) {
        for (std::size_t size = 0; begin + size <= text.size(); ++size) {
            ASSERT_EQ(count_newlines(text.data() + begin, size), reference(text, begin, size))
                << "begin " << begin << ", size " << size;
        }
    }
}

TEST(CountNewlinesTest, AllNewlinesPastTheLaneFlush) {
    // 255 rounds of 32 bytes fill a byte lane: 300 rounds cross the flush.
    const std::string text(32 * 300 + 7, '\n');
    EXPECT_EQ(count_newlines(text.data(), text.size()), text.size());
    const std::string none(32 * 300 + 7, '\r');
    EXPECT_EQ(count_newlines(none.data(), none.size()), 0u);
}

}  // namespace
}  // namespace alertscan
