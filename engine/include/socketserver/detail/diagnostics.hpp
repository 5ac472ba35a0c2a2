// Internal header. Words for what went wrong, shared by the serving loops.
#pragma once

#include <string>

namespace socketserver::detail {

/// The message of the exception being handled (inside a catch block), or words saying it
/// is not a std::exception.
std::string current_exception_text();

/// Writes `text` to stderr with write(2): no stdio lock, so it is safe in a forked child and
/// on any thread.
void write_stderr(const std::string& text) noexcept;

} // namespace socketserver::detail
