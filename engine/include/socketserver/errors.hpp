/// @file
/// Public header. The exceptions the engine throws.
///
/// Setup failures (bad address, port in use, path taken, permission denied) throw before a
/// server exists, after RAII has released whatever was acquired. Failures inside one request
/// reach handle_error() and serving continues, as in Python.
#pragma once

#include <cerrno>
#include <stdexcept>
#include <string>
#include <system_error>

namespace socketserver {

/// A failed system call on a socket: carries errno (code()) and a message that names the
/// operation and the address, e.g. "bind 127.0.0.1:9999: port 9999 is already in use".
/// Python's OSError.
class SocketError : public std::system_error {
public:
  /// `errno_value` becomes code() (generic category); `what` is the whole message.
  SocketError(int errno_value, const std::string& what);
  /// The message alone: std::system_error would append strerror() to words that already
  /// say it.
  const char* what() const noexcept override { return message_.c_str(); }

private:
  std::string message_;
};

/// A socket operation ran past the socket's timeout (Python's TimeoutError / socket.timeout).
/// code() is ETIMEDOUT.
class TimeoutError : public SocketError {
public:
  /// `what` is the whole message, naming the operation and the address.
  explicit TimeoutError(const std::string& what);
};

/// An address that cannot be used: malformed text, a port outside 0-65535, an unknown host,
/// a Unix path that is too long, or the wrong family for the server (Python's OverflowError,
/// gaierror and friends).
class AddressError : public std::invalid_argument {
public:
  using std::invalid_argument::invalid_argument;
};

/// A request refused for lack of resources (a fork that failed, a full pool). Raised from
/// process_request(), so it reaches handle_error() like any other failure, and the observer
/// sees the request finish as RequestOutcome::Overloaded.
class OverloadError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// A TLS failure, in words: a certificate or key file that cannot be used ("server.key: no
/// such file", "the private key in server.key does not match the certificate in
/// server.pem"), or a failed handshake ("TLS handshake with 127.0.0.1:5555 failed: the
/// client does not trust the server's certificate (unknown CA)"). Python's ssl.SSLError,
/// which is an OSError: a SocketError whose code() is EPROTO for a protocol failure,
/// ECONNABORTED when the peer ended the connection during the handshake, or the errno of a
/// file that cannot be read.
class TlsError : public SocketError {
public:
  /// `what` is the whole message; `errno_value` becomes code().
  explicit TlsError(const std::string& what, int errno_value = EPROTO);
};

/// ThreadPoolMixIn: every pool thread is busy and the queue is full.
class PoolFullError : public OverloadError {
public:
  using OverloadError::OverloadError;
};

/// Words a user understands for an errno value in the context of `operation` on `address`:
/// "port 9999 is already in use", "permission denied", "no such file or directory"...
std::string describe_errno(int errno_value, const std::string& operation,
                           const std::string& address);

} // namespace socketserver
