#include "socketserver/thread_name.hpp"

#include <functional>
#include <optional>
#include <sstream>
#include <thread>

#include <pthread.h>

namespace socketserver {

namespace {
const std::thread::id main_thread_id = std::this_thread::get_id();
thread_local std::optional<std::string> thread_name;
} // namespace

std::string current_thread_name() {
  if (thread_name)
    return *thread_name;
  if (std::this_thread::get_id() == main_thread_id)
    return "MainThread";
  std::ostringstream fallback;
  fallback << "Thread-" << std::this_thread::get_id();
  return fallback.str();
}

void set_current_thread_name(const std::string& name) {
  thread_name = name;
  // The kernel keeps 15 bytes; debuggers and top show them.
  pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
}

} // namespace socketserver
