#include "socketserver/writer.hpp"

#include <stdexcept>

#include "socketserver/socket.hpp"

namespace socketserver {

SocketWriter::SocketWriter(Socket& socket, std::size_t buffer_size)
    : socket_(&socket), buffer_size_(buffer_size) {}

std::size_t SocketWriter::write(std::string_view data) {
  if (socket_ == nullptr)
    throw std::logic_error("write to a closed writer");
  if (buffer_size_ == 0) {
    socket_->sendall(data);
    return data.size();
  }
  buffer_.append(data);
  if (buffer_.size() >= buffer_size_)
    flush();
  return data.size();
}

void SocketWriter::flush() {
  if (socket_ == nullptr || buffer_.empty())
    return;
  std::string pending;
  pending.swap(buffer_); // a failed flush does not resend the same bytes forever
  socket_->sendall(pending);
}

void SocketWriter::close() noexcept {
  try {
    flush();
  } catch (...) {
  }
  socket_ = nullptr;
  buffer_.clear();
}

int SocketWriter::fileno() const { return socket_ == nullptr ? -1 : socket_->fileno(); }

} // namespace socketserver
