//===- Transform.cpp - annotated C into calls of runtime/include/genref ----===//
//
// Two walks over the translation unit:
//   1. declarations: a weakable struct gets its generation header; every
//      type spelled `T *GR_REF` / `T *GR_WEAK` becomes gr_ref_t;
//   2. expressions: each use of a reference is rewritten by what consumes
//      it (dereference -> gr_ref_check, raw pointer -> gr_ref_unwrap,
//      condition -> gr_ref_is_null, ...); each conversion into a reference
//      (NULL, fresh allocation, raw pointer) by where it goes.
// Anything else that touches a reference is an error naming the construct.
// Edits never add or remove a newline, so lines stay where they were.
//
//===----------------------------------------------------------------------===//
#include "engine/Edits.h"
#include "engine/Engine.h"
#include "engine/RefTypes.h"

#include "clang/AST/Attr.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <map>
#include <set>

using namespace clang;

namespace genref {

const char *modeName(Mode M) {
  switch (M) {
  case Mode::Resilient: return "resilient";
  case Mode::Normal: return "normal";
  case Mode::Fast: return "fast";
  }
  return "resilient";
}

bool parseMode(llvm::StringRef S, Mode &Out) {
  if (S == "resilient") Out = Mode::Resilient;
  else if (S == "normal") Out = Mode::Normal;
  else if (S == "fast") Out = Mode::Fast;
  else return false;
  return true;
}

bool parseLayout(llvm::StringRef S, Layout &Out) {
  if (S == "fat") Out = Layout::Fat;
  else if (S == "compact") Out = Layout::Compact;
  else return false;
  return true;
}

std::string preambleFor(const Options &Opts, const std::string &RuntimeHeader) {
  std::string S = "#define __GENREF__ 1\n";
  if (Opts.layout == Layout::Compact)
    S += "#define GENREF_LAYOUT_COMPACT 1\n";
  if (Opts.recover)
    S += "#define GENREF_RECOVER 1\n";
  S += std::string("#define __GENREF_MODE_") + modeName(Opts.mode) + "__ 1\n";
  S += "#include \"" + RuntimeHeader + "\"\n";
  return S;
}

namespace {

std::string quote(StringRef S) {
  std::string R = "\"";
  for (char C : S) {
    if (C == '"' || C == '\\')
      R += '\\';
    R += C;
  }
  return R + "\"";
}

bool isNamed(const FunctionDecl *FD, std::initializer_list<const char *> Names) {
  if (!FD || !FD->getIdentifier())
    return false;
  StringRef N = FD->getName();
  for (const char *X : Names)
    if (N == X)
      return true;
  return false;
}

class Transformer {
public:
  Transformer(ASTContext &Ctx, const Options &Opts)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), LO(Ctx.getLangOpts()),
        Opts(Opts) {}

  ASTContext &Ctx;
  SourceManager &SM;
  const LangOptions &LO;
  const Options &Opts;
  EditList Edits;
  std::vector<Diag> Diags;
  std::set<const RecordDecl *> NewlyWeakable; // got their header this run
  std::set<unsigned> ErrorsAt;
  // GR_UNCHECKED overrides that made a dereference unchecked (TU record).
  std::set<std::string> UncheckedUsed;

  void warning(SourceLocation L, std::string Msg, std::string Hint) {
    Diags.push_back({SM.getFileLoc(L), false, std::move(Msg), std::move(Hint)});
  }

  static int overrideOf(const Decl *D) { // +1 checked, -1 unchecked, 0 none
    if (!D)
      return 0;
    for (const Decl *R : D->redecls())
      for (const auto *A : R->specific_attrs<AnnotateAttr>()) {
        if (A->getAnnotation() == "genref_unchecked")
          return -1;
        if (A->getAnnotation() == "genref_checked")
          return +1;
      }
    return 0;
  }
  static std::string describe(const Decl *D) {
    if (const auto *RD = dyn_cast<RecordDecl>(D))
      return "struct " + RD->getNameAsString();
    if (isa<FunctionDecl>(D))
      return "function " + cast<NamedDecl>(D)->getNameAsString();
    return "declaration " + cast<NamedDecl>(D)->getNameAsString();
  }
  // Is this dereference checked? GR_WEAK always; else the most specific
  // override (the reference's declaration, the function, the struct),
  // else the translation unit's mode.
  bool checkedDeref(const Expr *Op, const Stmt *Ctxt, QualType Pointee, RefKind K) {
    if (K == RefKind::Weak)
      return true;
    const Expr *E = Op->IgnoreParenImpCasts();
    const Decl *Cands[3] = {nullptr, enclosingFunction(Ctxt), nullptr};
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      Cands[0] = DRE->getDecl();
    else if (const auto *ME = dyn_cast<MemberExpr>(E))
      Cands[0] = ME->getMemberDecl();
    if (const auto *RT = Pointee.isNull() ? nullptr : Pointee->getAs<RecordType>())
      Cands[2] = RT->getDecl();
    for (const Decl *D : Cands) {
      int O = overrideOf(D);
      if (O > 0)
        return true;
      if (O < 0) {
        if (Opts.mode != Mode::Fast)
          UncheckedUsed.insert(describe(D));
        return false;
      }
    }
    return Opts.mode != Mode::Fast;
  }

  // ---- diagnostics ----
  void error(SourceLocation L, std::string Msg, std::string Hint) {
    L = SM.getFileLoc(L);
    // One error per location: nested expressions would repeat it.
    if (!ErrorsAt.insert(L.getRawEncoding()).second)
      return;
    Diags.push_back({L, true, std::move(Msg), std::move(Hint)});
  }

  // ---- locations ----
  // User code: not a system header, and not the expansion of one of the
  // runtime's own macros (GR_ASSIGN, GR_SITE... in rewritten input).
  bool inUserCode(SourceLocation L) {
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
  // The text right after L already holds a stack frame we wrote.
  bool followedByFrame(SourceLocation L) {
    bool Invalid = false;
    const char *P = SM.getCharacterData(L, &Invalid);
    if (Invalid)
      return false;
    while (*P == ' ' || *P == '\t')
      P++;
    return StringRef(P).starts_with("gr_stack_frame_t __gr_frame_");
  }
  CharSourceRange fileRange(SourceRange R) {
    return Lexer::makeFileCharRange(CharSourceRange::getTokenRange(R), SM, LO);
  }
  // The file range of E; for `(x)` in a macro body whose x is a macro
  // argument, the range of x (the parentheses are the macro's).
  CharSourceRange exprRange(const Expr *&E) {
    CharSourceRange R = fileRange(E->getSourceRange());
    while (R.isInvalid() && (isa<ParenExpr>(E) || isa<ImplicitCastExpr>(E))) {
      E = isa<ParenExpr>(E) ? cast<ParenExpr>(E)->getSubExpr()
                            : cast<ImplicitCastExpr>(E)->getSubExpr();
      R = fileRange(E->getSourceRange());
    }
    return R;
  }
  bool wrap(const Expr *E, std::string Pre, std::string Post) {
    CharSourceRange R = exprRange(E);
    if (R.isInvalid()) {
      macroError(E->getBeginLoc());
      return false;
    }
    unsigned D = depth(E);
    Edits.prefix(R.getBegin(), std::move(Pre), D);
    Edits.suffix(R.getEnd(), std::move(Post), D);
    return true;
  }
  bool replaceExpr(const Expr *E, std::string Text) {
    CharSourceRange R = exprRange(E);
    if (R.isInvalid()) {
      macroError(E->getBeginLoc());
      return false;
    }
    Edits.replace(R, std::move(Text));
    return true;
  }
  bool replaceToken(SourceLocation L, std::string Text) {
    CharSourceRange R = fileRange(SourceRange(L, L));
    if (R.isInvalid()) {
      macroError(L);
      return false;
    }
    Edits.replace(R, std::move(Text));
    return true;
  }
  void macroError(SourceLocation L) {
    std::string Name;
    if (L.isMacroID())
      Name = Lexer::getImmediateMacroName(L, SM, LO).str();
    error(L,
          "genref cannot rewrite a reference used inside the body of macro '" +
              Name + "'",
          "pass the reference to the macro as an argument, or use a function "
          "instead of the macro");
  }

  unsigned depth(const Stmt *S) {
    unsigned D = 0;
    DynTypedNode N = DynTypedNode::create(*S);
    while (true) {
      auto Ps = Ctx.getParents(N);
      if (Ps.empty())
        break;
      N = Ps[0];
      D++;
    }
    return D;
  }

  // ---- sites ----
  const FunctionDecl *enclosingFunction(const Stmt *S) {
    DynTypedNode N = DynTypedNode::create(*S);
    while (true) {
      auto Ps = Ctx.getParents(N);
      if (Ps.empty())
        return nullptr;
      N = Ps[0];
      if (const auto *FD = N.get<FunctionDecl>())
        return FD;
    }
  }
  std::string site(SourceLocation L, const Stmt *S, QualType Pointee) {
    PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(L));
    const FunctionDecl *FD = enclosingFunction(S);
    std::string T = Pointee.isNull() ? "" : spellType(Pointee.getUnqualifiedType(), Ctx);
    return "GR_SITE(" + quote(P.isValid() ? P.getFilename() : "") + ", " +
           std::to_string(P.isValid() ? P.getLine() : 0) + ", " +
           std::to_string(P.isValid() ? P.getColumn() : 0) + ", " +
           (FD ? quote(FD->getName()) : std::string("0")) + ", " +
           (T.empty() ? std::string("0") : quote(T)) + ")";
  }

