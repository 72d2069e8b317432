//===- Edits.h - text edits collected first, applied in one pass ----------===//
//
// The transform records edits while it walks the AST and applies them at
// the end, so the order of the walk never decides the text. Wrapping edits
// carry the nesting depth of the expression they wrap: applied innermost
// first, with prefixes inserted before and suffixes after text already at
// the same place, nested wraps come out correctly parenthesized.
//
//===----------------------------------------------------------------------===//
#ifndef GENREF_EDITS_H
#define GENREF_EDITS_H

#include "clang/Basic/SourceLocation.h"
#include "clang/Rewrite/Core/Rewriter.h"

#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace genref {

class EditList {
public:
  // Replace the characters of a file range (no other edit may fall inside).
  void replace(clang::CharSourceRange R, std::string Text);
  // Text before / after a file location, for wrapping an expression of the
  // given nesting depth (deeper = inner).
  void prefix(clang::SourceLocation L, std::string Text, unsigned Depth);
  void suffix(clang::SourceLocation L, std::string Text, unsigned Depth);
  bool empty() const { return Edits.empty(); }
  // Applies everything; returns false if the rewriter refused an edit.
  bool apply(clang::Rewriter &R) const;

private:
  enum Kind { Replace, Prefix, Suffix };
  struct Edit {
    Kind K;
    clang::SourceLocation Loc;
    unsigned Len; // Replace only
    std::string Text;
    unsigned Depth;
  };
  std::vector<Edit> Edits;
  // Macro arguments can be expanded twice: the same edit is made once.
  std::set<std::tuple<int, unsigned, unsigned, std::string>> Seen;
  bool firstTime(Kind K, clang::SourceLocation L, unsigned Len,
                 const std::string &Text);
};

} // namespace genref

#endif
