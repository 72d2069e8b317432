//===- OriginalDiags.cpp - the real compile's diagnostics at the user's text ===//
#include "OriginalDiags.h"

#include "clang/Basic/DiagnosticIDs.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <map>

using namespace clang;

namespace genref {

unsigned OffsetMap::toOriginal(unsigned Rewritten) const {
  // Forward is non-decreasing: the first original character at or after
  // the rewritten offset is the one it came from or the one generated text
  // stands in front of.
  auto It = std::lower_bound(Forward.begin(), Forward.end(), Rewritten);
  if (It == Forward.end())
    return static_cast<unsigned>(Original.size());
  return static_cast<unsigned>(It - Forward.begin());
}

OffsetMap mapRewrittenBuffer(const Rewriter &R, FileID FID, FileEntryRef File) {
  const SourceManager &SM = R.getSourceMgr();
  OffsetMap M{File, SM.getBufferData(FID).str(), {}};
  SourceLocation Start = SM.getLocForStartOfFile(FID);
  size_t N = M.Original.size();
  M.Forward.resize(N + 1);
  // The rewritten size of [start, o) with the insertions at o: where the
  // original character o begins in the rewritten text.
  for (size_t O = 0; O <= N; ++O) {
    int Size = R.getRangeSize(CharSourceRange::getCharRange(
        Start, Start.getLocWithOffset(static_cast<int>(O))));
    M.Forward[O] = Size < 0 ? (O ? M.Forward[O - 1] : 0) : static_cast<unsigned>(Size);
  }
  return M;
}

namespace {

class Mapper : public DiagnosticConsumer {
public:
  Mapper(DiagnosticsEngine &DE, SourceManager &SM, std::vector<OffsetMap> Maps)
      : SM(SM), Maps(std::move(Maps)),
        Owned(DE.ownsClient() ? DE.takeClient() : nullptr),
        Inner(Owned ? Owned.get() : DE.getClient()),
        Second(DE.getDiagnosticIDs(), &DE.getDiagnosticOptions(), Inner, false) {
    Second.setSourceManager(&SM);
  }

  void BeginSourceFile(const LangOptions &LO, const Preprocessor *PP) override {
    Inner->BeginSourceFile(LO, PP);
  }
  void EndSourceFile() override { Inner->EndSourceFile(); }
  void finish() override { Inner->finish(); }
  void clear() override {
    DiagnosticConsumer::clear();
    Inner->clear();
  }
  bool IncludeInDiagnosticCounts() const override {
    return Inner->IncludeInDiagnosticCounts();
  }

  void HandleDiagnostic(DiagnosticsEngine::Level L, const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(L, Info); // this compile's counts
    SourceLocation Loc = Info.hasSourceManager() ? Info.getLocation() : SourceLocation();
    const OffsetMap *M = Loc.isValid() ? mapFor(SM.getFileID(SM.getFileLoc(Loc))) : nullptr;
    if (!M) {
      Inner->HandleDiagnostic(L, Info);
      return;
    }
    SmallString<256> Msg;
    Info.FormatDiagnostic(Msg);
    Msg += flagText(L, Info);
    unsigned ID = Second.getCustomDiagID(L, "%0");
    DiagnosticBuilder B = Second.Report(toOriginal(Loc, Info), ID);
    B << Msg.str();
    for (const CharSourceRange &R : Info.getRanges()) {
      SourceLocation RB = SM.getFileLoc(R.getBegin()), RE = SM.getFileLoc(R.getEnd());
      if (mapFor(SM.getFileID(RB)) != M || SM.getFileID(RB) != SM.getFileID(RE))
        continue; // a range elsewhere, or across files: dropped
      B << CharSourceRange(SourceRange(original(RB), original(RE)), R.isTokenRange());
    }
    // A fix-it stays only where it edits the user's text: an insertion
    // anywhere (in front of generated text it goes in front of what that
    // text wraps), a removal or replacement only between characters the
    // user wrote.
    for (const FixItHint &F : Info.getFixItHints()) {
      SourceLocation FB = F.RemoveRange.getBegin(), FE = F.RemoveRange.getEnd();
      bool Insertion = FB == FE && F.RemoveRange.isCharRange();
      if (!FB.isFileID() || !FE.isFileID() || mapFor(SM.getFileID(FB)) != M ||
          SM.getFileID(FB) != SM.getFileID(FE) || (!Insertion && (!exact(FB) || !exact(FE))))
        continue;
      FixItHint O = F;
      O.RemoveRange = CharSourceRange(SourceRange(original(FB), original(FE)),
                                      F.RemoveRange.isTokenRange());
      B << O;
    }
  }

private:
  // The map of a file this compile reads rewritten, by its entry.
  const OffsetMap *mapFor(FileID FID) const {
    OptionalFileEntryRef FE = SM.getFileEntryRefForID(FID);
    if (!FE)
      return nullptr;
    for (const OffsetMap &M : Maps)
      if (M.File == *FE)
        return &M;
    return nullptr;
  }