  // ---- expression classification ----
  // Is the value of E a reference (after this rewrite, a gr_ref_t)?
  bool isRefExpr(const Expr *E) {
    if (!E)
      return false;
    E = E->IgnoreParens();
    // An implicit conversion (NULL to pointer, void * to T *) takes the
    // destination's type, tag included: what it converts decides.
    if (const auto *ICE = dyn_cast<ImplicitCastExpr>(E))
      return isRefExpr(ICE->getSubExpr());
    if (refKindOf(E->getType()) != RefKind::None)
      return true;
    // `?:` drops the type tag: it is a reference when an arm is one.
    if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E))
      return isRefExpr(CO->getTrueExpr()) || isRefExpr(CO->getFalseExpr());
    if (const auto *BO = dyn_cast<BinaryOperator>(E))
      if (BO->getOpcode() == BO_Comma || BO->getOpcode() == BO_Assign)
        return isRefExpr(BO->getOpcode() == BO_Comma ? BO->getRHS() : BO->getLHS());
    return false;
  }
  RefKind refKindOfExpr(const Expr *E) {
    E = E->IgnoreParenImpCasts();
    RefKind K = refKindOf(E->getType());
    if (K != RefKind::None)
      return K;
    if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E)) {
      RefKind A = refKindOfExpr(CO->getTrueExpr()), B = refKindOfExpr(CO->getFalseExpr());
      return A == RefKind::Weak || B == RefKind::Weak ? RefKind::Weak
             : A != RefKind::None ? A : B;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(E))
      if (BO->getOpcode() == BO_Comma || BO->getOpcode() == BO_Assign)
        return refKindOfExpr(BO->getOpcode() == BO_Comma ? BO->getRHS() : BO->getLHS());
    return RefKind::Ref;
  }
  QualType refPointeeOfExpr(const Expr *E) {
    E = E->IgnoreParenImpCasts();
    QualType P = refPointee(E->getType());
    if (!P.isNull())
      return P;
    if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E)) {
      P = refPointeeOfExpr(CO->getTrueExpr());
      return P.isNull() ? refPointeeOfExpr(CO->getFalseExpr()) : P;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(E))
      return refPointeeOfExpr(BO->getOpcode() == BO_Comma ? BO->getRHS() : BO->getLHS());
    if (const auto *PT = E->getType()->getAs<PointerType>())
      return PT->getPointeeType();
    return QualType();
  }

  bool isUnevaluated(const Stmt *S) {
    DynTypedNode N = DynTypedNode::create(*S);
    while (true) {
      auto Ps = Ctx.getParents(N);
      if (Ps.empty())
        return false;
      N = Ps[0];
      if (const auto *U = N.get<UnaryExprOrTypeTraitExpr>())
        return !U->getTypeOfArgument()->isVariablyModifiedType();
      if (N.get<Decl>())
        return false;
    }
  }
  bool inStaticInitializer(const Stmt *S) {
    DynTypedNode N = DynTypedNode::create(*S);
    while (true) {
      auto Ps = Ctx.getParents(N);
      if (Ps.empty())
        return true;
      N = Ps[0];
      if (const auto *VD = N.get<VarDecl>())
        return VD->hasGlobalStorage();
      if (N.get<FunctionDecl>() || N.get<CompoundStmt>())
        return false;
    }
  }

  // The node that consumes E's value, skipping parentheses and implicit
  // casts; Op is set to the child of that node that contains E.
  DynTypedNode consumer(const Expr *E, const Expr *&Op,
                        const ImplicitCastExpr *&LastCast) {
    Op = E;
    LastCast = nullptr;
    DynTypedNode N = DynTypedNode::create(*E);
    while (true) {
      auto Ps = Ctx.getParents(N);
      if (Ps.empty())
        return DynTypedNode();
      N = Ps[0];
      if (const auto *P = N.get<ParenExpr>()) {
        Op = P;
        continue;
      }
      if (const auto *ICE = N.get<ImplicitCastExpr>()) {
        Op = ICE;
        LastCast = ICE;
        continue;
      }
      return N;
    }
  }

  // ---- the operations on references, as text ----
  std::string castTo(QualType Pointee) {
    std::string T = spellType(Pointee, Ctx);
    return T.empty() ? std::string() : "(" + T + " *)";
  }
  void derefWrap(const Expr *Op, SourceLocation At, const Stmt *Ctxt) {
    QualType P = refPointeeOfExpr(Op);
    std::string Cast = castTo(P);
    if (Cast.empty()) {
      error(At, "reference to an anonymous struct cannot be dereferenced by genref",
            "give the struct a tag or a typedef name");
      return;
    }
    RefKind K = refKindOfExpr(Op);
    if (isUnevaluated(Ctxt) || !checkedDeref(Op, Ctxt, P, K)) {
      wrap(Op, "(" + Cast + "gr_ref_unchecked(", "))");
      return;
    }
    wrap(Op, "(" + Cast + "gr_ref_check(", ", " + site(At, Ctxt, P) + "))");
  }
  void boolWrap(const Expr *Op) { wrap(Op, "(!gr_ref_is_null(", "))"); }
  void unwrapTo(const Expr *Op, SourceLocation At, const Stmt *Ctxt) {
    if (isUnevaluated(Ctxt)) {
      wrap(Op, "gr_ref_unchecked(", ")");
      return;
    }
    wrap(Op, "gr_ref_unwrap(", ", " + site(At, Ctxt, refPointeeOfExpr(Op)) + ")");
  }

  bool isFreshAllocation(const Expr *E) {
    E = E->IgnoreParenCasts();
    if (const auto *CE = dyn_cast<CallExpr>(E))
      return isNamed(CE->getDirectCallee(), {"malloc", "calloc", "realloc",
                                             "gr_alloc", "gr_calloc", "gr_realloc"});
    return false;
  }

  // Convert Op (consumed by Ctxt) to a value of type Dst.
  void convert(const Expr *Op, QualType Dst, const Stmt *Ctxt, SourceLocation At) {
    if (!Op || Dst.isNull())
      return;
    bool SrcRef = isRefExpr(Op), DstRef = refKindOf(Dst) != RefKind::None;
    if (SrcRef && DstRef)
      return;
    if (SrcRef && !DstRef) {
      if (Dst->isPointerType()) {
        unwrapTo(Op, At, Ctxt);
      } else if (Dst->isBooleanType()) {
        boolWrap(Op);
      } else if (Dst->isVoidType()) {
        // (void)ref: nothing to do
      } else {
        error(At, "a reference cannot be converted to '" + Dst.getAsString() + "'",
              "references convert only to pointers; compare with NULL or use "
              "gr_alive() instead");
      }
      return;
    }
    if (!SrcRef && DstRef) {
      const Expr *Inner = Op->IgnoreParenImpCasts();
      if (Inner->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull)) {
        replaceExpr(Op, inStaticInitializer(Ctxt) ? "GR_REF_NULL_INIT" : "gr_ref_null()");
        return;
      }
      if (inStaticInitializer(Ctxt)) {
        error(At, "a reference with static storage can only be initialized with NULL",
              "initialize it to NULL and assign it at run time");
        return;
      }
      if (isFreshAllocation(Inner)) {
        wrap(Op, "gr_ref_from_new(", ")");
        return;
      }
      QualType P = refPointee(Dst);
      wrap(Op, "gr_ref_make(", ", " + site(At, Ctxt, P) + ")");
      return;
    }
    if (!Op->IgnoreParenImpCasts()->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
      checkIndirectMismatch(Op, Dst, At);
  }

  // `&ref` passed as a plain `T **` (and the like): the pointee levels
  // disagree on being a reference.
  void checkIndirectMismatch(const Expr *Op, QualType Dst, SourceLocation At) {
    QualType Src = Op->IgnoreParenImpCasts()->getType();
    for (int I = 0; I < 4; I++) {
      const auto *SP = Src->getAs<PointerType>();
      const auto *DP = Dst->getAs<PointerType>();
      if (!SP || !DP)
        return;
      Src = SP->getPointeeType();
      Dst = DP->getPointeeType();
      if (Dst->isVoidType() || Src->isVoidType())
        return; // memcpy(&ref, ...), malloc(): untyped storage
      bool SR = refKindOf(Src) != RefKind::None, DR = refKindOf(Dst) != RefKind::None;
      if (SR != DR) {
        error(At,
              SR ? "the address of a reference is passed where a plain pointer to "
                   "a pointer is expected"
                 : "a plain pointer to a pointer is passed where the address of a "
                   "reference is expected",
              "annotate the parameter (T *GR_REF *) or pass a local raw pointer "
              "and convert it back");
        return;
      }
    }
  }
};

