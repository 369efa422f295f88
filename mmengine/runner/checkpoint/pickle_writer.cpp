#include "mmengine/runner/checkpoint/pickle_writer.h"

#include <ATen/ATen.h>

#include <bit>
#include <cstring>
#include <functional>
#include <unordered_map>

#include <fmt/format.h>

#include "mmengine/runner/checkpoint/pickle_reader.h"
#include "mmengine/utils/error.h"

namespace mmengine::runner::checkpoint {
namespace {

const char* storage_name(at::ScalarType t) {
  switch (t) {
    case at::kDouble:
      return "DoubleStorage";
    case at::kFloat:
      return "FloatStorage";
    case at::kHalf:
      return "HalfStorage";
    case at::kLong:
      return "LongStorage";
    case at::kInt:
      return "IntStorage";
    case at::kShort:
      return "ShortStorage";
    case at::kChar:
      return "CharStorage";
    case at::kByte:
      return "ByteStorage";
    case at::kBool:
      return "BoolStorage";
    case at::kBFloat16:
      return "BFloat16Storage";
    case at::kComplexDouble:
      return "ComplexDoubleStorage";
    case at::kComplexFloat:
      return "ComplexFloatStorage";
    default:
      return nullptr;
  }
}

class Pickler {
 public:
  PickledTree out;
  // Set for plain pickles: a tensor's whole `torch.save` archive.
  std::function<std::string(const at::Tensor&)> tensor_bytes;

  void tree(const structures::Tree& t) {
    switch (t.kind()) {
      case structures::Tree::Kind::kValue:
        value(t.to_value());
        return;
      case structures::Tree::Kind::kTensor:
        tensor(t.tensor());
        return;
      case structures::Tree::Kind::kList:
      case structures::Tree::Kind::kTuple:
        sequence(t.elements(), t.kind() == structures::Tree::Kind::kTuple);
        return;
      case structures::Tree::Kind::kDict:
        dict(t.items());
        return;
    }
  }

