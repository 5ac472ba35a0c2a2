/// @file
/// Public header. Python's threading.current_thread().name, for the engine's threads.
///
/// Request threads are named "Thread-N" (N counts from 1 per process, as in Python), pool
/// workers "PoolWorker-N", the main thread "MainThread". Thread safe.
#pragma once

#include <string>

namespace socketserver {

/// The calling thread's name; a thread the engine did not start reports "Thread-<id>".
std::string current_thread_name();
/// Names the calling thread (also its OS name, cut to 15 bytes, for debuggers and top).
void set_current_thread_name(const std::string& name);

} // namespace socketserver
