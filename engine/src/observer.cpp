#include "socketserver/observer.hpp"

namespace socketserver {

std::string_view to_string(RequestOutcome outcome) noexcept {
  switch (outcome) {
  case RequestOutcome::Completed:
    return "completed";
  case RequestOutcome::Error:
    return "error";
  case RequestOutcome::Rejected:
    return "rejected";
  case RequestOutcome::Overloaded:
    return "overloaded";
  }
  return "unknown";
}

} // namespace socketserver
