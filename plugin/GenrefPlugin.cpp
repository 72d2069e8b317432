//===- GenrefPlugin.cpp - registration: clang-19 -fplugin=genref.so --------===//
//
// A plain -fplugin keeps clang's own code generation: this action runs
// before it, inside CreateASTConsumer, while the preprocessor has not yet
// entered the main file. It pre-parses the same input in a nested
// CompilerInstance, lets the engine (engine/) rewrite it, and hands the
// rewritten buffers to the real compile: file overrides, a fresh FileID for
// the main file, and the runtime header in the predefines. Diagnostics of
// the engine are replayed on the real compile's locations, once.
// docs/rewrite.md (Mechanics) describes each step.
//
//===----------------------------------------------------------------------===//
#include "OriginalDiags.h"
#include "engine/Engine.h"
#include "engine/Macros.h"
#include "engine/Warnings.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/CodeGenOptions.h"
#include "clang/Basic/DiagnosticFrontend.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Lex/HeaderSearch.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <dlfcn.h>
#include <map>

using namespace clang;

namespace {

// The nested parse instantiates every registered plugin again.
bool InNestedParse = false;

std::string runtimeHeader(const std::string &Override) {
  std::vector<std::string> Candidates;
  if (!Override.empty())
    Candidates.push_back(Override + "/genref/rt.h");
  // Next to the plugin: <prefix>/lib/genref.so -> <prefix>/include, or
  // installed, <prefix>/lib/genref/genref.so -> <prefix>/include.
  Dl_info Info;
  if (dladdr(reinterpret_cast<void *>(&runtimeHeader), &Info) && Info.dli_fname) {
    for (const char *Up : {"..", "../.."}) {
      llvm::SmallString<256> P(Info.dli_fname);
      llvm::sys::path::remove_filename(P);
      llvm::sys::path::append(P, Up, "include", "genref", "rt.h");
      Candidates.push_back(std::string(P));
    }
  }
  Candidates.push_back(std::string(GENREF_RUNTIME_INCLUDE_DIR) + "/genref/rt.h");
  for (const std::string &C : Candidates)
    if (llvm::sys::fs::exists(C)) {
      llvm::SmallString<256> Abs(C);
      llvm::sys::fs::make_absolute(Abs);
      llvm::sys::path::remove_dots(Abs, true);
      return std::string(Abs);
    }
  return "";
}

// The predefines with Preamble placed before the first file forced in by
// -include / -imacros (clang lists them at the end): an annotated header
// given with -include is rewritten and needs the runtime's types.
std::string withPreamble(const std::string &Predefines, const std::string &Preamble) {
  size_t At = Predefines.size();
  for (const char *Forced : {"#include \"", "#__include_macros \""}) {
    size_t P = Predefines.find(std::string("\n") + Forced);
    if (P != std::string::npos && P + 1 < At)
      At = P + 1;
  }
  return Predefines.substr(0, At) + Preamble + Predefines.substr(At);
}

// Preprocessed input (a .i from -E or -save-temps) is compiled without
// include paths, but the runtime header includes <stddef.h> and <stdint.h>:
// give the compile clang's own headers, which need no others. The unit's
// copies of the same typedefs are in system-header regions, where a
// repeated typedef is not diagnosed.
void addResourceHeaders(CompilerInstance &CI) {
  std::string Dir = CI.getHeaderSearchOpts().ResourceDir + "/include";
  if (auto D = CI.getFileManager().getOptionalDirectoryRef(Dir))
    CI.getPreprocessor().getHeaderSearchInfo().AddSystemSearchPath(
        DirectoryLookup(*D, SrcMgr::C_System, /*isFramework=*/false));
}

// The check-elision pass (elide/CheckElision.cpp) lives in this same
// library: clang loads it as a pass plugin when code generation starts.
// Only where the pass runs on the final module: optimizing, and not an LTO
// pre-link compile (the pass would not run at link time) or a step whose
// optimizer runs later. Elsewhere the checks stay inline code.
bool loadCheckElision(CodeGenOptions &CG) {
  // -disable-llvm-passes: -save-temps's bitcode step (the optimizer runs
  // in the next step, on IR, with no plugin to load the pass).
  if (CG.OptimizationLevel == 0 || CG.PrepareForLTO || CG.PrepareForThinLTO ||
      CG.DisableLLVMPasses)
    return false;
  Dl_info Info;
  if (!dladdr(reinterpret_cast<void *>(&loadCheckElision), &Info) || !Info.dli_fname)
    return false;
  std::string Self = Info.dli_fname;
  if (std::find(CG.PassPlugins.begin(), CG.PassPlugins.end(), Self) == CG.PassPlugins.end())
    CG.PassPlugins.push_back(Self);
  return true;
}

struct Result {
  std::vector<genref::Diag> Diags;
  // Where each diagnostic is: (file, offset) outlives the nested parse.
  std::vector<std::pair<std::optional<FileEntryRef>, unsigned>> Locs;
  // Rewritten text per file, keyed by the (shared) FileEntry.
  std::vector<std::pair<FileEntryRef, std::string>> Files;
  // Where each nested-parse FileID's diagnostics land: file + offset.
  bool ParseFailed = false;
  std::string StdinText; // the main file when it has no FileEntry
  bool StdinRewritten = false;
  // What macro expansions produced, for edits inside macro bodies.
  genref::ExpansionTokens Expansions;
  // For each rewritten file, where its original text went (diagnostics of
  // the real compile are shown at the user's text).
  std::vector<genref::OffsetMap> Maps;
};

class EngineConsumer : public ASTConsumer {
public:
  EngineConsumer(const genref::Options &O, Result &R) : Opts(O), Res(R) {}
  void HandleTranslationUnit(ASTContext &Ctx) override {
    SourceManager &SM = Ctx.getSourceManager();
    if (Ctx.getDiagnostics().hasErrorOccurred()) {
      Res.ParseFailed = true;
      return;
    }
    Rewriter RW(SM, Ctx.getLangOpts());
    Res.Diags = genref::transformTranslationUnit(Ctx, RW, Opts, &Res.Expansions);
    // Diagnostics leave the nested SourceManager as (file, offset).
    for (genref::Diag &D : Res.Diags)
      if (D.loc.isValid()) {
        auto [FID, Off] = SM.getDecomposedLoc(SM.getFileLoc(D.loc));
        if (auto FE = SM.getFileEntryRefForID(FID))
          Res.Locs.push_back({*FE, Off});
        else
          Res.Locs.push_back({std::nullopt, 0});
      } else {
        Res.Locs.push_back({std::nullopt, 0});
      }
    for (auto It = RW.buffer_begin(); It != RW.buffer_end(); ++It) {
      auto FE = SM.getFileEntryRefForID(It->first);
      std::string Text;
      llvm::raw_string_ostream OS(Text);
      It->second.write(OS);
      OS.flush();
      if (!FE) {
        if (It->first == SM.getMainFileID()) // stdin
          Res.StdinText = std::move(Text), Res.StdinRewritten = true;
        continue;
      }
      Res.Files.push_back({*FE, std::move(Text)});
      Res.Maps.push_back(genref::mapRewrittenBuffer(RW, It->first, *FE));
    }
  }
private:
  const genref::Options &Opts;
  Result &Res;
};

class EngineAction : public ASTFrontendAction {
public:
  EngineAction(const genref::Options &O, Result &R) : Opts(O), Res(R) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef) override {
    Created = true;
    Res.Expansions.attach(CI.getPreprocessor()); // the main file is not entered yet
    return std::make_unique<EngineConsumer>(Opts, Res);
  }
  bool Created = false; // the consumer itself dies with the nested parse

private:
  const genref::Options &Opts;
  Result &Res;
};

