#include "mmengine/runner/checkpoint/pickle_reader.h"

#include <ATen/ATen.h>

#include <bit>
#include <cstring>
#include <unordered_map>

#include <fmt/format.h>

#include "mmengine/runner/checkpoint/pickle_impl.h"
#include "mmengine/utils/error.h"

namespace mmengine::runner::checkpoint {
namespace {

using detail::make;
using detail::make_str;
using detail::Obj;
using K = detail::PyObj::Kind;

/// The pickle virtual machine: a value stack, a mark stack and the memo.
class Unpickler {
 public:
  Unpickler(
      std::string_view data,
      std::size_t pos,
      const StorageLoader& load,
      const std::string& where)
      : data_(data), pos_(pos), load_(load), where_(where) {}

  Obj run();
  std::size_t pos() const {
    return pos_;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw CheckpointError(
        fmt::format("{}: bad pickle at byte {}: {}", where_, op_pos_, what));
  }
  std::string_view take(std::uint64_t n) {
    if (pos_ > data_.size() || n > data_.size() - pos_) {
      fail(fmt::format(
          "truncated data (needs {} bytes, {} left)", n, data_.size() - pos_));
    }
    auto out = data_.substr(pos_, n);
    pos_ += n;
    return out;
  }
  template <typename T>
  T le() {
    T v;
    std::memcpy(&v, take(sizeof(T)).data(), sizeof(T));
    return v;
  }
  std::string line() {
    const auto end = data_.find('\n', pos_);
    if (end == std::string_view::npos) {
      fail("unterminated text argument");
    }
    std::string out(data_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return out;
  }
  Obj pop() {
    if (stack_.empty() || (!marks_.empty() && stack_.size() <= marks_.back())) {
      fail("stack underflow");
    }
    Obj v = std::move(stack_.back());
    stack_.pop_back();
    return v;
  }
  Obj& top() {
    if (stack_.empty()) {
      fail("stack underflow");
    }
    return stack_.back();
  }
  std::vector<Obj> pop_mark() {
    if (marks_.empty()) {
      fail("MARK expected");
    }
    const auto m = marks_.back();
    marks_.pop_back();
    std::vector<Obj> out(
        std::make_move_iterator(stack_.begin() + static_cast<long>(m)),
        std::make_move_iterator(stack_.end()));
    stack_.resize(m);
    return out;
  }
  void push(Obj v) {
    if (stack_.size() > kMaxStack) {
      fail("stack too deep");
    }
    stack_.push_back(std::move(v));
  }
  void push_int(std::int64_t v) {
    auto o = make(K::kInt);
    o->i = v;
    push(std::move(o));
  }
  void memo_put(std::uint64_t key) {
    memo_[key] = top();
  }
  Obj memo_get(std::uint64_t key) {
    auto it = memo_.find(key);
    if (it == memo_.end()) {
      fail(fmt::format("memo key {} not found", key));
    }
    return it->second;
  }
  Obj tuple(std::vector<Obj> items) {
    auto o = make(K::kTuple);
    o->items = std::move(items);
    return o;
  }
  std::uint64_t text_key() {
    const auto text = line();
    std::uint64_t v = 0;
    if (text.empty() || text.size() > 18 ||
        text.find_first_not_of("0123456789") != std::string::npos) {
      fail("bad memo key " + text);
    }
    for (char ch : text)
      v = v * 10 + static_cast<std::uint64_t>(ch - '0');
    return v;
  }
  void push_long(std::string_view bytes);
  void set_items(const Obj& target, std::vector<Obj> kv);
  void append_items(const Obj& target, std::vector<Obj> items);
  Obj persistent_load(const Obj& pid);
  bool step(unsigned char op);

  static constexpr std::size_t kMaxStack = 1u << 20;
  std::string_view data_;
  std::size_t pos_;
  std::size_t op_pos_ = 0;
  const StorageLoader& load_;
  const std::string& where_;
  std::vector<Obj> stack_;
  std::vector<std::size_t> marks_;
  std::unordered_map<std::uint64_t, Obj> memo_;
};

void Unpickler::push_long(std::string_view bytes) {
  if (bytes.size() > 8) {
    fail(fmt::format("integer of {} bytes exceeds int64", bytes.size()));
  }
  std::uint64_t u = 0;
  for (std::size_t k = 0; k < bytes.size(); ++k) {
    u |= std::uint64_t{static_cast<unsigned char>(bytes[k])} << (8 * k);
  }
  if (!bytes.empty() && bytes.size() < 8 &&
      (static_cast<unsigned char>(bytes.back()) & 0x80)) {
    u |= ~std::uint64_t{0} << (8 * bytes.size());  // sign-extend
  }
  push_int(static_cast<std::int64_t>(u));
}

void Unpickler::set_items(const Obj& target, std::vector<Obj> kv) {
  if (kv.size() % 2 != 0) {
    fail("SETITEMS with an odd number of items");
  }
  if (target->kind != K::kDict && target->kind != K::kRecord) {
    fail(
        "SETITEM on a " + std::to_string(static_cast<int>(target->kind)) +
        " object that is not a dict");
  }
  for (std::size_t k = 0; k < kv.size(); k += 2) {
    auto& items = target->dict;
    bool replaced = false;
    if (kv[k]->kind == K::kStr || kv[k]->kind == K::kInt) {
      for (auto& [key, value] : items) {
        if (key->kind == kv[k]->kind && key->s == kv[k]->s &&
            key->i == kv[k]->i) {
          value = kv[k + 1];
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) {
      items.emplace_back(std::move(kv[k]), std::move(kv[k + 1]));
    }
  }
}

void Unpickler::append_items(const Obj& target, std::vector<Obj> items) {
  auto& dst = target->kind == K::kRecord ? target->list_items : target->items;
  if (target->kind != K::kList && target->kind != K::kSet &&
      target->kind != K::kRecord) {
    fail("APPEND/ADDITEMS on an object that is not a list or set");
  }
  for (auto& it : items) {
    dst.push_back(std::move(it));
  }
}

Obj Unpickler::persistent_load(const Obj& pid) {
  const auto& t = pid->items;
  if (pid->kind != K::kTuple || t.size() < 5 || t[0]->kind != K::kStr ||
      t[0]->s != "storage" || t[1]->kind != K::kGlobal ||
      t[2]->kind != K::kStr || t[3]->kind != K::kStr || t[4]->kind != K::kInt) {
    fail(
        "unsupported persistent id (expected ('storage', type, key, "
        "location, numel))");
  }
  at::ScalarType dtype;
  if (!detail::storage_dtype(t[1]->s, &dtype)) {
    fail("unsupported storage type " + t[1]->s);
  }
  if (t[4]->i < 0) {
    fail(fmt::format("negative storage size {}", t[4]->i));
  }
  auto o = make(K::kTensor);
  o->tensor = load_(t[2]->s, dtype, t[4]->i, t[3]->s);
  o->is_storage = true;
  // Legacy files: (view_key, offset, size) of a view into the storage.
  if (t.size() >= 6 && t[5]->kind == K::kTuple && t[5]->items.size() == 3) {
    const auto& v = t[5]->items;
    const auto offset = v[1]->i;
    const auto size = v[2]->i;
    if (offset < 0 || size < 0 || offset + size > o->tensor.numel()) {
      fail("storage view out of bounds");
    }
    o->tensor = o->tensor.narrow(0, offset, size);
  }
  return o;
}

Obj Unpickler::run() {
  for (;;) {
    op_pos_ = pos_;
    const auto op = static_cast<unsigned char>(take(1)[0]);
    if (!step(op)) {
      if (stack_.size() != 1) {
        fail(fmt::format("STOP with {} objects on the stack", stack_.size()));
      }
      return stack_.back();
    }
  }
}

bool Unpickler::step(unsigned char op) {
  switch (op) {
    case 0x80:  // PROTO
      if (static_cast<unsigned char>(take(1)[0]) > 5) {
        fail("unsupported pickle protocol");
      }
      return true;
    case 0x95:  // FRAME
      le<std::uint64_t>();
      return true;
    case '.':
      return false;
    case '(':
      marks_.push_back(stack_.size());
      return true;
    case '0':
      pop();
      return true;
    case '1':
      pop_mark();
      return true;
    case '2':
      push(top());
      return true;
    case 'N':
      push(make(K::kNone));
      return true;
    case 0x88:
    case 0x89: {
      auto o = make(K::kBool);
      o->b = op == 0x88;
      push(std::move(o));
      return true;
    }
    case 'J':
      push_int(le<std::int32_t>());
      return true;
    case 'K':
      push_int(le<std::uint8_t>());
      return true;
    case 'M':
      push_int(le<std::uint16_t>());
      return true;
    case 0x8a:
      push_long(take(le<std::uint8_t>()));
      return true;
    case 0x8b: {
      const auto n = le<std::int32_t>();
      if (n < 0)
        fail("negative LONG4 size");
      push_long(take(static_cast<std::uint64_t>(n)));
      return true;
    }
    case 'I':
    case 'L': {
      auto text = line();
      if (!text.empty() && text.back() == 'L')
        text.pop_back();
      if (text == "00" || text == "01") {
        auto o = make(K::kBool);
        o->b = text == "01";
        push(std::move(o));
        return true;
      }
      try {
        std::size_t used = 0;
        push_int(std::stoll(text, &used));
        if (used != text.size())
          fail("bad INT argument " + text);
      } catch (const std::logic_error&) {
        fail("bad INT argument " + text);
      }
      return true;
    }
    case 'G': {
      auto bits = __builtin_bswap64(le<std::uint64_t>());
      auto o = make(K::kFloat);
      o->f = std::bit_cast<double>(bits);
      push(std::move(o));
      return true;
    }
    case 'F': {
      auto o = make(K::kFloat);
      try {
        o->f = std::stod(line());
      } catch (const std::logic_error&) {
        fail("bad FLOAT argument");
      }
      push(std::move(o));
      return true;
    }
    case 'X':
      push(make_str(std::string(take(le<std::uint32_t>()))));
      return true;
    case 0x8c:
      push(make_str(std::string(take(le<std::uint8_t>()))));
      return true;
    case 0x8d:
      push(make_str(std::string(take(le<std::uint64_t>()))));
      return true;
    case 'T': {
      const auto n = le<std::int32_t>();
      if (n < 0)
        fail("negative BINSTRING size");
      push(make_str(std::string(take(static_cast<std::uint64_t>(n)))));
      return true;
    }
    case 'U':
      push(make_str(std::string(take(le<std::uint8_t>()))));
      return true;
    case 'B':
      push(make_str(std::string(take(le<std::uint32_t>())), K::kBytes));
      return true;
    case 'C':
      push(make_str(std::string(take(le<std::uint8_t>())), K::kBytes));
      return true;
    case 0x8e:
    case 0x96:
      push(make_str(std::string(take(le<std::uint64_t>())), K::kBytes));
      return true;
    case ']':
      push(make(K::kList));
      return true;
    case 'l': {
      auto o = make(K::kList);
      o->items = pop_mark();
      push(std::move(o));
      return true;
    }
    case 'a': {
      auto v = pop();
      append_items(top(), {std::move(v)});
      return true;
    }
    case 'e': {
      auto items = pop_mark();
      append_items(top(), std::move(items));
      return true;
    }
    case ')':
      push(tuple({}));
      return true;
    case 't':
      push(tuple(pop_mark()));
      return true;
    case 0x85:
    case 0x86:
    case 0x87: {
      std::vector<Obj> items(op - 0x84);
      for (auto it = items.rbegin(); it != items.rend(); ++it)
        *it = pop();
      push(tuple(std::move(items)));
      return true;
    }
    case '}':
      push(make(K::kDict));
      return true;
    case 'd': {
      auto o = make(K::kDict);
      set_items(o, pop_mark());
      push(std::move(o));
      return true;
    }
    case 's': {
      auto v = pop();
      auto k = pop();
      set_items(top(), {std::move(k), std::move(v)});
      return true;
    }
    case 'u': {
      auto kv = pop_mark();
      set_items(top(), std::move(kv));
      return true;
    }
    case 0x8f:
      push(make(K::kSet));
      return true;
    case 0x90: {
      auto items = pop_mark();
      append_items(top(), std::move(items));
      return true;
    }
    case 0x91: {
      auto o = make(K::kSet);
      o->items = pop_mark();
      push(std::move(o));
      return true;
    }
    case 'c': {
      auto module = line();
      auto name = line();
      push(detail::resolve_global(module, name, where_));
      return true;
    }
    case 0x93: {
      auto name = pop();
      auto module = pop();
      if (name->kind != K::kStr || module->kind != K::kStr) {
        fail("STACK_GLOBAL needs two strings");
      }
      push(detail::resolve_global(module->s, name->s, where_));
      return true;
    }
    case 'R': {
      auto args = pop();
      auto fn = pop();
      push(detail::reduce(fn, args, where_));
      return true;
    }
    case 0x81: {
      auto args = pop();
      auto cls = pop();
      push(detail::new_object(cls, args, where_));
      return true;
    }
    case 0x92: {
      pop();  // kwargs
      auto args = pop();
      auto cls = pop();
      push(detail::new_object(cls, args, where_));
      return true;
    }
    case 'b': {
      auto state = pop();
      detail::build(top(), state, where_);
      return true;
    }
    case 'Q': {
      auto pid = pop();
      push(persistent_load(pid));
      return true;
    }
    case 'p':
      memo_put(text_key());
      return true;
    case 'q':
      memo_put(le<std::uint8_t>());
      return true;
    case 'r':
      memo_put(le<std::uint32_t>());
      return true;
    case 0x94:
      memo_put(memo_.size());
      return true;
    case 'g':
      push(memo_get(text_key()));
      return true;
    case 'h':
      push(memo_get(le<std::uint8_t>()));
      return true;
    case 'j':
      push(memo_get(le<std::uint32_t>()));
      return true;
    default:
      fail(fmt::format("unsupported opcode 0x{:02x}", op));
  }
}

}  // namespace

structures::Tree unpickle(
    std::string_view data,
    const StorageLoader& load_storage,
    const std::string& where,
    std::size_t* pos) {
  Unpickler vm(data, pos ? *pos : 0, load_storage, where);
  Obj root = vm.run();
  if (pos) {
    *pos = vm.pos();
  }
  return detail::to_tree(root, where, 0);
}

}  // namespace mmengine::runner::checkpoint
