//===- Verify.cpp - run the plugin's rules over the annotated text ---------===//
//
// The collector mirrors the plugin's rejections; this asks the engine
// itself, so a rule the collector does not know (or a change to the
// engine) shows up as an error here instead of at the user's first build.
//
//===----------------------------------------------------------------------===//
#include "annotate/Verify.h"

#include "engine/Engine.h"
#include "engine/Macros.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Rewrite/Core/Rewriter.h"
#include "clang/Tooling/Tooling.h"

#include <algorithm>

using namespace clang;

namespace genref {
namespace annotate {

namespace {

class Consumer : public ASTConsumer {
public:
  Consumer(std::vector<std::string> &Out, const ExpansionTokens &X) : Out(Out), X(X) {}
  void HandleTranslationUnit(ASTContext &Ctx) override {
    SourceManager &SM = Ctx.getSourceManager();
    if (Ctx.getDiagnostics().hasErrorOccurred()) {
      Out.push_back(SM.getFileEntryRefForID(SM.getMainFileID())->getName().str() +
                    ": the annotated unit does not compile");
      return;
    }
    Rewriter RW(SM, Ctx.getLangOpts());
    for (const Diag &D : transformTranslationUnit(Ctx, RW, Options(), &X)) {
      if (!D.isError)
        continue;
      PresumedLoc P = SM.getPresumedLoc(SM.getFileLoc(D.loc));
      std::string At = P.isValid() ? std::string(P.getFilename()) + ":" +
                                         std::to_string(P.getLine()) + ":" +
                                         std::to_string(P.getColumn())
                                   : std::string("<unknown>");
      Out.push_back(At + ": " + D.message);
    }
  }

private:
  std::vector<std::string> &Out;
  const ExpansionTokens &X;
};

class Action : public ASTFrontendAction {
public:
  explicit Action(std::vector<std::string> &Out) : Out(Out) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI, StringRef) override {
    X.attach(CI.getPreprocessor());
    return std::make_unique<Consumer>(Out, X);
  }

private:
  std::vector<std::string> &Out;
  ExpansionTokens X;
};

class Factory : public tooling::FrontendActionFactory {
public:
  explicit Factory(std::vector<std::string> &Out) : Out(Out) {}
  std::unique_ptr<FrontendAction> create() override { return std::make_unique<Action>(Out); }

private:
  std::vector<std::string> &Out;
};

} // namespace

std::vector<std::string> verifyEdits(const tooling::CompilationDatabase &DB,
                                     const std::vector<std::string> &Files,
                                     const std::map<std::string, std::string> &NewTexts,
                                     const std::vector<std::string> &Front,
                                     const std::vector<std::string> &Back) {
  std::vector<std::string> Out;
  Factory F(Out);
  for (const std::string &File : Files) {
    tooling::ClangTool Tool(DB, {File});
    for (auto &[Path, Text] : NewTexts)
      Tool.mapVirtualFile(Path, Text);
    Tool.appendArgumentsAdjuster(
        tooling::getInsertArgumentAdjuster(Front, tooling::ArgumentInsertPosition::BEGIN));
    Tool.appendArgumentsAdjuster(
        tooling::getInsertArgumentAdjuster(Back, tooling::ArgumentInsertPosition::END));
    Tool.setPrintErrorMessage(false);
    if (Tool.run(&F) != 0 && Out.empty())
      Out.push_back(File + ": the annotated unit does not compile");
  }
  // A header's error is found by every unit that includes it: once.
  std::sort(Out.begin(), Out.end());
  Out.erase(std::unique(Out.begin(), Out.end()), Out.end());
  return Out;
}

} // namespace annotate
} // namespace genref