 private:
  void op(char c) {
    out.pickle.push_back(c);
  }
  template <typename T>
  void raw(T v) {
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    out.pickle.append(b, sizeof(T));
  }
  void str(const std::string& s) {
    op('X');
    raw(static_cast<std::uint32_t>(s.size()));
    out.pickle.append(s);
  }
  void integer(std::int64_t v) {
    if (v >= 0 && v < 256) {
      op('K');
      raw(static_cast<std::uint8_t>(v));
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
      op('J');
      raw(static_cast<std::int32_t>(v));
    } else {
      op('\x8a');
      raw(static_cast<std::uint8_t>(8));
      raw(v);
    }
  }
  void global(const char* module, const char* name) {
    op('c');
    out.pickle.append(module).push_back('\n');
    out.pickle.append(name).push_back('\n');
  }
  void key(const config::Key& k) {
    if (k.is_int()) {
      integer(k.to_int());
    } else {
      str(k.str());
    }
  }
  void value(const config::Value& v) {
    using T = config::Value::Type;
    switch (v.type()) {
      case T::kNone:
        op('N');
        return;
      case T::kBool:
        op(v.as<bool>() ? '\x88' : '\x89');
        return;
      case T::kInt:
        integer(v.as<std::int64_t>());
        return;
      case T::kFloat:
        op('G');
        raw(__builtin_bswap64(std::bit_cast<std::uint64_t>(v.as<double>())));
        return;
      case T::kString:
        str(v.as<std::string>());
        return;
      case T::kList:
      case T::kTuple:
        sequence(structures::Tree(v).elements(), v.type() == T::kTuple);
        return;
      case T::kDict:
        dict(structures::Tree(v).items());
        return;
    }
  }
  void sequence(const std::vector<structures::Tree>& items, bool is_tuple) {
    if (is_tuple && items.empty()) {
      op(')');
      return;
    }
    op(is_tuple ? '(' : ']');
    if (!is_tuple)
      op('(');
    for (const auto& it : items)
      tree(it);
    op(is_tuple ? 't' : 'e');
  }
  void dict(const structures::TreeItems& items) {
    for (const auto& kv : items) {
      if (kv.first.is_string() && kv.first.str() == kRecordClassKey) {
        record(items, kv.second.as<std::string>());
        return;
      }
    }
    bool all_tensors = !items.empty() && !tensor_bytes;
    for (const auto& kv : items)
      all_tensors = all_tensors && kv.second.is_tensor();
    if (all_tensors) {
      global("collections", "OrderedDict");
      op(')');
      op('R');
    } else {
      op('}');
    }
    if (items.empty())
      return;
    op('(');
    for (const auto& [k, v] : items) {
      key(k);
      tree(v);
    }
    op('u');
  }
  // An instance of a Python class (MMEngine's HistoryBuffer): created
  // without arguments (NEWOBJ), its attributes set from a dict (BUILD);
  // tensor attributes become numpy arrays, as such objects hold them.
  void record(const structures::TreeItems& items, const std::string& cls) {
    const auto dot = cls.rfind('.');
    MMENGINE_CHECK_T(
        CheckpointError,
        dot != std::string::npos && dot > 0 && dot + 1 < cls.size(),
        "[save_checkpoint] record class '",
        cls,
        "' is not a qualified name (module.Class)");
    global(cls.substr(0, dot).c_str(), cls.substr(dot + 1).c_str());
    op(')');
    op('\x81');
    op('}');
    op('(');
    for (const auto& [k, v] : items) {
      if (k.is_string() && k.str() == kRecordClassKey) {
        continue;
      }
      key(k);
      if (v.is_tensor()) {
        ndarray(v.tensor());
      } else {
        tree(v);
      }
    }
    op('u');
    op('b');
  }
  // numpy's own protocol-2 layout: _reconstruct(ndarray, (0,), b'b') then
  // BUILD with (1, shape, dtype, is_fortran, raw bytes).
  void ndarray(const at::Tensor& t_in) {
    const at::Tensor t = t_in.detach().to(at::kCPU).contiguous();
    const char* code = numpy_code(t.scalar_type());
    MMENGINE_CHECK_T(
        CheckpointError,
        code != nullptr,
        "[save_checkpoint] tensors of dtype ",
        c10::toString(t.scalar_type()),
        " cannot be written as numpy arrays");
    global("numpy.core.multiarray", "_reconstruct");
    op('(');
    global("numpy", "ndarray");
    op('(');
    integer(0);
    op('t');
    bytes("b");
    op('t');
    op('R');
    op('(');
    integer(1);
    sequence_ints(t.sizes());
    global("numpy", "dtype");
    op('(');
    str(code);
    op('\x89');
    op('\x88');
    op('t');
    op('R');
    op('(');
    integer(3);
    str(t.element_size() == 1 ? "|" : "<");
    op('N');
    op('N');
    op('N');
    integer(-1);
    integer(-1);
    integer(0);
    op('t');
    op('b');
    op('\x89');
    bytes(std::string(
        static_cast<const char*>(t.data_ptr()),
        static_cast<std::size_t>(t.nbytes())));
    op('t');
    op('b');
  }
  static const char* numpy_code(at::ScalarType type) {
    switch (type) {
      case at::kDouble:
        return "f8";
      case at::kFloat:
        return "f4";
      case at::kLong:
        return "i8";
      case at::kInt:
        return "i4";
      case at::kByte:
        return "u1";
      case at::kBool:
        return "b1";
      default:
        return nullptr;
    }
  }
  void bytes(const std::string& b) {
    op('B');
    raw(static_cast<std::uint32_t>(b.size()));
    out.pickle.append(b);
  }
  void tensor(const at::Tensor& t) {
    if (tensor_bytes) {
      // What PyTorch's own storages reduce to, for a whole tensor.
      const std::string bytes = tensor_bytes(t);
      MMENGINE_CHECK_T(
          CheckpointError,
          bytes.size() <= UINT32_MAX,
          "[pickle] a tensor of ",
          bytes.size(),
          " bytes is too large for a protocol 3 pickle");
      global("torch.storage", "_load_from_bytes");
      op('(');
      op('B');
      raw(static_cast<std::uint32_t>(bytes.size()));
      out.pickle.append(bytes);
      op('t');
      op('R');
      return;
    }
    const char* sname = storage_name(t.scalar_type());
    MMENGINE_CHECK_T(
        CheckpointError,
        sname != nullptr,
        "[save_checkpoint] tensors of dtype ",
        c10::toString(t.scalar_type()),
        " cannot be pickled for torch.load (no legacy storage class)");
    const auto& storage = t.storage();
    const void* impl = storage.unsafeGetStorageImpl();
    auto [it, inserted] = keys_.try_emplace(impl, out.storages.size());
    if (inserted) {
      // A byte view of the whole storage: no copy for CPU tensors.
      auto bytes = at::empty({0}, t.options().dtype(at::kByte))
                       .set_(
                           storage,
                           0,
                           {static_cast<std::int64_t>(storage.nbytes())},
                           {1});
      if (!bytes.device().is_cpu()) {
        bytes = bytes.to(at::kCPU);
      }
      out.storages.push_back(bytes);
    }
    global("torch._utils", "_rebuild_tensor_v2");
    op('(');
    op('(');
    str("storage");
    global("torch", sname);
    str(std::to_string(it->second));
    str(t.device().is_cpu() ? "cpu" : t.device().str());
    integer(static_cast<std::int64_t>(storage.nbytes() / t.element_size()));
    op('t');
    op('Q');
    integer(t.storage_offset());
    sequence_ints(t.sizes());
    sequence_ints(t.strides());
    op('\x89');  // requires_grad: state dicts hold detached tensors
    global("collections", "OrderedDict");
    op(')');
    op('R');
    op('t');
    op('R');
  }
  void sequence_ints(at::IntArrayRef v) {
    op('(');
    for (auto x : v)
      integer(x);
    op('t');
  }

  std::unordered_map<const void*, std::size_t> keys_;
};

}  // namespace

PickledTree pickle_tree(const structures::Tree& tree) {
  Pickler p;
  p.out.pickle = "\x80\x02";
  p.tree(tree);
  p.out.pickle.push_back('.');
  return std::move(p.out);
}

std::string pickle_plain(
    const structures::Tree& tree,
    const std::function<std::string(const at::Tensor&)>& tensor_bytes) {
  Pickler p;
  p.tensor_bytes = tensor_bytes;
  p.out.pickle = "\x80\x03";
  p.tree(tree);
  p.out.pickle.push_back('.');
  return std::move(p.out.pickle);
}

}  // namespace mmengine::runner::checkpoint
