//===- Engine.cpp - the stages in order, and what plugin and tool share ---===//
//
// classify (Classify.h) -> lower (Lower.h) -> emit (Emit.h). Sites stream
// from the walks through the lowering into the edit list, so diagnostics
// come out in source-walk order; the edits are applied once at the end.
//
//===----------------------------------------------------------------------===//
#include "engine/Classify.h"
#include "engine/Emit.h"
#include "engine/Engine.h"
#include "engine/Lower.h"
#include "engine/Unit.h"

using namespace clang;

namespace genref {

bool parseLayout(llvm::StringRef S, Layout &Out) {
  if (S == "fat") Out = Layout::Fat;
  else if (S == "compact") Out = Layout::Compact;
  else return false;
  return true;
}

std::vector<Diag> transformTranslationUnit(ASTContext &Ctx, Rewriter &R,
                                           const Options &Opts) {
  Unit U(Ctx, Opts);
  Emitter E(U);
  Lowerer L(U, E);
  classifyDeclarations(U, E);
  classifyExpressions(U, L);
  bool HasError = U.hasError();
  if (!HasError && !E.empty())
    E.unitRecord(L.uncheckedUsed(), L.modeName());
  if (!HasError && !E.apply(R))
    U.Diags.push_back({SourceLocation(), true,
                       "genref: internal error: an edit could not be applied",
                       "please report this translation unit to the genref developers"});
  return std::move(U.Diags);
}

bool replayDiagnostics(DiagnosticsEngine &DE, const std::vector<Diag> &Diags,
                       llvm::function_ref<SourceLocation(size_t)> LocOf) {
  unsigned ErrID = DE.getCustomDiagID(DiagnosticsEngine::Error, "genref: %0");
  unsigned WarnID = DE.getCustomDiagID(DiagnosticsEngine::Warning, "genref: %0");
  unsigned NoteID = DE.getCustomDiagID(DiagnosticsEngine::Note, "%0");
  bool Errors = false;
  for (size_t I = 0; I < Diags.size(); I++) {
    const Diag &D = Diags[I];
    // Custom IDs bypass clang's warning options: apply -w and -Werror.
    if (!D.isError && DE.getIgnoreAllWarnings())
      continue;
    bool AsError = D.isError || DE.getWarningsAsErrors();
    SourceLocation L = LocOf(I);
    DE.Report(L, AsError ? ErrID : WarnID) << D.message;
    if (!D.hint.empty())
      DE.Report(L, NoteID) << D.hint;
    Errors |= AsError;
  }
  return Errors;
}

} // namespace genref