//===----------------------------------------------------------------------===//
// Pass 1: declarations and types
//===----------------------------------------------------------------------===//

class DeclPass : public RecursiveASTVisitor<DeclPass> {
public:
  explicit DeclPass(Transformer &T) : T(T) {}
  Transformer &T;
  std::map<unsigned, bool> SpecifierUse; // specifier start -> declares refs
  std::set<unsigned> SpecifierRewritten;

  bool shouldVisitImplicitCode() const { return false; }

  bool VisitRecordDecl(RecordDecl *RD) {
    if (!T.inUserCode(RD->getLocation()))
      return true;
    bool Weak = isWeakable(RD);
    if (RD->isUnion()) {
      if (Weak)
        T.error(RD->getLocation(), "a union cannot be GR_WEAKABLE",
                "put the union inside a GR_WEAKABLE struct");
      if (RD->isThisDeclarationADefinition())
        for (const FieldDecl *F : RD->fields())
          if (containsRefOrHeader(F->getType()))
            T.error(F->getLocation(),
                    "a union member holds a generational reference or a weakable "
                    "object ('" + F->getName().str() + "')",
                    "genref cannot know which member is live; use a struct with a "
                    "tag field instead of the union");
      return true;
    }
    if (!Weak || !RD->isThisDeclarationADefinition())
      return true;
    for (const FieldDecl *F : RD->fields()) {
      if (F->getName() == kHeaderField)
        return true; // rewritten before: nothing to do (idempotent)
      break;
    }
    SourceLocation LB = RD->getBraceRange().getBegin();
    CharSourceRange R = T.fileRange(SourceRange(LB, LB));
    if (R.isInvalid()) {
      T.error(RD->getLocation(),
              "a GR_WEAKABLE struct defined inside a macro cannot be rewritten",
              "define the struct outside the macro");
      return true;
    }
    T.Edits.suffix(R.getEnd(), std::string(" gr_header_t ") + kHeaderField + ";", 0);
    T.NewlyWeakable.insert(RD);
    return true;
  }

