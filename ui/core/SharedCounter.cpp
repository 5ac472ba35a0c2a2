#include "SharedCounter.h"

#include <new>

#include <sys/mman.h>

SharedCounter::SharedCounter() {
  void* page = ::mmap(nullptr, sizeof(std::atomic<quint64>), PROT_READ | PROT_WRITE,
                      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED) { // no mapping: still right for every model but forking
    value_ = &fallback_;
    return;
  }
  value_ = new (page) std::atomic<quint64>(0);
  mapped_ = true;
}

SharedCounter::~SharedCounter() {
  if (mapped_) {
    value_->~atomic();
    ::munmap(value_, sizeof(std::atomic<quint64>));
  }
}

quint64 SharedCounter::next() { return value_->fetch_add(1) + 1; }
