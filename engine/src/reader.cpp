#include "socketserver/reader.hpp"

#include <algorithm>
#include <stdexcept>

#include "socketserver/socket.hpp"

namespace socketserver {

BufferedReader::BufferedReader(Socket& socket, std::size_t buffer_size)
    : socket_(&socket), buffer_size_(std::max<std::size_t>(buffer_size, 1)), closed_(false) {}

BufferedReader::BufferedReader(std::string bytes)
    : buffer_(std::move(bytes)), eof_(true), closed_(false) {}

void BufferedReader::check_open() const {
  if (closed_)
    throw std::logic_error("I/O operation on a closed reader");
}

bool BufferedReader::fill() {
  if (eof_ || socket_ == nullptr)
    return false;
  if (position_ > 0) { // keep only the unread part before appending
    buffer_.erase(0, position_);
    position_ = 0;
  }
  const std::size_t old_size = buffer_.size();
  buffer_.resize(old_size + buffer_size_);
  std::size_t got = 0;
  try {
    got = socket_->recv_into(buffer_.data() + old_size, buffer_size_);
  } catch (...) {
    buffer_.resize(old_size);
    throw;
  }
  buffer_.resize(old_size + got);
  if (got == 0)
    eof_ = true;
  return got > 0;
}

std::string BufferedReader::take(std::size_t n) {
  n = std::min(n, buffer_.size() - position_);
  std::string out = buffer_.substr(position_, n);
  position_ += n;
  if (position_ == buffer_.size()) {
    buffer_.clear();
    position_ = 0;
  }
  return out;
}

std::string BufferedReader::readline(long limit) {
  check_open();
  const auto max = limit < 0 ? std::string::npos : static_cast<std::size_t>(limit);
  std::size_t searched = 0;
  for (;;) {
    const std::size_t available = buffer_.size() - position_;
    const auto newline = buffer_.find('\n', position_ + searched);
    if (newline != std::string::npos) {
      const std::size_t line = newline - position_ + 1;
      return take(std::min(line, max));
    }
    if (available >= max)
      return take(max);
    searched = available;
    if (!fill())
      return take(available);
  }
}

std::string BufferedReader::read(long n) {
  check_open();
  if (n < 0) {
    while (fill()) {
    }
    return take(buffer_.size() - position_);
  }
  const auto wanted = static_cast<std::size_t>(n);
  while (buffer_.size() - position_ < wanted && fill()) {
  }
  return take(wanted);
}

std::string BufferedReader::read1(long n) {
  check_open();
  if (buffer_.size() == position_)
    fill();
  return take(n < 0 ? buffer_.size() - position_ : static_cast<std::size_t>(n));
}

std::vector<std::string> BufferedReader::readlines() {
  std::vector<std::string> lines;
  for (std::string line; !(line = readline()).empty();)
    lines.push_back(std::move(line));
  return lines;
}

void BufferedReader::close() noexcept {
  closed_ = true;
  socket_ = nullptr;
  buffer_.clear();
  position_ = 0;
}

} // namespace socketserver
