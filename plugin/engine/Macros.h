//===- Macros.h - edits inside macro bodies, placed per expansion ---------===//
//
// A reference spelled in a macro's body (`#define ROOT (g_tree->root)`), or
// a call the rewrite retargets there (`#define DELETE(p) free(p)`), has no
// text of its own in the file: the macro's definition serves every use. Such
// an edit is placed in the expansion instead: the whole outermost invocation
// (`ROOT`, `Mass(Next(b))`) is replaced by the tokens the preprocessor
// produced for it, with every edit that falls in it applied at token level,
// once per expanded occurrence. The text keeps the invocation's newlines, so
// later lines keep their numbers, and sits inside GR_EXPANDED(...) (rt.h),
// so clang still sees macro text and keeps its macro-aware warnings quiet.
//
// The tokens come from the preprocessor itself (ExpansionTokens, attached
// before parsing by the plugin and by genref-rewrite).
//
//===----------------------------------------------------------------------===//
#ifndef GENREF_MACROS_H
#define GENREF_MACROS_H

#include "engine/Edits.h"

#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/TokenKinds.h"

#include <set>
#include <vector>

namespace clang {
class Preprocessor;
}

namespace genref {

struct Unit;

// Every token the parser received from a macro expansion, in order.
class ExpansionTokens {
public:
  // Call before the preprocessor enters the main file.
  void attach(clang::Preprocessor &PP);

  struct Tok {
    clang::SourceLocation Loc;
    clang::tok::TokenKind Kind;
    // A macro's name the expansion left unexpanded (it names a macro being
    // expanded) that would expand if the text were read again.
    bool Reexpands;
    // ... and that macro is function-like: written `(name)`, a call after
    // it stays a call of the function (glibc's toupper(c) calls toupper).
    bool FunctionLike;
  };
  const std::vector<Tok> &tokens() const { return Toks; }
  // Did the invocation starting at this file location run a _Pragma?
  bool ranPragma(clang::SourceLocation InvocationStart) const {
    return Pragmas.count(InvocationStart.getRawEncoding());
  }

private:
  friend class PragmaWatch;
  std::vector<Tok> Toks;
  std::set<unsigned> Pragmas;
};

// Places the edits that lie inside macro bodies (and with them every edit
// of the same invocations); errors, naming the user's macro and why, where
// no correct text exists. Returns false on error.
bool placeMacroEdits(Unit &U, EditList &Edits);

} // namespace genref

#endif
