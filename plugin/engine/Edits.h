//===- Edits.h - text edits collected first, applied in one pass ----------===//
//
// The transform records edits while it walks the AST and applies them at
// the end, so the order of the walk never decides the text. Wrapping edits
// carry the nesting depth of the expression they wrap: applied innermost
// first, with prefixes inserted before and suffixes after text already at
// the same place, nested wraps come out correctly parenthesized.
//
// An edit made for an expression also records where it sits among the
// tokens the parser saw (TokenAt). An edit inside a macro's body has no file
// location; Macros.h places it, and every edit of the same invocation, in
// that invocation's expanded text instead.
//
//===----------------------------------------------------------------------===//
#ifndef GENREF_EDITS_H
#define GENREF_EDITS_H

#include "clang/Basic/SourceLocation.h"
#include "clang/Rewrite/Core/Rewriter.h"

#include <string>
#include <vector>

namespace genref {

// At the start of the token at Tok (a location the AST holds, in a file or
// in a macro expansion), or just after it.
struct TokenAt {
  clang::SourceLocation Tok;
  bool After = false;
};

class EditList {
public:
  enum Kind { Replace, Prefix, Suffix };
  struct Edit {
    Kind K;
    clang::SourceLocation Loc; // in a file; invalid inside a macro body
    unsigned Len;              // Replace only
    std::string Text;
    unsigned Depth;
    TokenAt At;                // Replace: its first token
    clang::SourceLocation Last; // Replace: its last token
    bool Placed = false;       // in a macro invocation's expanded text
  };

  // Replace the characters of a file range (no other edit may fall inside);
  // First..Last are its tokens.
  void replace(clang::CharSourceRange R, std::string Text,
               clang::SourceLocation First = {}, clang::SourceLocation Last = {});
  // Text before / after a file location, for wrapping an expression of the
  // given nesting depth (deeper = inner).
  void prefix(clang::SourceLocation L, std::string Text, unsigned Depth, TokenAt T = {});
  void suffix(clang::SourceLocation L, std::string Text, unsigned Depth, TokenAt T = {});
  bool empty() const { return Edits.empty(); }
  // Applies everything; returns false if the rewriter refused an edit.
  bool apply(clang::Rewriter &R) const;

  // In recording order, for Macros.cpp.
  std::vector<Edit> &edits() { return Edits; }
  // The order apply() uses: replacements, then wraps innermost first.
  static std::vector<const Edit *> applyOrder(const std::vector<const Edit *> &Es);

private:
  std::vector<Edit> Edits;
};

} // namespace genref

#endif
