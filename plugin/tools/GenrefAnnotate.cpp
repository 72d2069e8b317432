//===- GenrefAnnotate.cpp - genref-annotate: annotate a project -----------===//
//
//   genref-annotate [-p BUILD] [--struct=NAME,...|--heap-structs] [--diff]
//                   [--apply-weak] [FILES...] [-- <clang args>]
//
// Reads every translation unit (compile_commands.json, or the files given
// with `-- flags`), marks the chosen structs GR_WEAKABLE and every pointer
// that can hold a reference to them GR_REF, and edits the files in place
// (or prints a unified diff). Pointers left raw and GR_WEAK suggestions are
// reported on stderr. A second run changes nothing.
//
//===----------------------------------------------------------------------===//
#include "annotate/Collect.h"
#include "annotate/Emit.h"
#include "annotate/Solve.h"
#include "annotate/Verify.h"

#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;
using namespace genref::annotate;
namespace cl = llvm::cl;

static cl::OptionCategory Cat("genref-annotate options");
static cl::list<std::string> StructOpt("struct", cl::CommaSeparated,
                                       cl::desc("protect these structs (tag or typedef names)"),
                                       cl::value_desc("name"), cl::cat(Cat));
static cl::opt<bool> HeapOpt("heap-structs",
                             cl::desc("protect every struct allocated on the heap "
                                      "(the default without --struct)"),
                             cl::cat(Cat));
static cl::opt<bool> DiffOpt("diff", cl::desc("print a unified diff instead of editing"),
                             cl::cat(Cat));
static cl::opt<bool> WeakOpt("apply-weak",
                             cl::desc("write the GR_WEAK suggestions instead of only "
                                      "reporting them"),
                             cl::cat(Cat));
static cl::opt<std::string> RootOpt("root",
                                    cl::desc("edit only files under this directory "
                                             "(default: the working directory)"),
                                    cl::value_desc("dir"), cl::init("."), cl::cat(Cat));
static cl::opt<bool> VerifyOpt("verify",
                               cl::desc("run the plugin's rules over the result and "
                                        "report any error (exit status 1)"),
                               cl::cat(Cat));
static cl::opt<bool> QuietOpt("quiet", cl::desc("no report, only errors"), cl::cat(Cat));

namespace {

class Consumer : public ASTConsumer {
public:
  Consumer(Model &M, bool &Failed) : M(M), Failed(Failed) {}
  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (Ctx.getDiagnostics().hasErrorOccurred()) {
      Failed = true;
      return;
    }
    collectUnit(Ctx, M);
  }

private:
  Model &M;
  bool &Failed;
};

class Action : public ASTFrontendAction {
public:
  Action(Model &M, bool &Failed) : M(M), Failed(Failed) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI, StringRef) override {
    attachIncludeRecorder(CI.getPreprocessor(), M);
    return std::make_unique<Consumer>(M, Failed);
  }

private:
  Model &M;
  bool &Failed;
};

class Factory : public tooling::FrontendActionFactory {
public:
  Factory(Model &M, bool &Failed) : M(M), Failed(Failed) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<Action>(M, Failed);
  }

private:
  Model &M;
  bool &Failed;
};

std::string shown(const std::string &Path) {
  // Paths under the working directory are shown relative to it.
  llvm::SmallString<256> Cwd;
  if (!llvm::sys::fs::current_path(Cwd)) {
    llvm::StringRef P(Path);
    if (P.consume_front(Cwd) && P.consume_front("/"))
      return P.str();
  }
  return Path;
}

// A reason names other places by absolute path: shown relative too.
std::string relative(std::string Why) {
  llvm::SmallString<256> Cwd;
  if (llvm::sys::fs::current_path(Cwd))
    return Why;
  std::string Dir = std::string(Cwd) + "/";
  for (size_t At; (At = Why.find(Dir)) != std::string::npos;)
    Why.erase(At, Dir.size());
  return Why;
}

std::string place(const Where &W) {
  return shown(W.file) + ":" + std::to_string(W.line) + ":" + std::to_string(W.col);
}

} // namespace

