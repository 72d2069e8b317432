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
#include "engine/Warnings.h"
#include "clang/Basic/DiagnosticOptions.h"

#include "llvm/Support/raw_ostream.h"

#include <map>

using namespace clang;

namespace genref {

bool parseLayout(llvm::StringRef S, Layout &Out) {
  if (S == "fat") Out = Layout::Fat;
  else if (S == "compact") Out = Layout::Compact;
  else return false;
  return true;
}

// A header whose inclusions are rewritten differently (a "template" header
// included again under other macro values) cannot be compiled from one
// rewritten text: the real compile reads one text per file. Reject it
// rather than compile every inclusion with the last one's rewrite.
static void checkInclusions(Unit &U, Rewriter &R) {
  SourceManager &SM = U.SM;
  // Per file: the first edited inclusion and its rewritten text.
  std::map<llvm::sys::fs::UniqueID, std::pair<FileID, std::string>> First;
  for (unsigned I = 0, N = SM.local_sloc_entry_size(); I < N; ++I) {
    const SrcMgr::SLocEntry &E = SM.getLocalSLocEntry(I);
    if (!E.isFile())
      continue;
    FileID FID = SM.getFileID(SourceLocation::getFromRawEncoding(E.getOffset()));
    OptionalFileEntryRef FE = E.getFile().getContentCache().OrigEntry;
    const RewriteBuffer *B = FID.isValid() ? R.getRewriteBufferFor(FID) : nullptr;
    if (!FE || !B)
      continue; // unedited inclusions (include guards) read the same text
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    B->write(OS);
    OS.flush();
    auto [It, New] = First.try_emplace(FE->getUniqueID(), FID, Text);
    if (New || It->second.second == Text)
      continue;
    PresumedLoc P = SM.getPresumedLoc(SM.getIncludeLoc(It->second.first));
    U.error(SM.getIncludeLoc(FID),
            "header '" + FE->getName().str() +
                "' means something different to genref here than where it was "
                "included before" +
                (P.isValid() ? " (" + std::string(P.getFilename()) + ":" +
                                   std::to_string(P.getLine()) + ")"
                             : std::string()),
            "genref rewrites a file once per unit: give each instance its own "
            "header, or keep the annotated code independent of the macros that "
            "change between the inclusions");
  }
}

std::vector<Diag> transformTranslationUnit(ASTContext &Ctx, Rewriter &R,
                                           const Options &Opts,
                                           const ExpansionTokens *Expansions) {
  Unit U(Ctx, Opts);
  U.Expansions = Expansions;
  Emitter E(U);
  Lowerer L(U, E);
  classifyDeclarations(U, E);
  classifyExpressions(U, L);
  bool HasError = U.hasError();
  if (!HasError)
    E.placeCascadeGuards();
  // Edits inside macro bodies: each invocation becomes its expanded text.
  if (!HasError)
    HasError = !E.placeMacroEdits();
  if (!HasError && !E.empty())
    E.unitRecord(L.uncheckedUsed(), L.modeName());
  if (!HasError && !E.apply(R))
    U.Diags.push_back({SourceLocation(), true,
                       "genref: internal error: an edit could not be applied",
                       "please report this translation unit to the genref developers", ""});
  else if (!HasError)
    checkInclusions(U, R);
  return std::move(U.Diags);
}

bool replayDiagnostics(DiagnosticsEngine &DE, const std::vector<Diag> &Diags,
                       llvm::function_ref<SourceLocation(size_t)> LocOf,
                       llvm::ArrayRef<std::string> WarningOptions) {
  unsigned ErrID = DE.getCustomDiagID(DiagnosticsEngine::Error, "genref: %0");
  unsigned WarnID = DE.getCustomDiagID(DiagnosticsEngine::Warning, "genref: %0");
  unsigned NoteID = DE.getCustomDiagID(DiagnosticsEngine::Note, "%0");
  bool Errors = false;
  for (size_t I = 0; I < Diags.size(); I++) {
    const Diag &D = Diags[I];
    bool AsError = D.isError;
    std::string Text = D.message;
    if (!D.isError) {
      // Custom IDs bypass clang's warning options: genref applies them.
      WarningLevel Level = warningLevel(D.name, DE, WarningOptions);
      if (Level == WarningLevel::Ignored)
        continue;
      AsError = Level == WarningLevel::Error;
      if (DE.getDiagnosticOptions().ShowOptionNames) // as clang shows its own
        Text += std::string(AsError ? " [-Werror,-Wgenref-" : " [-Wgenref-") + D.name + "]";
    }
    SourceLocation L = LocOf(I);
    DE.Report(L, AsError ? ErrID : WarnID) << Text;
    if (!D.hint.empty())
      DE.Report(L, NoteID) << D.hint;
    Errors |= AsError;
  }
  return Errors;
}

} // namespace genref
