// Import statements of lazy-import configs: what MMEngine's
// ImportTransformer turns them into (LazyObject assignments, base names,
// real standard-library imports), and LazyObject/LazyAttr behaviour.

#include <fmt/format.h>

#include "mmengine/config/python_interp_impl.h"

namespace mmengine::config::detail {

namespace {

// Attributes LazyObject and LazyAttr really have (`build`, `module`,
// dunders, ...): reading them gives no LazyAttr in MMEngine.
bool is_real_attribute(const LazyObj& obj, std::string_view name) {
  const bool attr = std::string_view(obj.type) == "LazyAttr";
  return (name.starts_with("__") && name.ends_with("__")) || name == "build" ||
         name == "module" || name == "location" || name == "_module" ||
         (!attr && name == "_imported") ||
         (attr && (name == "name" || name == "source"));
}

std::string top_level(const std::string& module) {
  return module.substr(0, module.find('.'));
}

[[noreturn]] void unusable(const LazyObj& obj) {
  py_raise(
      "ConfigError",
      fmt::format(
          "'{}' comes from the standard library ('{}'), which MMEngine "
          "imports for real; config files cannot use it",
          obj.name,
          obj.module));
}

}  // namespace

void Interpreter::exec_lazy_import(const ImportStmt& s, Frame& frame) {
  const std::string module =
      std::string(static_cast<std::size_t>(s.level), '.') + s.module;
  if (s.kind == StmtKind::kImportFrom) {
    if (lazy_->base_modules.contains(module)) {
      return;  // applied before the run, as ImportTransformer does
    }
    const bool builtin = is_builtin_module(module);
    for (const auto& alias : s.names) {
      const auto& name = alias.asname.empty() ? alias.name : alias.asname;
      bind(
          name,
          builtin ? real_import(module, alias.name)
                  : lazy_object(
                        module, alias.name, module + "." + alias.name, s.pos),
          frame.scope);
    }
    return;
  }
  // `import a.b as c` / `import a.b` (one module: the loader checked).
  const auto& alias = s.names.front();
  if (!alias.asname.empty()) {
    bind(
        alias.asname,
        is_builtin_module(top_level(alias.name))
            ? real_import(alias.name, "")
            : lazy_object(alias.name, alias.name, alias.name, s.pos),
        frame.scope);
  } else if (is_builtin_module(alias.name)) {
    bind(
        top_level(alias.name),
        real_import(top_level(alias.name), ""),
        frame.scope);
  }
  // A third-party `import a.b` was bound before the run
  // (`_gather_abs_import_lazyobj`).
}

Obj Interpreter::lazy_object(
    std::string module,
    std::string name,
    std::string prefix,
    std::uint32_t pos) {
  auto* obj = heap_.make<LazyObj>();
  obj->module = std::move(module);
  obj->name = std::move(name);
  obj->prefix = std::move(prefix);
  obj->location =
      fmt::format("{}, line {}", lazy_->filename, src_.loc(pos).line);
  return Obj(obj);
}

Obj Interpreter::lazy_module(const std::string& top, std::uint32_t pos) {
  return lazy_object(top, top, top, pos);
}

// MMEngine really imports standard-library modules. The copy module works
// as in classic configs; other names can be bound (and are left out of the
// config as imported names) but not used.
Obj Interpreter::real_import(
    const std::string& module, const std::string& name) {
  if (module == "copy") {
    if (name.empty()) {
      return Obj(ModuleRef{});
    }
    if (name == "copy" || name == "deepcopy") {
      return Obj(name == "copy" ? BuiltinId::kCopy : BuiltinId::kDeepcopy);
    }
  }
  auto* obj = heap_.make<LazyObj>();
  obj->module = module;
  obj->name = name.empty() ? module : name;
  obj->prefix = name.empty() ? module : module + "." + name;
  obj->type = name.empty() ? "module" : "object";
  obj->real = true;
  return Obj(obj);
}

Obj Interpreter::lazy_attribute(
    const LazyObj& source, const std::string& name) {
  if (source.real) {
    unusable(source);
  }
  if (is_real_attribute(source, name)) {
    py_raise(
        "ConfigError",
        fmt::format(
            "attribute '{}' of the lazily imported '{}' is not supported in "
            "config files",
            name,
            source.dotted()));
  }
  auto* obj = heap_.make<LazyObj>();
  obj->module = source.prefix;
  obj->name = name;
  obj->prefix = source.prefix + "." + name;
  obj->type = "LazyAttr";
  obj->location = source.location;
  return Obj(obj);
}

void Interpreter::call_lazy(const LazyObj& callee) {
  if (callee.real) {
    unusable(callee);
  }
  py_raise(
      "RuntimeError",
      fmt::format(
          "'{}' is imported lazily (imported at {}): it cannot be called "
          "while the config is read",
          callee.dotted(),
          callee.location));
}

Obj Interpreter::config_dict_copy(const Obj& v) {
  DepthScope guard(budget_);
  if (v.is(ObjKind::kDict)) {
    Obj out = heap_.dict();
    auto* dict = out.get<DictObj*>();
    dict->config_dict = true;
    for (const auto& [key, item] : v.get<DictObj*>()->table().entries()) {
      dict->table().set(key, config_dict_copy(item));
    }
    return out;
  }
  if (v.is(ObjKind::kList) || v.is(ObjKind::kTuple)) {
    const auto& items = v.is(ObjKind::kList) ? v.get<ListObj*>()->items
                                             : v.get<TupleObj*>()->items;
    std::vector<Obj> copied;
    copied.reserve(items.size());
    for (const auto& item : items) {
      copied.push_back(config_dict_copy(item));
    }
    return v.is(ObjKind::kList) ? heap_.list(std::move(copied))
                                : heap_.tuple(std::move(copied));
  }
  return v;
}

}  // namespace mmengine::config::detail
