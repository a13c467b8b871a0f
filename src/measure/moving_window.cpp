#include "parkgis/measure/moving_window.hpp"

#include <algorithm>
#include <cmath>

#include "../core/parallel.hpp"

namespace parkgis {

namespace {

// Differences of large prefix sums leave rounding dust (relative to the grid's total) where the true
// sum is 0; values are people, so anything this small is none.
double clean(double v, double dust) { return std::abs(v) <= dust ? 0.0 : v; }

double dust_of(const std::vector<double>& values) {
    double total = 0;
    for (double v : values) total += std::abs(v);
    return 1e-12 * std::max(1.0, total);
}

// Whole cells within a radius, tolerant of a radius that is a multiple of the cell size in decimal.
int reach(double radius_cells) { return static_cast<int>(std::floor(radius_cells + 1e-9)); }

}  // namespace

SummedAreaTable::SummedAreaTable(const std::vector<double>& values, int columns, int rows)
    : m_columns(columns), m_rows(rows), m_table(static_cast<size_t>(columns + 1) * (rows + 1), 0.0) {
    const size_t stride = static_cast<size_t>(columns) + 1;
    for (int r = 0; r < rows; ++r) {
        double row_sum = 0;
        const double* in = values.data() + static_cast<size_t>(r) * columns;
        const double* above = m_table.data() + static_cast<size_t>(r) * stride;
        double* out = m_table.data() + static_cast<size_t>(r + 1) * stride;
        for (int c = 0; c < columns; ++c) {
            row_sum += in[c];
            out[c + 1] = above[c + 1] + row_sum;
        }
    }
}

double SummedAreaTable::sum(int c0, int r0, int c1, int r1) const {
    c0 = std::max(c0, 0);
    r0 = std::max(r0, 0);
    c1 = std::min(c1, m_columns - 1);
    r1 = std::min(r1, m_rows - 1);
    if (c0 > c1 || r0 > r1) return 0.0;
    const size_t stride = static_cast<size_t>(m_columns) + 1;
    auto at = [&](int c, int r) { return m_table[static_cast<size_t>(r) * stride + c]; };
    return at(c1 + 1, r1 + 1) - at(c0, r1 + 1) - at(c1 + 1, r0) + at(c0, r0);
}

std::vector<double> window_sums(const std::vector<double>& values, int columns, int rows, double radius_cells,
                                WindowShape shape) {
    std::vector<double> out(values.size(), 0.0);
    if (columns <= 0 || rows <= 0) return out;
    const int k = reach(radius_cells);
    const unsigned workers = detail::worker_count();
    const double dust = dust_of(values);
    if (shape == WindowShape::square) {
        const SummedAreaTable table(values, columns, rows);
        detail::parallel_chunks(static_cast<size_t>(rows), 64, workers, [&](size_t begin, size_t end, unsigned) {
            for (size_t r = begin; r < end; ++r) {
                const int ri = static_cast<int>(r);
                for (int c = 0; c < columns; ++c)
                    out[r * columns + c] = clean(table.sum(c - k, ri - k, c + k, ri + k), dust);
            }
        });
        return out;
    }
    // Circle: prefix sums along each row, then for each of the 2k + 1 rows of the window the span of
    // columns whose centres lie within the radius.
    const size_t stride = static_cast<size_t>(columns) + 1;
    std::vector<double> prefix(stride * rows, 0.0);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < columns; ++c)
            prefix[r * stride + c + 1] = prefix[r * stride + c] + values[static_cast<size_t>(r) * columns + c];
    std::vector<int> half_width(2 * k + 1);
    for (int dy = -k; dy <= k; ++dy)
        half_width[dy + k] = reach(std::sqrt(std::max(0.0, radius_cells * radius_cells - double(dy) * dy)));
    detail::parallel_chunks(static_cast<size_t>(rows), 64, workers, [&](size_t begin, size_t end, unsigned) {
        for (size_t r = begin; r < end; ++r) {
            for (int c = 0; c < columns; ++c) {
                double s = 0;
                for (int dy = -k; dy <= k; ++dy) {
                    const int rr = static_cast<int>(r) + dy;
                    if (rr < 0 || rr >= rows) continue;
                    const int w = half_width[dy + k];
                    const int c0 = std::max(c - w, 0), c1 = std::min(c + w, columns - 1);
                    s += prefix[rr * stride + c1 + 1] - prefix[rr * stride + c0];
                }
                out[r * columns + c] = clean(s, dust);
            }
        }
    });
    return out;
}

}  // namespace parkgis
