// yapf's reformatter for stage-1 `pretty_text`: a statement that fits and
// has no forced split stays on one line; otherwise the lowest-penalty layout
// is found by yapf's Dijkstra-like search over split/no-split decisions
// (reformatter._AnalyzeSolutionSpace), ties broken by insertion order.
#include <queue>
#include <tuple>
#include <unordered_map>

#include "mmengine/config/config_yapf_impl.h"
#include "mmengine/utils/error.h"

namespace mmengine::config::detail {

namespace {

// After this many queued states yapf stops comparing bracket stacks when it
// deduplicates states, which prunes (and so changes) the search.
constexpr int64_t kStackComparisonLimit = 10000;

struct SearchNode {
  YapfState state;
  bool newline = false;
  int previous = -1;
};

// The fields FormatDecisionState hashes.
struct StateKey {
  int next;
  int column;
  int paren_level;
  int lowest_level_on_line;
  bool operator==(const StateKey&) const = default;
};

struct StateKeyHash {
  size_t operator()(const StateKey& k) const noexcept {
    size_t h = static_cast<size_t>(k.next);
    for (int v : {k.column, k.paren_level, k.lowest_level_on_line}) {
      h = h * 1000003u ^ static_cast<size_t>(v);
    }
    return h;
  }
};

// (penalty, count, node): ordered as yapf's (penalty, count) tuples.
using QueueItem = std::tuple<int64_t, int64_t, int>;

class Search {
 public:
  Search(const YapfLine& line, const YapfDecider& decider)
      : line_(line), decider_(decider) {}

  // The newline decision for every token after the first.
  std::vector<bool> run(const YapfState& initial) {
    push(0, {initial, false, -1});
    while (!queue_.empty()) {
      const auto [penalty, order, index] = queue_.top();
      if (nodes_[static_cast<size_t>(index)].state.next >= line_.size()) {
        return path(index);
      }
      queue_.pop();
      YapfState& state = nodes_[static_cast<size_t>(index)].state;
      if (count_ > kStackComparisonLimit) {
        state.ignore_stack_for_comparison = true;
      }
      if (!insert_seen(index)) {
        continue;
      }
      expand(penalty, index, false);
      expand(penalty, index, true);
    }
    throw InternalError("pretty_text: yapf's search found no layout");
  }

 private:
  void push(int64_t penalty, SearchNode node) {
    nodes_.push_back(std::move(node));
    queue_.emplace(penalty, count_++, static_cast<int>(nodes_.size()) - 1);
  }

  // _AddNextStateToQueue.
  void expand(int64_t penalty, int index, bool newline) {
    YapfState& previous = nodes_[static_cast<size_t>(index)].state;
    const bool must_split = decider_.must_split(previous);
    if ((newline && !decider_.can_split(previous, must_split)) ||
        (!newline && must_split)) {
      return;
    }
    SearchNode node{previous, newline, index};
    penalty += decider_.add_token(node.state, newline, must_split);
    push(penalty, std::move(node));
  }

  // yapf's `seen` set: equal when the hashed fields match and, unless either
  // side ignores it, the bracket stacks too.
  bool insert_seen(int index) {
    const YapfState& s = nodes_[static_cast<size_t>(index)].state;
    auto& bucket =
        seen_[{s.next, s.column, s.paren_level, s.lowest_level_on_line}];
    for (int other : bucket) {
      const YapfState& o = nodes_[static_cast<size_t>(other)].state;
      if (s.ignore_stack_for_comparison || o.ignore_stack_for_comparison ||
          s.stack == o.stack) {
        return false;
      }
    }
    bucket.push_back(index);
    return true;
  }

  std::vector<bool> path(int index) const {
    std::vector<bool> newlines(static_cast<size_t>(line_.size()), false);
    for (int i = index; nodes_[static_cast<size_t>(i)].previous >= 0;
         i = nodes_[static_cast<size_t>(i)].previous) {
      const SearchNode& node = nodes_[static_cast<size_t>(i)];
      newlines[static_cast<size_t>(node.state.next - 1)] = node.newline;
    }
    return newlines;
  }

  const YapfLine& line_;
  const YapfDecider& decider_;
  std::vector<SearchNode> nodes_;
  std::priority_queue<QueueItem, std::vector<QueueItem>, std::greater<>> queue_;
  std::unordered_map<StateKey, std::vector<int>, StateKeyHash> seen_;
  int64_t count_ = 0;
};

// reformatter._CanPlaceOnSingleLine plus "no token must break".
bool fits_on_one_line(const YapfLine& line) {
  for (const YapfToken& t : line.tokens) {
    if (t.must_break) {
      return false;
    }
  }
  return line.tokens.back().total_length <= kColumnLimit;
}

std::string format_line(const YapfLine& line) {
  const YapfDecider decider(line);
  YapfState state = decider.initial();
  const std::vector<bool> newlines =
      fits_on_one_line(line) ? std::vector<bool>(line.tokens.size(), false)
                             : Search(line, decider).run(state);
  std::string out = line.tok(0).value;
  for (int i = 1; i < line.size(); ++i) {
    if (newlines[static_cast<size_t>(i)]) {
      out += '\n';
      out.append(static_cast<size_t>(decider.newline_column(state)), ' ');
    } else {
      out.append(static_cast<size_t>(line.tok(i).spaces), ' ');
    }
    out += line.tok(i).value;
    decider.add_token(state, newlines[static_cast<size_t>(i)], false);
  }
  return out;
}

}  // namespace

std::string yapf_format(const std::string& text) {
  std::vector<YapfLine> lines = parse_yapf_lines(text);
  std::string out;
  for (YapfLine& line : lines) {
    annotate_yapf_line(line);
    out += format_line(line);
    out += '\n';
  }
  return out.empty() ? "\n" : out;
}

}  // namespace mmengine::config::detail
