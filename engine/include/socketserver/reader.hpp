/// @file
/// Public header. BufferedReader: the handlers' `rfile` (Python's makefile('rb') for streams,
/// BytesIO for datagrams), with readline(), read(), read1() and readlines().
///
/// Over a socket it refills its buffer with one recv() at a time, so each call blocks only
/// as long as it needs (and the socket's timeout allows). Thread rule: one thread at a time.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace socketserver {

class Socket;

/// The handlers' `rfile`: a buffered reader over a socket or over the bytes of a datagram,
/// with Python's BufferedReader methods.
class BufferedReader {
public:
  /// Python's default buffer size (io.DEFAULT_BUFFER_SIZE).
  static constexpr std::size_t default_buffer_size = 8192;

  /// A closed reader; every read throws std::logic_error.
  BufferedReader() = default;
  /// Reads from `socket` (not owned), `buffer_size` bytes at a time at most.
  explicit BufferedReader(Socket& socket, std::size_t buffer_size = default_buffer_size);
  /// Reads from the bytes given (a datagram).
  explicit BufferedReader(std::string bytes);

  /// One line including its "\n"; at most `limit` bytes when limit >= 0; "" at end of
  /// stream. A line longer than the limit comes back cut, the rest left for the next call.
  std::string readline(long limit = -1);
  /// With n < 0, everything up to the end of the stream; else up to n bytes, fewer only at
  /// the end of the stream.
  std::string read(long n = -1);
  /// At most n bytes with at most one recv(): what is buffered, or one read's worth.
  std::string read1(long n = -1);
  /// Every remaining line.
  std::vector<std::string> readlines();

  /// Closes the reader (not the socket); later reads throw std::logic_error.
  void close() noexcept;
  /// True after close() and for a default-constructed reader.
  bool closed() const noexcept { return closed_; }

private:
  /// One recv() into the buffer; false at end of stream.
  bool fill();
  std::string take(std::size_t n);
  void check_open() const;

  Socket* socket_ = nullptr;
  std::string buffer_;
  std::size_t position_ = 0;
  std::size_t buffer_size_ = default_buffer_size;
  bool eof_ = false;
  bool closed_ = true;
};

} // namespace socketserver
