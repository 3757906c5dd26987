// A ByteSource over a string, for the input-stage tests.
#pragma once

#include <algorithm>
#include <cstring>
#include <string>

#include "input/byte_source.hpp"

namespace alertscan::test_support {

// Serves a string; with `piece` > 0 no read() returns more than `piece`
// bytes (a pipe, a slow disk). Remembers the largest capacity asked for.
class StringSource : public ByteSource {
public:
    explicit StringSource(std::string data, std::size_t piece = 0)
        : data_(std::move(data)), piece_(piece) {}

    std::size_t read(char* buffer, std::size_t capacity) override {
        std::size_t n = std::min(capacity, data_.size() - pos_);
        if (piece_ > 0) n = std::min(n, piece_);
        std::memcpy(buffer, data_.data() + pos_, n);
        pos_ += n;
        max_capacity_ = std::max(max_capacity_, capacity);
        return n;
    }

    std::size_t max_capacity() const { return max_capacity_; }

private:
    std::string data_;
    std::size_t piece_;
    std::size_t pos_ = 0;
    std::size_t max_capacity_ = 0;
};

}  // namespace alertscan::test_support
