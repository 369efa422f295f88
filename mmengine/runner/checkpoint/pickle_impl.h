#pragma once

// Private: the object model of the pickle reader and the allow-listed
// semantics of globals (pickle_globals.cpp).

#include <ATen/core/Tensor.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "mmengine/runner/checkpoint/pickle_reader.h"
#include "mmengine/structures/tree.h"

namespace mmengine::runner::checkpoint::detail {

struct PyObj;
using Obj = std::shared_ptr<PyObj>;

/// One unpickled Python object. Only data: globals are names, instances
/// of unknown classes are records.
struct PyObj {
  enum class Kind : std::uint8_t {
    kNone,
    kBool,
    kInt,
    kFloat,
    kStr,
    kBytes,
    kList,
    kTuple,
    kDict,
    kSet,
    kGlobal,  // a class or function reference: `name` = "module.qualname"
    kRecord,  // instance of an unknown class (or numpy array/dtype)
    kTensor,  // a tensor or a typed storage (`is_storage`)
  };
  Kind kind = Kind::kNone;
  bool b = false;
  std::int64_t i = 0;
  double f = 0;
  std::string s;           // str/bytes contents; global or record class name
  std::vector<Obj> items;  // list/tuple/set; record args
  std::vector<std::pair<Obj, Obj>> dict;  // dict items; record dict items
  std::vector<Obj> list_items;            // record APPENDS
  Obj state;                              // record BUILD state
  at::Tensor tensor;
  bool is_storage = false;
  bool known_class = false;  // global on the allow-list
};

Obj make(PyObj::Kind kind);
Obj make_str(std::string s, PyObj::Kind kind = PyObj::Kind::kStr);

/// Resolves GLOBAL / STACK_GLOBAL: refuses dangerous names.
Obj resolve_global(
    const std::string& module,
    const std::string& name,
    const std::string& where);
/// REDUCE: calls an allow-listed callable (as data) or refuses.
Obj reduce(const Obj& callable, const Obj& args, const std::string& where);
/// NEWOBJ: `cls.__new__(cls, *args)`; unknown classes give records.
Obj new_object(const Obj& cls, const Obj& args, const std::string& where);
/// BUILD: `obj.__setstate__(state)` on records, numpy arrays and dtypes.
void build(const Obj& obj, const Obj& state, const std::string& where);
/// The storage type name ("FloatStorage") -> dtype; false if unknown.
bool storage_dtype(const std::string& global_name, at::ScalarType* dtype);
/// Converts the object graph to a Tree (depth-limited: cycles are errors).
structures::Tree to_tree(const Obj& obj, const std::string& where, int depth);

}  // namespace mmengine::runner::checkpoint::detail