  // Every declarator whose type has a reference in its declarator chain.
  bool VisitDeclaratorDecl(DeclaratorDecl *D) {
    if (!T.inUserCode(D->getLocation()) || !D->getTypeSourceInfo())
      return true;
    if (isa<FunctionDecl>(D)) {
      auto *FD = cast<FunctionDecl>(D);
      rewriteDeclType(D, FD->getFunctionTypeLoc() ? FD->getFunctionTypeLoc().getReturnLoc()
                                                  : D->getTypeSourceInfo()->getTypeLoc());
      checkRedecls(FD);
      return true;
    }
    rewriteDeclType(D, D->getTypeSourceInfo()->getTypeLoc());
    if (auto *VD = dyn_cast<VarDecl>(D))
      checkRedecls(VD);
    return true;
  }
  // Reference types written inside expressions: sizeof(T *GR_REF),
  // (T *GR_REF *)p, compound literals. A cast whose own type is a reference
  // is the expression pass's (it becomes gr_ref_make).
  bool VisitUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *E) {
    if (E->isArgumentType() && T.inUserCode(E->getBeginLoc()))
      rewriteDeclType(nullptr, E->getArgumentTypeInfo()->getTypeLoc());
    return true;
  }
  bool VisitCStyleCastExpr(CStyleCastExpr *E) {
    if (T.inUserCode(E->getBeginLoc()) &&
        refKindOf(E->getTypeInfoAsWritten()->getType()) == RefKind::None)
      rewriteDeclType(nullptr, E->getTypeInfoAsWritten()->getTypeLoc());
    return true;
  }
  bool VisitCompoundLiteralExpr(CompoundLiteralExpr *E) {
    if (T.inUserCode(E->getBeginLoc()) && E->getTypeSourceInfo())
      rewriteDeclType(nullptr, E->getTypeSourceInfo()->getTypeLoc());
    return true;
  }

  bool VisitTypedefNameDecl(TypedefNameDecl *D) {
    if (!T.inUserCode(D->getLocation()))
      return true;
    rewriteDeclType(D, D->getTypeSourceInfo()->getTypeLoc());
    return true;
  }

  // Find the reference TypeLoc in a declarator chain (not through typedef
  // names: those are rewritten where the typedef is declared).
  BTFTagAttributedTypeLoc findRefLoc(TypeLoc TL) {
    while (!TL.isNull()) {
      if (auto B = TL.getAs<BTFTagAttributedTypeLoc>()) {
        StringRef Tag = B.getAttr()->getBTFTypeTag();
        if (Tag == kRefTag || Tag == kWeakTag)
          return B;
      }
      if (auto P = TL.getAs<PointerTypeLoc>()) {
        TL = P.getPointeeLoc();
        continue;
      }
      if (auto A = TL.getAs<ArrayTypeLoc>()) {
        TL = A.getElementLoc();
        continue;
      }
      if (auto F = TL.getAs<FunctionTypeLoc>()) {
        TL = F.getReturnLoc();
        continue;
      }
      if (auto Q = TL.getAs<QualifiedTypeLoc>()) {
        TL = Q.getUnqualifiedLoc();
        continue;
      }
      if (TL.getAs<TypedefTypeLoc>() || TL.getAs<ElaboratedTypeLoc>() ||
          TL.getAs<RecordTypeLoc>() || TL.getAs<BuiltinTypeLoc>())
        return {};
      TL = TL.getNextTypeLoc();
    }
    return {};
  }

  // D is null for a type written in an expression (sizeof, a cast).
  void rewriteDeclType(NamedDecl *D, TypeLoc Full) {
    SourceLocation DLoc = D ? D->getLocation() : Full.getBeginLoc();
    BTFTagAttributedTypeLoc RL = findRefLoc(Full);
    TypeLoc Base = Full;
    // The base type of the declarator chain (the specifiers).
    while (true) {
      TypeLoc Next;
      if (auto B = Base.getAs<BTFTagAttributedTypeLoc>()) Next = B.getWrappedLoc();
      else if (auto P = Base.getAs<PointerTypeLoc>()) Next = P.getPointeeLoc();
      else if (auto A = Base.getAs<ArrayTypeLoc>()) Next = A.getElementLoc();
      else if (auto F = Base.getAs<FunctionTypeLoc>()) Next = F.getReturnLoc();
      else if (auto Q = Base.getAs<QualifiedTypeLoc>()) Next = Q.getUnqualifiedLoc();
      else if (auto Pa = Base.getAs<ParenTypeLoc>()) Next = Pa.getInnerLoc();
      else if (auto At = Base.getAs<AttributedTypeLoc>()) Next = At.getModifiedLoc();
      else if (auto M = Base.getAs<MacroQualifiedTypeLoc>()) Next = M.getInnerLoc();
      else break;
      Base = Next;
    }
    unsigned SpecKey = T.SM.getFileLoc(Base.getBeginLoc()).getRawEncoding();
    bool IsRef = !RL.isNull();
    auto It = SpecifierUse.find(SpecKey);
    if (D && It != SpecifierUse.end() && It->second != IsRef) {
      T.error(DLoc,
              "this declaration shares its type specifier with declarators that "
              "are " + std::string(IsRef ? "not references" : "references"),
              "declare the references in a declaration of their own");
      return;
    }
    SpecifierUse[SpecKey] = IsRef;
    if (!IsRef)
      return;

    auto PL = RL.getWrappedLoc().getAs<PointerTypeLoc>();
    if (PL.isNull()) {
      T.error(RL.getBeginLoc(), "GR_REF/GR_WEAK must follow the '*' of a pointer type",
              "write 'struct T *GR_REF name'");
      return;
    }
    QualType Pointee = PL.getPointeeLoc().getType();
    const RecordType *RT = Pointee.getCanonicalType()->getAs<RecordType>();
    if (!RT || !isWeakable(RT->getDecl())) {
      T.error(PL.getStarLoc(),
              "GR_REF/GR_WEAK on a pointer to '" + Pointee.getAsString() +
                  "', which is not a GR_WEAKABLE struct",
              "mark the struct definition GR_WEAKABLE, or remove the annotation");
      return;
    }
    // The pointee must be the specifier itself: `struct T *GR_REF`.
    if (PL.getPointeeLoc().getUnqualifiedLoc().getBeginLoc() != Base.getBeginLoc()) {
      T.error(PL.getStarLoc(), "a reference to a pointer is not supported",
              "references point at GR_WEAKABLE structs only");
      return;
    }
    if (auto E = Base.getAs<ElaboratedTypeLoc>())
      if (E.getTypePtr()->getOwnedTagDecl() &&
          E.getTypePtr()->getOwnedTagDecl()->isThisDeclarationADefinition()) {
        T.error(DLoc,
                "a struct definition and a reference declared in one declaration",
                "define the struct first, then declare the reference separately");
        return;
      }
    SourceLocation AttrEnd = T.SM.getExpansionRange(RL.getAttr()->getLocation()).getEnd();
    SourceLocation Star = T.SM.getFileLoc(PL.getStarLoc());
    if (Base.getBeginLoc().isMacroID() || Star.isInvalid()) {
      T.error(DLoc, "the type of this reference is spelled inside a macro",
              "write the reference type without a macro, or use a typedef");
      return;
    }
    CharSourceRange StarToAttr = T.fileRange(SourceRange(Star, AttrEnd));
    if (SpecifierRewritten.count(SpecKey)) {
      // A later declarator of `struct T *GR_REF a, *GR_REF b;`
      T.Edits.replace(StarToAttr, "");
      return;
    }
    SpecifierRewritten.insert(SpecKey);
    CharSourceRange R = T.fileRange(SourceRange(Base.getBeginLoc(), AttrEnd));
    if (R.isInvalid() || StarToAttr.isInvalid()) {
      T.error(DLoc, "the type of this reference is spelled inside a macro",
              "write the reference type without a macro, or use a typedef");
      return;
    }
    T.Edits.replace(R, "gr_ref_t");
    if (D)
      removePointeeQualifiers(D, Base.getBeginLoc());
  }

  // `const struct T *GR_REF p`: the const qualified the pointee, which
  // gr_ref_t cannot express; left in place it would make p itself const.
  void removePointeeQualifiers(NamedDecl *D, SourceLocation TypeBegin) {
    SourceLocation Start;
    if (auto *DD = dyn_cast<DeclaratorDecl>(D))
      Start = DD->getOuterLocStart();
    else
      Start = D->getBeginLoc();
    Start = T.SM.getFileLoc(Start);
    if (Start.isInvalid() || !T.SM.isBeforeInTranslationUnit(Start, TypeBegin))
      return;
    SourceLocation L = Start;
    for (int Guard = 0; Guard < 64 && T.SM.isBeforeInTranslationUnit(L, TypeBegin); Guard++) {
      Token Tok;
      if (Lexer::getRawToken(L, Tok, T.SM, T.LO, true))
        return;
      if (Tok.is(tok::raw_identifier)) {
        StringRef S = Tok.getRawIdentifier();
        if (S == "const" || S == "volatile")
          T.Edits.replace(CharSourceRange::getCharRange(L, L.getLocWithOffset(Tok.getLength())),
                          "");
      }
      L = Lexer::getLocForEndOfToken(L, 0, T.SM, T.LO);
      // skip whitespace to the next token
      Token Next;
      if (Lexer::getRawToken(L, Next, T.SM, T.LO, true))
        return;
      L = Next.getLocation();
    }
  }

  // A declaration annotated in one place and not in a redeclaration.
  template <typename DeclT> void checkRedecls(DeclT *D) {
    const DeclT *Prev = D->getPreviousDecl();
    if (!Prev)
      return;
    // Compare the types as written: Clang merges redeclarations' types.
    auto Written = [](const DeclaratorDecl *X) {
      return X->getTypeSourceInfo() ? X->getTypeSourceInfo()->getType() : X->getType();
    };
    if (auto *FD = dyn_cast<FunctionDecl>(D)) {
      auto *PF = cast<FunctionDecl>(Prev);
      auto Ret = [](const FunctionDecl *F) {
        FunctionTypeLoc TL = F->getFunctionTypeLoc();
        return TL ? TL.getReturnLoc().getType() : F->getReturnType();
      };
      if (refKindOf(Ret(FD)) != refKindOf(Ret(PF)))
        mismatch(D, Prev, "return type");
      for (unsigned I = 0; I < FD->getNumParams() && I < PF->getNumParams(); I++)
        if (refKindOf(Written(FD->getParamDecl(I))) !=
            refKindOf(Written(PF->getParamDecl(I))))
          mismatch(D, Prev, "parameter " + std::to_string(I + 1));
    } else if (refKindOf(Written(D)) != refKindOf(Written(Prev))) {
      mismatch(D, Prev, "type");
    }
  }
  void mismatch(const NamedDecl *D, const NamedDecl *Prev, const std::string &What) {
    PresumedLoc P = T.SM.getPresumedLoc(Prev->getLocation());
    T.error(D->getLocation(),
            "'" + D->getNameAsString() + "' is declared with a different " + What +
                " annotation (GR_REF/GR_WEAK) than at " +
                (P.isValid() ? std::string(P.getFilename()) + ":" + std::to_string(P.getLine())
                             : std::string("its previous declaration")),
            "annotate every declaration of it the same way");
  }
};

//===----------------------------------------------------------------------===//
// Pass 2: expressions and statements
//===----------------------------------------------------------------------===//

class ExprPass : public RecursiveASTVisitor<ExprPass> {
public:
  explicit ExprPass(Transformer &T) : T(T) {}
  Transformer &T;

  bool shouldTraversePostOrder() const { return true; }