  // The same file as the user wrote it, included from where the rewritten
  // one was (so "In file included from" stays right): one FileID for each.
  FileID originalFile(FileID Rewritten, const OffsetMap &M) {
    auto It = Originals.find(Rewritten);
    if (It != Originals.end())
      return It->second;
    FileID F = SM.createFileID(llvm::MemoryBuffer::getMemBufferCopy(M.Original, M.File.getName()),
                               SrcMgr::C_User, 0, 0, SM.getIncludeLoc(Rewritten));
    Originals[Rewritten] = F;
    return F;
  }

  // A location in a rewritten file, at the character of the user's text
  // it stands for.
  SourceLocation original(SourceLocation FileLoc) {
    auto [FID, Off] = SM.getDecomposedLoc(FileLoc);
    const OffsetMap *M = mapFor(FID);
    return SM.getComposedLoc(originalFile(FID, *M), M->toOriginal(Off));
  }

  // Whether a rewritten location is exactly where a character of the
  // user's text went (not inside generated text).
  bool exact(SourceLocation FileLoc) const {
    auto [FID, Off] = SM.getDecomposedLoc(FileLoc);
    const OffsetMap *M = mapFor(FID);
    unsigned O = M->toOriginal(Off);
    return O < M->Forward.size() && M->Forward[O] == Off;
  }

  SourceLocation toOriginal(SourceLocation Loc, const Diagnostic &Info) {
    SourceLocation FL = SM.getFileLoc(Loc);
    // The check-elision pass reports at the site's line and column, which
    // are the user's already (a location clang made from line:column in
    // the rewritten file): the same line and column of the original.
    if (Info.getDiags()->getFlagValue() == "genref-elide") {
      PresumedLoc P = SM.getPresumedLoc(FL, false);
      FileID FID = SM.getFileID(FL);
      FileID O = originalFile(FID, *mapFor(FID));
      return SM.translateLineCol(O, P.getLine(), P.getColumn());
    }
    return original(FL);
  }

  // The option that controls the diagnostic, as clang's printer appends it.
  static std::string flagText(DiagnosticsEngine::Level L, const Diagnostic &Info) {
    const DiagnosticsEngine *DE = Info.getDiags();
    if (!DE->getDiagnosticOptions().ShowOptionNames)
      return "";
    unsigned ID = Info.getID();
    std::string Out;
    // A warning turned into an error by -Werror (not one that is an error
    // by default).
    if (L >= DiagnosticsEngine::Error && DiagnosticIDs::isBuiltinWarningOrExtension(ID) &&
        !DiagnosticIDs::isDefaultMappingAsError(ID))
      Out = "-Werror";
    StringRef Opt = DiagnosticIDs::getWarningOptionForDiag(ID);
    if (!Opt.empty()) {
      if (!Out.empty())
        Out += ",";
      Out += (L == DiagnosticsEngine::Remark ? "-R" : "-W");
      Out += Opt.str();
      if (!DE->getFlagValue().empty())
        Out += "=" + DE->getFlagValue().str();
    }
    return Out.empty() ? Out : " [" + Out + "]";
  }

  SourceManager &SM;
  std::vector<OffsetMap> Maps;
  std::map<FileID, FileID> Originals;
  std::unique_ptr<DiagnosticConsumer> Owned;
  DiagnosticConsumer *Inner;
  DiagnosticsEngine Second; // reports the re-issued ones to Inner
};

} // namespace

void installOriginalDiags(DiagnosticsEngine &DE, SourceManager &SM,
                          std::vector<OffsetMap> Maps) {
  if (Maps.empty() || !DE.getClient())
    return;
  auto *M = new Mapper(DE, SM, std::move(Maps));
  DE.setClient(M, /*ShouldOwnClient=*/true);
}

} // namespace genref
