// Tokens and lib2to3-shaped trees for stage-1 `pretty_text`, so that the
// yapf passes see the same node types yapf's parser builds. The accepted
// language is what stage 1 writes; anything else is the SyntaxError MMEngine
// raises when yapf cannot parse the text.
#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "mmengine/config/config_yapf_impl.h"
#include "mmengine/utils/error.h"

namespace mmengine::config::detail {

namespace {

// Python keywords (keyword.kwlist); all but the last five are reserved words
// of yapf's grammar, so a key spelled like one makes yapf fail.
constexpr std::array<std::string_view, 35> kKeywords = {
    "and",    "as",    "assert", "break",  "class",   "continue", "def",
    "del",    "elif",  "else",   "except", "finally", "for",      "from",
    "global", "if",    "import", "in",     "is",      "lambda",   "nonlocal",
    "not",    "or",    "pass",   "raise",  "return",  "try",      "while",
    "with",   "yield", "False",  "None",   "True",    "async",    "await"};
constexpr size_t kReservedCount = 30;

bool is_keyword(std::string_view s) {
  return std::find(kKeywords.begin(), kKeywords.end(), s) != kKeywords.end();
}

bool is_reserved(std::string_view s) {
  return std::find(kKeywords.begin(), kKeywords.begin() + kReservedCount, s) !=
         kKeywords.begin() + kReservedCount;
}

int code_points(std::string_view s) {
  return static_cast<int>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool is_name_char(char c, bool first) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalpha(u) || c == '_' || u >= 0x80 ||
         (!first && std::isdigit(u));
}

bool is_string_prefix(std::string_view s) {
  std::string lower(s);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  return lower == "r" || lower == "u" || lower == "b" || lower == "f" ||
         lower == "br" || lower == "rb" || lower == "fr" || lower == "rf";
}

// A lexed token; `newline` marks the end of a statement (NEWLINE).
struct RawToken {
  YapfTokenKind kind = YapfTokenKind::kOp;
  std::string value;
  bool newline = false;
};

// Python's tokenizer for the stage-1 subset: NAME, NUMBER, one-line STRING,
// brackets and `= , : - + ~`; newlines inside brackets are not tokens.
class Lexer {
 public:
  explicit Lexer(const std::string& text) : text_(text) {}

  std::vector<RawToken> run() {
    while (pos_ < text_.size()) {
      step();
    }
    check(depth_ == 0);
    end_statement();
    return std::move(out_);
  }

 private:
  void check(bool ok) const {
    if (!ok) {
      throw ConfigError(
          "Failed to format the config file, please check the syntax of: \n" +
          text_);
    }
  }

  void end_statement() {
    if (!out_.empty() && !out_.back().newline) {
      out_.push_back({YapfTokenKind::kOp, "", true});
    }
  }

  void step() {
    const char c = text_[pos_];
    if (c == '\n') {
      if (depth_ == 0) {
        end_statement();
        indented_ = false;
      }
      ++pos_;
      return;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
      indented_ = indented_ || line_start();
      ++pos_;
      return;
    }
    // Indentation at top level is an IndentationError.
    check(!(indented_ && line_start()));
    lex_token(c);
  }

  // True when no token of the current statement has been seen yet.
  bool line_start() const {
    return depth_ == 0 && (out_.empty() || out_.back().newline);
  }

  void lex_token(char c) {
    if (is_name_char(c, true)) {
      lex_name();
    } else if (
        std::isdigit(static_cast<unsigned char>(c)) ||
        (c == '.' && pos_ + 1 < text_.size() &&
         std::isdigit(static_cast<unsigned char>(text_[pos_ + 1])))) {
      lex_number();
    } else if (c == '\'' || c == '"') {
      lex_string(pos_);
    } else {
      lex_operator(c);
    }
  }

  void lex_name() {
    const size_t begin = pos_;
    while (pos_ < text_.size() && is_name_char(text_[pos_], pos_ == begin)) {
      ++pos_;
    }
    const std::string_view name(text_.data() + begin, pos_ - begin);
    if (pos_ < text_.size() && (text_[pos_] == '\'' || text_[pos_] == '"') &&
        is_string_prefix(name)) {
      lex_string(begin);
      return;
    }
    out_.push_back({YapfTokenKind::kName, std::string(name)});
  }