  // ---- uses of references, by their consumer ----
  bool VisitExpr(Expr *E) {
    if (isa<ParenExpr>(E) || isa<ImplicitCastExpr>(E) || !T.inUserCode(E->getBeginLoc()))
      return true;
    if (!T.isRefExpr(E))
      return true;
    const Expr *Op;
    const ImplicitCastExpr *Cast;
    DynTypedNode C = T.consumer(E, Op, Cast);
    if (Cast && Cast->getCastKind() == CK_PointerToBoolean) {
      T.boolWrap(Op);
      return true;
    }
    if (Cast && Cast->getCastKind() == CK_PointerToIntegral) {
      T.error(E->getBeginLoc(), "a reference converted to an integer",
              "convert a reference only to a pointer (it is checked then)");
      return true;
    }
    if (const auto *ME = C.get<MemberExpr>()) {
      if (ME->isArrow() && ME->getBase()->IgnoreParenImpCasts() == E->IgnoreParens())
        T.derefWrap(Op, ME->getOperatorLoc(), ME);
      return true;
    }
    if (const auto *UO = C.get<UnaryOperator>()) {
      switch (UO->getOpcode()) {
      case UO_Deref:
        T.derefWrap(Op, UO->getOperatorLoc(), UO);
        return true;
      case UO_AddrOf:
        return true;
      case UO_LNot:
        T.boolWrap(Op);
        return true;
      default:
        T.error(UO->getOperatorLoc(),
                "arithmetic on a reference ('" +
                    std::string(UnaryOperator::getOpcodeStr(UO->getOpcode())) + "')",
                "references cannot move; use an index into an array of objects, "
                "or a raw pointer for arithmetic");
        return true;
      }
    }
    if (const auto *BO = C.get<BinaryOperator>()) {
      switch (BO->getOpcode()) {
      case BO_Assign:
      case BO_EQ:
      case BO_NE:
      case BO_Comma:
        return true; // VisitBinaryOperator
      case BO_LAnd:
      case BO_LOr:
        T.boolWrap(Op);
        return true;
      default:
        T.error(BO->getOperatorLoc(),
                "operator '" + BO->getOpcodeStr().str() + "' on a reference",
                "references support =, ==, !=, !, && and ||; convert to a raw "
                "pointer for anything else");
        return true;
      }
    }
    if (const auto *CO = C.get<AbstractConditionalOperator>()) {
      if (CO->getCond()->IgnoreParenImpCasts() == E->IgnoreParenImpCasts())
        T.boolWrap(Op);
      return true; // arms: VisitAbstractConditionalOperator
    }
    if (C.get<CallExpr>() || C.get<ReturnStmt>() || C.get<VarDecl>() ||
        C.get<InitListExpr>() || C.get<CStyleCastExpr>() || C.get<UnaryExprOrTypeTraitExpr>() ||
        C.get<CompoundStmt>() || C.get<LabelStmt>() || C.get<CaseStmt>() ||
        C.get<DefaultStmt>() || C.get<DesignatedInitExpr>())
      return true; // converted by the consumer's own visit, or discarded
    if (const auto *IS = C.get<IfStmt>()) {
      if (IS->getCond()->IgnoreParenImpCasts() == E->IgnoreParenImpCasts()) T.boolWrap(Op);
      return true;
    }
    if (const auto *WS = C.get<WhileStmt>()) {
      if (WS->getCond()->IgnoreParenImpCasts() == E->IgnoreParenImpCasts()) T.boolWrap(Op);
      return true;
    }
    if (const auto *DS = C.get<DoStmt>()) {
      if (DS->getCond()->IgnoreParenImpCasts() == E->IgnoreParenImpCasts()) T.boolWrap(Op);
      return true;
    }
    if (const auto *FS = C.get<ForStmt>()) {
      if (FS->getCond() && FS->getCond()->IgnoreParenImpCasts() == E->IgnoreParenImpCasts())
        T.boolWrap(Op);
      return true;
    }
    if (C.get<ArraySubscriptExpr>()) {
      T.error(E->getBeginLoc(), "subscript on a reference",
              "a reference names one object; use an array of objects and a "
              "reference to each, or a raw pointer");
      return true;
    }
    if (C.get<GenericSelectionExpr>()) {
      T.error(E->getBeginLoc(), "a reference in _Generic",
              "genref cannot see the annotation through _Generic; select on a "
              "raw pointer instead");
      return true;
    }
    if (C.get<SwitchStmt>()) {
      T.error(E->getBeginLoc(), "a reference as a switch value", "compare with == instead");
      return true;
    }
    const char *Kind = C.getNodeKind().asStringRef().data();
    T.error(E->getBeginLoc(),
            std::string("a reference used in an unsupported construct (") + Kind + ")",
            "convert it to a raw pointer first (T *raw = ref;) or report this "
            "construct to the genref developers");
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (!T.inUserCode(BO->getOperatorLoc()))
      return true;
    const Expr *L = BO->getLHS(), *R = BO->getRHS();
    switch (BO->getOpcode()) {
    case BO_Assign:
      if (!BO->getType()->isPointerType() &&
          (carriesHeaders(BO->getType()) ||
           (T.Opts.mode == Mode::Normal && containsStrongRef(BO->getType(), T.Ctx)))) {
        structAssign(BO);
        return true;
      }
      T.convert(R, L->getType(), BO, BO->getOperatorLoc());
      if (T.Opts.mode == Mode::Normal && refKindOf(L->getType()) == RefKind::Ref &&
          inMemory(L))
        countedStore(BO);
      return true;
    case BO_EQ:
    case BO_NE:
      compare(BO);
      return true;
    case BO_AddAssign:
    case BO_SubAssign:
      if (T.isRefExpr(L))
        T.error(BO->getOperatorLoc(), "arithmetic on a reference ('" +
                                          BO->getOpcodeStr().str() + "')",
                "references cannot move; use an index, or a raw pointer");
      return true;
    default:
      return true;
    }
  }

