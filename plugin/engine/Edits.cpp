//===- Edits.cpp ----------------------------------------------------------===//
#include "engine/Edits.h"

#include <algorithm>

using namespace clang;

namespace genref {

bool EditList::firstTime(Kind K, SourceLocation L, unsigned Len,
                         const std::string &Text) {
  return Seen.insert({int(K), L.getRawEncoding(), Len, Text}).second;
}

void EditList::replace(CharSourceRange R, std::string Text) {
  SourceLocation B = R.getBegin();
  unsigned Len = R.getEnd().getRawEncoding() - B.getRawEncoding();
  if (firstTime(Replace, B, Len, Text))
    Edits.push_back({Replace, B, Len, std::move(Text), 0});
}

void EditList::prefix(SourceLocation L, std::string Text, unsigned Depth) {
  if (firstTime(Prefix, L, Depth, Text))
    Edits.push_back({Prefix, L, 0, std::move(Text), Depth});
}

void EditList::suffix(SourceLocation L, std::string Text, unsigned Depth) {
  if (firstTime(Suffix, L, Depth, Text))
    Edits.push_back({Suffix, L, 0, std::move(Text), Depth});
}

bool EditList::apply(Rewriter &R) const {
  bool Ok = true;
  for (const Edit &E : Edits)
    if (E.K == Replace)
      Ok &= !R.ReplaceText(E.Loc, E.Len, E.Text);
  std::vector<const Edit *> Wraps;
  for (const Edit &E : Edits)
    if (E.K != Replace)
      Wraps.push_back(&E);
  // Innermost first; for equal depth keep the order they were recorded.
  std::sort(Wraps.begin(), Wraps.end(), [](const Edit *A, const Edit *B) {
    return A->Depth != B->Depth ? A->Depth > B->Depth : A < B; // A < B: recording order
  });
  for (const Edit *E : Wraps) {
    if (E->K == Prefix)
      Ok &= !R.InsertTextBefore(E->Loc, E->Text);
    else
      Ok &= !R.InsertTextAfter(E->Loc, E->Text);
  }
  return Ok;
}

} // namespace genref
