//===- Unit.cpp - diagnostics, locations and the parent walker -------------===//
#include "engine/Unit.h"

#include "clang/Lex/Lexer.h"

using namespace clang;

namespace genref {

bool isNamed(const FunctionDecl *FD, std::initializer_list<const char *> Names) {
  if (!FD || !FD->getIdentifier())
    return false;
  StringRef N = FD->getName();
  for (const char *X : Names)
    if (N == X)
      return true;
  return false;
}

//===----------------------------------------------------------------------===//
// ParentWalker
//===----------------------------------------------------------------------===//

DynTypedNode ParentWalker::parent(const DynTypedNode &N) {
  auto Ps = Ctx.getParents(N);
  return Ps.empty() ? DynTypedNode() : Ps[0];
}

unsigned ParentWalker::depth(const Stmt *S) {
  // Walk up to the first node whose depth is known (or the root), then
  // record the depth of every node on the way.
  std::vector<const void *> Path; // bottom up, unknown depths
  unsigned D = 0;
  for (DynTypedNode N = DynTypedNode::create(*S);;) {
    const void *Key = N.getMemoizationData();
    if (auto It = Key ? Depths.find(Key) : Depths.end(); It != Depths.end()) {
      D = It->second + 1;
      break;
    }
    Path.push_back(Key);
    DynTypedNode P = parent(N);
    if (P.getNodeKind().isNone())
      break; // Path.back() is the root: depth 0
    N = P;
  }
  for (auto It = Path.rbegin(); It != Path.rend(); ++It, ++D)
    if (*It)
      Depths[*It] = D;
  return D - 1;
}

const FunctionDecl *ParentWalker::enclosingFunction(const Stmt *S) {
  auto It = Functions.find(S);
  if (It != Functions.end())
    return It->second;
  const FunctionDecl *Found = nullptr;
  for (DynTypedNode N = parent(DynTypedNode::create(*S)); !N.getNodeKind().isNone();
       N = parent(N))
    if ((Found = N.get<FunctionDecl>()))
      break;
  Functions[S] = Found;
  return Found;
}

bool ParentWalker::isUnevaluated(const Stmt *S) {
  for (DynTypedNode N = parent(DynTypedNode::create(*S)); !N.getNodeKind().isNone();
       N = parent(N)) {
    if (const auto *U = N.get<UnaryExprOrTypeTraitExpr>())
      return !U->getTypeOfArgument()->isVariablyModifiedType();
    if (N.get<Decl>())
      return false;
  }
  return false;
}

bool ParentWalker::inStaticInitializer(const Stmt *S) {
  for (DynTypedNode N = parent(DynTypedNode::create(*S)); !N.getNodeKind().isNone();
       N = parent(N)) {
    if (const auto *VD = N.get<VarDecl>())
      return VD->hasGlobalStorage();
    if (N.get<FunctionDecl>() || N.get<CompoundStmt>())
      return false;
  }
  return true;
}

DynTypedNode ParentWalker::consumer(const Expr *E, const Expr *&Op,
                                    const ImplicitCastExpr *&LastCast) {
  Op = E;
  LastCast = nullptr;
  for (DynTypedNode N = parent(DynTypedNode::create(*E)); !N.getNodeKind().isNone();
       N = parent(N)) {
    if (const auto *P = N.get<ParenExpr>()) {
      Op = P;
      continue;
    }
    if (const auto *ICE = N.get<ImplicitCastExpr>()) {
      Op = ICE;
      LastCast = ICE;
      continue;
    }
    // __builtin_choose_expr(c, a, b): the chosen arm is the expression's
    // value, as through parentheses.
    if (const auto *CE = N.get<ChooseExpr>(); CE && !CE->isConditionDependent() &&
                                              CE->getChosenSubExpr() == Op) {
      Op = CE;
      continue;
    }
    return N;
  }
  return DynTypedNode();
}

//===----------------------------------------------------------------------===//
// Unit
//===----------------------------------------------------------------------===//

void Unit::error(SourceLocation L, std::string Msg, std::string Hint) {
  L = SM.getFileLoc(L);
  if (!ErrorsAt.insert(L.getRawEncoding()).second)
    return;
  Diags.push_back({L, true, std::move(Msg), std::move(Hint), ""});
}

void Unit::warning(SourceLocation L, const char *Name, std::string Msg, std::string Hint) {
  Diags.push_back({SM.getFileLoc(L), false, std::move(Msg), std::move(Hint), Name});
}

bool Unit::hasError() const {
  for (const Diag &D : Diags)
    if (D.isError)
      return true;
  return false;
}

std::string Unit::userMacroName(SourceLocation L) {
  std::string Name;
  while (L.isMacroID()) {
    if (SM.isMacroArgExpansion(L)) { // follow the argument to where it was written
      L = SM.getImmediateSpellingLoc(L);
      continue;
    }
    SourceLocation Inv = SM.getImmediateExpansionRange(L).getBegin();
    llvm::SmallString<32> Buf;
    bool Invalid = false;
    StringRef S = Lexer::getSpelling(SM.getSpellingLoc(Inv), Buf, SM, LO, &Invalid);
    if (!Invalid)
      Name = S.str();
    L = Inv;
  }
  return Name;
}

void Unit::macroError(SourceLocation L) {
  std::string Name = userMacroName(L);
  error(L,
        "genref cannot rewrite a reference used inside the body of macro '" + Name + "'",
        "pass the reference to the macro as an argument, or use a function "
        "instead of the macro");
}

bool Unit::inUserCode(SourceLocation L) {
  if (L.isMacroID()) {
    SourceLocation Sp = SM.getSpellingLoc(L);
    if (auto FE = SM.getFileEntryRefForID(SM.getFileID(Sp))) {
      StringRef N = FE->getName();
      if (N.ends_with("genref/rt.h") || N.ends_with("genref/ref.h"))
        return false;
    }
  }
  L = SM.getFileLoc(L);
  return L.isValid() && !SM.isInSystemHeader(L) && SM.getFileEntryRefForID(SM.getFileID(L));
}

CharSourceRange Unit::fileRange(SourceRange R) {
  return Lexer::makeFileCharRange(CharSourceRange::getTokenRange(R), SM, LO);
}

CharSourceRange Unit::exprRange(const Expr *&E) {
  CharSourceRange R = fileRange(E->getSourceRange());
  while (R.isInvalid() && (isa<ParenExpr>(E) || isa<ImplicitCastExpr>(E))) {
    E = isa<ParenExpr>(E) ? cast<ParenExpr>(E)->getSubExpr()
                          : cast<ImplicitCastExpr>(E)->getSubExpr();
    R = fileRange(E->getSourceRange());
  }
  return R;
}

} // namespace genref