  // A reference stored in memory (a field, a global or static, an array
  // element, through a pointer), as opposed to a local variable: normal
  // mode counts these.
  bool inMemory(const Expr *L) {
    L = L->IgnoreParenImpCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(L))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        return VD->hasGlobalStorage();
    return true;
  }

  void countedStore(BinaryOperator *BO) {
    CharSourceRange LR = T.fileRange(BO->getLHS()->getSourceRange());
    CharSourceRange RR = T.fileRange(BO->getRHS()->getSourceRange());
    CharSourceRange OpR = T.fileRange(SourceRange(BO->getOperatorLoc(), BO->getOperatorLoc()));
    if (LR.isInvalid() || RR.isInvalid() || OpR.isInvalid())
      return T.macroError(BO->getOperatorLoc());
    unsigned D = T.depth(BO);
    T.Edits.prefix(LR.getBegin(), "gr_ref_store(&(", D);
    T.Edits.replace(OpR, "),");
    T.Edits.suffix(RR.getEnd(), ")", D);
  }

  void compare(BinaryOperator *BO) {
    const Expr *L = BO->getLHS(), *R = BO->getRHS();
    bool LR = T.isRefExpr(L), RR = T.isRefExpr(R);
    if (!LR && !RR)
      return;
    bool Eq = BO->getOpcode() == BO_EQ;
    auto IsNull = [&](const Expr *E) {
      return E->IgnoreParenImpCasts()->isNullPointerConstant(
          T.Ctx, Expr::NPC_ValueDependentIsNotNull);
    };
    CharSourceRange OpR = T.fileRange(SourceRange(BO->getOperatorLoc(), BO->getOperatorLoc()));
    if (OpR.isInvalid()) {
      // `#define ISNULL(x) ((x) == 0)`: the operator is the macro's; compare
      // addresses instead, which needs edits on the operands only.
      if (LR)
        T.wrap(L, "gr_ref_unchecked(", ")");
      if (RR)
        T.wrap(R, "gr_ref_unchecked(", ")");
      return;
    }
    unsigned D = T.depth(BO);
    if (LR && RR) {
      CharSourceRange LRg = T.fileRange(L->getSourceRange()), RRg = T.fileRange(R->getSourceRange());
      if (LRg.isInvalid() || RRg.isInvalid())
        return T.macroError(BO->getOperatorLoc());
      T.Edits.prefix(LRg.getBegin(), Eq ? "gr_ref_eq(" : "(!gr_ref_eq(", D);
      T.Edits.replace(OpR, ",");
      T.Edits.suffix(RRg.getEnd(), Eq ? ")" : "))", D);
      return;
    }
    const Expr *Ref = LR ? L : R, *Other = LR ? R : L;
    if (IsNull(Other)) {
      // p == NULL  ->  gr_ref_is_null(p)
      CharSourceRange RefR = T.fileRange(Ref->getSourceRange());
      CharSourceRange OthR = T.fileRange(Other->getSourceRange());
      if (RefR.isInvalid() || OthR.isInvalid())
        return T.macroError(BO->getOperatorLoc());
      if (LR) {
        T.Edits.prefix(RefR.getBegin(), Eq ? "gr_ref_is_null(" : "(!gr_ref_is_null(", D);
        T.Edits.replace(CharSourceRange::getCharRange(OpR.getBegin(), OthR.getEnd()),
                        Eq ? ")" : "))");
      } else {
        T.Edits.replace(CharSourceRange::getCharRange(OthR.getBegin(), OpR.getEnd()),
                        Eq ? "gr_ref_is_null(" : "(!gr_ref_is_null(");
        T.Edits.suffix(RefR.getEnd(), Eq ? ")" : "))", D);
      }
      return;
    }
    // A reference and a raw pointer: compare addresses, no check needed.
    T.wrap(Ref, "gr_ref_unchecked(", ")");
  }

  void structAssign(BinaryOperator *BO) {
    HeaderLayout HL = carriesHeaders(BO->getType()) ? layoutOf(BO->getType(), T.Ctx, false)
                                                    : HeaderLayout();
    if (!carriesHeaders(BO->getType()))
      HL.none = true;
    HeaderLayout RL = refLayoutOf(BO->getType(), T.Ctx, false);
    if (!HL.ok || !RL.ok) {
      T.error(BO->getOperatorLoc(), "assignment of a weakable struct: " + HL.error,
              "give the struct a tag or a typedef name");
      return;
    }
    CharSourceRange LR = T.fileRange(BO->getLHS()->getSourceRange());
    CharSourceRange RR = T.fileRange(BO->getRHS()->getSourceRange());
    CharSourceRange OpR = T.fileRange(SourceRange(BO->getOperatorLoc(), BO->getOperatorLoc()));
    if (LR.isInvalid() || RR.isInvalid() || OpR.isInvalid())
      return T.macroError(BO->getOperatorLoc());
    unsigned D = T.depth(BO);
    // As a statement its value is unused: say so, or gcc warns.
    auto Ps = T.Ctx.getParents(*BO);
    bool Statement = !Ps.empty() && !Ps[0].get<Expr>() && !Ps[0].get<VarDecl>();
    // The generation is identity: copy the fields, never the header.
    std::string Macro = "GR_ASSIGN(" + (HL.none ? std::string("GR_LAYOUT_NONE") : HL.argument()) + ", ";
    if (T.Opts.mode == Mode::Normal && !RL.none)
      Macro = "GR_ASSIGN_NORMAL(" + (HL.none ? std::string("GR_LAYOUT_NONE") : HL.argument()) +
              ", " + RL.argument() + ", ";
    T.Edits.prefix(LR.getBegin(), std::string(Statement ? "(void)" : "") + Macro, D);
    T.Edits.replace(OpR, ",");
    T.Edits.suffix(RR.getEnd(), ")", D);
  }

  bool VisitAbstractConditionalOperator(AbstractConditionalOperator *CO) {
    if (!T.inUserCode(CO->getBeginLoc()) || !T.isRefExpr(CO))
      return true;
    QualType Dst = T.refPointeeOfExpr(CO);
    // Each arm must be a reference: convert the raw ones (NULL, malloc...).
    for (const Expr *Arm : {CO->getTrueExpr(), CO->getFalseExpr()}) {
      if (T.isRefExpr(Arm))
        continue;
      const Expr *Inner = Arm->IgnoreParenImpCasts();
      if (Inner->isNullPointerConstant(T.Ctx, Expr::NPC_ValueDependentIsNotNull))
        T.replaceExpr(Arm, "gr_ref_null()");
      else if (T.isFreshAllocation(Inner))
        T.wrap(Arm, "gr_ref_from_new(", ")");
      else
        T.wrap(Arm, "gr_ref_make(", ", " + T.site(Arm->getBeginLoc(), CO, Dst) + ")");
    }
    return true;
  }

  bool VisitReturnStmt(ReturnStmt *RS) {
    if (!RS->getRetValue() || !T.inUserCode(RS->getBeginLoc()))
      return true;
    const FunctionDecl *FD = T.enclosingFunction(RS);
    if (FD)
      T.convert(RS->getRetValue(), FD->getReturnType(), RS, RS->getRetValue()->getBeginLoc());
    return true;
  }

  bool TraverseVarDecl(VarDecl *VD) {
    bool R = RecursiveASTVisitor::TraverseVarDecl(VD);
    if (VD->hasInit() && T.inUserCode(VD->getLocation()) &&
        !isa<InitListExpr>(VD->getInit()->IgnoreImplicit()))
      T.convert(VD->getInit(), VD->getType(), VD->getInit(), VD->getInit()->getBeginLoc());
    return R;
  }

  bool VisitInitListExpr(InitListExpr *ILE) {
    if (!T.inUserCode(ILE->getBeginLoc()))
      return true;
    InitListExpr *Sem = ILE->isSemanticForm() ? ILE : ILE->getSemanticForm();
    InitListExpr *Syn = ILE->isSyntacticForm() ? ILE : ILE->getSyntacticForm();
    if (!Sem || (Syn && Syn != ILE))
      return true; // visit each list once, through its syntactic form
    QualType Ty = Sem->getType();
    if (const auto *RT = Ty->getAs<RecordType>()) {
      const RecordDecl *RD = RT->getDecl()->getDefinition();
      if (RD && T.NewlyWeakable.count(RD) && Sem->getNumInits() > 0) {
        if (Sem->getLBraceLoc().isInvalid() || (Syn && Syn->getLBraceLoc().isInvalid())) {
          T.error(Sem->getBeginLoc(),
                  "the initializer of a weakable struct relies on brace elision",
                  "put the weakable struct's initializer in its own braces");
        } else {
          const InitListExpr *Src = Syn ? Syn : Sem;
          if (Src->getNumInits() > 0 && !isa<DesignatedInitExpr>(Src->getInit(0))) {
            CharSourceRange R = T.fileRange(SourceRange(Src->getLBraceLoc(), Src->getLBraceLoc()));
            if (R.isValid())
              T.Edits.suffix(R.getEnd(), " GR_HEADER_STATIC_INIT,", 0);
            else
              T.macroError(Src->getLBraceLoc());
          }
        }
      }
      if (RD && !RD->isUnion()) {
        unsigned I = 0;
        for (const FieldDecl *F : RD->fields()) {
          if (I >= Sem->getNumInits())
            break;
          const Expr *E = Sem->getInit(I++);
          if (isa<ImplicitValueInitExpr>(E) || isa<InitListExpr>(E->IgnoreImplicit()))
            continue;
          T.convert(E, F->getType(), E, E->getBeginLoc());
        }
      }
    } else if (const ArrayType *AT = T.Ctx.getAsArrayType(Ty)) {
      for (unsigned I = 0; I < Sem->getNumInits(); I++) {
        const Expr *E = Sem->getInit(I);
        if (isa<ImplicitValueInitExpr>(E) || isa<InitListExpr>(E->IgnoreImplicit()))
          continue;
        T.convert(E, AT->getElementType(), E, E->getBeginLoc());
      }
    } else if (Sem->getNumInits() == 1) {
      T.convert(Sem->getInit(0), Ty, Sem->getInit(0), Sem->getBeginLoc());
    }
    return true;
  }

  bool VisitCStyleCastExpr(CStyleCastExpr *CE) {
    if (!T.inUserCode(CE->getBeginLoc()))
      return true;
    QualType Dst = CE->getTypeInfoAsWritten()->getType();
    const Expr *Sub = CE->getSubExpr();
    bool DstRef = refKindOf(Dst) != RefKind::None, SrcRef = T.isRefExpr(Sub);
    if (DstRef) {
      // `(struct T *GR_REF)x`: the cast's text goes; x becomes a reference.
      CharSourceRange R = T.fileRange(SourceRange(CE->getLParenLoc(), CE->getRParenLoc()));
      if (R.isInvalid())
        return T.macroError(CE->getBeginLoc()), true;
      T.Edits.replace(R, "");
      if (!SrcRef)
        T.convert(Sub, Dst, CE, CE->getBeginLoc());
      return true;
    }
    if (SrcRef) {
      if (Dst->isIntegerType() && !Dst->isBooleanType())
        T.error(CE->getBeginLoc(), "a reference cast to an integer type",
                "references cannot become integers; cast a raw pointer instead");
      else
        T.convert(Sub, Dst, CE, CE->getBeginLoc());
    }
    return true;
  }

  // ---- calls: allocation, free, copies, gr_alive, arguments ----
  bool VisitCallExpr(CallExpr *CE) {
    if (!T.inUserCode(CE->getBeginLoc()))
      return true;
    const FunctionDecl *FD = CE->getDirectCallee();
    if (isNamed(FD, {"__genref_alive"}))
      return alive(CE), true;
    if (isNamed(FD, {"free"}) && CE->getNumArgs() == 1 && freeCall(CE))
      return true;
    if (isNamed(FD, {"malloc", "calloc", "realloc"}))
      allocation(CE, FD->getName());
    if (isNamed(FD, {"memcpy", "memmove", "memset"}) && CE->getNumArgs() == 3)
      objectCopy(CE, FD->getName());
    if (CE->getCallee()->getType()->isPointerType() ||
        CE->getCallee()->getType()->isFunctionType())
      arguments(CE);
    return true;
  }

  void arguments(CallExpr *CE) {
    QualType CT = CE->getCallee()->getType();
    if (const auto *PT = CT->getAs<PointerType>())
      CT = PT->getPointeeType();
    const auto *FPT = CT->getAs<FunctionProtoType>();
    // Parameters keep their annotation in the declaration the call sees.
    const FunctionDecl *FD = CE->getDirectCallee();
    for (unsigned I = 0; I < CE->getNumArgs(); I++) {
      const Expr *A = CE->getArg(I);
      QualType P;
      if (FD && I < FD->getNumParams())
        P = FD->getParamDecl(I)->getType();
      else if (FPT && I < FPT->getNumParams())
        P = FPT->getParamType(I);
      if (P.isNull()) {
        // Variadic or unprototyped: the callee sees a raw pointer.
        if (T.isRefExpr(A))
          T.unwrapTo(A, A->getBeginLoc(), CE);
        continue;
      }
      T.convert(A, P, CE, A->getBeginLoc());
    }
  }

  void alive(CallExpr *CE) {
    SourceLocation Name = T.SM.getExpansionLoc(CE->getBeginLoc());
    if (CE->getNumArgs() != 1)
      return;
    const Expr *A = CE->getArg(0)->IgnoreParenImpCasts();
    CharSourceRange NR = CharSourceRange::getCharRange(Name, Name.getLocWithOffset(8));
    if (T.isRefExpr(A))
      T.Edits.replace(NR, "gr_ref_alive");
    else
      T.Edits.replace(NR, "0 != "); // a raw pointer: non-null, as without genref
  }

  // Where does the void * of malloc/calloc/realloc go? The pointee type.
  QualType allocationTarget(const CallExpr *CE) {
    const Expr *Op;
    const ImplicitCastExpr *Cast;
    DynTypedNode C = T.consumer(CE, Op, Cast);
    if (Cast && Cast->getType()->isPointerType() && !Cast->getType()->isVoidPointerType())
      return Cast->getType()->getPointeeType();
    if (const auto *CS = C.get<CStyleCastExpr>())
      if (CS->getType()->isPointerType())
        return CS->getTypeInfoAsWritten()->getType()->getPointeeType();
    QualType Dst;
    if (const auto *BO = C.get<BinaryOperator>()) {
      if (BO->getOpcode() == BO_Assign)
        Dst = BO->getLHS()->getType();
    } else if (const auto *VD = C.get<VarDecl>()) {
      Dst = VD->getType();
    }
    if (!Dst.isNull()) {
      if (QualType P = refPointee(Dst); !P.isNull())
        return P;
      if (const auto *PT = Dst->getAs<PointerType>())
        return PT->getPointeeType();
    }
    return QualType();
  }

  bool isSizeofOf(const Expr *E, QualType Ty) {
    E = E->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryExprOrTypeTraitExpr>(E))
      return U->getKind() == UETT_SizeOf &&
             T.Ctx.hasSameUnqualifiedType(U->getTypeOfArgument(), Ty);
    return false;
  }

  // `sizeof(struct T)` or `sizeof *p` somewhere in a size argument: the
  // allocation is for T even when its result goes through a void * wrapper.
  QualType sizeofType(const Expr *E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryExprOrTypeTraitExpr>(E))
      return U->getKind() == UETT_SizeOf ? U->getTypeOfArgument() : QualType();
    if (const auto *BO = dyn_cast<BinaryOperator>(E))
      if (BO->getOpcode() == BO_Mul || BO->getOpcode() == BO_Add) {
        QualType L = sizeofType(BO->getLHS());
        return L.isNull() ? sizeofType(BO->getRHS()) : L;
      }
    return QualType();
  }

  void allocation(CallExpr *CE, StringRef Name) {
    QualType Ty = allocationTarget(CE);
    if (Ty.isNull() || Ty->isVoidType() || !carriesHeaders(Ty)) {
      // No typed destination (a void * wrapper): decide by the size.
      Ty = QualType();
      for (const Expr *A : CE->arguments())
        if (QualType S = sizeofType(A); !S.isNull() && carriesHeaders(S))
          Ty = S;
    }
    if (Ty.isNull() || !carriesHeaders(Ty))
      return;
    bool Single = false;
    if (Name == "malloc" && CE->getNumArgs() == 1)
      Single = isSizeofOf(CE->getArg(0), Ty);
    else if (Name == "calloc" && CE->getNumArgs() == 2) {
      Expr::EvalResult R;
      Single = isSizeofOf(CE->getArg(1), Ty) &&
               CE->getArg(0)->EvaluateAsInt(R, T.Ctx) && R.Val.getInt() == 1;
    } else if (Name == "realloc" && CE->getNumArgs() == 2)
      Single = isSizeofOf(CE->getArg(1), Ty);
    HeaderLayout HL = layoutOf(Ty, T.Ctx, !Single);
    if (!HL.ok) {
      T.error(CE->getBeginLoc(), "allocation of a weakable object: " + HL.error,
              "give the struct a tag or a typedef name");
      return;
    }
    std::string Callee = Name == "malloc" ? "gr_alloc" : Name == "calloc" ? "gr_calloc" : "gr_realloc";
    // Normal mode: a new object's reference fields hold no reference.
    if (Name == "malloc" && T.Opts.mode == Mode::Normal && containsStrongRef(Ty, T.Ctx))
      Callee = "gr_alloc_zeroed";
    std::string Extra = ", " + HL.argument();
    if (Name == "realloc")
      Extra += ", " + T.site(CE->getBeginLoc(), CE, Ty);
    if (!T.replaceToken(CE->getCallee()->getBeginLoc(), Callee))
      return;
    CharSourceRange RP = T.fileRange(SourceRange(CE->getRParenLoc(), CE->getRParenLoc()));
    if (RP.isInvalid())
      return T.macroError(CE->getRParenLoc());
    T.Edits.suffix(RP.getBegin(), Extra, 0); // after the last argument's own edits
  }

  bool freeCall(CallExpr *CE) {
    const Expr *A = CE->getArg(0);
    const Expr *Inner = A->IgnoreParenImpCasts();
    std::string Fn;
    QualType Pointee = T.refPointeeOfExpr(Inner);
    if (T.isRefExpr(Inner))
      Fn = "gr_ref_free";
    else if (Inner->getType()->isPointerType() &&
             carriesHeaders(Inner->getType()->getPointeeType()))
      Fn = "gr_free";
    else
      return false;
    std::string Extra = ", " + T.site(CE->getBeginLoc(), CE, Pointee);
    if (T.Opts.mode == Mode::Normal) {
      // Release what the object holds and report references to it.
      HeaderLayout RL = refLayoutOf(Pointee, T.Ctx, false);
      std::string Name = spellType(Pointee.getUnqualifiedType(), T.Ctx);
      if (!RL.ok || Name.empty()) {
        T.error(CE->getBeginLoc(), "free of a weakable object: " +
                                       (RL.ok ? std::string("its type has no name") : RL.error),
                "give the struct a tag or a typedef name");
        return true;
      }
      Fn += "_normal";
      Extra = ", sizeof(" + Name + "), " + RL.argument() + Extra;
    }
    if (!T.replaceToken(CE->getCallee()->getBeginLoc(), Fn))
      return true;
    CharSourceRange RP = T.fileRange(SourceRange(CE->getRParenLoc(), CE->getRParenLoc()));
    if (RP.isInvalid())
      return T.macroError(CE->getRParenLoc()), true;
    T.Edits.suffix(RP.getBegin(), Extra, 0);
    return true;
  }

  void objectCopy(CallExpr *CE, StringRef Name) {
    const Expr *Dst = CE->getArg(0)->IgnoreParenImpCasts();
    QualType P = T.isRefExpr(Dst) ? T.refPointeeOfExpr(Dst)
                 : Dst->getType()->isPointerType() ? Dst->getType()->getPointeeType()
                                                   : QualType();
    if (T.Opts.mode == Mode::Normal && !P.isNull() && Name != "memset" &&
        containsStrongRef(P, T.Ctx))
      T.warning(CE->getBeginLoc(),
                Name.str() + " copies GR_REF references that normal mode cannot count",
                "assign the struct (a = b) or the references one by one instead, "
                "so dangling references are still found at free");
    if (P.isNull() || !carriesHeaders(P))
      return;
    HeaderLayout HL = layoutOf(P, T.Ctx, true);
    if (!HL.ok) {
      T.error(CE->getBeginLoc(), "copy of a weakable object: " + HL.error,
              "give the struct a tag or a typedef name");
      return;
    }
    // Generations are identity: copies and fills leave the headers alone.
    if (!T.replaceToken(CE->getCallee()->getBeginLoc(),
                        Name == "memset" ? "gr_fill_object" : "gr_copy_object"))
      return;
    CharSourceRange RP = T.fileRange(SourceRange(CE->getRParenLoc(), CE->getRParenLoc()));
    if (RP.isValid())
      T.Edits.suffix(RP.getBegin(), ", " + HL.argument(), 0);
  }

  // ---- stack objects ----
  bool VisitDeclStmt(DeclStmt *DS) {
    if (!T.inUserCode(DS->getBeginLoc()))
      return true;
    std::string Frames;
    for (Decl *D : DS->decls()) {
      auto *VD = dyn_cast<VarDecl>(D);
      if (!VD || !VD->hasLocalStorage() || isa<ParmVarDecl>(VD) || !needsFrame(VD))
        continue;
      Frames += frameFor(VD, DS);
    }
    if (Frames.empty())
      return true;
    auto Ps = T.Ctx.getParents(*DS);
    if (!Ps.empty() && Ps[0].get<ForStmt>()) {
      T.error(DS->getBeginLoc(), "a weakable object declared in a for-loop header",
              "declare it before the loop");
      return true;
    }
    CharSourceRange R = T.fileRange(SourceRange(DS->getEndLoc(), DS->getEndLoc()));
    if (R.isInvalid())
      return T.macroError(DS->getBeginLoc()), true;
    if (!T.followedByFrame(R.getEnd())) // rewritten before: idempotent
      T.Edits.suffix(R.getEnd(), Frames, 0);
    return true;
  }

  // A weakable object (headers to give life), or in normal mode a struct
  // holding counted references (to release at scope end).
  bool needsFrame(const VarDecl *VD) {
    if (carriesHeaders(VD->getType()))
      return true;
    return T.Opts.mode == Mode::Normal && refKindOf(VD->getType()) == RefKind::None &&
           containsStrongRef(VD->getType(), T.Ctx);
  }

  std::string frameFor(VarDecl *VD, const Stmt *At) {
    bool Headers = carriesHeaders(VD->getType());
    HeaderLayout HL = Headers ? layoutOf(VD->getType(), T.Ctx, false) : HeaderLayout();
    HeaderLayout RL = refLayoutOf(VD->getType(), T.Ctx, false);
    if (!HL.ok || !RL.ok) {
      T.error(VD->getLocation(), "object on the stack: " + (HL.ok ? RL.error : HL.error),
              "give the struct a tag or a typedef name");
      return "";
    }
    std::string LayoutArg = Headers ? HL.argument() : std::string("GR_LAYOUT_NONE");
    PresumedLoc P = T.SM.getPresumedLoc(T.SM.getExpansionLoc(VD->getLocation()));
    std::string Name = VD->getName().str();
    std::string FrameVar = "__gr_frame_" + Name + "_" + std::to_string(P.isValid() ? P.getLine() : 0);
    // Lifetime: fresh generations now, dead ones at any exit of the scope.
    if (T.Opts.mode == Mode::Normal && !RL.none)
      return " gr_stack_frame_t " + FrameVar +
             " __attribute__((cleanup(gr_stack_frame_end_normal))) = "
             "gr_stack_frame_begin_normal(&" + Name + ", sizeof " + Name + ", " +
             LayoutArg + ", " + RL.argument() + ", " +
             (VD->hasInit() || isa<ParmVarDecl>(VD) ? "1" : "0") + ", " +
             T.site(VD->getLocation(), At, VD->getType()) + ");";
    if (T.Opts.mode == Mode::Normal && Headers)
      return " gr_stack_frame_t " + FrameVar +
             " __attribute__((cleanup(gr_stack_frame_end_normal))) = "
             "gr_stack_frame_begin_normal(&" + Name + ", sizeof " + Name + ", " +
             LayoutArg + ", (gr_layout_t *)0, 1, " +
             T.site(VD->getLocation(), At, VD->getType()) + ");";
    return " gr_stack_frame_t " + FrameVar +
           " __attribute__((cleanup(gr_stack_frame_end))) = gr_stack_frame_begin(&" +
           Name + ", sizeof " + Name + ", " + LayoutArg + ");";
  }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (!FD->doesThisDeclarationHaveABody() || !T.inUserCode(FD->getLocation()))
      return true;
    std::string Frames;
    for (ParmVarDecl *P : FD->parameters())
      if (needsFrame(P) && P->getIdentifier())
        Frames += frameFor(P, FD->getBody());
    if (Frames.empty())
      return true;
    auto *Body = dyn_cast<CompoundStmt>(FD->getBody());
    if (!Body)
      return true;
    CharSourceRange R = T.fileRange(SourceRange(Body->getLBracLoc(), Body->getLBracLoc()));
    if (R.isValid() && !T.followedByFrame(R.getEnd()))
      T.Edits.suffix(R.getEnd(), Frames, 0);
    return true;
  }
};

} // namespace

