#include "mmengine/config/python_lexer_impl.h"

#include <gtest/gtest.h>

#include "mmengine/utils/error.h"

namespace mmengine::config::detail {
namespace {

std::string kind_name(TokenKind kind) {
  switch (kind) {
    case TokenKind::kName:
      return "NAME";
    case TokenKind::kNumber:
      return "NUMBER";
    case TokenKind::kString:
      return "STRING";
    case TokenKind::kOp:
      return "OP";
    case TokenKind::kNewline:
      return "NEWLINE";
    case TokenKind::kIndent:
      return "INDENT";
    case TokenKind::kDedent:
      return "DEDENT";
    case TokenKind::kEnd:
      return "END";
  }
  return "?";
}

// "NAME:x OP:= NUMBER:1 NEWLINE END"
std::string lex(std::string_view text) {
  const SourceFile src(text, "t.py");
  std::string out;
  for (const auto& tok : tokenize(src)) {
    out += out.empty() ? "" : " ";
    out += kind_name(tok.kind);
    if (!tok.text.empty() && tok.kind != TokenKind::kNewline) {
      out.append(":").append(tok.text);
    }
  }
  return out;
}

std::string lex_error(std::string_view text) {
  const SourceFile src(text, "t.py");
  try {
    tokenize(src);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(PythonLexerTest, SimpleAssignment) {
  EXPECT_EQ(lex("x = 1\n"), "NAME:x OP:= NUMBER:1 NEWLINE END");
}

TEST(PythonLexerTest, MissingFinalNewlineIsAdded) {
  EXPECT_EQ(lex("x"), "NAME:x NEWLINE END");
}

TEST(PythonLexerTest, EmptyAndBlankSources) {
  EXPECT_EQ(lex(""), "END");
  EXPECT_EQ(lex("\n\n   \n# only a comment\n"), "END");
}

TEST(PythonLexerTest, LongestOperatorWins) {
  EXPECT_EQ(
      lex("a **= b // c != d ... -> :="),
      "NAME:a OP:**= NAME:b OP:// NAME:c OP:!= NAME:d OP:... OP:-> OP::= "
      "NEWLINE END");
}

TEST(PythonLexerTest, IndentAndDedent) {
  EXPECT_EQ(
      lex("if a:\n    b\n    c\nd\n"),
      "NAME:if NAME:a OP:: NEWLINE INDENT NAME:b NEWLINE NAME:c NEWLINE "
      "DEDENT NAME:d NEWLINE END");
}

TEST(PythonLexerTest, DedentsClosedAtEndOfFile) {
  EXPECT_EQ(
      lex("if a:\n  if b:\n    c"),
      "NAME:if NAME:a OP:: NEWLINE INDENT NAME:if NAME:b OP:: NEWLINE INDENT "
      "NAME:c NEWLINE DEDENT DEDENT END");
}

TEST(PythonLexerTest, BlankAndCommentLinesDoNotChangeIndentation) {
  EXPECT_EQ(
      lex("if a:\n    b\n\n  # note\n    c\n"),
      "NAME:if NAME:a OP:: NEWLINE INDENT NAME:b NEWLINE NAME:c NEWLINE "
      "DEDENT END");
}

TEST(PythonLexerTest, NewlinesInsideBracketsAreIgnored) {
  EXPECT_EQ(
      lex("x = dict(\n    a=1,\n  b=2)\n"),
      "NAME:x OP:= NAME:dict OP:( NAME:a OP:= NUMBER:1 OP:, NAME:b OP:= "
      "NUMBER:2 OP:) NEWLINE END");
}

TEST(PythonLexerTest, BackslashContinuation) {
  EXPECT_EQ(
      lex("x = 1 + \\\n    2\n"),
      "NAME:x OP:= NUMBER:1 OP:+ NUMBER:2 NEWLINE END");
}

TEST(PythonLexerTest, CrLfLineEndings) {
  EXPECT_EQ(
      lex("a = 1\r\nb = 2\r\n"),
      "NAME:a OP:= NUMBER:1 NEWLINE NAME:b OP:= NUMBER:2 NEWLINE END");
}

TEST(PythonLexerTest, NumberForms) {
  EXPECT_EQ(
      lex("0 00 0x1F 0o17 0b1010 1_000 1. .5 1e-3 1_0.2_5E+1_0 0_0"),
      "NUMBER:0 NUMBER:00 NUMBER:0x1F NUMBER:0o17 NUMBER:0b1010 NUMBER:1_000 "
      "NUMBER:1. NUMBER:.5 NUMBER:1e-3 NUMBER:1_0.2_5E+1_0 NUMBER:0_0 NEWLINE "
      "END");
}

TEST(PythonLexerTest, AttributeAfterNumberIsNotAFloat) {
  EXPECT_EQ(lex("x.y"), "NAME:x OP:. NAME:y NEWLINE END");
  EXPECT_EQ(lex("1..real"), "NUMBER:1. OP:. NAME:real NEWLINE END");
}

TEST(PythonLexerTest, StringTokensKeepPrefixAndQuotes) {
  EXPECT_EQ(
      lex(R"(a = 'x' "y" r'\d' f"{v}" '''t''' Rb'z')"),
      R"(NAME:a OP:= STRING:'x' STRING:"y" STRING:r'\d' STRING:f"{v}" STRING:'''t''' STRING:Rb'z' NEWLINE END)");
}

TEST(PythonLexerTest, StringsWithEscapedQuotesAndNewlines) {
  EXPECT_EQ(lex(R"('it\'s')"), R"(STRING:'it\'s' NEWLINE END)");
  EXPECT_EQ(lex("'''a\nb'''"), "STRING:'''a\nb''' NEWLINE END");
  EXPECT_EQ(lex("'a\\\nb'"), "STRING:'a\\\nb' NEWLINE END");
}

TEST(PythonLexerTest, NameThatLooksLikeAPrefix) {
  EXPECT_EQ(lex("rb = fr"), "NAME:rb OP:= NAME:fr NEWLINE END");
}

TEST(PythonLexerTest, KeywordsAreNames) {
  EXPECT_EQ(lex("not x"), "NAME:not NAME:x NEWLINE END");
  EXPECT_TRUE(is_keyword("lambda"));
  EXPECT_TRUE(is_keyword("None"));
  EXPECT_FALSE(is_keyword("match"));
  EXPECT_FALSE(is_keyword("dict"));
}

TEST(PythonLexerTest, TokenOffsets) {
  const SourceFile src("ab = 'c'\n", "t.py");
  const auto toks = tokenize(src);
  ASSERT_EQ(toks.size(), 5u);
  EXPECT_EQ(toks[0].pos, 0u);
  EXPECT_EQ(toks[1].pos, 3u);
  EXPECT_EQ(toks[2].pos, 5u);
}

TEST(PythonLexerTest, ExpressionModeIgnoresNewlines) {
  const SourceFile src("f'''{a +\n b}'''", "t.py");
  const auto toks = tokenize_expression(src, 5, 11);
  ASSERT_EQ(toks.size(), 4u);
  EXPECT_EQ(toks[0].text, "a");
  EXPECT_EQ(toks[2].text, "b");
  EXPECT_EQ(toks[3].kind, TokenKind::kEnd);
}

TEST(PythonLexerTest, UnterminatedStringError) {
  EXPECT_EQ(
      lex_error("x = 'abc\ny = 1\n"),
      "t.py:1:5: SyntaxError: unterminated string literal (detected at line "
      "1)\n    x = 'abc\n        ^");
}

TEST(PythonLexerTest, UnterminatedTripleQuotedString) {
  EXPECT_EQ(
      lex_error("x = '''abc\n\n"),
      "t.py:1:5: SyntaxError: unterminated triple-quoted string literal "
      "(detected at line 2)\n    x = '''abc\n        ^");
}

TEST(PythonLexerTest, UnclosedBracketError) {
  EXPECT_EQ(
      lex_error("x = dict(a=[1, 2)\n"),
      "t.py:1:17: SyntaxError: closing parenthesis ')' does not match "
      "opening parenthesis '['\n    x = dict(a=[1, 2)\n                    ^");
  EXPECT_EQ(
      lex_error("x = (1,\n"),
      "t.py:1:5: SyntaxError: '(' was never closed\n    x = (1,\n        ^");
  EXPECT_EQ(
      lex_error("x = 1)\n"),
      "t.py:1:6: SyntaxError: unmatched ')'\n    x = 1)\n         ^");
}

TEST(PythonLexerTest, BadIndentation) {
  EXPECT_EQ(
      lex_error("if a:\n    b\n  c\n"),
      "t.py:3:3: IndentationError: unindent does not match any outer "
      "indentation level\n    c\n    ^");
}

TEST(PythonLexerTest, BadNumbers) {
  EXPECT_NE(
      lex_error("x = 012").find("1:5: SyntaxError: leading zeros"),
      std::string::npos);
  EXPECT_NE(
      lex_error("x = 1__0").find("invalid decimal literal"), std::string::npos);
  EXPECT_NE(
      lex_error("x = 1_").find("invalid decimal literal"), std::string::npos);
  EXPECT_NE(
      lex_error("x = 1abc").find("invalid decimal literal"), std::string::npos);
  EXPECT_NE(
      lex_error("x = 0o8").find("invalid digit '8' in octal literal"),
      std::string::npos);
  EXPECT_NE(
      lex_error("x = 0b102").find("invalid digit '2' in binary literal"),
      std::string::npos);
  EXPECT_NE(
      lex_error("x = 0x").find("invalid hexadecimal literal"),
      std::string::npos);
  EXPECT_NE(
      lex_error("x = 1e").find("invalid decimal literal"), std::string::npos);
  EXPECT_NE(
      lex_error("x = 3j").find("complex numbers are not supported"),
      std::string::npos);
}

TEST(PythonLexerTest, InvalidCharacters) {
  EXPECT_EQ(
      lex_error("x = $a"),
      "t.py:1:5: SyntaxError: invalid character '$' (U+0024)\n    x = $a\n   "
      "     ^");
  EXPECT_NE(
      lex_error("x = \xe2\x82\xac")
          .find("invalid character '\xe2\x82\xac' (U+20AC)"),
      std::string::npos);
  EXPECT_NE(lex_error("x = !a").find("invalid syntax"), std::string::npos);
}

TEST(PythonLexerTest, NulBytesAndInvalidUtf8) {
  EXPECT_NE(
      lex_error(std::string_view("x = 1\0", 6))
          .find("1:6: SyntaxError: source code cannot contain null bytes"),
      std::string::npos);
  EXPECT_NE(
      lex_error("s = '\xff'").find("1:6: SyntaxError: invalid UTF-8 byte 0xff"),
      std::string::npos);
}

TEST(PythonLexerTest, BackslashErrors) {
  EXPECT_NE(
      lex_error("x = 1 \\ 2")
          .find("unexpected character after line continuation character"),
      std::string::npos);
  EXPECT_NE(
      lex_error("x = 1 \\").find("unexpected EOF while parsing"),
      std::string::npos);
}

TEST(PythonLexerTest, NestingLimits) {
  EXPECT_NE(
      lex_error(std::string(kMaxBracketDepth + 1, '('))
          .find("too many nested parentheses"),
      std::string::npos);
  std::string deep;
  for (int i = 0; i <= kMaxIndentDepth + 1; ++i) {
    deep += std::string(static_cast<std::size_t>(i), ' ') + "if a:\n";
  }
  EXPECT_NE(
      lex_error(deep).find("too many levels of indentation"),
      std::string::npos);
}

TEST(PythonLexerTest, ErrorColumnsCountCodePoints) {
  EXPECT_EQ(
      lex_error("s = '\xc3\xa9' $"),
      "t.py:1:9: SyntaxError: invalid character '$' (U+0024)\n    s = "
      "'\xc3\xa9' $\n            ^");
}

TEST(PythonLexerTest, BomIsSkipped) {
  EXPECT_EQ(lex("\xEF\xBB\xBFx = 1"), "NAME:x OP:= NUMBER:1 NEWLINE END");
}

TEST(PythonLexerTest, TabsIndentToMultiplesOfEight) {
  EXPECT_EQ(
      lex("if a:\n\tb\n        c\n"),
      "NAME:if NAME:a OP:: NEWLINE INDENT NAME:b NEWLINE NAME:c NEWLINE "
      "DEDENT END");
}

}  // namespace
}  // namespace mmengine::config::detail
