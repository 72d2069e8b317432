//===- GenrefRewrite.cpp - genref-rewrite: the engine as a source tool -----===//
//
//   genref-rewrite [--mode=M] [-o FILE | --out-dir=DIR] x.c -- <clang args>
//
// Prints the rewritten translation unit (or writes it). The output starts
// with the runtime include and a #line directive, so it compiles with any C
// compiler given -I runtime/include, and diagnostics keep the original
// file's line numbers. Rewriting the output again changes nothing.
//
//===----------------------------------------------------------------------===//
#include "engine/Engine.h"
#include "engine/Macros.h"
#include "engine/Warnings.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;
namespace cl = llvm::cl;

static cl::OptionCategory Cat("genref-rewrite options");
static cl::opt<std::string> ModeOpt("mode", cl::desc("resilient (default), normal or fast"),
                                    cl::init("resilient"), cl::cat(Cat));
static cl::opt<std::string> LayoutOpt("layout", cl::desc("compact (default) or fat"),
                                      cl::init("compact"), cl::cat(Cat));
static cl::opt<bool> RecoverOpt("recover",
                                cl::desc("let halt_on_error=0 resume after a stale "
                                         "dereference (defines GENREF_RECOVER)"),
                                cl::cat(Cat));
static cl::opt<std::string> OutFile("o", cl::desc("write the rewritten main file here"),
                                    cl::value_desc("file"), cl::cat(Cat));
static cl::opt<std::string> OutDir("out-dir",
                                   cl::desc("write every rewritten file (main file and "
                                            "headers) under DIR, mirroring paths "
                                            "relative to the main file"),
                                   cl::value_desc("dir"), cl::cat(Cat));

namespace {
// -Wno-genref-... and the like among the compile arguments: taken out (the
// tool's clang does not know them) and applied to genref's warnings.
std::vector<std::string> WarningOpts;

struct Output {
  std::string Path; // original path
  std::string Text;
  bool IsMain;
};

class Consumer : public ASTConsumer {
public:
  Consumer(genref::Options O, std::vector<Output> &Out, bool &Failed,
           const genref::ExpansionTokens &X)
      : Opts(O), Out(Out), Failed(Failed), Expansions(X) {}
  void HandleTranslationUnit(ASTContext &Ctx) override {
    SourceManager &SM = Ctx.getSourceManager();
    if (Ctx.getDiagnostics().hasErrorOccurred()) {
      Failed = true;
      return;
    }
    Rewriter RW(SM, Ctx.getLangOpts());
    auto Diags = genref::transformTranslationUnit(Ctx, RW, Opts, &Expansions);
    Failed |= genref::replayDiagnostics(Ctx.getDiagnostics(), Diags,
                                        [&](size_t I) { return Diags[I].loc; },
                                        WarningOpts);
    if (Failed)
      return;
    FileID Main = SM.getMainFileID();
    std::string MainText(SM.getBufferData(Main));
    bool MainChanged = RW.getRewriteBufferFor(Main) != nullptr;
    for (auto It = RW.buffer_begin(); It != RW.buffer_end(); ++It) {
      auto FE = SM.getFileEntryRefForID(It->first);
      if (!FE || It->first == Main)
        continue;
      std::string T;
      llvm::raw_string_ostream OS(T);
      It->second.write(OS);
      Out.push_back({std::string(FE->getName()), OS.str(), false});
    }
    std::string T;
    if (MainChanged) {
      llvm::raw_string_ostream OS(T);
      RW.getRewriteBufferFor(Main)->write(OS);
      OS.flush();
    } else {
      T = MainText;
    }
    // The runtime comes first, unless this is already our output.
    bool Changed = MainChanged || !Out.empty();
    if (Changed && !genref::hasSourcePreamble(T)) {
      auto FE = SM.getFileEntryRefForID(Main);
      std::string Name = FE ? std::string(FE->getName()) : "<stdin>";
      T = genref::preambleFor(Opts, "genref/rt.h", genref::PreambleStyle::Source) +
          "#line 1 \"" + Name + "\"\n" + T;
    }
    auto FE = SM.getFileEntryRefForID(Main);
    Out.push_back({FE ? std::string(FE->getName()) : "<stdin>", T, true});
  }

private:
  genref::Options Opts;
  std::vector<Output> &Out;
  bool &Failed;
  const genref::ExpansionTokens &Expansions;
};

class Action : public ASTFrontendAction {
public:
  Action(genref::Options O, std::vector<Output> &Out, bool &Failed)
      : Opts(O), Out(Out), Failed(Failed) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI, StringRef) override {
    Expansions.attach(CI.getPreprocessor()); // before the main file is entered
    return std::make_unique<Consumer>(Opts, Out, Failed, Expansions);
  }

private:
  genref::Options Opts;
  std::vector<Output> &Out;
  bool &Failed;
  genref::ExpansionTokens Expansions; // outlives the parse
};