// The translation unit's record for the whitelist and genref-audit
// (runtime/src/policy.c reads it): appended after the last line.
static void appendRecord(Transformer &T) {
  SourceManager &SM = T.SM;
  FileID Main = SM.getMainFileID();
  StringRef Text = SM.getBufferData(Main);
  if (Text.contains("__gr_tu_record[]"))
    return; // rewritten before
  std::string Src = "<stdin>";
  if (auto FE = SM.getFileEntryRefForID(Main)) {
    llvm::SmallString<256> Abs(FE->getName());
    llvm::sys::fs::make_absolute(Abs);
    llvm::sys::path::remove_dots(Abs, true);
    Src = std::string(Abs);
  }
  std::string Unchecked;
  for (const std::string &U : T.UncheckedUsed)
    Unchecked += (Unchecked.empty() ? "" : ", ") + U;
  auto Esc = [](const std::string &In) {
    std::string O;
    for (char C : In) {
      if (C == '"' || C == '\\')
        O += '\\';
      if (C == '\t' || C == '\n')
        C = ' ';
      O += C;
    }
    return O;
  };
  std::string Rec =
      std::string(Text.ends_with("\n") || Text.empty() ? "" : "\n") +
      "static const char __gr_tu_record[] __attribute__((section(\"genref_tus\"), "
      "used, aligned(1))) = \"GRTU1\\tmode=" + modeName(T.Opts.mode) +
      "\\tlayout=\" GENREF_LAYOUT_NAME \"\\tunchecked=" + Esc(Unchecked) +
      "\\tsrc=" + Esc(Src) + "\\n\"; "
      "extern const char __genref_runtime_anchor; "
      "static const char *const __gr_runtime_anchor __attribute__((used)) = "
      "&__genref_runtime_anchor;\n";
  T.Edits.suffix(SM.getLocForEndOfFile(Main), Rec, 0);
}

std::vector<Diag> transformTranslationUnit(ASTContext &Ctx, Rewriter &R,
                                           const Options &Opts) {
  Transformer T(Ctx, Opts);
  DeclPass(T).TraverseDecl(Ctx.getTranslationUnitDecl());
  ExprPass(T).TraverseDecl(Ctx.getTranslationUnitDecl());
  bool HasError = false;
  for (const Diag &D : T.Diags)
    HasError |= D.isError;
  if (!HasError && !T.Edits.empty())
    appendRecord(T);
  if (!HasError && !T.Edits.apply(R))
    T.Diags.push_back({SourceLocation(), true,
                       "genref: internal error: an edit could not be applied",
                       "please report this translation unit to the genref developers"});
  return std::move(T.Diags);
}

} // namespace genref
