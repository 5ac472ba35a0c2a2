// Fuzzes BufferedReader (the handlers' rfile) over a real socket: a Unix stream socket pair
// whose writing end is fed the payload in chunks, with the chunk sizes, the reader's buffer
// size and the sequence of reads (readline with or without a limit, read(n), read1(n)) all
// taken from the input.
//
// The reading end is non-blocking, and a chunk is written only once a read has failed with
// EAGAIN, i.e. when the reader has drained the socket: every recv() therefore ends at a chunk
// boundary (or at the buffer size), as it would against a slow peer, and every read is also
// retried after a failed recv(), which must lose nothing. Properties:
//   - everything read, concatenated, equals everything written, in order;
//   - readline(limit) returns one line: a '\n' only at its end, and no more than `limit`
//     bytes; a line cut short of both ends only at the end of the stream;
//   - read(n) returns n bytes, fewer only at the end of the stream; read1(n) at most n;
//   - after the end of the stream every read returns "";
//   - without read1 (the one read whose result depends on how the bytes arrive), the results
//     are those of a reader over the same bytes in memory.
#include "fuzz_check.h"

#include "socketserver/errors.hpp"
#include "socketserver/reader.hpp"
#include "socketserver/socket.hpp"

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <sys/socket.h>

namespace {

using socketserver::BufferedReader;
using socketserver::Socket;
using socketserver::SocketError;

enum class Operation { ReadLine, ReadLineLimited, Read, Read1 };

struct Step {
  Operation operation;
  long n;
};

std::string describe(const Step& step) {
  const char* names[] = {"readline()", "readline(n)", "read(n)", "read1(n)"};
  return std::string(names[static_cast<int>(step.operation)]) + " n=" + std::to_string(step.n);
}

// What one step returned must be; `at_end` is true when the writer has closed its side and
// nothing is left in the socket, so that a short result is allowed.
void check_result(const Step& step, const std::string& got, bool at_end) {
  const std::string what = describe(step) + " returned " + std::to_string(got.size()) + " bytes";
  switch (step.operation) {
  case Operation::ReadLine:
  case Operation::ReadLineLimited: {
    const auto newline = got.find('\n');
    fuzz_check(newline == std::string::npos || newline + 1 == got.size(),
               what + " with a '\\n' inside");
    const bool limited = step.operation == Operation::ReadLineLimited;
    if (limited)
      fuzz_check(got.size() <= static_cast<std::size_t>(step.n), what + ", over the limit");
    const bool complete =
        newline != std::string::npos || (limited && got.size() == static_cast<std::size_t>(step.n));
    fuzz_check(complete || at_end, what + ": a cut line before the end of the stream");
    break;
  }
  case Operation::Read:
    fuzz_check(got.size() <= static_cast<std::size_t>(step.n), what + ", more than asked");
    fuzz_check(got.size() == static_cast<std::size_t>(step.n) || at_end,
               what + ", fewer than asked before the end of the stream");
    break;
  case Operation::Read1:
    fuzz_check(got.size() <= static_cast<std::size_t>(step.n), what + ", more than asked");
    fuzz_check(!got.empty() || at_end, what + " before the end of the stream");
    break;
  }
}

Step next_step(FuzzedDataProvider& input) {
  switch (input.ConsumeIntegralInRange<int>(0, 5)) {
  case 0:
  case 1:
  case 2:
    return {Operation::ReadLine, -1};
  case 3:
    return {Operation::ReadLineLimited, input.ConsumeIntegralInRange<long>(1, 40)};
  case 4:
    return {Operation::Read, input.ConsumeIntegralInRange<long>(1, 40)};
  default:
    return {Operation::Read1, input.ConsumeIntegralInRange<long>(1, 40)};
  }
}

std::string run_step(BufferedReader& reader, const Step& step) {
  switch (step.operation) {
  case Operation::ReadLine:
  case Operation::ReadLineLimited:
    return reader.readline(step.n);
  case Operation::Read:
    return reader.read(step.n);
  case Operation::Read1:
    return reader.read1(step.n);
  }
  return {};
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const std::size_t buffer_size = input.ConsumeBool()
                                      ? BufferedReader::default_buffer_size
                                      : input.ConsumeIntegralInRange<std::size_t>(1, 64);
  // The steps come first (a bounded number), the chunks take the rest of the input.
  std::vector<Step> steps(input.ConsumeIntegralInRange<std::size_t>(1, 16));
  for (Step& step : steps)
    step = next_step(input);
  std::vector<std::string> chunks;
  std::string written;
  while (input.remaining_bytes() > 0) {
    const auto length = input.ConsumeIntegralInRange<std::size_t>(1, 256);
    chunks.push_back(input.ConsumeBytesAsString(length));
    written += chunks.back();
  }

  int fds[2];
  fuzz_check(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0, "socketpair");
  Socket reading = Socket::adopt(fds[0]);
  Socket writing = Socket::adopt(fds[1]);
  reading.setblocking(false);
  BufferedReader reader(reading, buffer_size);

  // Zero bytes asked, zero given, and nothing consumed (the final comparison checks that).
  fuzz_check(reader.read(0).empty() && reader.readline(0).empty(), "a read of 0 bytes");

  std::string read_back;
  std::size_t next_chunk = 0;
  bool writer_closed = false;
  // The steps repeat until the end of the stream is seen twice in a row (every read after it
  // must keep returning ""), so that each input reads everything.
  // A step that failed with EAGAIN is retried once more data is in, as a handler would.
  std::vector<std::string> results;
  for (std::size_t round = 0, empty_reads = 0; empty_reads < 2;) {
    const Step& step = steps[round % steps.size()];
    std::string got;
    try {
      got = run_step(reader, step);
    } catch (const SocketError& error) {
      fuzz_check(error.code().value() == EAGAIN, std::string("unexpected error: ") + error.what());
      fuzz_check(!writer_closed, "EAGAIN after the writer closed");
      if (next_chunk < chunks.size()) {
        writing.sendall(chunks[next_chunk++]);
      } else {
        writing.shutdown(SHUT_WR);
        writer_closed = true;
      }
      continue;
    }
    // A short result is allowed only once the reader has everything and the writer is gone.
    const bool at_end = writer_closed && read_back.size() + got.size() == written.size();
    check_result(step, got, at_end);
    if (got.empty() && writer_closed && read_back.size() == written.size())
      ++empty_reads;
    else
      empty_reads = 0;
    read_back += got;
    fuzz_check(written.starts_with(read_back),
               "bytes read differ from bytes written after " + describe(step));
    results.push_back(std::move(got));
    ++round;
  }
  fuzz_check(read_back == written, "read " + std::to_string(read_back.size()) + " of " +
                                       std::to_string(written.size()) + " bytes");

  // readline() and read(n) do not depend on how the bytes arrived (read1 does, by design):
  // the same steps over the same bytes held in memory (a datagram's rfile) give the same
  // results, one by one.
  const bool chunking_free = std::none_of(steps.begin(), steps.end(), [](const Step& step) {
    return step.operation == Operation::Read1;
  });
  if (chunking_free) {
    BufferedReader in_memory(written);
    for (std::size_t i = 0; i < results.size(); ++i) {
      const Step& step = steps[i % steps.size()];
      fuzz_check(run_step(in_memory, step) == results[i],
                 describe(step) + " (step " + std::to_string(i) +
                     ") differs between the socket and the in-memory reader");
    }
  }
  return 0;
}
