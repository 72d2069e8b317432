//===- Edits.cpp ----------------------------------------------------------===//
#include "engine/Edits.h"

#include <algorithm>
#include <set>
#include <tuple>

using namespace clang;

namespace genref {

void EditList::replace(CharSourceRange R, std::string Text, SourceLocation First,
                       SourceLocation Last) {
  SourceLocation B = R.isValid() ? R.getBegin() : SourceLocation();
  unsigned Len = R.isValid() ? R.getEnd().getRawEncoding() - B.getRawEncoding() : 0;
  Edits.push_back({Replace, B, Len, std::move(Text), 0, {First, false}, Last});
}

void EditList::prefix(SourceLocation L, std::string Text, unsigned Depth, TokenAt T) {
  Edits.push_back({Prefix, L, 0, std::move(Text), Depth, T, SourceLocation()});
}

void EditList::suffix(SourceLocation L, std::string Text, unsigned Depth, TokenAt T) {
  Edits.push_back({Suffix, L, 0, std::move(Text), Depth, T, SourceLocation()});
}

std::vector<const EditList::Edit *>
EditList::applyOrder(const std::vector<const Edit *> &Es) {
  std::vector<const Edit *> Out, Wraps;
  for (const Edit *E : Es)
    (E->K == Replace ? Out : Wraps).push_back(E);
  // Innermost first; for equal depth keep the order they were recorded
  // (every Edit lives in one vector: address order is recording order).
  std::sort(Wraps.begin(), Wraps.end(), [](const Edit *A, const Edit *B) {
    return A->Depth != B->Depth ? A->Depth > B->Depth : A < B;
  });
  Out.insert(Out.end(), Wraps.begin(), Wraps.end());
  return Out;
}

bool EditList::apply(Rewriter &R) const {
  // Macro arguments can be expanded twice: the same edit is made once.
  std::set<std::tuple<int, unsigned, unsigned, std::string>> Seen;
  std::vector<const Edit *> Es;
  for (const Edit &E : Edits) {
    if (E.Placed)
      continue;
    if (E.Loc.isInvalid())
      return false; // inside a macro body, and Macros.cpp did not place it
    unsigned Key = E.K == Replace ? E.Len : E.Depth;
    if (Seen.insert({int(E.K), E.Loc.getRawEncoding(), Key, E.Text}).second)
      Es.push_back(&E);
  }
  bool Ok = true;
  for (const Edit *E : applyOrder(Es)) {
    if (E->K == Replace)
      Ok &= !R.ReplaceText(E->Loc, E->Len, E->Text);
    else if (E->K == Prefix)
      Ok &= !R.InsertTextBefore(E->Loc, E->Text);
    else
      Ok &= !R.InsertTextAfter(E->Loc, E->Text);
  }
  return Ok;
}

} // namespace genref
