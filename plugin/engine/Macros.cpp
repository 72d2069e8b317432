//===- Macros.cpp - edits inside macro bodies, placed per expansion -------===//
#include "engine/Macros.h"
#include "engine/Unit.h"

#include "clang/Lex/Lexer.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/DenseMap.h"

#include <deque>
#include <map>
#include <set>
#include <tuple>

using namespace clang;

namespace genref {

//===----------------------------------------------------------------------===//
// Recording the expansions
//===----------------------------------------------------------------------===//

// A _Pragma runs while the preprocessor expands: the token stream never
// holds it, so the expanded text could not either.
class PragmaWatch : public PPCallbacks {
public:
  PragmaWatch(ExpansionTokens &T, SourceManager &SM) : T(T), SM(SM) {}
  void PragmaDirective(SourceLocation Loc, PragmaIntroducerKind K) override {
    if (K == PIK__Pragma && Loc.isMacroID())
      T.Pragmas.insert(SM.getExpansionLoc(Loc).getRawEncoding());
  }

private:
  ExpansionTokens &T;
  SourceManager &SM;
};

void ExpansionTokens::attach(Preprocessor &PP) {
  PP.addPPCallbacks(std::make_unique<PragmaWatch>(*this, PP.getSourceManager()));
  // The watcher sees each token the parser gets, once (not the tokens of
  // directives, nor the ones re-read from the parser's lookahead cache).
  PP.setTokenWatcher([this, &PP](const Token &T) {
    if (!T.getLocation().isMacroID())
      return;
    bool Re = false, Fn = false;
    if (T.isExpandDisabled())
      if (const IdentifierInfo *II = T.getIdentifierInfo()) {
        // `#define stderr stderr` reads the same again; other names whose
        // macro was being expanded would expand a second time.
        const MacroInfo *MI = PP.getMacroInfo(II);
        Re = MI && !(MI->isObjectLike() && MI->getNumTokens() == 1 &&
                     MI->getReplacementToken(0).getIdentifierInfo() == II);
        Fn = MI && MI->isFunctionLike();
      }
    Toks.push_back({T.getLocation(), T.getKind(), Re, Fn});
  });
}

//===----------------------------------------------------------------------===//
// Placing the edits
//===----------------------------------------------------------------------===//

namespace {

// Two pieces need a space between them where, written together, they would
// lex differently (x y, - -, 1 .5, u8 "s"); brackets, commas and
// semicolons never join a neighbour.
bool needsSpace(const std::string &Out, char B) {
  if (Out.empty())
    return false;
  char A = Out.back();
  auto Sep = [](char C) {
    return C == '(' || C == ')' || C == '[' || C == ']' || C == '{' || C == '}' ||
           C == ',' || C == ';' || C == ' ' || C == '\n';
  };
  if (Sep(A) || Sep(B))
    return false;
  // Identifier characters, with UTF-8 and \u escapes of extended ones.
  auto Word = [](char C) {
    return isalnum((unsigned char)C) || C == '_' || C == '$' || C == '\\' ||
           (unsigned char)C >= 0x80;
  };
  bool WA = Word(A), WB = Word(B);
  if (WA && WB)
    return true;
  if (!WA && !WB)
    return true;
  if (WA) {
    if (B == '\'' || B == '"')
      return true; // an encoding prefix
    if (B != '.' && B != '+' && B != '-')
      return false;
    size_t I = Out.size();
    while (I > 0 && (Word(Out[I - 1]) || Out[I - 1] == '.'))
      I--;
    return isdigit((unsigned char)Out[I]) || Out[I] == '.'; // a pp-number
  }
  return A == '.' && isdigit((unsigned char)B);
}

void append(std::string &Out, llvm::StringRef Piece) {
  if (Piece.empty())
    return;
  if (needsSpace(Out, Piece.front()))
    Out += ' ';
  Out += Piece.str();
}

// Parenthesis depth change of generated text (string literals skipped).
int parenBalance(llvm::StringRef S) {
  int D = 0;
  for (size_t I = 0; I < S.size(); I++) {
    char C = S[I];
    if (C == '"' || C == '\'') {
      for (I++; I < S.size() && S[I] != C; I++)
        if (S[I] == '\\')
          I++;
    } else if (C == '(') {
      D++;
    } else if (C == ')') {
      D--;
    }
  }
  return D;
}

struct Invocation {
  unsigned Lo = 0, Hi = 0;     // its expanded tokens
  SourceLocation B, E;         // its file characters [B, E)
  std::vector<EditList::Edit *> Edits;
  std::string Error, Hint;     // why it cannot be written out, the way out
};

const char kUseFunction[] = "pass the reference to the macro as an argument, or use a "
                            "function instead of the macro";

class Placer {
public:
  Placer(Unit &U, const ExpansionTokens &X) : U(U), SM(U.SM), Toks(X.tokens()), X(X) {
    for (unsigned I = 0; I < Toks.size(); I++)
      Index.try_emplace(Toks[I].Loc.getRawEncoding(), I);
  }
  bool run(EditList &L);

private:
  Unit &U;
  SourceManager &SM;
  const std::vector<ExpansionTokens::Tok> &Toks;
  const ExpansionTokens &X;
  llvm::DenseMap<unsigned, unsigned> Index;
  std::map<unsigned, Invocation> Invs; // by the file location of its start

