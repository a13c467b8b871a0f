#pragma once
// Sums over a moving window on a grid in time linear in the number of cells: a summed-area table for
// square windows, row prefix sums for circular ones (never cell by cell over all cells).
#include <vector>

namespace parkgis {

// Σ of a row-major grid (columns × rows) over any rectangle in O(1).
class SummedAreaTable {
public:
    SummedAreaTable(const std::vector<double>& values, int columns, int rows);

    // Σ over columns [c0, c1] × rows [r0, r1], inclusive; the rectangle is clipped to the grid.
    double sum(int c0, int r0, int c1, int r1) const;

private:
    int m_columns, m_rows;
    std::vector<double> m_table;  // (columns + 1) × (rows + 1), a zero row and column first
};

enum class WindowShape { square, circle };

// For every cell, Σ values over the cells whose centre lies within radius_cells cell sizes of its
// centre: square = in both axes (Chebyshev), circle = Euclidean. Cells outside the grid count as 0.
// Sums within 1e-12 of the grid's total of 0 (rounding dust of the table's differences) are 0.
std::vector<double> window_sums(const std::vector<double>& values, int columns, int rows, double radius_cells,
                                WindowShape shape);

}  // namespace parkgis
