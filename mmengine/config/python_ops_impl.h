#pragma once

// Operators, subscripts and slices on runtime objects, with Python 3.11's
// semantics and messages (floor division and modulo sign rules, int/float
// promotion, sequence repetition, KeyError/IndexError texts). Ints are
// 64-bit: results that overflow raise OverflowError instead of growing.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mmengine/config/python_format_impl.h"
#include "mmengine/config/python_object_impl.h"

namespace mmengine::config::detail {

/// `a <op> b`.
Obj binary_op(Heap& heap, BinOp op, const Obj& a, const Obj& b);
/// `a <op>= b`: lists extend, dicts and sets update in place; others as
/// binary_op.
Obj inplace_op(Heap& heap, BinOp op, const Obj& a, const Obj& b);
/// `-v`, `+v`, `~v`, `not v`.
Obj unary_op(UnaryOp op, const Obj& v);
/// `item in container` for containers that need no iteration protocol;
/// nullopt for iterators and generators (the caller iterates).
std::optional<bool> contains(const Obj& container, const Obj& item);

/// `lower:upper:step` with None parts absent.
struct SliceSpec {
  std::optional<std::int64_t> start;
  std::optional<std::int64_t> stop;
  std::optional<std::int64_t> step;
};

/// A slice resolved against a length: `length` positions from `start`.
struct SliceBounds {
  std::int64_t start = 0;
  std::int64_t step = 1;
  std::int64_t length = 0;
};
/// CPython's PySlice_AdjustIndices; ValueError for a zero step.
SliceBounds slice_bounds(const SliceSpec& s, std::int64_t n);
/// Positions a slice selects in a sequence of n items.
std::vector<std::size_t> slice_positions(const SliceSpec& s, std::size_t n);

/// `obj[key]` and `obj[slice]`.
Obj get_item(Heap& heap, const Obj& obj, const Obj& key);
Obj get_slice(Heap& heap, const Obj& obj, const SliceSpec& slice);
/// `obj[key] = value` (ConfigDicts convert dict values, as MMEngine's do).
void set_item(Heap& heap, const Obj& obj, const Obj& key, Obj value);
void set_slice(const Obj& obj, const SliceSpec& slice, std::vector<Obj> values);
/// `del obj[key]`, `del obj[slice]`.
void del_item(const Obj& obj, const Obj& key);
void del_slice(const Obj& obj, const SliceSpec& slice);

/// Index into a sequence of n items (negative counts from the end);
/// IndexError "<what> index out of range".
std::size_t sequence_index(std::int64_t i, std::size_t n, const char* what);

/// Checked int64 arithmetic; OverflowError past 64 bits.
std::int64_t checked_add(std::int64_t a, std::int64_t b);
std::int64_t checked_mul(std::int64_t a, std::int64_t b);
/// Python int floor division and modulo (ZeroDivisionError for b == 0).
std::int64_t floor_div(std::int64_t a, std::int64_t b);
std::int64_t floor_mod(std::int64_t a, std::int64_t b);
/// Python float `divmod` (floor quotient, remainder with the divisor's sign).
void float_divmod(double a, double b, double& quotient, double& remainder);
/// Python `pow(a, b)` for numbers.
Obj number_pow(const Obj& a, const Obj& b);

/// MMEngine's ConfigDict._hook: plain dicts become ConfigDicts and lists
/// and tuples are rebuilt around converted elements.
Obj config_hook(Heap& heap, const Obj& value);

}  // namespace mmengine::config::detail
