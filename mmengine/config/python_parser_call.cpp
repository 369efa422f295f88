// Calls, subscripts, comprehensions and assignment target lists.

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "mmengine/config/python_parser_impl.h"

namespace mmengine::config::detail {

namespace {

int max_depth(const ExprPtr& e, int depth) {
  return e ? std::max<int>(depth, e->depth) : depth;
}

}  // namespace

ExprPtr Parser::comprehension(
    std::uint32_t pos, CompKind kind, ExprPtr elt, ExprPtr value) {
  if (elt->kind == ExprKind::kStarred) {
    fail(elt->pos, "iterable unpacking cannot be used in comprehension");
  }
  auto node = std::make_unique<ComprehensionExpr>(pos, kind);
  node->elt = std::move(elt);
  node->value = std::move(value);
  node->generators = comprehension_fors();
  int depth = max_depth(node->value, node->elt->depth);
  for (const auto& gen : node->generators) {
    depth = max_depth(gen.iter, max_depth(gen.target, depth));
    for (const auto& cond : gen.ifs) {
      depth = max_depth(cond, depth);
    }
  }
  store_depth(*node, depth + 1);
  return node;
}

std::vector<ComprehensionFor> Parser::comprehension_fors() {
  std::vector<ComprehensionFor> fors;
  while (at_keyword("for") || at_keyword("async")) {
    if (at_keyword("async")) {
      unsupported(peek().pos, "'async' comprehensions");
    }
    next();
    ComprehensionFor f;
    f.target = target_list();
    check_target(*f.target, "for");
    if (!at_keyword("in")) {
      fail_here();
    }
    next();
    f.iter = disjunction();
    while (at_keyword("if")) {
      next();
      f.ifs.push_back(disjunction());
    }
    fors.push_back(std::move(f));
  }
  return fors;
}

ExprPtr Parser::target_item() {
  if (!at_op("*")) {
    return binary(0);
  }
  const auto pos = next().pos;
  auto node = std::make_unique<StarredExpr>(pos, binary(0));
  set_depth(*node, {node->value.get()});
  return node;
}

ExprPtr Parser::target_list() {
  const auto pos = peek().pos;
  auto first = target_item();
  if (!at_op(",")) {
    return first;
  }
  auto tuple = std::make_unique<SequenceExpr>(ExprKind::kTuple, pos);
  tuple->elts.push_back(std::move(first));
  while (accept_op(",") && !at_keyword("in") && !at_op("=")) {
    tuple->elts.push_back(target_item());
  }
  set_depth(*tuple, tuple->elts);
  return tuple;
}

ExprPtr Parser::call(ExprPtr func) {
  auto node = std::make_unique<CallExpr>(func->pos);
  node->func = std::move(func);
  next();
  CallState state;
  while (!at_op(")")) {
    node->args.push_back(call_argument(state, node->args.empty()));
    if (!accept_op(",")) {
      break;
    }
  }
  if (!accept_op(")")) {
    fail_unclosed(
        node->args.empty() ? node->pos : node->args.back().value->pos);
  }
  int depth = node->func->depth;
  for (const auto& arg : node->args) {
    depth = max_depth(arg.value, depth);
  }
  store_depth(*node, depth + 1);
  return node;
}

Argument Parser::call_argument(CallState& state, bool first) {
  const auto pos = peek().pos;
  Argument arg;
  if (accept_op("*")) {
    if (state.double_star_seen) {
      fail(
          pos,
          "iterable argument unpacking follows keyword argument unpacking");
    }
    arg.kind = ArgKind::kStar;
    arg.value = expression();
  } else if (accept_op("**")) {
    arg.kind = ArgKind::kDoubleStar;
    arg.value = expression();
    state.double_star_seen = true;
  } else if (
      peek().kind == TokenKind::kName && peek(1).is_op("=") &&
      !peek().keyword) {
    arg.kind = ArgKind::kKeyword;
    const std::string_view name = next().text;
    arg.name = std::string(name);
    next();
    if (std::find(state.names.begin(), state.names.end(), name) !=
        state.names.end()) {
      fail(pos, fmt::format("keyword argument repeated: {}", arg.name));
    }
    state.names.push_back(name);
    arg.value = expression();
    state.keyword_seen = true;
  } else {
    arg.value = named_expression();
    if (at_keyword("for")) {
      const auto gen_pos = arg.value->pos;
      arg.value = comprehension(
          gen_pos, CompKind::kGenerator, std::move(arg.value), {});
      if (!first || !at_op(")")) {
        fail(gen_pos, "Generator expression must be parenthesized");
      }
    } else if (state.double_star_seen) {
      fail(pos, "positional argument follows keyword argument unpacking");
    } else if (state.keyword_seen) {
      fail(pos, "positional argument follows keyword argument");
    }
  }
  return arg;
}

ExprPtr Parser::subscript(ExprPtr value) {
  const auto pos = next().pos;
  const auto index_pos = peek().pos;
  auto index = slice_item();
  if (at_op(",")) {
    auto tuple = std::make_unique<SequenceExpr>(ExprKind::kTuple, index_pos);
    tuple->elts.push_back(std::move(index));
    while (accept_op(",") && !at_op("]")) {
      tuple->elts.push_back(slice_item());
    }
    set_depth(*tuple, tuple->elts);
    index = std::move(tuple);
  }
  expect_op("]");
  auto node =
      std::make_unique<SubscriptExpr>(pos, std::move(value), std::move(index));
  set_depth(*node, {node->value.get(), node->index.get()});
  return node;
}

ExprPtr Parser::slice_item() {
  const auto pos = peek().pos;
  ExprPtr lower;
  if (!at_op(":")) {
    lower = named_expression();
    if (!at_op(":")) {
      return lower;
    }
  }
  auto node = std::make_unique<SliceExpr>(pos);
  node->lower = std::move(lower);
  next();
  const auto at_end = [this] { return at_op("]") || at_op(",") || at_op(":"); };
  if (!at_end()) {
    node->upper = expression();
  }
  if (accept_op(":") && !at_op("]") && !at_op(",")) {
    node->step = expression();
  }
  set_depth(*node, {node->lower.get(), node->upper.get(), node->step.get()});
  return node;
}

}  // namespace mmengine::config::detail
