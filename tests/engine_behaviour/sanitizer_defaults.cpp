// Linked into every behaviour suite. Under ThreadSanitizer, ignore what interceptors see when
// called from modules that are not instrumented: Qt is not, and QtTest's own watchdog thread
// synchronises through futex-based QMutex that TSan cannot see, which otherwise ends every
// suite with false "data race" reports in QWaitCondition / QTest::qRun at exit. Our code and
// the engine are instrumented and fully checked. TSAN_OPTIONS from the environment still
// apply on top of these defaults.

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define BEHAVIOUR_TSAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define BEHAVIOUR_TSAN 1
#endif

#ifdef BEHAVIOUR_TSAN
extern "C" const char* __tsan_default_options();
extern "C" const char* __tsan_default_options() { return "ignore_noninstrumented_modules=1"; }
#endif
