#include "mmengine/runner/checkpoint/safetensors.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mmengine/runner/checkpoint/torch_file.h"
#include "mmengine/utils/error.h"

namespace mmengine::runner::checkpoint {
namespace {

constexpr std::array<std::pair<std::string_view, at::ScalarType>, 16> kDtypes =
    {{{"F64", at::kDouble},
      {"F32", at::kFloat},
      {"F16", at::kHalf},
      {"BF16", at::kBFloat16},
      {"I64", at::kLong},
      {"I32", at::kInt},
      {"I16", at::kShort},
      {"I8", at::kChar},
      {"U8", at::kByte},
      {"BOOL", at::kBool},
      {"U16", at::kUInt16},
      {"U32", at::kUInt32},
      {"U64", at::kUInt64},
      {"F8_E4M3", at::kFloat8_e4m3fn},
      {"F8_E5M2", at::kFloat8_e5m2},
      {"C64", at::kComplexFloat}}};

struct Range {
  std::string name;
  std::uint64_t begin, end;
};

[[noreturn]] void bad(const std::string& where, const std::string& what) {
  throw CheckpointError(
      fmt::format("{}: invalid safetensors header: {}", where, what));
}

SafetensorsFile parse(
    std::string_view data,
    const std::string& where,
    const std::shared_ptr<MappedFile>& map) {
  if (data.size() < 8)
    bad(where, "file shorter than 8 bytes");
  std::uint64_t n = 0;
  std::memcpy(&n, data.data(), 8);
  if (n > data.size() - 8) {
    bad(where,
        fmt::format(
            "header size {} exceeds the file ({} bytes)", n, data.size()));
  }
  nlohmann::ordered_json header;
  try {
    header = nlohmann::ordered_json::parse(data.substr(8, n));
  } catch (const nlohmann::json::exception& e) {
    bad(where, std::string("not JSON: ") + e.what());
  }
  if (!header.is_object())
    bad(where, "not a JSON object");
  const auto buffer = data.substr(8 + n);
  SafetensorsFile out{structures::Tree::dict(), {}};
  std::vector<Range> ranges;
  for (const auto& [name, info] : header.items()) {
    if (name == "__metadata__") {
      if (!info.is_object())
        bad(where, "__metadata__ is not an object");
      for (const auto& [k, v] : info.items()) {
        if (!v.is_string())
          bad(where, "metadata value of '" + k + "' not a string");
        out.metadata[k] = v.get<std::string>();
      }
      continue;
    }
    const auto dt =
        info.is_object() && info.contains("dtype") && info["dtype"].is_string()
            ? info["dtype"].get<std::string>()
            : std::string();
    auto it = std::find_if(kDtypes.begin(), kDtypes.end(), [&](const auto& p) {
      return p.first == dt;
    });
    if (it == kDtypes.end())
      bad(where, "tensor '" + name + "' has unknown dtype '" + dt + "'");
    if (!info.contains("shape") || !info["shape"].is_array() ||
        !info.contains("data_offsets") || !info["data_offsets"].is_array() ||
        info["data_offsets"].size() != 2) {
      bad(where, "tensor '" + name + "' lacks shape or data_offsets");
    }
    std::vector<std::int64_t> shape;
    std::uint64_t numel = 1;
    for (const auto& d : info["shape"]) {
      if (!d.is_number_unsigned())
        bad(where, "tensor '" + name + "' has a bad shape");
      const auto v = d.get<std::uint64_t>();
      if (v != 0 && numel > (std::uint64_t{1} << 62) / v) {
        bad(where, "tensor '" + name + "' shape overflows");
      }
      numel *= v;
      shape.push_back(static_cast<std::int64_t>(v));
    }
    const auto& off = info["data_offsets"];
    if (!off[0].is_number_unsigned() || !off[1].is_number_unsigned()) {
      bad(where, "tensor '" + name + "' has bad data_offsets");
    }
    Range r{name, off[0].get<std::uint64_t>(), off[1].get<std::uint64_t>()};
    const auto need = numel * c10::elementSize(it->second);
    if (r.end < r.begin || r.end - r.begin != need) {
      bad(where,
          fmt::format(
              "tensor '{}' of dtype {} and shape [{}] needs {} bytes but "
              "data_offsets [{}, {}] span {}",
              name,
              dt,
              fmt::join(shape, ", "),
              need,
              r.begin,
              r.end,
              r.end >= r.begin ? r.end - r.begin : 0));
    }
    if (r.end > buffer.size()) {
      bad(where,
          fmt::format(
              "tensor '{}' ends at byte {} past the data ({} bytes)",
              name,
              r.end,
              buffer.size()));
    }
    const auto bytes = buffer.substr(r.begin, r.end - r.begin);
    auto t = map ? MappedFile::share(
                       map, bytes, it->second, static_cast<std::int64_t>(numel))
                 : at::empty(
                       {static_cast<std::int64_t>(numel)},
                       at::TensorOptions().dtype(it->second));
    if (!map && numel > 0)
      std::memcpy(t.data_ptr(), bytes.data(), bytes.size());
    out.tensors[name] = t.view(shape);
    ranges.push_back(std::move(r));
  }
  std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) {
    return a.begin < b.begin || (a.begin == b.begin && a.end < b.end);
  });
  std::uint64_t at_byte = 0;
  for (const auto& r : ranges) {
    if (r.begin != at_byte) {
      bad(where,
          fmt::format(
              "tensor '{}' starts at byte {} but the previous tensor ends at "
              "{} "
              "(overlap or gap)",
              r.name,
              r.begin,
              at_byte));
    }
    at_byte = r.end;
  }
  if (at_byte != buffer.size()) {
    bad(where,
        fmt::format(
            "tensors cover {} bytes but the data holds {}",
            at_byte,
            buffer.size()));
  }
  return out;
}

}  // namespace

SafetensorsFile load_safetensors(const std::string& path) {
  auto map = std::make_shared<MappedFile>(path);
  return parse(map->bytes(), path, map);
}

SafetensorsFile load_safetensors_bytes(
    std::string_view data, const std::string& where) {
  return parse(data, where, nullptr);
}

std::string save_safetensors_bytes(
    const structures::Tree& tensors,
    const std::map<std::string, std::string>& metadata) {
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!metadata.empty())
    header["__metadata__"] = metadata;
  std::vector<at::Tensor> data;
  std::uint64_t offset = 0;
  for (const auto& [key, value] : tensors.items()) {
    const auto name = key.to_string();
    MMENGINE_CHECK_TYPE(
        value.is_tensor(),
        "[safetensors] '",
        name,
        "' must be a tensor, got ",
        value.type_name());
    auto t = value.tensor().to(at::kCPU).contiguous();
    auto it = std::find_if(kDtypes.begin(), kDtypes.end(), [&](const auto& p) {
      return p.second == t.scalar_type();
    });
    MMENGINE_CHECK_TYPE(
        it != kDtypes.end(),
        "[safetensors] '",
        name,
        "' has unsupported dtype ",
        c10::toString(t.scalar_type()));
    header[name] = {
        {"dtype", it->first},
        {"shape", t.sizes().vec()},
        {"data_offsets", {offset, offset + t.nbytes()}}};
    offset += t.nbytes();
    data.push_back(t);
  }
  auto text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  std::string out(8, '\0');
  const std::uint64_t n = text.size();
  std::memcpy(out.data(), &n, 8);
  out.reserve(8 + n + offset);
  out += text;
  for (const auto& t : data) {
    out.append(static_cast<const char*>(t.data_ptr()), t.nbytes());
  }
  return out;
}

}  // namespace mmengine::runner::checkpoint
