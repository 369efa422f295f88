#include "mmengine/registry/registry.h"

#include <gtest/gtest.h>

#include "mmengine/registry/default_scope.h"
#include "mmengine/registry/root.h"
#include "mmengine/utils/plugin.h"

namespace mmengine::registry {
namespace {

using config::Value;

class Animal : public Configurable {
 public:
  virtual std::string speak() const = 0;
};

class Cat : public Animal {
 public:
  explicit Cat(BuildArgs& a)
      : name_(a.take<std::string>("name")), lives_(a.take<int>("lives", 9)) {}
  std::string speak() const override {
    return name_ + " meows " + std::to_string(lives_);
  }

 private:
  std::string name_;
  int lives_;
};

class Dog : public Animal {
 public:
  static std::shared_ptr<Dog> from_config(BuildArgs& a) {
    auto dog = std::make_shared<Dog>();
    dog->loud_ = a.take<bool>("loud", false);
    return dog;
  }
  std::string speak() const override {
    return loud_ ? "WOOF" : "woof";
  }

 private:
  bool loud_ = false;
};

Value cfg(std::initializer_list<Value::Item> items) {
  return Value::dict(items);
}

std::string message_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "<no error>";
}

TEST(RegistryTest, BuildsByTypeWithArguments) {
  Registry<Animal> animals("animal");
  register_class<Cat>(animals, "Cat");
  register_class<Dog>(animals, "Dog");
  EXPECT_EQ(
      animals.build(cfg({{"type", "Cat"}, {"name", "Tom"}}))->speak(),
      "Tom meows 9");
  EXPECT_EQ(
      animals.build(cfg({{"type", "Dog"}, {"loud", true}}))->speak(), "WOOF");
  EXPECT_EQ(animals.local_names(), (std::vector<std::string>{"Cat", "Dog"}));
  EXPECT_TRUE(animals.contains("Cat"));
  EXPECT_TRUE(animals.contains("mmengine.Cat"));
  EXPECT_FALSE(animals.contains("Cow"));
}

TEST(RegistryTest, RemembersTheConfigThatRebuildsIt) {
  Registry<Animal> animals("animal");
  register_class<Cat>(animals, "Cat");
  BuildOptions options;
  options.default_args = cfg({{"lives", 3}, {"name", "ignored"}});
  auto cat = animals.build(cfg({{"type", "Cat"}, {"name", "Kit"}}), options);
  EXPECT_EQ(cat->speak(), "Kit meows 3");
  EXPECT_EQ(
      cat->to_config().repr(), "{'type': 'Cat', 'name': 'Kit', 'lives': 3}");
  EXPECT_EQ(animals.build(cat->to_config())->speak(), "Kit meows 3");
}

TEST(RegistryTest, UnknownKeysAreRejectedByName) {
  Registry<Animal> animals("animal");
  register_class<Cat>(animals, "Cat");
  const auto msg = message_of([&] {
    animals.build(cfg({{"type", "Cat"}, {"name", "T"}, {"lifes", 2}}));
  });
  EXPECT_EQ(
      msg,
      "animal.Cat: got an unexpected keyword argument 'lifes' (did you mean "
      "'lives'?); accepted: lives, name");
}

TEST(RegistryTest, UnknownTypeSuggestsCloseNames) {
  Registry<Animal> animals("animal");
  register_class<Cat>(animals, "Cat");
  register_class<Dog>(animals, "Dog");
  const auto msg = message_of([&] {
    BuildOptions options;
    options.path = "model.pet";
    animals.build(cfg({{"type", "Cats"}}), options);
  });
  EXPECT_EQ(msg.rfind("model.pet: Cats is not in the mmengine::animal", 0), 0u)
      << msg;
  EXPECT_NE(msg.find("Did you mean: 'Cat'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("searched: mmengine::animal"), std::string::npos) << msg;
}

TEST(RegistryTest, BadConfigsAreClearErrors) {
  Registry<Animal> animals("animal");
  register_class<Cat>(animals, "Cat");
  EXPECT_THROW(animals.build(Value(3)), TypeError);
  EXPECT_THROW(animals.build(cfg({{"name", "x"}})), KeyError);
  EXPECT_THROW(animals.build(cfg({{"type", 1}})), TypeError);
  EXPECT_THROW(animals.build(cfg({{"type", "Cat"}})), KeyError);  // no name
  EXPECT_EQ(
      message_of([&] {
        animals.build(cfg({{"name", "x"}}));
      }),
      "`cfg` or `default_args` must contain the key \"type\", but got "
      "{'name': 'x'}\nNone");
}

TEST(RegistryTest, DuplicateNamesNeedForce) {
  Registry<Animal> animals("animal");
  register_class<Cat>(animals, "Cat", "a.cpp:1");
  EXPECT_EQ(
      message_of([&] { register_class<Dog>(animals, "Cat", "b.cpp:2"); }),
      "Cat is already registered in animal at a.cpp:1");
  animals.register_module(
      "Cat",
      [](BuildArgs& a) { return std::shared_ptr<Animal>(Dog::from_config(a)); },
      RegisterOptions{.force = true, .location = {}, .doc = {}});
  EXPECT_EQ(animals.build(cfg({{"type", "Cat"}}))->speak(), "woof");
}

TEST(RegistryTest, ChildrenFallBackToParentsAndScopes) {
  Registry<Animal> root("animal");
  Registry<Animal> det("animal", &root, "mmdet");
  Registry<Animal> cls("animal", &root, "mmcls");
  register_class<Cat>(root, "Cat");
  register_class<Dog>(cls, "Dog");
  EXPECT_TRUE(det.contains("Cat"));         // from the parent
  EXPECT_FALSE(det.contains("Dog"));        // a sibling's
  EXPECT_TRUE(det.contains("mmcls.Dog"));   // via the root
  EXPECT_TRUE(root.contains("mmcls.Dog"));  // a child's
  EXPECT_FALSE(det.contains("mmdet.Cat"));  // own scope: local only
  EXPECT_FALSE(root.contains("nope.Cat"));
  EXPECT_EQ(root.children().size(), 2u);
  EXPECT_EQ(&det.root(), &root);
  EXPECT_EQ(root.search_child("mmcls"), &cls);
  EXPECT_THROW(Registry<Animal>("animal", &root, "mmdet"), RegistryError);
}

TEST(RegistryTest, ScopeKeyAndDefaultScopeSelectTheRegistry) {
  Registry<Animal> root("animal");
  Registry<Animal> cls("animal", &root, "mmcls_scope_test");
  register_class<Dog>(cls, "Dog");
  EXPECT_THROW(root.build(cfg({{"type", "Dog"}})), KeyError);
  auto dog =
      root.build(cfg({{"type", "Dog"}, {"_scope_", "mmcls_scope_test"}}));
  EXPECT_EQ(dog->speak(), "woof");
  // _scope_ is restored afterwards.
  auto current = DefaultScope::get_current_instance();
  EXPECT_TRUE(
      current == nullptr || current->scope_name() != "mmcls_scope_test");
  {
    DefaultScope::Overwrite scope("mmcls_scope_test");
    EXPECT_EQ(root.build(cfg({{"type", "Dog"}}))->speak(), "woof");
  }
}

TEST(RegistryTest, ImportPathsResolveToTheirLastComponent) {
  Registry<Animal> root("animal");
  Registry<Animal> cls("animal", &root, "mmcls_path_test");
  register_class<Cat>(root, "Cat");
  // What lazy-import configs produce: type='torch.optim.SGD' etc.
  EXPECT_TRUE(root.contains("zoo.animals.Cat"));
  EXPECT_TRUE(cls.contains("mmengine.models.Cat"));
  EXPECT_FALSE(root.contains("zoo.animals.Dog"));
  // One dot keeps MMEngine's meaning: the child's lookup, which falls back
  // to its parents.
  EXPECT_TRUE(root.contains("mmcls_path_test.Cat"));
  EXPECT_FALSE(root.contains("unknown_scope.Cat"));
  EXPECT_TRUE(root.contains("mmengine.Cat"));
}

TEST(RegistryTest, SplitScopeKey) {
  EXPECT_EQ(
      RegistryBase::split_scope_key("mmdet.ResNet"),
      std::make_pair(std::string("mmdet"), std::string("ResNet")));
  EXPECT_EQ(
      RegistryBase::split_scope_key("ResNet"),
      std::make_pair(std::string(), std::string("ResNet")));
  EXPECT_EQ(RegistryBase::split_scope_key("a.b.c").second, "b.c");
}

TEST(RegistryTest, RootRegistriesCarryMMEngineNames) {
  EXPECT_EQ(MODELS.name(), "model");
  EXPECT_EQ(PARAM_SCHEDULERS.name(), "parameter scheduler");
  EXPECT_EQ(FUNCTIONS.scope(), "mmengine");
  EXPECT_EQ(root_registries().size(), 23u);
}

TEST(DefaultScopeTest, InstancesByNameAndCurrent) {
  auto a = DefaultScope::get_instance("scope-test-a", "proj_a");
  EXPECT_EQ(DefaultScope::get_current_instance(), a);
  auto same = DefaultScope::get_instance("scope-test-a", "other");
  EXPECT_EQ(same, a);
  EXPECT_EQ(same->scope_name(), "proj_a");
  EXPECT_TRUE(DefaultScope::check_instance_created("scope-test-a"));
  {
    DefaultScope::Overwrite o("tmp_scope");
    EXPECT_EQ(DefaultScope::get_current_instance()->scope_name(), "tmp_scope");
  }
  EXPECT_EQ(DefaultScope::get_current_instance(), a);
  init_default_scope("proj_b");
  EXPECT_EQ(DefaultScope::get_current_instance()->scope_name(), "proj_b");
}

TEST(PluginTest, LoadsAPluginThatRegistersItsClasses) {
  EXPECT_FALSE(TASK_UTILS.contains("Greeter"));
  utils::load_plugin(MMENGINE_TEST_PLUGIN);
  ASSERT_TRUE(TASK_UTILS.contains("Greeter"));
  auto obj = TASK_UTILS.build(cfg({{"type", "Greeter"}, {"name", "you"}}));
  EXPECT_EQ(obj->to_config().repr(), "{'type': 'Greeter', 'name': 'you'}");
  utils::load_plugin(MMENGINE_TEST_PLUGIN);  // a second load is a no-op
  EXPECT_THROW(
      TASK_UTILS.build(cfg({{"type", "Greeter"}, {"nmae", "x"}})), KeyError);
}

TEST(PluginTest, ErrorsNameTheLibraryAndSymbol) {
  const auto missing =
      message_of([] { utils::load_plugin("/no/such/libplugin.so"); });
  EXPECT_NE(missing.find("/no/such/libplugin.so"), std::string::npos);
  // A real library without the entry point.
  const auto no_entry = message_of([] { utils::load_plugin("libm.so.6"); });
  EXPECT_NE(no_entry.find("mmengine_plugin_register"), std::string::npos)
      << no_entry;
  EXPECT_NO_THROW(utils::import_modules_from_strings(
      {"/no/such/libplugin.so"}, /*allow_failed_imports=*/true));
  EXPECT_THROW(
      utils::import_modules_from_strings({"/no/such/libplugin.so"}, false),
      FileError);
}

}  // namespace
}  // namespace mmengine::registry
