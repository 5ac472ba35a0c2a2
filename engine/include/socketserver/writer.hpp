/// @file
/// Public header. The handlers' `wfile`.
///
/// SocketWriter is StreamRequestHandler's wfile: unbuffered by default (Python's
/// _SocketWriter), so write() sends at once and sends everything, across partial writes and
/// signals; with a buffer size it keeps data until flush() or the buffer fills.
/// BytesWriter is DatagramRequestHandler's wfile (Python's BytesIO): the reply is sent by
/// finish() in one datagram. Thread rule: one thread at a time.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace socketserver {

class Socket;

/// StreamRequestHandler's `wfile` (Python's _SocketWriter): writes to the connection,
/// unbuffered by default.
class SocketWriter {
public:
  /// A closed writer; writes throw std::logic_error.
  SocketWriter() = default;
  /// Writes to `socket` (not owned); buffer_size 0 = unbuffered.
  explicit SocketWriter(Socket& socket, std::size_t buffer_size = 0);

  /// Sends (or buffers) all of `data`; returns data.size(). Throws SocketError.
  std::size_t write(std::string_view data);
  /// Sends what is buffered. Throws SocketError; the bytes are dropped from the buffer even
  /// then, so a failed flush is not retried with the same data.
  void flush();
  /// Flushes what is buffered (errors ignored, as Python's finish() does) and closes.
  void close() noexcept;
  /// True after close() and for a default-constructed writer.
  bool closed() const noexcept { return socket_ == nullptr; }
  /// The socket's descriptor; -1 when closed.
  int fileno() const;

private:
  Socket* socket_ = nullptr;
  std::size_t buffer_size_ = 0;
  std::string buffer_;
};

/// DatagramRequestHandler's `wfile` (Python's BytesIO): collects the reply in memory.
class BytesWriter {
public:
  /// Appends `data`; returns data.size().
  std::size_t write(std::string_view data) {
    value_.append(data);
    return data.size();
  }
  /// Everything written so far.
  const std::string& getvalue() const noexcept { return value_; }
  /// Forgets everything written.
  void clear() noexcept { value_.clear(); }

private:
  std::string value_;
};

} // namespace socketserver