class Factory : public tooling::FrontendActionFactory {
public:
  Factory(genref::Options O, std::vector<Output> &Out, bool &Failed)
      : Opts(O), Out(Out), Failed(Failed) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<Action>(Opts, Out, Failed);
  }

private:
  genref::Options Opts;
  std::vector<Output> &Out;
  bool &Failed;
};
} // namespace

static bool writeFile(const std::string &Path, const std::string &Text) {
  llvm::SmallString<256> Dir(Path);
  llvm::sys::path::remove_filename(Dir);
  if (!Dir.empty())
    llvm::sys::fs::create_directories(Dir);
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC);
  if (EC) {
    llvm::errs() << "genref-rewrite: cannot write " << Path << ": " << EC.message() << "\n";
    return false;
  }
  OS << Text;
  return true;
}

int main(int argc, const char **argv) {
  auto Parser = tooling::CommonOptionsParser::create(argc, argv, Cat, cl::OneOrMore,
                                                     "genref-rewrite: annotated C -> C "
                                                     "calling the genref runtime\n");
  if (!Parser) {
    llvm::errs() << Parser.takeError();
    return 2;
  }
  genref::Options Opts;
  if (!genref::parseMode(ModeOpt, Opts.mode)) {
    llvm::errs() << "genref-rewrite: unknown mode '" << ModeOpt
                 << "' (expected resilient, normal or fast)\n";
    return 2;
  }
  Opts.recover = RecoverOpt;
  if (!genref::parseLayout(LayoutOpt, Opts.layout)) {
    llvm::errs() << "genref-rewrite: unknown layout '" << LayoutOpt
                 << "' (expected fat or compact)\n";
    return 2;
  }
  if (Parser->getSourcePathList().size() != 1) {
    llvm::errs() << "genref-rewrite: give exactly one source file\n";
    return 2;
  }
  tooling::ClangTool Tool(Parser->getCompilations(), Parser->getSourcePathList());
  Tool.appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(
      {"-D__GENREF__=1", "-resource-dir=" GENREF_CLANG_RESOURCE_DIR, "-xc"},
      tooling::ArgumentInsertPosition::BEGIN));
  Tool.appendArgumentsAdjuster([](const tooling::CommandLineArguments &Args, StringRef) {
    tooling::CommandLineArguments Kept;
    WarningOpts.clear(); // one compile command: one main file
    for (const std::string &A : Args) {
      StringRef S(A);
      if (S.consume_front("-W") && genref::isGenrefWarningOption(S)) {
        if (!genref::isKnownGenrefWarningOption(S))
          llvm::errs() << "warning: unknown warning option '" << A << "'\n";
        else
          WarningOpts.push_back(S.str());
        continue;
      }
      Kept.push_back(A);
    }
    return Kept;
  });
  // Installed, genref.h is in <prefix>/include next to <prefix>/bin: found
  // without -I (after the user's own -I). The build tree has no such dir.
  llvm::SmallString<256> Inc(llvm::sys::fs::getMainExecutable(
      argv[0], reinterpret_cast<void *>(&writeFile)));
  llvm::sys::path::remove_filename(Inc);
  llvm::sys::path::append(Inc, "..", "include");
  llvm::sys::path::remove_dots(Inc, true);
  if (llvm::sys::fs::exists(Inc + "/genref.h"))
    Tool.appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(
        tooling::CommandLineArguments{"-I" + Inc.str().str()},
        tooling::ArgumentInsertPosition::END));
  std::vector<Output> Out;
  bool Failed = false;
  Factory F(Opts, Out, Failed);
  int RC = Tool.run(&F);
  if (RC != 0 || Failed)
    return 1;
  const Output *Main = nullptr;
  for (const Output &O : Out)
    if (O.IsMain)
      Main = &O;
  if (!Main)
    return 1;
  if (!OutDir.empty()) {
    llvm::SmallString<256> Base(Main->Path);
    llvm::sys::path::remove_filename(Base);
    for (const Output &O : Out) {
      llvm::StringRef Rel(O.Path);
      if (!Base.empty() && !Rel.consume_front(Base)) {
        llvm::errs() << "genref-rewrite: " << O.Path
                     << " is outside the main file's directory; cannot mirror it\n";
        return 1;
      }
      Rel = Rel.ltrim('/');
      llvm::SmallString<256> Dst(OutDir);
      llvm::sys::path::append(Dst, Rel);
      if (!writeFile(std::string(Dst), O.Text))
        return 1;
    }
    return 0;
  }
  for (const Output &O : Out)
    if (!O.IsMain)
      llvm::errs() << "genref-rewrite: note: header " << O.Path
                   << " was rewritten too; use --out-dir to write it\n";
  if (!OutFile.empty())
    return writeFile(OutFile, Main->Text) ? 0 : 1;
  llvm::outs() << Main->Text;
  return 0;
}