  void lex_number() {
    const size_t begin = pos_;
    const bool hex =
        text_.compare(pos_, 2, "0x") == 0 || text_.compare(pos_, 2, "0X") == 0;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      const bool exponent_sign =
          (c == '+' || c == '-') && !hex && pos_ > begin &&
          (text_[pos_ - 1] == 'e' || text_[pos_ - 1] == 'E');
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' &&
          c != '_' && !exponent_sign) {
        break;
      }
      ++pos_;
    }
    out_.push_back({YapfTokenKind::kNumber, text_.substr(begin, pos_ - begin)});
  }

  // One-line string from `begin` (its prefix, if any) to the closing quote;
  // a backslash escapes the next character, newline included.
  void lex_string(size_t begin) {
    const char quote = text_[pos_];
    check(text_.compare(pos_, 3, std::string(3, quote)) != 0);
    ++pos_;
    while (true) {
      check(pos_ < text_.size() && text_[pos_] != '\n');
      const char c = text_[pos_++];
      if (c == quote) {
        break;
      }
      if (c == '\\') {
        check(pos_ < text_.size());
        ++pos_;
      }
    }
    out_.push_back({YapfTokenKind::kString, text_.substr(begin, pos_ - begin)});
  }

  void lex_operator(char c) {
    static constexpr std::string_view kOps = "()[]{},:=-+~";
    check(kOps.find(c) != std::string_view::npos);
    check(!(c == '=' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '='));
    if (c == '(' || c == '[' || c == '{') {
      ++depth_;
    } else if (c == ')' || c == ']' || c == '}') {
      check(depth_ > 0);
      --depth_;
    }
    out_.push_back({YapfTokenKind::kOp, std::string(1, c)});
    ++pos_;
  }

  const std::string& text_;
  size_t pos_ = 0;
  int depth_ = 0;
  bool indented_ = false;
  std::vector<RawToken> out_;
};

// Recursive descent over one statement, building the nodes lib2to3 would
// (single-child nodes collapsed into their child).
class Parser {
 public:
  Parser(const std::vector<RawToken>& raw, const std::string& text)
      : raw_(raw), text_(text) {}

  std::vector<YapfLine> run() {
    std::vector<YapfLine> lines;
    while (pos_ < raw_.size()) {
      line_ = YapfLine{};
      line_.nodes.push_back({YapfNodeKind::kSimpleStmt, -1, -1, {}});
      statement();
      lines.push_back(std::move(line_));
    }
    return lines;
  }

 private:
  void check(bool ok) const {
    if (!ok) {
      throw ConfigError(
          "Failed to format the config file, please check the syntax of: \n" +
          text_);
    }
  }

  const RawToken& peek(size_t ahead = 0) const {
    check(pos_ + ahead < raw_.size());
    return raw_[pos_ + ahead];
  }
  bool at_op(std::string_view op, size_t ahead = 0) const {
    const RawToken& t = peek(ahead);
    return !t.newline && t.kind == YapfTokenKind::kOp && t.value == op;
  }

  int leaf() {
    const RawToken& t = peek();
    check(!t.newline);
    YapfToken tok;
    tok.kind = t.kind;
    tok.value = t.value;
    tok.length = code_points(t.value);
    tok.keyword = t.kind == YapfTokenKind::kName && is_keyword(t.value);
    line_.tokens.push_back(std::move(tok));
    line_.nodes.push_back({YapfNodeKind::kLeaf, line_.size() - 1, -1, {}});
    ++pos_;
    return static_cast<int>(line_.nodes.size()) - 1;
  }
  int expect(std::string_view op) {
    check(at_op(op));
    return leaf();
  }

  int make(YapfNodeKind kind, std::vector<int> children) {
    if (children.size() == 1) {
      return children[0];
    }
    const int index = static_cast<int>(line_.nodes.size());
    for (int child : children) {
      line_.nodes[static_cast<size_t>(child)].parent = index;
    }
    line_.nodes.push_back({kind, -1, -1, std::move(children)});
    return index;
  }

