#include "socketserver/detail/diagnostics.hpp"

#include <cerrno>
#include <exception>
#include <string_view>

#include <unistd.h>

namespace socketserver::detail {

std::string current_exception_text() {
  const std::exception_ptr current = std::current_exception();
  if (!current)
    return "no exception is being handled";
  try {
    std::rethrow_exception(current);
  } catch (const std::exception& error) {
    return error.what();
  } catch (...) {
    return "unknown exception (not derived from std::exception)";
  }
}

void write_stderr(const std::string& text) noexcept {
  std::string_view rest = text;
  while (!rest.empty()) {
    const ssize_t n = ::write(STDERR_FILENO, rest.data(), rest.size());
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return;
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
}

} // namespace socketserver::detail
