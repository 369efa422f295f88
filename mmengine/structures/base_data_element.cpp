#include "mmengine/structures/base_data_element.h"

#include <ATen/ATen.h>

#include <sstream>

#include "mmengine/utils/error.h"

namespace mmengine::structures {

using config::Value;

const at::Tensor& Field::tensor() const {
  MMENGINE_CHECK_TYPE(is_tensor(), "expected a Tensor field, got ", kind());
  return std::get<at::Tensor>(v_);
}

const Value& Field::value() const {
  MMENGINE_CHECK_TYPE(is_value(), "expected a value field, got ", kind());
  return std::get<Value>(v_);
}

const std::shared_ptr<BaseDataElement>& Field::element() const {
  MMENGINE_CHECK_TYPE(
      is_element(), "expected a data element field, got ", kind());
  return std::get<std::shared_ptr<BaseDataElement>>(v_);
}

std::string Field::kind() const {
  if (is_tensor()) {
    return "Tensor";
  }
  if (is_value()) {
    return std::get<Value>(v_).type_name();
  }
  const auto& e = std::get<std::shared_ptr<BaseDataElement>>(v_);
  return e ? e->class_name() : "None";
}

std::string Field::repr() const {
  if (is_tensor()) {
    std::ostringstream out;
    out << std::get<at::Tensor>(v_);
    return out.str();
  }
  if (is_value()) {
    return std::get<Value>(v_).repr();
  }
  const auto& e = std::get<std::shared_ptr<BaseDataElement>>(v_);
  return e ? e->repr() : "None";
}

BaseDataElement::BaseDataElement(const Value& metainfo, FieldList data) {
  if (!metainfo.is_none()) {
    set_metainfo(metainfo);
  }
  set_data(data);
}

Field* BaseDataElement::find(FieldList& list, const std::string& name) {
  for (auto& [k, v] : list) {
    if (k == name) {
      return &v;
    }
  }
  return nullptr;
}

const Field* BaseDataElement::find(
    const FieldList& list, const std::string& name) {
  for (const auto& [k, v] : list) {
    if (k == name) {
      return &v;
    }
  }
  return nullptr;
}

void BaseDataElement::set_metainfo(const Value& metainfo) {
  MMENGINE_CHECK_TYPE(
      metainfo.is_dict(),
      "metainfo should be a dict but got ",
      metainfo.type_name());
  for (const auto& [k, v] : metainfo.items()) {
    set_field(k.to_string(), Field(v), "metainfo");
  }
}

void BaseDataElement::set_data(const FieldList& data) {
  for (const auto& [k, v] : data) {
    set(k, v);
  }
}

void BaseDataElement::set(const std::string& name, Field value) {
  set_field(name, std::move(value), "data");
}

void BaseDataElement::check_data_field(const std::string&, Field&) const {}

void BaseDataElement::set_field(
    const std::string& name, Field value, const std::string& field_type) {
  MMENGINE_CHECK(
      field_type == "data" || field_type == "metainfo",
      "field_type must be 'data' or 'metainfo', got '",
      field_type,
      "'");
  const bool to_meta = field_type == "metainfo";
  MMENGINE_CHECK(
      find(to_meta ? data_ : metainfo_, name) == nullptr,
      class_name(),
      ": Cannot set ",
      name,
      " to be a field of ",
      field_type,
      " because ",
      name,
      " is already a ",
      to_meta ? "data" : "metainfo",
      " field");
  if (!to_meta) {
    check_data_field(name, value);
  }
  FieldList& list = to_meta ? metainfo_ : data_;
  if (Field* existing = find(list, name)) {
    *existing = std::move(value);
  } else {
    list.emplace_back(name, std::move(value));
  }
}

bool BaseDataElement::contains(const std::string& name) const {
  return find(data_, name) != nullptr || find(metainfo_, name) != nullptr;
}

const Field& BaseDataElement::get(const std::string& name) const {
  const Field* f = find(data_, name);
  if (f == nullptr) {
    f = find(metainfo_, name);
  }
  MMENGINE_CHECK_KEY(
      f != nullptr,
      "'",
      class_name(),
      "' object has no attribute '",
      name,
      "'");
  return *f;
}

Field BaseDataElement::get(const std::string& name, Field fallback) const {
  return contains(name) ? get(name) : std::move(fallback);
}

Field BaseDataElement::pop(const std::string& name) {
  for (FieldList* list : {&data_, &metainfo_}) {
    for (auto it = list->begin(); it != list->end(); ++it) {
      if (it->first == name) {
        Field out = std::move(it->second);
        list->erase(it);
        return out;
      }
    }
  }
  throw KeyError(name + " is not contained in metainfo or data");
}

Field BaseDataElement::pop(const std::string& name, Field fallback) {
  return contains(name) ? pop(name) : std::move(fallback);
}

void BaseDataElement::erase(const std::string& name) {
  pop(name);
}

namespace {

std::vector<std::string> names_of(const FieldList& list) {
  std::vector<std::string> out;
  for (const auto& [k, v] : list) {
    out.push_back(k);
  }
  return out;
}

std::vector<Field> values_of(const FieldList& list) {
  std::vector<Field> out;
  for (const auto& [k, v] : list) {
    out.push_back(v);
  }
  return out;
}

}  // namespace

std::vector<std::string> BaseDataElement::keys() const {
  return names_of(data_);
}

std::vector<Field> BaseDataElement::values() const {
  return values_of(data_);
}

std::vector<std::string> BaseDataElement::metainfo_keys() const {
  return names_of(metainfo_);
}

std::vector<Field> BaseDataElement::metainfo_values() const {
  return values_of(metainfo_);
}

std::vector<std::string> BaseDataElement::all_keys() const {
  auto out = metainfo_keys();
  const auto data = keys();
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

FieldList BaseDataElement::all_items() const {
  FieldList out = metainfo_;
  out.insert(out.end(), data_.begin(), data_.end());
  return out;
}

Value BaseDataElement::metainfo() const {
  Value out = Value::dict();
  for (const auto& [k, v] : metainfo_) {
    MMENGINE_CHECK_TYPE(
        v.is_value(),
        class_name(),
        ": metainfo field '",
        k,
        "' is a ",
        v.kind(),
        ", not a plain value");
    out.set(k, v.value());
  }
  return out;
}

void BaseDataElement::update(const BaseDataElement& other) {
  for (const auto& [k, v] : other.metainfo_) {
    set_field(k, v, "metainfo");
  }
  set_data(other.data_);
}

std::shared_ptr<BaseDataElement> BaseDataElement::new_element(
    const Value& metainfo, const FieldList& data) const {
  auto out = make_empty();
  out->metainfo_ = metainfo_;
  if (!metainfo.is_none()) {
    out->set_metainfo(metainfo);
  }
  out->set_data(data.empty() ? data_ : data);
  return out;
}

std::shared_ptr<BaseDataElement> BaseDataElement::clone() const {
  auto out = make_empty();
  out->metainfo_ = metainfo_;
  out->set_data(data_);
  return out;
}

std::shared_ptr<BaseDataElement> BaseDataElement::apply(
    const std::function<at::Tensor(const at::Tensor&)>& fn) const {
  auto out = make_empty();
  out->metainfo_ = metainfo_;
  for (const auto& [k, v] : data_) {
    if (v.is_tensor()) {
      out->data_.emplace_back(k, Field(fn(v.tensor())));
    } else if (v.is_element() && v.element()) {
      out->data_.emplace_back(k, Field(v.element()->apply(fn)));
    } else {
      out->data_.emplace_back(k, v);
    }
  }
  return out;
}

std::shared_ptr<BaseDataElement> BaseDataElement::to(
    const at::Device& device) const {
  return apply([&](const at::Tensor& t) { return t.to(device); });
}

std::shared_ptr<BaseDataElement> BaseDataElement::cpu() const {
  return apply([](const at::Tensor& t) { return t.cpu(); });
}

std::shared_ptr<BaseDataElement> BaseDataElement::cuda() const {
  return apply([](const at::Tensor& t) { return t.cuda(); });
}

std::shared_ptr<BaseDataElement> BaseDataElement::detach() const {
  return apply([](const at::Tensor& t) { return t.detach(); });
}

std::string BaseDataElement::repr() const {
  const auto indent = [](const std::string& s) {
    std::string out;
    for (char c : s) {
      out.push_back(c);
      if (c == '\n') {
        out += "    ";
      }
    }
    return out;
  };
  std::string body = "\n\n    META INFORMATION";
  for (const auto& [k, v] : metainfo_) {
    body += "\n    " + k + ": " + indent(v.repr());
  }
  body += "\n\n    DATA FIELDS";
  for (const auto& [k, v] : data_) {
    body += "\n    " + k + ": " + indent(v.repr());
  }
  return fmt::format(
      "<{}({}\n) at {}>", class_name(), body, static_cast<const void*>(this));
}

}  // namespace mmengine::structures