class GenrefPluginAction : public PluginASTAction {
  genref::Options Opts;
  std::string IncludeOverride;
  // -fplugin-arg-genref-no-elide: keep every check (docs/design.md, "Check
  // elision"); for measuring what elision buys, and a way out.
  bool Elide = true;
  // -fplugin-arg-genref-W<option>: genref's warning options (genref-cc
  // passes -Wno-genref-... this way, so clang never sees a -W it does not know).
  std::vector<std::string> WarningOpts;

protected:
  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    DiagnosticsEngine &D = CI.getDiagnostics();
    for (const std::string &A : Args) {
      llvm::StringRef S(A);
      if (S.consume_front("mode=")) {
        if (!genref::parseMode(S, Opts.mode)) {
          D.Report(D.getCustomDiagID(DiagnosticsEngine::Error,
                                     "genref: unknown mode '%0' (expected "
                                     "resilient, normal or fast)"))
              << S;
          return false;
        }
      } else if (S.consume_front("layout=")) {
        if (!genref::parseLayout(S, Opts.layout)) {
          D.Report(D.getCustomDiagID(DiagnosticsEngine::Error,
                                     "genref: unknown layout '%0' (expected fat "
                                     "or compact)"))
              << S;
          return false;
        }
      } else if (S == "recover") {
        Opts.recover = true;
      } else if (S == "no-elide") {
        Elide = false;
      } else if (S.consume_front("runtime-include=")) {
        IncludeOverride = S.str();
      } else if (S.consume_front("W")) {
        if (genref::isKnownGenrefWarningOption(S))
          WarningOpts.push_back(S.str());
        else // as clang says of a -W it does not know
          D.Report(diag::warn_unknown_diag_option) << 0 << ("-W" + S).str() << 0 << "";
      } else {
        D.Report(D.getCustomDiagID(DiagnosticsEngine::Error,
                                   "genref: unknown plugin argument '%0' "
                                   "(known: mode=, layout=, recover, no-elide, runtime-include=)"))
            << A;
        return false;
      }
    }
    return true;
  }

  ActionType getActionType() override { return AddBeforeMainAction; }

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef InFile) override {
    if (InNestedParse || CI.getLangOpts().CPlusPlus || CI.getLangOpts().ObjC)
      return std::make_unique<ASTConsumer>();
    SourceManager &SM = CI.getSourceManager();
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    // Loaded whether or not this unit needs a rewrite: a .i made by -E
    // (two-stage builds, ccache, distcc) may hold checks already.
    bool Elision = Elide && loadCheckElision(CI.getCodeGenOpts());

    // 1. Pre-parse the same input, quietly: the real compile reports the
    //    user's own diagnostics once.
    auto Inv = std::make_shared<CompilerInvocation>(CI.getInvocation());
    FrontendOptions &FO = Inv->getFrontendOpts();
    FO.ProgramAction = frontend::ParseSyntaxOnly;
    FO.Plugins.clear();
    FO.PluginArgs.clear();
    FO.AddPluginActions.clear();
    FO.ActionName.clear();
    FO.OutputFile.clear();
    Inv->getDependencyOutputOpts() = DependencyOutputOptions();
    Inv->getDiagnosticOpts().DiagnosticSerializationFile.clear();
    Inv->getDiagnosticOpts().DiagnosticLogFile.clear();
    Inv->getPreprocessorOpts().addMacroDef("__GENREF__=1");
    Inv->getCodeGenOpts().MainFileName.clear();
    // stdin: hand the nested parse the bytes the real compile already read.
    FileID MainFID = SM.getMainFileID();
    if (!SM.getFileEntryRefForID(MainFID)) {
      FO.Inputs.clear();
      FO.Inputs.emplace_back(SM.getBufferOrFake(MainFID),
                             InputKind(Language::C), false);
    }

    CompilerInstance Nested;
    Nested.setInvocation(Inv);
    Nested.setFileManager(&CI.getFileManager());
    Nested.createDiagnostics(new IgnoringDiagConsumer(), true);
    Result Res;
    EngineAction Action(Opts, Res);
    InNestedParse = true;
    bool Ok = Nested.ExecuteAction(Action);
    InNestedParse = false;
    if (!Ok || Res.ParseFailed || !Action.Created)
      return std::make_unique<ASTConsumer>(); // the real compile says why

    // 2. The engine's diagnostics, at the real compile's locations.
    bool Errors = genref::replayDiagnostics(Diags, Res.Diags, [&](size_t I) {
      auto [FE, Off] = Res.Locs[I];
      if (!FE)
        return SourceLocation();
      FileID FID = (SM.getFileEntryRefForID(MainFID) == *FE)
                       ? MainFID
                       : SM.getOrCreateFileID(*FE, SrcMgr::C_User);
      return SM.getComposedLoc(FID, Off);
    }, WarningOpts);
    if (Errors)
      return std::make_unique<ASTConsumer>();
    if (Res.Files.empty() && !Res.StdinRewritten) {
      // Nothing to rewrite, but still a plugged unit: the real compile
      // reads genref.h as the pre-parse did (__GENREF__), so the header
      // neither records the unit as unplugged (the runtime would stop the
      // program before main) nor drops GR_MALLOCLIKE_BLOCK's calls.
      if (CI.hasPreprocessor()) {
        Preprocessor &PP = CI.getPreprocessor();
        PP.setPredefines(PP.getPredefines() + "#define __GENREF__ 1\n");
      }
      return std::make_unique<ASTConsumer>();
    }

    // 3. The real compile reads the rewritten text.
    std::string Header = runtimeHeader(IncludeOverride);
    if (Header.empty()) {
      Diags.Report(Diags.getCustomDiagID(
          DiagnosticsEngine::Error,
          "genref: cannot find the runtime header genref/rt.h (pass "
          "-fplugin-arg-genref-runtime-include=DIR)"));
      return std::make_unique<ASTConsumer>();
    }
    for (auto &[FE, Text] : Res.Files) {
      bool IsMain = SM.getFileEntryRefForID(MainFID) == FE;
      SM.overrideFileContents(FE, llvm::MemoryBuffer::getMemBufferCopy(Text, FE.getName()));
      if (IsMain) // the old FileID's range was sized for the original
        SM.setMainFileID(SM.createFileID(FE, SourceLocation(), SrcMgr::C_User));
    }
    if (Res.StdinRewritten)
      SM.setMainFileID(SM.createFileID(
          llvm::MemoryBuffer::getMemBufferCopy(Res.StdinText, "<stdin>")));
    // What clang says of the rewritten text, at the user's text.
    genref::installOriginalDiags(Diags, SM, std::move(Res.Maps));
    Preprocessor &PP = CI.getPreprocessor();
    std::string Preamble = genref::preambleFor(Opts, Header);
    if (Elision)
      Preamble = "#define GENREF_ELIDE 1\n" + Preamble;
    PP.setPredefines(withPreamble(PP.getPredefines(), Preamble));
    if (!CI.getFrontendOpts().Inputs.empty() && CI.getFrontendOpts().Inputs[0].isPreprocessed())
      addResourceHeaders(CI);
    // DWARF 5 records an MD5 of each source: clang would hash the rewritten
    // buffer, which no debugger finds on disk. DWARF 4 has no checksums.
    // (Code generation reads these options later, when it starts.)
    if (CI.getCodeGenOpts().DwarfVersion >= 5)
      CI.getCodeGenOpts().DwarfVersion = 4;
    return std::make_unique<ASTConsumer>();
  }
};

} // namespace

static FrontendPluginRegistry::Add<GenrefPluginAction>
    X("genref", "generational references for C (rewrites GR_REF/GR_WEAK)");
