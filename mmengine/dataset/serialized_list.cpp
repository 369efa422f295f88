#include <cstring>

#include "mmengine/dataset/base_dataset.h"
#include "mmengine/utils/error.h"

namespace mmengine::dataset {

using config::Value;

namespace {

// Encoding: one tag byte per value; ints/floats as 8 raw bytes; strings,
// containers and dicts prefixed by a 4-byte length/count.
enum Tag : char {
  kNone,
  kFalse,
  kTrue,
  kInt,
  kFloat,
  kStr,
  kList,
  kTuple,
  kDict,
  kIntKey
};

template <typename T>
void put(std::string& out, T v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof(T));
}

void put_str(std::string& out, const std::string& s) {
  put(out, static_cast<std::uint32_t>(s.size()));
  out.append(s);
}

void encode(const Value& v, std::string& out) {
  switch (v.type()) {
    case Value::Type::kNone:
      out.push_back(kNone);
      return;
    case Value::Type::kBool:
      out.push_back(v.as<bool>() ? kTrue : kFalse);
      return;
    case Value::Type::kInt:
      out.push_back(kInt);
      put(out, v.as<std::int64_t>());
      return;
    case Value::Type::kFloat:
      out.push_back(kFloat);
      put(out, v.as<double>());
      return;
    case Value::Type::kString:
      out.push_back(kStr);
      put_str(out, v.as<std::string>());
      return;
    case Value::Type::kList:
    case Value::Type::kTuple:
      out.push_back(v.is_list() ? kList : kTuple);
      put(out, static_cast<std::uint32_t>(v.size()));
      for (const Value& e : v.elements()) {
        encode(e, out);
      }
      return;
    case Value::Type::kDict:
      out.push_back(kDict);
      put(out, static_cast<std::uint32_t>(v.size()));
      for (const auto& [k, e] : v.items()) {
        if (k.is_int()) {
          out.push_back(kIntKey);
          put(out, k.to_int());
        } else {
          out.push_back(kStr);
          put_str(out, k.str());
        }
        encode(e, out);
      }
      return;
  }
}

class Reader {
 public:
  explicit Reader(const char* p) : p_(p) {}

  template <typename T>
  T get() {
    T v;
    std::memcpy(&v, p_, sizeof(T));
    p_ += sizeof(T);
    return v;
  }

  std::string str() {
    const auto n = get<std::uint32_t>();
    std::string s(p_, n);
    p_ += n;
    return s;
  }

  Value value() {
    const char tag = *p_++;
    switch (tag) {
      case kNone:
        return Value();
      case kFalse:
        return Value(false);
      case kTrue:
        return Value(true);
      case kInt:
        return Value(get<std::int64_t>());
      case kFloat:
        return Value(get<double>());
      case kStr:
        return Value(str());
      case kList:
      case kTuple: {
        const auto n = get<std::uint32_t>();
        std::vector<Value> items;
        items.reserve(n);
        for (std::uint32_t i = 0; i < n; ++i) {
          items.push_back(value());
        }
        return tag == kList ? Value::list(std::move(items))
                            : Value::tuple(std::move(items));
      }
      default: {
        const auto n = get<std::uint32_t>();
        std::vector<Value::Item> items;
        items.reserve(n);
        for (std::uint32_t i = 0; i < n; ++i) {
          const char ktag = *p_++;
          config::Key key = ktag == kIntKey ? config::Key(get<std::int64_t>())
                                            : config::Key(str());
          items.emplace_back(std::move(key), value());
        }
        return Value::dict(std::move(items));
      }
    }
  }

 private:
  const char* p_;
};

}  // namespace

SerializedList::SerializedList(const std::vector<Value>& items) {
  ends_.reserve(items.size());
  for (const Value& item : items) {
    encode(item, data_);
    ends_.push_back(static_cast<std::int64_t>(data_.size()));
  }
  data_.shrink_to_fit();
}

Value SerializedList::get(std::int64_t i) const {
  MMENGINE_INTERNAL_ASSERT(i >= 0 && i < size(), "SerializedList index");
  const std::int64_t start = i == 0 ? 0 : ends_[i - 1];
  return Reader(data_.data() + start).value();
}

std::string join_path(const std::string& a, const std::string& b) {
  if (!b.empty() && b.front() == '/') {
    return b;
  }
  if (a.empty() || a.back() == '/') {
    return a + b;
  }
  return a + "/" + b;
}

}  // namespace mmengine::dataset
