//===- Engine.h - the genref rewrite engine, shared by plugin and tool ----===//
//
// The engine reads a parsed translation unit (the user's annotated C) and
// records, in a clang::Rewriter, the text edits that turn it into C that
// calls the runtime (runtime/include/genref/rt.h). It never writes files and
// never talks to a DiagnosticsEngine: problems come back as Diag records so
// the plugin can replay them on the real compile's locations.
//
//===----------------------------------------------------------------------===//
#ifndef GENREF_ENGINE_H
#define GENREF_ENGINE_H

#include "clang/AST/ASTContext.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Rewrite/Core/Rewriter.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <string>
#include <vector>

namespace genref {

enum class Mode { Resilient, Normal, Fast };

const char *modeName(Mode M);
bool parseMode(llvm::StringRef S, Mode &Out);

// The reference representation (runtime/include/genref/ref.h). The
// rewrite is the same for both; only the preamble tells the header.
enum class Layout { Fat, Compact };
bool parseLayout(llvm::StringRef S, Layout &Out);

struct Options {
  Mode mode = Mode::Resilient;
  // Compact is the default: the measurements favour it on time and memory
  // together (docs/layouts.md, docs/performance.md).
  Layout layout = Layout::Compact;
  // halt_on_error=0 may resume after a stale dereference (GENREF_RECOVER).
  bool recover = false;
};

struct Diag {
  clang::SourceLocation loc;
  bool isError = true;
  std::string message; // what is wrong, naming the construct
  std::string hint;    // the way out
  // A warning's name: its group is -Wgenref-<name> (engine/Warnings.h).
  std::string name;
};

class ExpansionTokens; // Macros.h

// Rewrites every annotated construct of the translation unit into R.
// Code without annotations gets no edit at all. When the result holds an
// error, the edits must not be used. Expansions, recorded while the unit
// was parsed, let edits inside macro bodies be placed (else they are errors).
std::vector<Diag> transformTranslationUnit(clang::ASTContext &Ctx,
                                           clang::Rewriter &R,
                                           const Options &Opts,
                                           const ExpansionTokens *Expansions = nullptr);

// Reports the engine's diagnostics through DE (the real compile's, or the
// tool's), at LocOf(index); each genref warning follows -w, -Werror and
// its groups' options among DE's -W options, then WarningOptions (more -W
// options, without the -W). Returns whether any was an error.
bool replayDiagnostics(clang::DiagnosticsEngine &DE, const std::vector<Diag> &Diags,
                       llvm::function_ref<clang::SourceLocation(size_t)> LocOf,
                       llvm::ArrayRef<std::string> WarningOptions = {});

// Text the real compile needs before the user's first line. Predefines:
// the plugin's, added to clang's predefines (RuntimeHeader is a path).
// Source: the top of genref-rewrite's output, marked so that a second
// rewrite recognises it (RuntimeHeader is the include as written there).
enum class PreambleStyle { Predefines, Source };
std::string preambleFor(const Options &Opts, const std::string &RuntimeHeader,
                        PreambleStyle Style = PreambleStyle::Predefines);
// Does Text (the start of a main file) begin with a Source preamble?
bool hasSourcePreamble(llvm::StringRef Text);

} // namespace genref

#endif