  void statement() {
    int stmt = expr();
    if (at_op("=")) {
      const int eq = leaf();
      stmt = make(YapfNodeKind::kExprStmt, {stmt, eq, expr()});
    }
    check(peek().newline);
    ++pos_;
    line_.nodes[static_cast<size_t>(stmt)].parent = 0;
    line_.nodes[0].children = {stmt};
  }

  int expr() {
    if (at_op("-") || at_op("+") || at_op("~")) {
      const int op = leaf();
      return make(YapfNodeKind::kFactor, {op, expr()});
    }
    std::vector<int> parts = {atom()};
    while (at_op("(")) {
      parts.push_back(trailer());
    }
    return make(YapfNodeKind::kPower, std::move(parts));
  }

  int atom() {
    const RawToken& t = peek();
    check(!t.newline);
    if (t.kind == YapfTokenKind::kName) {
      check(!is_reserved(t.value));
      return leaf();
    }
    if (t.kind != YapfTokenKind::kOp) {
      const int node = leaf();
      // Implicit string concatenation: never written by stage 1.
      check(peek().newline || peek().kind != YapfTokenKind::kString);
      return node;
    }
    if (t.value == "(") {
      return bracketed(")", YapfNodeKind::kTestlistGexp);
    }
    if (t.value == "[") {
      return bracketed("]", YapfNodeKind::kListmaker);
    }
    check(t.value == "{");
    return dict_display();
  }

  // `(`/`[` elements `)`/`]` with an optional trailing comma.
  int bracketed(std::string_view close, YapfNodeKind list_kind) {
    const int open = leaf();
    if (at_op(close)) {
      return make(YapfNodeKind::kAtom, {open, leaf()});
    }
    std::vector<int> items = {expr()};
    while (at_op(",")) {
      items.push_back(leaf());
      if (at_op(close)) {
        break;
      }
      items.push_back(expr());
    }
    const int inner = make(list_kind, std::move(items));
    return make(YapfNodeKind::kAtom, {open, inner, expect(close)});
  }

  int dict_display() {
    const int open = leaf();
    if (at_op("}")) {
      return make(YapfNodeKind::kAtom, {open, leaf()});
    }
    std::vector<int> items;
    while (true) {
      items.push_back(expr());
      items.push_back(expect(":"));
      items.push_back(expr());
      if (!at_op(",")) {
        break;
      }
      items.push_back(leaf());
      if (at_op("}")) {
        break;
      }
    }
    const int inner = make(YapfNodeKind::kDictsetmaker, std::move(items));
    return make(YapfNodeKind::kAtom, {open, inner, expect("}")});
  }

  int trailer() {
    const int open = leaf();
    if (at_op(")")) {
      return make(YapfNodeKind::kTrailer, {open, leaf()});
    }
    std::vector<int> args = {argument()};
    while (at_op(",")) {
      args.push_back(leaf());
      if (at_op(")")) {
        break;
      }
      args.push_back(argument());
    }
    const int inner = make(YapfNodeKind::kArglist, std::move(args));
    return make(YapfNodeKind::kTrailer, {open, inner, expect(")")});
  }

  int argument() {
    const RawToken& t = peek();
    if (!t.newline && t.kind == YapfTokenKind::kName && at_op("=", 1)) {
      check(!is_reserved(t.value));
      const int name = leaf();
      const int eq = leaf();
      return make(YapfNodeKind::kArgument, {name, eq, expr()});
    }
    return expr();
  }

  const std::vector<RawToken>& raw_;
  const std::string& text_;
  size_t pos_ = 0;
  YapfLine line_;
};

}  // namespace

int YapfLine::first_leaf(int n) const {
  while (node(n).kind != YapfNodeKind::kLeaf) {
    n = node(n).children.front();
  }
  return node(n).token;
}

int YapfLine::last_leaf(int n) const {
  while (node(n).kind != YapfNodeKind::kLeaf) {
    n = node(n).children.back();
  }
  return node(n).token;
}

std::vector<YapfLine> parse_yapf_lines(const std::string& text) {
  const std::vector<RawToken> raw = Lexer(text).run();
  return Parser(raw, text).run();
}

}  // namespace mmengine::config::detail
