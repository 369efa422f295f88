#include "mmengine/logging/message_hub.h"

#include <string>

#include <gtest/gtest.h>

#include "mmengine/utils/error.h"

namespace mmengine::logging {
namespace {

using config::Value;

TEST(MessageHubTest, NamedInstancesAndCurrent) {
  auto a = MessageHub::get_instance("hub_test_a");
  auto b = MessageHub::get_instance("hub_test_b");
  EXPECT_EQ(MessageHub::get_instance("hub_test_a"), a);
  EXPECT_EQ(MessageHub::get_current_instance(), b);
  EXPECT_TRUE(MessageHub::check_instance_created("hub_test_a"));
  EXPECT_FALSE(MessageHub::check_instance_created("hub_test_none"));
  EXPECT_EQ(a->instance_name(), "hub_test_a");
  EXPECT_THROW(MessageHub::get_instance(""), ValueError);
}

TEST(MessageHubTest, ScalarsKeepInsertionOrderAndCounts) {
  MessageHub hub("scalars");
  hub.update_scalar("train/loss", 2.0, 2);
  hub.update_scalar("train/acc", 1);
  hub.update_scalar("train/loss", 4.0);
  ASSERT_EQ(hub.log_scalars().size(), 2U);
  EXPECT_EQ(hub.log_scalars()[0].first, "train/loss");
  EXPECT_DOUBLE_EQ(hub.get_scalar("train/loss").mean(), 2.0);
  EXPECT_TRUE(hub.get_scalar("train/acc").current().is_int());
  hub.update_scalars(Value::dict(
      {{"a", 1.5}, {"b", Value::dict({{"value", 3.0}, {"count", 3}})}}));
  EXPECT_DOUBLE_EQ(hub.get_scalar("b").mean(), 1.0);
  try {
    hub.get_scalar("missing");
    FAIL();
  } catch (const KeyError& e) {
    EXPECT_STREQ(
        e.what(),
        "missing is not found in Messagehub.log_buffers: instance name is: "
        "scalars");
  }
  EXPECT_THROW(hub.update_scalar("x", Value("str")), TypeError);
  EXPECT_THROW(hub.update_scalars(Value(1)), TypeError);
  EXPECT_THROW(
      hub.update_scalars(Value::dict({{"c", Value::dict({{"count", 1}})}})),
      ValueError);
}

TEST(MessageHubTest, ResumedFlagIsFixedAtFirstUse) {
  MessageHub hub("resumed");
  hub.update_scalar("loss", 1.0, 1, true);
  try {
    hub.update_scalar("loss", 1.0, 1, false);
    FAIL();
  } catch (const ValueError& e) {
    EXPECT_STREQ(
        e.what(),
        "loss used to be True, but got {resumed} now. resumed keys cannot be "
        "modified repeatedly.");
  }
}

TEST(MessageHubTest, ResumedFlagIsCheckedOnEveryUpdate) {
  // Updates of a known key take a shortcut past the name lookup; the flag
  // check must survive it, and keys loaded from a state dict get theirs on
  // first update.
  MessageHub hub("resumed_repeat");
  for (int i = 0; i < 3; ++i) {
    hub.update_scalar("train/loss", i);
  }
  EXPECT_THROW(hub.update_scalar("train/loss", 1.0, 1, false), ValueError);
  EXPECT_EQ(hub.get_scalar("train/loss").size(), 3U);
  MessageHub loaded("resumed_loaded");
  Value state = hub.state_dict();
  state["resumed_keys"] = Value::dict();
  loaded.load_state_dict(state);
  EXPECT_TRUE(loaded.resumed_keys().empty());
  loaded.update_scalar("train/loss", 7, 1, false);
  EXPECT_EQ(loaded.get_scalar("train/loss").size(), 4U);
  EXPECT_THROW(loaded.update_scalar("train/loss", 1.0), ValueError);
  EXPECT_EQ(loaded.resumed_keys().size(), 1U);
  EXPECT_FALSE(loaded.resumed_keys()[0].second);
}

TEST(MessageHubTest, RuntimeInfo) {
  MessageHub hub("info");
  hub.update_info("iter", 3);
  hub.update_info_dict(Value::dict({{"epoch", 1}, {"iter", 4}}));
  EXPECT_EQ(hub.runtime_info().repr(), "{'iter': 4, 'epoch': 1}");
  EXPECT_EQ(hub.get_info("epoch"), Value(1));
  EXPECT_TRUE(hub.get_info("none").is_none());
  EXPECT_EQ(hub.get_info("none", 7), Value(7));
  EXPECT_EQ(hub.pop_info("epoch"), Value(1));
  EXPECT_EQ(hub.pop_info("epoch", "gone"), Value("gone"));
}

TEST(MessageHubTest, StateDictRoundTripKeepsOnlyResumedKeys) {
  MessageHub hub("state");
  hub.update_scalar("train/loss", 0.5);
  hub.update_scalar("train/loss", 1);
  hub.update_scalar("train/time", 0.1, 1, false);
  hub.update_info("epoch", 2);
  hub.update_info("cfg", Value::dict({{"a", 1}}), false);
  const Value state = hub.state_dict();
  EXPECT_EQ(
      state.repr(),
      "{'log_scalars': {'train/loss': {'max_length': 1000000, "
      "'_log_history': [0.5, 1.0], '_count_history': [1, 1]}}, "
      "'runtime_info': {'epoch': 2}, 'resumed_keys': {'train/loss': True, "
      "'train/time': False, 'epoch': True, 'cfg': False}}");
  // Resumed flags of keys that were not saved are skipped on load (with a
  // warning), as in MMEngine.
  MessageHub loaded("state_loaded");
  loaded.load_state_dict(state);
  EXPECT_EQ(
      loaded.state_dict()["resumed_keys"].repr(),
      "{'train/loss': True, 'epoch': True}");
  EXPECT_EQ(loaded.state_dict()["log_scalars"], state["log_scalars"]);
  EXPECT_DOUBLE_EQ(loaded.get_scalar("train/loss").mean(), 0.75);
  MessageHub copied("state_copied");
  copied.load_state_dict(hub);
  EXPECT_EQ(copied.state_dict(), state);
  EXPECT_EQ(copied.log_scalars().size(), 2U);
  EXPECT_THROW(loaded.load_state_dict(Value::dict()), ValueError);
}

TEST(MessageHubTest, LoadSkipsMalformedEntries) {
  MessageHub hub("skips");
  hub.load_state_dict(Value::dict(
      {{"log_scalars", Value::dict({{"bad", 1}})},
       {"runtime_info", Value::dict({{"x", 1}})},
       {"resumed_keys", Value::dict({{"bad", true}, {"x", false}})}}));
  EXPECT_TRUE(hub.log_scalars().empty());
  ASSERT_EQ(hub.resumed_keys().size(), 1U);
  EXPECT_EQ(hub.resumed_keys()[0].first, "x");
}

}  // namespace
}  // namespace mmengine::logging
