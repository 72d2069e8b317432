//===- OriginalDiags.h - the real compile's diagnostics at the user's text -===//
//
// The plugin hands clang rewritten buffers; a warning or error clang finds
// in one (an unused variable on a line with a checked dereference, a
// -Wparentheses in an `if` around one) would name a column of the
// rewritten line and quote genref's generated text. OriginalDiags sits
// between the DiagnosticsEngine and its consumer: a diagnostic located in a
// rewritten file is re-issued at the same place in the file as the user
// wrote it (an original copy of the buffer, added to the SourceManager, so
// the line, the column and the quoted source line are the user's), with
// its message, its ranges and its [-W...] flag; every other diagnostic
// passes through untouched.
//
//===----------------------------------------------------------------------===//
#ifndef GENREF_ORIGINAL_DIAGS_H
#define GENREF_ORIGINAL_DIAGS_H

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/FileEntry.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Rewrite/Core/Rewriter.h"

#include <memory>
#include <string>
#include <vector>

namespace genref {

// One rewritten file: its original text, and for every original offset o
// (0..size) where that character landed in the rewritten text.
struct OffsetMap {
  clang::FileEntryRef File;
  std::string Original;
  std::vector<unsigned> Forward;
  // The original offset a rewritten offset stands for: the character it
  // came from, or for generated text the original character right after it
  // (the expression it wraps).
  unsigned toOriginal(unsigned Rewritten) const;
};

// The map of the buffer of FID in R (which must have one).
OffsetMap mapRewrittenBuffer(const clang::Rewriter &R, clang::FileID FID,
                             clang::FileEntryRef File);

// Puts the mapper in front of DE's consumer (which it keeps, owned or not).
void installOriginalDiags(clang::DiagnosticsEngine &DE, clang::SourceManager &SM,
                          std::vector<OffsetMap> Maps);

} // namespace genref

#endif