int main(int argc, const char **argv) {
  auto Parser = tooling::CommonOptionsParser::create(
      argc, argv, Cat, cl::ZeroOrMore,
      "genref-annotate: mark a C project's structs GR_WEAKABLE and its pointers "
      "GR_REF\n");
  if (!Parser) {
    llvm::errs() << Parser.takeError();
    return 2;
  }
  std::vector<std::string> Files = Parser->getSourcePathList();
  tooling::CompilationDatabase *DB = nullptr;
  std::unique_ptr<tooling::CompilationDatabase> Own;
  if (Files.empty()) {
    // No files: the whole database of -p. (CommonOptionsParser loads a
    // database only for the files it is given.)
    auto &Opts = cl::getRegisteredOptions();
    auto It = Opts.find("p");
    std::string Dir = It != Opts.end()
                          ? static_cast<cl::opt<std::string> *>(It->second)->getValue()
                          : std::string();
    std::string Err;
    Own = tooling::CompilationDatabase::autoDetectFromDirectory(Dir.empty() ? "." : Dir, Err);
    if (!Own) {
      llvm::errs() << "genref-annotate: " << Err << "\n";
      return 2;
    }
    DB = Own.get();
    Files = DB->getAllFiles();
  } else {
    DB = &Parser->getCompilations();
  }
  if (Files.empty()) {
    llvm::errs() << "genref-annotate: no files (give files, or -p BUILD_DIR with a "
                    "compile_commands.json)\n";
    return 2;
  }
  // Parsed as the plugin parses (__GENREF__), quietly (the tool reports
  // its own findings; the user's warnings are the compiler's business).
  const std::vector<std::string> Front = {"-D__GENREF__=1",
                                          "-resource-dir=" GENREF_CLANG_RESOURCE_DIR, "-w"};
  // genref.h is found even when the project does not name its directory
  // yet (a first run adds the #include): after the user's own -I. An
  // installed copy takes <prefix>/include next to its bin/ (as
  // genref-rewrite does), so it needs no build or source tree; the build
  // tree has no such directory and takes the source's annotations/.
  llvm::SmallString<256> Inc(llvm::sys::fs::getMainExecutable(
      argv[0], reinterpret_cast<void *>(&shown)));
  llvm::sys::path::remove_filename(Inc);
  llvm::sys::path::append(Inc, "..", "include");
  llvm::sys::path::remove_dots(Inc, true);
  const std::vector<std::string> Back = {
      "-I" + (llvm::sys::fs::exists(Inc + "/genref.h") ? Inc.str().str()
                                                       : std::string(GENREF_ANNOTATIONS_DIR))};
  Model M;
  llvm::SmallString<256> Root;
  if (llvm::sys::fs::real_path(RootOpt, Root)) {
    llvm::errs() << "genref-annotate: no directory " << RootOpt << "\n";
    return 2;
  }
  M.root = std::string(Root) + (Root.ends_with("/") ? "" : "/");
  bool Failed = false;
  int RC = 0;
  Factory F(M, Failed);
  for (const std::string &File : Files) {
    // One tool per unit: the same model, and no "[i/n] Processing" lines.
    tooling::ClangTool Tool(*DB, {File});
    Tool.appendArgumentsAdjuster(
        tooling::getInsertArgumentAdjuster(Front, tooling::ArgumentInsertPosition::BEGIN));
    Tool.appendArgumentsAdjuster(
        tooling::getInsertArgumentAdjuster(Back, tooling::ArgumentInsertPosition::END));
    RC |= Tool.run(&F);
  }
  if (RC != 0 || Failed) {
    llvm::errs() << "genref-annotate: the project does not compile; nothing changed\n";
    return 1;
  }

  SolveOptions O;
  O.structs.assign(StructOpt.begin(), StructOpt.end());
  O.heapStructs = HeapOpt || O.structs.empty();
  O.applyWeak = WeakOpt;
  Solution S = solve(M, O);
  for (const std::string &N : S.notes)
    llvm::errs() << "genref-annotate: " << relative(N) << "\n";
  if (S.failed)
    return 2;

  auto Plans = planEdits(M, S);
  std::map<std::string, std::pair<std::string, std::string>> Texts; // old, new
  std::map<std::string, std::string> NewTexts;
  for (auto &[Path, P] : Plans) {
    auto Buf = llvm::MemoryBuffer::getFile(Path);
    if (!Buf) {
      llvm::errs() << "genref-annotate: cannot read " << Path << "\n";
      return 1;
    }
    std::string Old = (*Buf)->getBuffer().str();
    std::string New = applyPlan(Old, P);
    if (New != Old) {
      NewTexts[Path] = New;
      Texts[Path] = {Old, New};
    }
  }
  // Checked before anything is written: a failed verification edits nothing.
  if (VerifyOpt) {
    std::vector<std::string> Errors = verifyEdits(*DB, Files, NewTexts, Front, Back);
    for (const std::string &E : Errors)
      llvm::errs() << "genref-annotate: verify: " << relative(E) << "\n";
    if (!Errors.empty()) {
      llvm::errs() << "genref-annotate: the result would not compile with the plugin; "
                      "nothing changed\n";
      return 1;
    }
  }
  unsigned Refs = 0, Weaks = 0, Weakables = 0, Changed = 0;
  for (auto &[Path, P] : Plans) {
    if (!Texts.count(Path))
      continue;
    const std::string &Old = Texts[Path].first, &New = Texts[Path].second;
    Changed++;
    Refs += P.refs;
    Weaks += P.weaks;
    Weakables += P.weakables;
    if (DiffOpt) {
      llvm::outs() << unifiedDiff(shown(Path), Old, New);
      continue;
    }
    std::error_code EC;
    llvm::raw_fd_ostream OS(Path, EC);
    if (EC) {
      llvm::errs() << "genref-annotate: cannot write " << Path << ": " << EC.message() << "\n";
      return 1;
    }
    OS << New;
  }

  llvm::outs().flush(); // the diff before the report
  if (!QuietOpt) {
    for (const Finding &L : S.leftRaw) {
      const Slot &Sl = M.slots[L.slot];
      llvm::errs() << place(Sl.at) << ": left raw: " << roleName(Sl.role) << " '" << Sl.name
                   << "': " << relative(L.why) << "\n";
    }
    for (const Finding &W : S.weak) {
      const Slot &Sl = M.slots[W.slot];
      llvm::errs() << place(Sl.at) << ": " << (WeakOpt ? "GR_WEAK" : "suggest GR_WEAK")
                   << ": " << roleName(Sl.role) << " '" << Sl.name << "': " << relative(W.why) << "\n";
    }
    llvm::errs() << "genref-annotate: " << Files.size() << " unit(s), " << Changed
                 << " file(s) " << (DiffOpt ? "to change" : "changed") << ": " << Weakables
                 << " GR_WEAKABLE, " << Refs << " GR_REF, " << Weaks << " GR_WEAK; "
                 << S.leftRaw.size() << " left raw, "
                 << (WeakOpt ? 0 : S.weak.size()) << " GR_WEAK suggested\n";
  }
  return 0;
}
