#include "socketserver/request.hpp"

namespace socketserver {

Request::Request(Socket connection) noexcept : socket_(std::move(connection)) {}

Request::Request(std::string packet, Socket server_view, std::size_t received_size)
    : datagram_(true), socket_(std::move(server_view)), packet_(std::move(packet)),
      received_size_(received_size) {}

Request::Request(Request&& other) noexcept
    : id_(other.id_), datagram_(other.datagram_), socket_(std::move(other.socket_)),
      packet_(std::move(other.packet_)), received_size_(other.received_size_) {
  other.id_ = 0;
}

Request& Request::operator=(Request&& other) noexcept {
  if (this != &other) {
    id_ = other.id_;
    datagram_ = other.datagram_;
    socket_ = std::move(other.socket_);
    packet_ = std::move(other.packet_);
    received_size_ = other.received_size_;
    other.id_ = 0;
  }
  return *this;
}

void Request::attach(RequestId id, ServerObserver* observer) noexcept {
  id_ = id;
  socket_.set_traffic_reporting({observer, id});
}

} // namespace socketserver