  unsigned startOf(SourceLocation L) { return SM.getExpansionLoc(L).getRawEncoding(); }
  bool find(SourceLocation Start, SourceLocation Tok, Invocation &I);
  void check(Invocation &I);
  bool text(Invocation &I, std::string &Out);
  void splitArguments(std::vector<EditList::Edit> &Es, std::vector<SourceLocation> &Need);
  std::string spelling(SourceLocation L);
  void fail(const Invocation &I);
  // A function-like macro's name left unexpanded, followed by `(`: written
  // `(name)`, which no reading expands, the same call of the function.
  bool writtenApart(unsigned K) const {
    return Toks[K].Reexpands && Toks[K].FunctionLike && K + 1 < Toks.size() &&
           Toks[K + 1].Kind == tok::l_paren;
  }
};

std::string Placer::spelling(SourceLocation L) {
  llvm::SmallString<32> Buf;
  bool Invalid = false;
  llvm::StringRef S = Lexer::getSpelling(SM.getSpellingLoc(L), Buf, SM, U.LO, &Invalid);
  return Invalid ? std::string() : S.str();
}

void Placer::fail(const Invocation &I) {
  U.error(I.B,
          "genref cannot rewrite the use of macro '" + spelling(I.B) +
              "' here: its expansion holds a reference or call genref must "
              "rewrite, and " + I.Error,
          I.Hint.empty() ? kUseFunction : I.Hint);
}

// The tokens of the invocation that starts at Start: one contiguous run of
// the stream (the preprocessor expands an invocation before it reads on).
bool Placer::find(SourceLocation Start, SourceLocation Tok, Invocation &I) {
  auto It = Index.find(Tok.getRawEncoding());
  if (It == Index.end())
    return false;
  unsigned S = Start.getRawEncoding(), Lo = It->second, Hi = It->second;
  while (Lo > 0 && startOf(Toks[Lo - 1].Loc) == S)
    Lo--;
  while (Hi + 1 < Toks.size() && startOf(Toks[Hi + 1].Loc) == S)
    Hi++;
  I.Lo = Lo, I.Hi = Hi, I.B = Start, I.E = Start;
  FileID F = SM.getFileID(Start);
  std::set<unsigned> Seen;
  for (unsigned K = Lo; K <= Hi; K++) {
    if (!Seen.insert(Toks[K].Loc.getRawEncoding()).second)
      return false; // a token seen twice: the stream is not the expansion
    CharSourceRange R = SM.getExpansionRange(Toks[K].Loc);
    SourceLocation End = R.isTokenRange()
                             ? Lexer::getLocForEndOfToken(R.getEnd(), 0, SM, U.LO)
                             : R.getEnd();
    if (End.isInvalid() || SM.getFileID(End) != F)
      return false;
    if (SM.isBeforeInTranslationUnit(I.E, End))
      I.E = End;
  }
  return true;
}

void Placer::check(Invocation &I) {
  // A directive among the arguments would be lost with the invocation.
  FileID F = SM.getFileID(I.B);
  llvm::StringRef Buf = SM.getBufferData(F);
  unsigned B = SM.getFileOffset(I.B), E = SM.getFileOffset(I.E);
  Lexer Raw(SM.getLocForStartOfFile(F), U.LO, Buf.begin(), Buf.begin() + B, Buf.end());
  Token T;
  while (!Raw.LexFromRawLexer(T) && SM.getFileOffset(T.getLocation()) < E)
    if (T.is(tok::hash) && T.isAtStartOfLine()) {
      I.Error = "the invocation spans a preprocessor directive, which the "
                "expanded text could not keep";
      I.Hint = "keep the directive out of the macro's arguments (choose the "
               "value before the macro, in a variable)";
      return;
    }
  if (X.ranPragma(I.B)) {
    I.Error = "the expansion runs a _Pragma, which the expanded text could not keep";
    return;
  }
  for (unsigned K = I.Lo; K <= I.Hi; K++)
    if (Toks[K].Reexpands && !writtenApart(K)) {
      I.Error = "the expansion contains '" + spelling(Toks[K].Loc) +
                "', a macro name that would expand again in the expanded text";
      return;
    }
}

bool Placer::text(Invocation &I, std::string &Out) {
  unsigned N = I.Hi - I.Lo + 1;
  std::vector<std::deque<std::string>> Gaps(N + 1);
  std::vector<std::pair<int, std::string>> Repl(N, {-1, ""}); // last token, text
  auto Pos = [&](SourceLocation L, unsigned &P) {
    auto It = Index.find(L.getRawEncoding());
    if (It == Index.end() || It->second < I.Lo || It->second > I.Hi)
      return false;
    P = It->second - I.Lo;
    return true;
  };
  // One edit per expanded occurrence: the same one named twice is made once.
  std::set<std::tuple<int, unsigned, bool, unsigned, unsigned, std::string>> Seen;
  std::vector<const EditList::Edit *> Es;
  for (const EditList::Edit *E : I.Edits)
    if (Seen.insert({int(E->K), E->At.Tok.getRawEncoding(), E->At.After,
                     E->Last.getRawEncoding(), E->Depth, E->Text})
            .second)
      Es.push_back(E);
  for (const EditList::Edit *E : EditList::applyOrder(Es)) {
    unsigned P, Q;
    if (!Pos(E->At.Tok, P))
      return false;
    if (E->K == EditList::Replace) {
      if (!Pos(E->Last, Q) || Q < P)
        return false;
      for (unsigned K = P; K <= Q; K++)
        if (Repl[K].first != -1)
          return false; // overlapping replacements
      Repl[P] = {int(Q), E->Text};
      for (unsigned K = P + 1; K <= Q; K++)
        Repl[K].first = -2; // covered
      continue;
    }
    unsigned G = P + (E->At.After ? 1 : 0);
    if (E->K == EditList::Prefix)
      Gaps[G].push_front(E->Text);
    else
      Gaps[G].push_back(E->Text);
  }
  std::string Body;
  int Depth = 0;
  bool Balanced = true;
  for (unsigned K = 0; K <= N; K++) {
    for (const std::string &S : Gaps[K]) {
      append(Body, S);
      Depth += parenBalance(S);
      Balanced &= Depth >= 0;
    }
    if (K == N || Repl[K].first == -2)
      continue;
    if (Repl[K].first >= 0) {
      append(Body, Repl[K].second);
      Depth += parenBalance(Repl[K].second);
    } else {
      const ExpansionTokens::Tok &T = Toks[I.Lo + K];
      std::string S = spelling(T.Loc);
      if (S.empty())
        return false;
      if (writtenApart(I.Lo + K))
        S = "(" + S + ")";
      append(Body, S);
      Depth += T.Kind == tok::l_paren ? 1 : T.Kind == tok::r_paren ? -1 : 0;
    }
    Balanced &= Depth >= 0;
  }
  // Text that is not parenthesized on its own (an edit's other half lies
  // outside the invocation) cannot be a macro argument.
  Out = Balanced && Depth == 0 ? "GR_EXPANDED(" + Body + ")" : Body;
  // The lines the invocation covered: later lines keep their numbers.
  llvm::StringRef Orig = SM.getBufferData(SM.getFileID(I.B))
                             .slice(SM.getFileOffset(I.B), SM.getFileOffset(I.E));
  Out.append(Orig.count('\n'), '\n');
  return true;
}

// One argument's text serves every expanded occurrence of it: edits there
// are right only if every occurrence asked for the same ones (the same
// edit named twice is made once). Where they differ, as for `(x)->v + (1 +
// (x)->v)` (two depths) or `sizeof(*(x)) + (x)->v` (unchecked and checked),
// or an occurrence asked for none, or the macro makes text of its
// arguments (`#e`), the invocation is written out instead.
void Placer::splitArguments(std::vector<EditList::Edit> &Es,
                            std::vector<SourceLocation> &Need) {
  using Key = std::tuple<int, unsigned, unsigned>;
  std::map<Key, std::map<std::pair<unsigned, bool>, std::set<std::pair<std::string, unsigned>>>>
      At; // file place -> occurrence -> its edits there
  std::map<Key, SourceLocation> Tok;
  for (const EditList::Edit &E : Es)
    if (E.Loc.isValid() && E.At.Tok.isValid() && E.At.Tok.isMacroID()) {
      Key K{int(E.K), E.Loc.getRawEncoding(), E.Len};
      At[K][{E.At.Tok.getRawEncoding(), E.At.After}].insert({E.Text, E.Depth});
      Tok.try_emplace(K, E.At.Tok);
    }
  std::map<unsigned, Invocation> Runs;
  for (auto &[K, Occ] : At) {
    SourceLocation T = Tok[K];
    bool Split = false;
    for (auto &O : Occ)
      Split |= O.second != Occ.begin()->second;
    SourceLocation Start = SM.getExpansionLoc(T);
    auto [R, New] = Runs.try_emplace(Start.getRawEncoding());
    if (New && !find(Start, T, R->second))
      R->second.Hi = R->second.Lo = ~0u; // not found: leave it to the file text
    if (R->second.Lo == ~0u)
      continue;
    // An argument token's other occurrences, with no edit here.
    SourceLocation Sp = SM.getSpellingLoc(T);
    unsigned N = 0;
    if (Sp.isFileID() && !SM.isBeforeInTranslationUnit(Sp, R->second.B) &&
        SM.isBeforeInTranslationUnit(Sp, R->second.E))
      for (unsigned I = R->second.Lo; I <= R->second.Hi; I++)
        N += SM.getSpellingLoc(Toks[I].Loc) == Sp;
    Split |= N > Occ.size();
    // A token the preprocessor spelled itself (scratch space): an
    // argument stringized (`#e`) or pasted (`a##b`), or __FILE__ and
    // __LINE__. A stringized argument is read as text: an edit there would
    // show in the string (SHOW(p->v) printed the rewritten call), so the
    // invocation is written out, its string as the preprocessor made it.
    for (unsigned I = R->second.Lo; !Split && I <= R->second.Hi; I++)
      Split |= SM.isWrittenInScratchSpace(SM.getSpellingLoc(Toks[I].Loc));
    if (Split)
      Need.push_back(T);
  }
}

bool Placer::run(EditList &L) {
  std::vector<EditList::Edit> &Es = L.edits();
  bool Ok = true;
  // The invocations that hold an edit inside a macro body, or arguments
  // whose occurrences disagree.
  std::vector<SourceLocation> Need;
  for (EditList::Edit &E : Es) {
    if (E.Loc.isValid())
      continue;
    SourceLocation T = E.At.Tok;
    if (T.isInvalid() || T.isFileID()) {
      U.macroError(T);
      Ok = false;
      continue;
    }
    Need.push_back(T);
  }
  splitArguments(Es, Need);
  for (SourceLocation T : Need) {
    SourceLocation Start = SM.getExpansionLoc(T);
    auto [It, New] = Invs.try_emplace(Start.getRawEncoding());
    if (!New)
      continue;
    if (!find(Start, T, It->second)) {
      U.macroError(T);
      Ok = false;
      Invs.erase(It);
      continue;
    }
    check(It->second);
  }
  // Every edit that falls in one of them goes into its expanded text, but
  // for a wrap of the whole invocation, which stays around it.
  for (EditList::Edit &E : Es) {
    SourceLocation T = E.At.Tok;
    auto It = T.isValid() && T.isMacroID() ? Invs.find(startOf(T)) : Invs.end();
    if (It != Invs.end() && E.Loc.isValid() &&
        ((E.K == EditList::Prefix && E.Loc == It->second.B) ||
         (E.K == EditList::Suffix && E.Loc == It->second.E)))
      continue;
    if (It == Invs.end()) {
      // A file edit without tokens (a declaration's) cannot move into it.
      if (E.Loc.isValid())
        for (auto &[K, I] : Invs)
          if (SM.getFileID(E.Loc) == SM.getFileID(I.B) &&
              SM.isBeforeInTranslationUnit(I.B, E.Loc) &&
              SM.isBeforeInTranslationUnit(E.Loc, I.E) && I.Error.empty()) {
            I.Error = "a declaration among its arguments must be rewritten too";
            I.Hint = "declare it outside the macro's arguments";
          }
      continue;
    }
    if (E.K == EditList::Replace && (E.Last.isInvalid() || !E.Last.isMacroID() ||
                                     startOf(E.Last) != It->first)) {
      It->second.Error = "an edit crosses the invocation's boundary";
      continue;
    }
    It->second.Edits.push_back(&E);
  }
  std::vector<EditList::Edit> Out;
  for (auto &[K, I] : Invs) {
    std::string Text;
    if (I.Error.empty() && !text(I, Text))
      I.Error = "genref could not place its edits in the expanded tokens";
    if (!I.Error.empty()) {
      fail(I);
      Ok = false;
      continue;
    }
    for (EditList::Edit *E : I.Edits)
      E->Placed = true;
    unsigned Len = SM.getFileOffset(I.E) - SM.getFileOffset(I.B);
    Out.push_back({EditList::Replace, I.B, Len, std::move(Text), 0, {}, {}});
  }
  for (EditList::Edit &E : Out)
    L.replace(CharSourceRange::getCharRange(E.Loc, E.Loc.getLocWithOffset(E.Len)),
              std::move(E.Text));
  return Ok;
}

} // namespace

bool placeMacroEdits(Unit &U, EditList &Edits) {
  bool Body = false, Arguments = false;
  for (const EditList::Edit &E : Edits.edits()) {
    Body |= E.Loc.isInvalid();
    Arguments |= E.At.Tok.isValid() && E.At.Tok.isMacroID();
  }
  if (!Body && (!Arguments || !U.Expansions))
    return true;
  if (!U.Expansions) { // no tokens recorded: nothing to place them in
    for (const EditList::Edit &E : Edits.edits())
      if (E.Loc.isInvalid())
        U.macroError(E.At.Tok);
    return false;
  }
  return Placer(U, *U.Expansions).run(Edits);
}

} // namespace genref
