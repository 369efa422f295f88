#include <gtest/gtest.h>
#include <torch/torch.h>

#include <random>

#include "mmengine/runner/checkpoint/pickle_reader.h"
#include "mmengine/runner/checkpoint/pickle_writer.h"
#include "mmengine/utils/error.h"

namespace mmengine::runner::checkpoint {
namespace {

using namespace std::string_literals;

at::Tensor no_storage(
    const std::string&, at::ScalarType, std::int64_t, const std::string&) {
  throw CheckpointError("no storages here"s);
}

std::string refusal(const std::string& pickle) {
  try {
    unpickle(pickle, no_storage, "test.pkl"s);
  } catch (const CheckpointError& e) {
    return e.what();
  }
  return ""s;
}

TEST(PickleSecurityTest, RefusesDangerousGlobals) {
  // cos\nsystem\n + ('touch x',) + REDUCE
  const std::string call = std::string("\x80\x02"s) + "cos\nsystem\n"s +
                           "X\x07\x00\x00\x00touch x\x85R."s;
  EXPECT_NE(refusal(call).find("'os.system'"s), std::string::npos)
      << refusal(call);
  const std::string eval = std::string("\x80\x02"s) + "c__builtin__\neval\n"s +
                           "X\x01\x00\x00\x00"s
                           "1\x85R."s;
  EXPECT_NE(refusal(eval).find("'builtins.eval'"s), std::string::npos);
  // STACK_GLOBAL builtins.__import__ nested in a dict inside a tuple.
  const std::string nested = std::string("\x80\x04}"s) +
                             "X\x01\x00\x00\x00"s
                             "a"s +
                             "\x8c\x08"s + "builtins"s + "\x8c\x0a"s +
                             "__import__"s + "\x93"s + "\x8c\x02os\x85R\x85s."s;
  EXPECT_NE(refusal(nested).find("'builtins.__import__'"s), std::string::npos)
      << refusal(nested);
  const std::string sub =
      std::string("\x80\x02"s) + "csubprocess\ncheck_call\n)R."s;
  EXPECT_NE(refusal(sub).find("subprocess.check_call"s), std::string::npos);
}

TEST(PickleSecurityTest, UnknownClassesAreInertRecords) {
  // NEWOBJ of an unknown class with a dict state; REDUCE of it is refused.
  const std::string obj = std::string("\x80\x02"s) + "cpkg.mod\nThing\n)\x81"s +
                          "}X\x01\x00\x00\x00xK\x05sb."s;
  auto t = unpickle(obj, no_storage, "t"s);
  EXPECT_EQ(t["__class__"s].as<std::string>(), "pkg.mod.Thing"s);
  EXPECT_EQ(t["x"s].as<int>(), 5);
  const std::string call = std::string("\x80\x02"s) + "cpkg.mod\nrun\n)R."s;
  EXPECT_NE(
      refusal(call).find("refusing to call 'pkg.mod.run'"s), std::string::npos);
  // getattr only on class records, never on allow-listed callables.
  const std::string ga =
      std::string("\x80\x02"s) +
      "c__builtin__\ngetattr\ncpkg.mod\nThing\nX\x03\x00\x00\x00min\x86R."s;
  EXPECT_EQ(
      unpickle(ga, no_storage, "t"s).as<std::string>(), "pkg.mod.Thing.min"s);
  const std::string ga2 = std::string("\x80\x02"s) +
                          "c__builtin__\ngetattr\nccollections\nOrderedDict\n"s
                          "X\x03\x00\x00\x00pop\x86R."s;
  EXPECT_NE(refusal(ga2).find("getattr"s), std::string::npos);
}

TEST(PickleSecurityTest, MalformedPicklesGiveClearErrors) {
  EXPECT_NE(refusal("\x80\x02]"s).find("truncated"s), std::string::npos);
  EXPECT_NE(refusal("\x80\x02h\x05."s).find("memo key 5"s), std::string::npos);
  EXPECT_NE(
      refusal("\x80\x02\xff"s).find("unsupported opcode 0xff"s),
      std::string::npos);
  EXPECT_NE(refusal("\x80\x02s."s).find("stack underflow"s), std::string::npos);
  // A list that contains itself.
  EXPECT_NE(
      refusal("\x80\x02]q\x00h\x00"s
              "a."s)
          .find("nested deeper"s),
      std::string::npos);
}

TEST(PickleSecurityTest, RandomMutationsOnlyRaiseEngineErrors) {
  auto pickled = pickle_tree(structures::Tree::dict(
      {{"a"s, structures::Tree(config::Value::list({1, 2.5, "x"s}))},
       {"b"s, structures::Tree(torch::ones({2, 2}))}}));
  const auto storage = pickled.storages[0].view(at::kFloat);
  StorageLoader load = [&](const std::string&,
                           at::ScalarType,
                           std::int64_t,
                           const std::string&) { return storage; };
  std::mt19937 rng(1);
  for (int i = 0; i < 2000; ++i) {
    auto bytes = pickled.pickle;
    for (int k = 0; k < 3; ++k) {
      bytes[rng() % bytes.size()] = static_cast<char>(rng());
    }
    try {
      unpickle(bytes, load, "mutant"s);
    } catch (const Error&) {
    }
  }
}

}  // namespace
}  // namespace mmengine::runner::checkpoint

namespace mmengine::runner::checkpoint {
namespace {

TEST(PickleSecurityTest, TensorMustFitItsStorage) {
  auto pickled = pickle_tree(structures::Tree(torch::ones({4})));
  const std::string sizes("(K\x04t(K\x01t", 8);
  const auto at = pickled.pickle.find(sizes);
  ASSERT_NE(at, std::string::npos);
  pickled.pickle[at + 2] = '\x05';
  const auto storage = pickled.storages[0].view(at::kFloat);
  try {
    unpickle(
        pickled.pickle,
        [&](const std::string&,
            at::ScalarType,
            std::int64_t,
            const std::string&) { return storage; },
        "t.pkl");
    FAIL() << "not refused";
  } catch (const CheckpointError& e) {
    EXPECT_NE(
        std::string(e.what()).find("needs 5 elements but its storage has 4"),
        std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace mmengine::runner::checkpoint
