// The allow-list of the pickle reader: which globals may be named, and what
// calling them (as data) produces. Nothing here executes code from a file.

#include <ATen/ATen.h>

#include <array>
#include <cstring>
#include <string_view>

#include <fmt/format.h>

#include "mmengine/runner/checkpoint/pickle_impl.h"
#include "mmengine/utils/error.h"

namespace mmengine::runner::checkpoint::detail {
namespace {

using K = PyObj::Kind;

// Modules whose globals are refused outright (unless allow-listed below):
// anything that can reach the OS, the interpreter or arbitrary callables.
constexpr std::array<std::string_view, 46> kDeniedModules = {
    "os",
    "posix",
    "nt",
    "posixpath",
    "ntpath",
    "sys",
    "subprocess",
    "builtins",
    "shutil",
    "importlib",
    "pickle",
    "_pickle",
    "socket",
    "runpy",
    "code",
    "codeop",
    "ctypes",
    "pty",
    "commands",
    "webbrowser",
    "operator",
    "functools",
    "types",
    "io",
    "_io",
    "codecs",
    "_codecs",
    "marshal",
    "multiprocessing",
    "signal",
    "pdb",
    "platform",
    "threading",
    "_thread",
    "asyncio",
    "tempfile",
    "glob",
    "pathlib",
    "inspect",
    "timeit",
    "urllib",
    "http",
    "torch",
    "numpy",
    "copyreg",
    "_posixsubprocess"};

constexpr std::array<std::string_view, 23> kAllowed = {
    "collections.OrderedDict",
    "collections.Counter",
    "collections.defaultdict",
    "builtins.dict",
    "builtins.set",
    "builtins.frozenset",
    "builtins.bytearray",
    "builtins.getattr",
    "builtins.object",
    "_codecs.encode",
    "torch._utils._rebuild_tensor",
    "torch._utils._rebuild_tensor_v2",
    "torch._utils._rebuild_parameter",
    "torch._utils._rebuild_parameter_with_state",
    "torch.nn.parameter.Parameter",
    "torch.Size",
    "torch.device",
    "torch.UntypedStorage",
    "numpy.core.multiarray._reconstruct",
    "numpy.core.multiarray.scalar",
    "numpy.ndarray",
    "numpy.dtype",
    // libtorch's pickle_save tags typed containers: restore_type_tag(obj,
    // type_str) returns obj.
    "torch.jit._pickle.restore_type_tag"};

constexpr std::array<std::pair<std::string_view, at::ScalarType>, 13>
    kStorages = {{
        {"DoubleStorage", at::kDouble},
        {"FloatStorage", at::kFloat},
        {"HalfStorage", at::kHalf},
        {"LongStorage", at::kLong},
        {"IntStorage", at::kInt},
        {"ShortStorage", at::kShort},
        {"CharStorage", at::kChar},
        {"ByteStorage", at::kByte},
        {"BoolStorage", at::kBool},
        {"BFloat16Storage", at::kBFloat16},
        {"ComplexDoubleStorage", at::kComplexDouble},
        {"ComplexFloatStorage", at::kComplexFloat},
        {"UntypedStorage", at::kByte},
    }};

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw CheckpointError(fmt::format("{}: {}", where, what));
}

std::string type_name(const Obj& o) {
  static constexpr std::array<const char*, 13> kNames = {
      "NoneType",
      "bool",
      "int",
      "float",
      "str",
      "bytes",
      "list",
      "tuple",
      "dict",
      "set",
      "global",
      "object",
      "Tensor"};
  return kNames[static_cast<std::size_t>(o->kind)];
}

const std::vector<Obj>& tuple_args(
    const Obj& args,
    const std::string& fn,
    std::size_t min_n,
    const std::string& where) {
  if (args->kind != K::kTuple || args->items.size() < min_n) {
    fail(
        where,
        fmt::format(
            "{} expects at least {} arguments in a tuple, got {}",
            fn,
            min_n,
            args->kind == K::kTuple ? args->items.size() : 0));
  }
  return args->items;
}

std::vector<std::int64_t> int_list(const Obj& o, const std::string& where) {
  if (o->kind != K::kTuple && o->kind != K::kList) {
    fail(where, "expected a tuple of ints, got " + type_name(o));
  }
  std::vector<std::int64_t> out;
  for (const auto& v : o->items) {
    if (v->kind != K::kInt)
      fail(where, "expected an int, got " + type_name(v));
    out.push_back(v->i);
  }
  return out;
}

Obj rebuild_tensor(const std::vector<Obj>& a, const std::string& where) {
  if (a[0]->kind != K::kTensor || !a[0]->is_storage || a[1]->kind != K::kInt) {
    fail(where, "_rebuild_tensor expects (storage, offset, size, stride)");
  }
  const auto& storage = a[0]->tensor;
  const auto offset = a[1]->i;
  const auto size = int_list(a[2], where);
  const auto stride = int_list(a[3], where);
  if (size.size() != stride.size() || offset < 0) {
    fail(where, "tensor size and stride have different lengths");
  }
  // The last element the view touches must lie inside the storage.
  std::int64_t last = offset;
  bool empty = false;
  for (std::size_t d = 0; d < size.size(); ++d) {
    if (size[d] < 0 || stride[d] < 0)
      fail(where, "negative size or stride");
    empty = empty || size[d] == 0;
    if (size[d] > 0 && stride[d] > 0 &&
        (size[d] - 1) > (INT64_MAX - last) / stride[d]) {
      fail(where, "tensor extent overflows");
    }
    if (size[d] > 0)
      last += (size[d] - 1) * stride[d];
  }
  if (!empty && last >= storage.numel()) {
    fail(
        where,
        fmt::format(
            "tensor of size {} stride {} offset {} needs {} elements but its "
            "storage has {}",
            fmt::join(size, ", "),
            fmt::join(stride, ", "),
            offset,
            last + 1,
            storage.numel()));
  }
  auto o = make(K::kTensor);
  o->tensor = storage.as_strided(size, stride, offset);
  return o;
}

bool numpy_dtype(const std::string& code, at::ScalarType* out) {
  static constexpr std::array<std::pair<std::string_view, at::ScalarType>, 14>
      kCodes = {
          {{"f8", at::kDouble},
           {"f4", at::kFloat},
           {"f2", at::kHalf},
           {"i8", at::kLong},
           {"i4", at::kInt},
           {"i2", at::kShort},
           {"i1", at::kChar},
           {"u1", at::kByte},
           {"b1", at::kBool},
           {"c8", at::kComplexFloat},
           {"c16", at::kComplexDouble},
           {"u2", at::kUInt16},
           {"u4", at::kUInt32},
           {"u8", at::kUInt64}}};
  for (const auto& [name, t] : kCodes) {
    if (code == name) {
      *out = t;
      return true;
    }
  }
  return false;
}

at::ScalarType dtype_of(const Obj& dtype, const std::string& where) {
  at::ScalarType t;
  if (dtype->kind != K::kRecord || dtype->s != "numpy.dtype" ||
      dtype->items.empty() || dtype->items[0]->kind != K::kStr ||
      !numpy_dtype(dtype->items[0]->s, &t)) {
    fail(where, "unsupported numpy dtype");
  }
  if (dtype->i == '>') {
    fail(where, "big-endian numpy data is not supported");
  }
  return t;
}

Obj numpy_scalar(const std::vector<Obj>& a, const std::string& where) {
  const auto t = dtype_of(a[0], where);
  if (a[1]->kind != K::kBytes || a[1]->s.size() != at::elementSize(t)) {
    fail(where, "numpy scalar data does not match its dtype");
  }
  auto v = at::empty({}, at::TensorOptions().dtype(t));
  std::memcpy(v.data_ptr(), a[1]->s.data(), a[1]->s.size());
  Obj o;
  if (t == at::kBool) {
    o = make(K::kBool);
    o->b = v.item<bool>();
  } else if (at::isFloatingType(t)) {
    o = make(K::kFloat);
    o->f = v.item<double>();
  } else if (at::isIntegralType(t, false)) {
    o = make(K::kInt);
    o->i = v.item<std::int64_t>();
  } else {
    o = make(K::kTensor);
    o->tensor = v;
  }
  return o;
}

std::string latin1_bytes(const std::string& utf8, const std::string& where) {
  std::string out;
  for (std::size_t k = 0; k < utf8.size(); ++k) {
    const auto c = static_cast<unsigned char>(utf8[k]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if ((c & 0xE0) == 0xC0 && k + 1 < utf8.size() && c <= 0xC3) {
      out.push_back(static_cast<char>(((c & 0x1F) << 6) | (utf8[++k] & 0x3F)));
    } else {
      fail(where, "_codecs.encode: text is not latin-1");
    }
  }
  return out;
}

Obj make_dict_from(const std::vector<Obj>& a, const std::string& fn) {
  auto o = make(K::kDict);
  if (!a.empty() && fn != "collections.defaultdict") {
    if (a[0]->kind == K::kDict) {
      o->dict = a[0]->dict;
    } else if (a[0]->kind == K::kList || a[0]->kind == K::kTuple) {
      for (const auto& kv : a[0]->items) {
        if (kv->kind == K::kTuple && kv->items.size() == 2) {
          o->dict.emplace_back(kv->items[0], kv->items[1]);
        }
      }
    }
  }
  return o;
}

}  // namespace

Obj make(PyObj::Kind kind) {
  auto o = std::make_shared<PyObj>();
  o->kind = kind;
  return o;
}

Obj make_str(std::string s, PyObj::Kind kind) {
  auto o = make(kind);
  o->s = std::move(s);
  return o;
}

bool storage_dtype(const std::string& global_name, at::ScalarType* dtype) {
  constexpr std::string_view kPrefix = "torch.";
  if (global_name.rfind(kPrefix, 0) != 0)
    return false;
  const auto name = std::string_view(global_name).substr(kPrefix.size());
  for (const auto& [n, t] : kStorages) {
    if (name == n) {
      *dtype = t;
      return true;
    }
  }
  return false;
}

Obj resolve_global(
    const std::string& module_in,
    const std::string& name,
    const std::string& where) {
  std::string module = module_in;
  if (module == "__builtin__")
    module = "builtins";
  if (module == "numpy._core.multiarray")
    module = "numpy.core.multiarray";
  const std::string full = module + "." + name;
  auto o = make_str(full, K::kGlobal);
  at::ScalarType t;
  for (const auto& allowed : kAllowed) {
    if (full == allowed) {
      o->known_class = true;
      return o;
    }
  }
  if (storage_dtype(full, &t)) {
    o->known_class = true;
    return o;
  }
  const auto root = module.substr(0, module.find('.'));
  for (const auto& denied : kDeniedModules) {
    if (root == denied || name.find("__") == 0) {
      fail(
          where,
          fmt::format(
              "refusing to load the global '{}' from the pickle: it is not on "
              "the allow-list of data types (checkpoints are read, never "
              "executed)",
              full));
    }
  }
  return o;  // an unknown class: instances become inert records
}

Obj reduce(const Obj& fn, const Obj& args, const std::string& where) {
  if (fn->kind != K::kGlobal) {
    fail(
        where,
        "REDUCE on a " + type_name(fn) +
            " object that is not "
            "callable");
  }
  const auto& name = fn->s;
  if (!fn->known_class) {
    fail(
        where,
        fmt::format(
            "refusing to call '{}' while unpickling: only allow-listed data "
            "constructors may be called",
            name));
  }
  if (args->kind != K::kTuple)
    fail(where, name + ": arguments not a tuple");
  const auto& a = args->items;
  if (name == "collections.OrderedDict" || name == "collections.Counter" ||
      name == "collections.defaultdict" || name == "builtins.dict") {
    return make_dict_from(a, name);
  }
  if (name == "builtins.set" || name == "builtins.frozenset") {
    auto o = make(K::kSet);
    if (!a.empty())
      o->items = a[0]->items;
    return o;
  }
  if (name == "builtins.bytearray") {
    if (a.empty())
      return make_str("", K::kBytes);
    if (a.size() >= 2)
      return make_str(latin1_bytes(a[0]->s, where), K::kBytes);
    return make_str(a[0]->s, K::kBytes);
  }
  if (name == "builtins.getattr") {
    const auto& g = tuple_args(args, name, 2, where);
    if (g[0]->kind != K::kGlobal || g[0]->known_class ||
        g[1]->kind != K::kStr) {
      fail(where, "getattr is only allowed on records of unknown classes");
    }
    return make_str(g[0]->s + "." + g[1]->s, K::kGlobal);
  }
  if (name == "_codecs.encode") {
    const auto& g = tuple_args(args, name, 2, where);
    if (g[0]->kind != K::kStr || g[1]->kind != K::kStr) {
      fail(where, "_codecs.encode expects (str, encoding)");
    }
    if (g[1]->s == "latin1" || g[1]->s == "latin-1") {
      return make_str(latin1_bytes(g[0]->s, where), K::kBytes);
    }
    if (g[1]->s == "utf-8" || g[1]->s == "utf8") {
      return make_str(g[0]->s, K::kBytes);
    }
    fail(where, "_codecs.encode: unsupported encoding " + g[1]->s);
  }
  if (name == "torch._utils._rebuild_tensor" ||
      name == "torch._utils._rebuild_tensor_v2") {
    return rebuild_tensor(tuple_args(args, name, 4, where), where);
  }
  if (name == "torch._utils._rebuild_parameter" ||
      name == "torch._utils._rebuild_parameter_with_state" ||
      name == "torch.nn.parameter.Parameter") {
    const auto& g = tuple_args(args, name, 1, where);
    if (g[0]->kind != K::kTensor)
      fail(where, name + " expects a tensor");
    return g[0];
  }
  if (name == "torch.jit._pickle.restore_type_tag") {
    return tuple_args(args, name, 2, where)[0];
  }
  if (name == "torch.Size") {
    auto o = make(K::kTuple);
    if (!a.empty())
      o->items = a[0]->items;
    return o;
  }
  if (name == "torch.device") {
    const auto& g = tuple_args(args, name, 1, where);
    std::string s = g[0]->s;
    if (g.size() > 1 && g[1]->kind == K::kInt)
      s += ":" + std::to_string(g[1]->i);
    return make_str(s);
  }
  if (name == "numpy.core.multiarray._reconstruct") {
    return make_str("numpy.ndarray", K::kRecord);
  }
  if (name == "numpy.core.multiarray.scalar") {
    return numpy_scalar(tuple_args(args, name, 2, where), where);
  }
  if (name == "numpy.dtype") {
    auto o = make_str("numpy.dtype", K::kRecord);
    o->items = tuple_args(args, name, 1, where);
    return o;
  }
  fail(where, fmt::format("'{}' cannot be called while unpickling", name));
}

Obj new_object(const Obj& cls, const Obj& args, const std::string& where) {
  if (cls->kind != K::kGlobal) {
    fail(where, "NEWOBJ on a " + type_name(cls) + " object");
  }
  if (cls->known_class) {
    return reduce(cls, args, where);
  }
  auto o = make_str(cls->s, K::kRecord);
  if (args->kind == K::kTuple)
    o->items = args->items;
  return o;
}

void build(const Obj& obj, const Obj& state, const std::string& where) {
  if (obj->kind == K::kRecord && obj->s == "numpy.dtype") {
    if (state->kind == K::kTuple && state->items.size() > 1 &&
        state->items[1]->kind == K::kStr && !state->items[1]->s.empty()) {
      obj->i = state->items[1]->s[0];
    }
    return;
  }
  if (obj->kind == K::kRecord && obj->s == "numpy.ndarray") {
    const auto& s = tuple_args(state, "ndarray.__setstate__", 5, where);
    auto shape = int_list(s[1], where);
    const auto t = dtype_of(s[2], where);
    if (s[4]->kind != K::kBytes)
      fail(where, "numpy object arrays unsupported");
    const bool fortran = s[3]->kind == K::kBool && s[3]->b;
    if (fortran)
      std::reverse(shape.begin(), shape.end());
    auto tensor = at::empty(shape, at::TensorOptions().dtype(t));
    if (static_cast<std::size_t>(tensor.nbytes()) != s[4]->s.size()) {
      fail(
          where,
          fmt::format(
              "numpy array of shape {} needs {} bytes, found {}",
              fmt::join(shape, ", "),
              tensor.nbytes(),
              s[4]->s.size()));
    }
    std::memcpy(tensor.data_ptr(), s[4]->s.data(), s[4]->s.size());
    if (fortran) {
      std::vector<std::int64_t> perm(shape.size());
      for (std::size_t d = 0; d < perm.size(); ++d) {
        perm[d] = static_cast<std::int64_t>(perm.size() - 1 - d);
      }
      tensor = tensor.permute(perm);
    }
    obj->kind = K::kTensor;
    obj->tensor = tensor;
    return;
  }
  if (obj->kind == K::kRecord) {
    obj->state = state;
    return;
  }
  if (obj->kind == K::kDict || obj->kind == K::kTensor) {
    return;  // OrderedDict._metadata / Parameter state: not kept
  }
  fail(where, "BUILD on a " + type_name(obj) + " object");
}

structures::Tree to_tree(const Obj& o, const std::string& where, int depth) {
  using structures::Tree;
  if (depth > 512) {
    fail(where, "objects nested deeper than 512 levels (a cycle?)");
  }
  switch (o->kind) {
    case K::kNone:
      return Tree();
    case K::kBool:
      return Tree(o->b);
    case K::kInt:
      return Tree(o->i);
    case K::kFloat:
      return Tree(o->f);
    case K::kStr:
    case K::kBytes:
    case K::kGlobal:
      return Tree(o->s);
    case K::kTensor:
      return Tree(o->tensor);
    case K::kList:
    case K::kSet:
    case K::kTuple: {
      std::vector<Tree> items;
      items.reserve(o->items.size());
      for (const auto& v : o->items)
        items.push_back(to_tree(v, where, depth + 1));
      return o->kind == K::kTuple ? Tree::tuple(std::move(items))
                                  : Tree::list(std::move(items));
    }
    case K::kDict: {
      structures::TreeItems items;
      items.reserve(o->dict.size());
      for (const auto& [k, v] : o->dict) {
        config::Key key = k->kind == K::kStr    ? config::Key(k->s)
                          : k->kind == K::kInt  ? config::Key(k->i)
                          : k->kind == K::kBool ? config::Key(k->b ? 1 : 0)
                                                : config::Key("");
        if (k->kind != K::kStr && k->kind != K::kInt && k->kind != K::kBool) {
          fail(where, "unsupported dict key of type " + type_name(k));
        }
        items.emplace_back(std::move(key), to_tree(v, where, depth + 1));
      }
      return Tree::dict(std::move(items));
    }
    case K::kRecord: {
      if (o->s == "numpy.dtype" && !o->items.empty()) {
        return Tree(o->items[0]->s);
      }
      auto rec = Tree::dict({{kRecordClassKey, Tree(o->s)}});
      if (!o->items.empty()) {
        auto args = make(K::kTuple);
        args->items = o->items;
        rec["__args__"] = to_tree(args, where, depth + 1);
      }
      if (o->state && o->state->kind == K::kDict) {
        for (auto& [k, v] : to_tree(o->state, where, depth + 1).items()) {
          rec[k] = v;
        }
      } else if (o->state) {
        rec["__state__"] = to_tree(o->state, where, depth + 1);
      }
      if (!o->dict.empty()) {
        auto d = make(K::kDict);
        d->dict = o->dict;
        rec["__items__"] = to_tree(d, where, depth + 1);
      }
      if (!o->list_items.empty()) {
        auto l = make(K::kList);
        l->items = o->list_items;
        rec["__list__"] = to_tree(l, where, depth + 1);
      }
      return rec;
    }
  }
  fail(where, "unknown object");
}

}  // namespace mmengine::runner::checkpoint::detail
