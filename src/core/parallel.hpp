#pragma once
// Work split over the machine's cores (PARKGIS_THREADS overrides, e.g. for the benchmark's 1-thread
// run). Internal to libparkgis.
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace parkgis::detail {

inline unsigned worker_count() {
    if (const char* env = std::getenv("PARKGIS_THREADS")) {
        const int n = std::atoi(env);
        if (n > 0) return static_cast<unsigned>(n);
    }
    return std::max(1u, std::thread::hardware_concurrency());
}

// Calls work(begin, end, worker) on chunks of [0, n) from `workers` threads; the first exception is
// rethrown here after every thread has stopped.
template <class Work>
void parallel_chunks(size_t n, size_t chunk, unsigned workers, Work&& work) {
    std::atomic<size_t> next{0};
    std::exception_ptr error;
    std::mutex error_mutex;
    auto loop = [&](unsigned worker) {
        try {
            for (;;) {
                const size_t begin = next.fetch_add(chunk);
                if (begin >= n) return;
                work(begin, std::min(n, begin + chunk), worker);
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(error_mutex);
            if (!error) error = std::current_exception();
            next = n;
        }
    };
    std::vector<std::thread> threads;
    for (unsigned w = 1; w < workers; ++w) threads.emplace_back(loop, w);
    loop(0);
    for (auto& t : threads) t.join();
    if (error) std::rethrow_exception(error);
}

}  // namespace parkgis::detail
