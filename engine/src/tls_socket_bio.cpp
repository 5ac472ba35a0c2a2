#include "tls_socket_bio.hpp"

#include <cerrno>
#include <climits>

#include <sys/socket.h>

namespace socketserver::detail {

namespace {

SocketBioState& state_of(BIO* bio) { return *static_cast<SocketBioState*>(BIO_get_data(bio)); }

bool retry_later(int error) { return error == EAGAIN || error == EWOULDBLOCK || error == EINTR; }

int bio_read(BIO* bio, char* buffer, int size) {
  SocketBioState& state = state_of(bio);
  BIO_clear_retry_flags(bio);
  const ssize_t n = ::recv(state.fd, buffer, static_cast<std::size_t>(size), MSG_DONTWAIT);
  if (n < 0) {
    state.last_errno = errno;
    if (retry_later(errno))
      BIO_set_retry_read(bio);
    return -1;
  }
  return static_cast<int>(n);
}

int bio_write(BIO* bio, const char* data, int size) {
  SocketBioState& state = state_of(bio);
  BIO_clear_retry_flags(bio);
  const ssize_t n =
      ::send(state.fd, data, static_cast<std::size_t>(size), MSG_DONTWAIT | MSG_NOSIGNAL);
  if (n < 0) {
    state.last_errno = errno;
    if (retry_later(errno))
      BIO_set_retry_write(bio);
    return -1;
  }
  return static_cast<int>(n);
}

long bio_ctrl(BIO*, int command, long, void*) {
  return command == BIO_CTRL_FLUSH ? 1 : 0; // nothing is buffered here
}

int bio_create(BIO* bio) {
  BIO_set_init(bio, 1);
  return 1;
}

const BIO_METHOD* socket_method() {
  // Made once, shared by every session, freed with the process (OpenSSL has no static form).
  static BIO_METHOD* const method = [] {
    BIO_METHOD* made = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "socketserver");
    if (made != nullptr) {
      BIO_meth_set_read(made, &bio_read);
      BIO_meth_set_write(made, &bio_write);
      BIO_meth_set_ctrl(made, &bio_ctrl);
      BIO_meth_set_create(made, &bio_create);
    }
    return made;
  }();
  return method;
}

} // namespace

BIO* new_socket_bio(SocketBioState& state) {
  const BIO_METHOD* method = socket_method();
  if (method == nullptr)
    return nullptr;
  BIO* bio = BIO_new(method);
  if (bio != nullptr)
    BIO_set_data(bio, &state);
  return bio;
}

} // namespace socketserver::detail
