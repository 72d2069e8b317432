//===- ClassifyExprs.cpp - uses of references, calls, stack objects --------===//
//
// The expression walk (post-order): each use of a reference is classified
// by its consumer, each conversion into a reference by where it goes, and
// each call by what it does to objects. Sites go to the sink in walk order.
//
//===----------------------------------------------------------------------===//
#include "engine/Classify.h"
#include "engine/ClassifyShared.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <map>

using namespace clang;

namespace genref {

// `&*r` has r's type in Clang's AST, but after the rewrite it is the
// address the checked dereference produced: a raw pointer.
static RefValue addressOf(const Expr *E) {
  RefValue R;
  if (const auto *PT = E->getType()->getAs<PointerType>())
    R.pointee = PT->getPointeeType();
  return R;
}

RefValue refValue(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_AddrOf)
    return addressOf(E);
  if (RefKind K = refKindOf(E->getType()); K != RefKind::None)
    return {true, K, refPointee(E->getType())};
  if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E)) {
    RefValue A = refValue(CO->getTrueExpr()), B = refValue(CO->getFalseExpr());
    RefValue R;
    R.isRef = A.isRef || B.isRef;
    R.kind = A.kind == RefKind::Weak || B.kind == RefKind::Weak ? RefKind::Weak
             : A.kind != RefKind::None                          ? A.kind
                                                                : B.kind;
    R.pointee = A.pointee.isNull() ? B.pointee : A.pointee;
    return R;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    if (BO->getOpcode() == BO_Comma || BO->getOpcode() == BO_Assign)
      return refValue(BO->getOpcode() == BO_Comma ? BO->getRHS() : BO->getLHS());
  RefValue R;

  if (E->getType().isNull())
    return R; // a static assertion's message
  if (const auto *PT = E->getType()->getAs<PointerType>())
    R.pointee = PT->getPointeeType();
  return R;
}

bool isRef(const Expr *E) { return E && refValue(E).isRef; }

bool isNullConstant(const Expr *E, ASTContext &Ctx) {
  return E->IgnoreParenImpCasts()->isNullPointerConstant(Ctx,
                                                         Expr::NPC_ValueDependentIsNotNull);
}

bool isFreshAllocation(const Expr *E) {
  E = E->IgnoreParenCasts();
  if (const auto *CE = dyn_cast<CallExpr>(E))
    return isNamed(CE->getDirectCallee(),
                   {"malloc", "calloc", "realloc", "gr_alloc", "gr_calloc", "gr_realloc"});
  return false;
}

namespace {

class ExprPass : public RecursiveASTVisitor<ExprPass>, public Conversions {
public:
  ExprPass(Unit &U, SiteSink &Sink) : T(U), Sink(Sink) {}
  Unit &T;
  SiteSink &Sink;
  // `&r[i]`: r's check, held back until the walk reaches what consumes the
  // address. Made a reference, `&r[i]` is `r + i` after the check
  // (ElemRef); anything else gets the subscript's check (flush()).
  llvm::MapVector<const ArraySubscriptExpr *, Site> PendingElems;
  // The `0` of a `{ 0 }` initializer (C's zero-initializer idiom). Left
  // as written: it zero-initializes the first reference as it did the
  // pointer (brace elision into gr_ref_t), and clang exempts exactly
  // `{ 0 }` from -Wmissing-field-initializers and -Wmissing-braces, which
  // `{ gr_ref_null() }` is not (an error under -Wextra -Werror).
  llvm::SmallPtrSet<const Expr *, 8> ZeroIdiom;

  void flush() {
    for (auto &P : PendingElems)
      Sink.add(P.second);
    PendingElems.clear();
  }

  // &r[i], every token of it in the file (a macro's text keeps the
  // subscript's check and the runtime's lookup).
  const UnaryOperator *elementAddress(const ArraySubscriptExpr *AS) {
    const auto *UO = T.Parents.parent(DynTypedNode::create(*AS)).get<UnaryOperator>();
    if (!UO || UO->getOpcode() != UO_AddrOf)
      return nullptr;
    for (SourceLocation L : {UO->getOperatorLoc(), AS->getBase()->getEndLoc(),
                             AS->getRBracketLoc(), AS->getIdx()->getBeginLoc()})
      if (!L.isFileID())
        return nullptr;
    return UO;
  }

  bool shouldTraversePostOrder() const { return true; }

  Site site(SiteKind K, const Expr *E, const Stmt *Ctxt = nullptr,
            SourceLocation At = SourceLocation()) {
    Site S;
    S.kind = K;
    S.expr = E;
    S.context = Ctxt ? Ctxt : E;
    S.at = At.isValid() ? At : E->getBeginLoc();
    return S;
  }

  // ---- uses of a reference ----
  // A site that uses the reference Op: what it points at, whether it is
  // GR_WEAK, the declaration it names (for GR_CHECKED / GR_UNCHECKED).
  Site useSite(SiteKind K, const Expr *Op, const Stmt *Ctxt, SourceLocation At) {
    RefValue V = refValue(Op);
    Site S = site(K, Op, Ctxt, At);
    S.type = V.pointee;
    S.ref = V.kind == RefKind::None ? RefKind::Ref : V.kind;
    const Expr *E = Op->IgnoreParenImpCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      S.named = DRE->getDecl();
    else if (const auto *ME = dyn_cast<MemberExpr>(E))
      S.named = ME->getMemberDecl();
    S.unevaluated = T.Parents.isUnevaluated(Ctxt);
    return S;
  }
  void deref(const Expr *Op, SourceLocation At, const Stmt *Ctxt) {
    Sink.add(useSite(SiteKind::Deref, Op, Ctxt, At));
  }
  void toBool(const Expr *Op) { Sink.add(site(SiteKind::ToBool, Op)); }
  void toRawTyped(const Expr *Op, SourceLocation At, const Stmt *Ctxt) override {
    Site S = useSite(SiteKind::ToRaw, Op, Ctxt, At);
    S.typedRaw = true;
    Sink.add(S);
  }
  void toRaw(const Expr *Op, SourceLocation At, const Stmt *Ctxt) override {
    Site S = useSite(SiteKind::ToRaw, Op, Ctxt, At);
    // Initializers pass the operand itself as the context; an assignment
    // passes its operator.
    const auto *BO = dyn_cast_or_null<BinaryOperator>(Ctxt);
    S.intoStorage = Ctxt == Op || (BO && BO->getOpcode() == BO_Assign);
    Sink.add(S);
  }
  // `struct list head = { &head, &head };` (LIST_HEAD_INIT), or
  // `struct list x, y = { &x };`: a reference to a block-scope object made
  // inside the declaration statement that declares it. The object's
  // lifetime begins (its frame) after that statement, so the reference
  // would take the generation of memory no object lives in: unequal to
  // `&head` made later, and never stale after the function returns. An
  // error with the way out; true when reported.
  bool madeInOwnDeclaration(const Expr *Inner, SourceLocation At) {
    const auto *UO = dyn_cast<UnaryOperator>(Inner);
    if (!UO || UO->getOpcode() != UO_AddrOf)
      return false;
    const Expr *B = UO->getSubExpr()->IgnoreParens();
    while (true) {
      if (const auto *ME = dyn_cast<MemberExpr>(B); ME && !ME->isArrow())
        B = ME->getBase()->IgnoreParens();
      else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(B);
               AS && AS->getBase()->IgnoreParenImpCasts()->getType()->isArrayType())
        B = AS->getBase()->IgnoreParenImpCasts();
      else
        break;
    }
    const auto *DRE = dyn_cast<DeclRefExpr>(B);
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (!VD || !VD->hasLocalStorage())
      return false;
    const auto *DS = T.Parents.parent(DynTypedNode::create(*VD)).get<DeclStmt>();
    if (!DS)
      return false;
    SourceLocation L = T.SM.getExpansionLoc(UO->getBeginLoc());
    SourceLocation Begin = T.SM.getExpansionLoc(DS->getBeginLoc());
    SourceLocation End = T.SM.getExpansionLoc(DS->getEndLoc());
    if (T.SM.isBeforeInTranslationUnit(L, Begin) || T.SM.isBeforeInTranslationUnit(End, L))
      return false;
    T.error(At,
            "a reference to '" + VD->getName().str() +
                "' made in the declaration that declares it: its lifetime begins "
                "after the declaration",
            "declare '" + VD->getName().str() +
                "' first and assign the reference in a statement after it "
                "(`struct list head; head.next = &head;`)");
    return true;
  }

  void intoRef(const Expr *Op, const Stmt *Ctxt, SourceLocation At, QualType Pointee,
               bool StaticInit) {
    const Expr *Inner = Op->IgnoreParenImpCasts();
    if (ZeroIdiom.count(Inner))
      return;
    if (isNullConstant(Inner, T.Ctx)) {
      Site S = site(SiteKind::NullRef, Op, Ctxt, At);
      // An element of a braced initializer takes the constant form too:
      // C89 wants an aggregate's initializers constant even for automatic
      // objects (`struct pair p = { NULL, NULL };` is C89; with
      // gr_ref_null() calls it was an error under -pedantic -Werror).
      // In a list whose braces are elided (`struct outer o = { NULL,
      // NULL, 1 }`) a brace would start the next subobject: there the
      // scalars' form (GR_REF_NULL_ELIDED, convertElem) wins.
      S.staticInit = StaticInit || T.Parents.parent(DynTypedNode::create(*Op)).get<InitListExpr>();
      S.elidedInit = InElided;
      Sink.add(S);
      return;
    }
    if (StaticInit) {
      T.error(At, "a reference with static storage can only be initialized with NULL",
              "initialize it to NULL and assign it at run time");
      return;
    }
    // The rewriter sends allocations of weakable types to gr_alloc, whose
    // result is known to be an object's start; any other allocation (of
    // chars, of a plain struct) is made a reference through the runtime,
    // which finds its header (or, under a sanitizer's malloc, none).
    if (isFreshAllocation(Inner) && carriesHeaders(Pointee)) {
      Sink.add(site(SiteKind::FromNew, Op, Ctxt, At));
      return;
    }
    if (madeInOwnDeclaration(Inner, At))
      return;
    if (const auto *UO = dyn_cast<UnaryOperator>(Inner); UO && UO->getOpcode() == UO_AddrOf)
      if (const auto *AS = dyn_cast<ArraySubscriptExpr>(UO->getSubExpr())) {
        auto It = PendingElems.find(AS);
        if (It != PendingElems.end()) {
          Site S = It->second;
          PendingElems.erase(It);
          S.kind = SiteKind::ElemRef;
          S.expr = UO;
          Sink.add(S);
          return;
        }
      }
    Site S = site(SiteKind::MakeRef, Op, Ctxt, At);
    S.type = Pointee;
    Sink.add(S);
  }

  // Convert Op (consumed by Ctxt) to a value of type Dst.
  void convert(const Expr *Op, QualType Dst, const Stmt *Ctxt, SourceLocation At) override {
    if (!Op || Dst.isNull())
      return;
    bool SrcRef = isRef(Op), DstRef = refKindOf(Dst) != RefKind::None;
    if (SrcRef && DstRef)
      return;
    if (SrcRef) {
      // A reference to references made a plain `T **` (the reverse below):
      // what it points at are references, not pointers.
      if (Dst->isPointerType()) {
        if (!checkIndirectMismatch(Op, Dst, At))
          toRaw(Op, At, Ctxt);
      } else if (Dst->isBooleanType())
        toBool(Op);
      else if (!Dst->isVoidType()) // (void)ref: nothing to do
        T.error(At, "a reference cannot be converted to '" + Dst.getAsString() + "'",
                "references convert only to pointers; compare with NULL or use "
                "gr_alive() instead");
      return;
    }
    if (DstRef) {
      if (!isNullConstant(Op, T.Ctx) && checkIndirectMismatch(Op, Dst, At))
        return;
      intoRef(Op, Ctxt, At, refPointee(Dst), T.Parents.inStaticInitializer(Ctxt));
      return;
    }
    if (!isNullConstant(Op, T.Ctx)) {
      checkIndirectMismatch(Op, Dst, At);
      checkFunctionMismatch(Op->IgnoreParenImpCasts()->getType(), Dst, At);
    }
  }

  // A function converted to a function type that disagrees on which
  // parameters (or the result) are references: the two are one C type to
  // Clang, but the callee expects a gr_ref_t where the caller passes a raw
  // pointer (or the reverse).
  void checkFunctionMismatch(QualType Src, QualType Dst, SourceLocation At) {
    if (Src->isFunctionType() && Dst->isPointerType())
      Dst = Dst->getPointeeType(); // a function decays to its address
    for (int I = 0; I < 4 && Src->isPointerType() && Dst->isPointerType(); I++) {
      Src = Src->getPointeeType();
      Dst = Dst->getPointeeType();
    }
    const auto *SF = Src->getAs<FunctionProtoType>();
    const auto *DF = Dst->getAs<FunctionProtoType>();
    if (!SF || !DF)
      return;
    auto Diff = [&](QualType A, QualType B, const std::string &What) {
      RefKind KA = refKindOf(A), KB = refKindOf(B);
      if ((KA == RefKind::None) == (KB == RefKind::None))
        return false;
      T.error(At,
              "a function whose " + What + " is " +
                  (KA != RefKind::None ? "a reference" : "a plain pointer") +
                  " converted to a function type whose " + What + " is " +
                  (KB != RefKind::None ? "a reference" : "a plain pointer"),
              "annotate both function types the same way (GR_REF/GR_WEAK on the "
              "same parameters), or call through a wrapper function that converts");
      return true;
    };
    if (Diff(SF->getReturnType(), DF->getReturnType(), "result"))
      return;
    for (unsigned I = 0; I < SF->getNumParams() && I < DF->getNumParams(); I++)
      if (Diff(SF->getParamType(I), DF->getParamType(I), "parameter " + std::to_string(I + 1)))
        return;
  }

  // `&ref` passed as a plain `T **` (and the like): the pointee levels
  // disagree on being a reference. An explicit cast (`(void **)&ref`, as
  // posix_memalign's and pthread_join's out-parameters are usually
  // written) is refused only where the other side is a pointer there
  // too: a store through it would write a raw pointer into a reference
  // (or read one as such); `(unsigned char *)&ref` views the bytes.
  // True when it reported.
  bool checkIndirectMismatch(const Expr *Op, QualType Dst, SourceLocation At,
                             bool Explicit = false) {
    QualType Src = Op->IgnoreParenImpCasts()->getType(), Whole = Dst;
    // An array of references passed as `T **` decays to its first
    // element's address (was: not looked at, a false report at run time).
    if (Src->isArrayType())
      Src = T.Ctx.getArrayDecayedType(Src);
    for (int I = 0; I < 4; I++) {
      const auto *SP = Src->getAs<PointerType>();
      const auto *DP = Dst->getAs<PointerType>();
      if (!SP || !DP)
        return false;
      Src = SP->getPointeeType();
      Dst = DP->getPointeeType();
      if (Dst->isVoidType() || Src->isVoidType())
        return false; // memcpy(&ref, ...), malloc(): untyped storage
      bool SR = refKindOf(Src) != RefKind::None, DR = refKindOf(Dst) != RefKind::None;
      if (SR != DR && Explicit) {
        if (!(SR ? Dst : Src)->isPointerType())
          return false;
        T.error(At,
                SR ? "the address of a reference is cast to a plain pointer to a "
                     "pointer ('" + Whole.getAsString() + "'): a store through it "
                     "would write a raw pointer where the reference is"
                   : "a plain pointer to a pointer is cast to the address of a "
                     "reference: the pointers it points at are not references",
                SR ? "pass the address of a local raw pointer and assign it to the "
                     "reference afterwards (void *p; posix_memalign(&p, align, n); "
                     "ref = p;)"
                   : "declare the storage as references (T *GR_REF *), or convert "
                     "each pointer as it is read");
        return true;
      }
      if (SR != DR) {
        T.error(At,
                SR ? "the address of a reference is passed where a plain pointer to "
                     "a pointer is expected"
                   : "a plain pointer to a pointer is passed where the address of a "
                     "reference is expected",
                "annotate the parameter (T *GR_REF *) or pass a local raw pointer "
                "and convert it back");
        return true;
      }
    }
    return false;
  }

  // ---- uses of references, by their consumer ----
  bool VisitExpr(Expr *E) {
    if (isa<ParenExpr>(E) || isa<ImplicitCastExpr>(E) || isa<ChooseExpr>(E) ||
        !T.inUserCode(E->getBeginLoc()))
      return true;
    if (!isRef(E) || isElvisCommon(E))
      return true;
    const Expr *Op;
    const ImplicitCastExpr *Cast;
    DynTypedNode C = T.Parents.consumer(E, Op, Cast);
    if (Cast && Cast->getCastKind() == CK_PointerToBoolean) {
      toBool(Op);
      return true;
    }
    if (Cast && Cast->getCastKind() == CK_PointerToIntegral) {
      // (uintptr_t)r, for hashing or ordering by address: its address,
      // checked like any conversion to a raw pointer; cast to its pointer
      // type first, so the integer cast is of a cast, not of a call
      // (-Wbad-function-cast: fourth probe).
      toRawTyped(Op, E->getBeginLoc(), Cast);
      return true;
    }
    auto IsCond = [&](const Expr *Cond) {
      return Cond && Cond->IgnoreParenImpCasts() == E->IgnoreParenImpCasts();
    };
    if (const auto *ME = C.get<MemberExpr>()) {
      if (ME->isArrow() && ME->getBase()->IgnoreParenImpCasts() == E->IgnoreParens())
        deref(Op, ME->getOperatorLoc(), ME);
      return true;
    }
    if (const auto *UO = C.get<UnaryOperator>()) {
      switch (UO->getOpcode()) {
      case UO_Deref:
        deref(Op, UO->getOperatorLoc(), UO);
        return true;
      case UO_AddrOf:
        // `__atomic_load_n(&ref, ...)`, atomic_store(&ref, ...): a
        // reference is a struct to the atomic builtins (clang's error on
        // the rewritten gr_ref_t * otherwise).
        if (T.Parents.parent(DynTypedNode::create(*UO)).get<AtomicExpr>())
          atomicError(UO->getBeginLoc());
        return true;
      case UO_LNot:
        toBool(Op);
        return true;
      case UO_PreInc:
      case UO_PreDec:
      case UO_PostInc:
      case UO_PostDec: {
        Site S = site(SiteKind::Advance, UO, UO, UO->getOperatorLoc());
        S.type = refValue(Op).pointee;
        Sink.add(S);
        return true;
      }
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
        toBool(Op);
        return true;
      case BO_AddAssign:
      case BO_SubAssign:
        return true; // VisitBinaryOperator
      case BO_Add:
      case BO_Sub:
        if (BO->getType()->isPointerType()) {
          // r + i, r - i: a reference into the same allocation, with the
          // same generation (checked where it is dereferenced).
          if (BO->getLHS()->IgnoreParenImpCasts() != E->IgnoreParens()) {
            T.error(BO->getOperatorLoc(), "an integer plus a reference",
                    "write the reference first (r + i)");
            return true;
          }
          Site S = site(SiteKind::Offset, BO, BO, BO->getOperatorLoc());
          S.type = refValue(Op).pointee;
          Sink.add(S);
          return true;
        }
        [[fallthrough]];
      case BO_LT:
      case BO_GT:
      case BO_LE:
      case BO_GE: {
        // r - s, r < s: C's arithmetic on the addresses, unchecked (one
        // past the end may take part, as in C).
        Site S = site(SiteKind::Deref, Op, BO, BO->getOperatorLoc());
        S.type = refValue(Op).pointee;
        S.unevaluated = true;
        Sink.add(S);
        return true;
      }
      default:
        T.error(BO->getOperatorLoc(),
                "operator '" + BO->getOpcodeStr().str() + "' on a reference",
                "references support =, ==, !=, !, && and ||; convert to a raw "
                "pointer for anything else");
        return true;
      }
    }
    if (const auto *CO = C.get<AbstractConditionalOperator>()) {
      if (IsCond(CO->getCond()))
        toBool(Op);
      return true; // arms: VisitAbstractConditionalOperator
    }
    if (C.get<CallExpr>() || C.get<ReturnStmt>() || C.get<VarDecl>() ||
        C.get<InitListExpr>() || C.get<CStyleCastExpr>() || C.get<UnaryExprOrTypeTraitExpr>() ||
        C.get<CompoundStmt>() || C.get<LabelStmt>() || C.get<CaseStmt>() ||
        C.get<DefaultStmt>() || C.get<DesignatedInitExpr>())
      return true; // converted by the consumer's own visit, or discarded
    const Expr *Cond = nullptr;
    if (const auto *IS = C.get<IfStmt>())
      Cond = IS->getCond();
    else if (const auto *WS = C.get<WhileStmt>())
      Cond = WS->getCond();
    else if (const auto *DS = C.get<DoStmt>())
      Cond = DS->getCond();
    else if (const auto *FS = C.get<ForStmt>())
      Cond = FS->getCond();
    if (C.get<IfStmt>() || C.get<WhileStmt>() || C.get<DoStmt>() || C.get<ForStmt>()) {
      if (IsCond(Cond))
        toBool(Op);
      return true;
    }
    if (const auto *AS = C.get<ArraySubscriptExpr>()) {
      // r[i]: the allocation r points into is checked, then indexed as C
      // indexes (i[r] too).
      bool Base = AS->getBase()->IgnoreParenImpCasts() == E->IgnoreParens();
      if (Base && elementAddress(AS))
        PendingElems[AS] = useSite(SiteKind::Deref, Op, AS, AS->getRBracketLoc());
      else if (Base || AS->getIdx()->IgnoreParenImpCasts() == E->IgnoreParens())
        deref(Op, AS->getRBracketLoc(), AS);
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
    // `__typeof__(r) t = r;` (a SWAP or MAX macro), C23's typeof(r):
    // unevaluated, and r is declared gr_ref_t, so the type is the
    // reference's own; t is a reference like r.
    if (const auto *TL = C.get<TypeLoc>(); TL && TL->getAs<TypeOfExprTypeLoc>())
      return true;
    if (C.get<ChooseExpr>())
      return true; // the arm __builtin_choose_expr does not choose: unevaluated
    if (C.get<AtomicExpr>()) {
      atomicError(E->getBeginLoc());
      return true;
    }
    const char *Kind = C.getNodeKind().asStringRef().data();
    T.error(E->getBeginLoc(),
            std::string("a reference used in an unsupported construct (") + Kind + ")",
            "convert it to a raw pointer first (T *raw = ref;) or report this "
            "construct to the genref developers");
    return true;
  }

  void atomicError(SourceLocation At) {
    T.error(At, "an atomic operation on a reference",
            "references are not atomic objects: guard the reference with a lock, or "
            "publish a raw pointer atomically and make the reference from it");
  }

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (!T.inUserCode(BO->getOperatorLoc()))
      return true;
    const Expr *L = BO->getLHS(), *R = BO->getRHS();
    switch (BO->getOpcode()) {
    case BO_Assign: {
      QualType Ty = BO->getType();
      if (!Ty->isPointerType() && (carriesHeaders(Ty) || containsStrongRef(Ty, T.Ctx))) {
        Site S = site(SiteKind::StructAssign, BO, BO, BO->getOperatorLoc());
        S.type = Ty;
        Sink.add(S);
        return true;
      }
      convert(R, L->getType(), BO, BO->getOperatorLoc());
      if (refKindOf(L->getType()) == RefKind::Ref && inMemory(L))
        Sink.add(site(SiteKind::Store, BO, BO, BO->getOperatorLoc()));
      return true;
    }
    case BO_EQ:
    case BO_NE:
      compare(BO);
      return true;
    case BO_AddAssign:
    case BO_SubAssign:
      if (isRef(L)) {
        Site S = site(SiteKind::Advance, BO, BO, BO->getOperatorLoc());
        S.type = refValue(L).pointee;
        Sink.add(S);
      }
      return true;
    default:
      return true;
    }
  }

  // A reference stored in memory (a field, a global or static, an array
  // element, through a pointer), as opposed to a local variable.
  static bool inMemory(const Expr *L) {
    L = L->IgnoreParenImpCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(L))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        return VD->hasGlobalStorage();
    return true;
  }

  void compare(BinaryOperator *BO) {
    const Expr *L = BO->getLHS(), *R = BO->getRHS();
    bool LR = isRef(L), RR = isRef(R);
    if (!LR && !RR)
      return;
    Site S = site(SiteKind::RefEquality, BO, BO, BO->getOperatorLoc());
    S.equal = BO->getOpcode() == BO_EQ;
    if (LR && RR) {
      Sink.add(S);
      return;
    }
    const Expr *Ref = LR ? L : R, *Other = LR ? R : L;
    if (isNullConstant(Other, T.Ctx)) {
      S.kind = SiteKind::NullCompare;
      S.refOnLeft = LR;
      Sink.add(S);
      return;
    }
    // A reference and a raw pointer: compare addresses, no check needed.
    Sink.add(site(SiteKind::AddressOnly, Ref, BO, BO->getOperatorLoc()));
  }

  // GNU `o ?: fallback` of references: o is both the condition and the
  // value, so it cannot become a truth value in place (was "incompatible
  // operand types ('int' and 'gr_ref_t')": fourth probe). One site for the
  // whole operator; o itself (and the operator's opaque uses of it) none.
  bool elvis(const BinaryConditionalOperator *B) const {
    return isRef(B) && isRef(B->getCommon());
  }
  bool isElvisCommon(const Expr *E) const {
    const Expr *X = E->IgnoreParenImpCasts();
    if (const auto *OV = dyn_cast<OpaqueValueExpr>(X); OV && OV->getSourceExpr())
      X = OV->getSourceExpr()->IgnoreParenImpCasts();
    DynTypedNode N = DynTypedNode::create(*E);
    for (int I = 0; I < 6; I++) {
      N = T.Parents.parent(N);
      if (const auto *B = N.get<BinaryConditionalOperator>())
        return elvis(B) && B->getCommon()->IgnoreParenImpCasts() == X;
      if (!N.get<ImplicitCastExpr>() && !N.get<ParenExpr>() && !N.get<OpaqueValueExpr>())
        return false;
    }
    return false;
  }
  bool VisitBinaryConditionalOperator(BinaryConditionalOperator *BCO) {
    if (T.inUserCode(BCO->getBeginLoc()) && elvis(BCO))
      Sink.add(site(SiteKind::Elvis, BCO, BCO, BCO->getQuestionLoc()));
    return true;
  }

  bool VisitAbstractConditionalOperator(AbstractConditionalOperator *CO) {
    if (!T.inUserCode(CO->getBeginLoc()) || !isRef(CO))
      return true;
    QualType Dst = refValue(CO).pointee;
    // Each arm must be a reference: convert the raw ones (NULL, malloc...).
    for (const Expr *Arm : {CO->getTrueExpr(), CO->getFalseExpr()})
      if (!isRef(Arm))
        intoRef(Arm, CO, Arm->getBeginLoc(), Dst, false);
    return true;
  }

  bool VisitReturnStmt(ReturnStmt *RS) {
    if (!RS->getRetValue() || !T.inUserCode(RS->getBeginLoc()))
      return true;
    if (const FunctionDecl *FD = T.Parents.enclosingFunction(RS))
      convert(RS->getRetValue(), FD->getReturnType(), RS, RS->getRetValue()->getBeginLoc());
    return true;
  }

  bool TraverseVarDecl(VarDecl *VD) {
    bool R = RecursiveASTVisitor::TraverseVarDecl(VD);
    if (VD->hasInit() && T.inUserCode(VD->getLocation()) &&
        !isa<InitListExpr>(VD->getInit()->IgnoreImplicit()))
      convert(VD->getInit(), VD->getType(), VD->getInit(), VD->getInit()->getBeginLoc());
    return R;
  }

  // The elements of a list: each converted to its member's or element's
  // type. A sublist whose braces were elided (`struct outer o = { NULL,
  // NULL, 1 }`: no list of its own in the text, so the visitor never
  // reaches it) is converted here, its nulls as expressions (a brace there
  // would start the next subobject); a sublist written with braces is
  // visited on its own.
  bool InElided = false;
  bool written(const Expr *E, const InitListExpr *Syn) {
    if (!Syn)
      return true;
    for (const Expr *X : Syn->inits()) {
      // `.p = {o, NULL}`, `[1] = {...}`: the list is written, behind its
      // designator (was: taken for elided and converted twice, once here
      // and once on its own, two edits on one NULL: fourth probe).
      if (const auto *D = dyn_cast<DesignatedInitExpr>(X->IgnoreImplicit()))
        X = D->getInit();
      const auto *L = dyn_cast<InitListExpr>(X->IgnoreImplicit());
      if (X->IgnoreImplicit() == E || (L && L->getSemanticForm() == E))
        return true;
    }
    return false;
  }
  void convertElem(const Expr *E, QualType To, const InitListExpr *Syn) {
    if (isa<ImplicitValueInitExpr>(E))
      return;
    if (const auto *L = dyn_cast<InitListExpr>(E->IgnoreImplicit())) {
      if (!written(L, Syn)) {
        bool Was = InElided;
        InElided = true;
        convertList(L, Syn);
        InElided = Was;
      }
      return;
    }
    convert(E, To, E, E->getBeginLoc());
  }
  void convertList(const InitListExpr *Sem, const InitListExpr *Syn) {
    QualType Ty = Sem->getType();
    if (const auto *RT = Ty->getAs<RecordType>()) {
      const RecordDecl *RD = RT->getDecl()->getDefinition();
      if (RD && !RD->isUnion()) {
        unsigned I = 0;
        for (const FieldDecl *F : RD->fields()) {
          if (I >= Sem->getNumInits())
            break;
          convertElem(Sem->getInit(I++), F->getType(), Syn);
        }
      }
    } else if (const ArrayType *AT = T.Ctx.getAsArrayType(Ty)) {
      for (unsigned I = 0; I < Sem->getNumInits(); I++)
        convertElem(Sem->getInit(I), AT->getElementType(), Syn);
    } else if (Sem->getNumInits() == 1) {
      convert(Sem->getInit(0), Ty, Sem->getInit(0), Sem->getBeginLoc());
    }
  }

  bool VisitInitListExpr(InitListExpr *ILE) {
    if (!T.inUserCode(ILE->getBeginLoc()))
      return true;
    InitListExpr *Sem = ILE->isSemanticForm() ? ILE : ILE->getSemanticForm();
    InitListExpr *Syn = ILE->isSyntacticForm() ? ILE : ILE->getSyntacticForm();
    if (!Sem || (Syn && Syn != ILE))
      return true; // visit each list once, through its syntactic form
    if (Syn && Syn->getNumInits() == 1)
      if (const auto *IL = dyn_cast<IntegerLiteral>(Syn->getInit(0)->IgnoreParenImpCasts());
          IL && IL->getValue() == 0 && IL->getBeginLoc().isFileID())
        ZeroIdiom.insert(IL);
    convertList(Sem, Syn);
    return true;
  }

  // `va_arg(ap, T *GR_REF)`: a reference passed to `...` travels as the
  // raw pointer (printf's %p and %s see one), so there is no reference in
  // the va_list to read.
  bool VisitVAArgExpr(VAArgExpr *VE) {
    if (T.inUserCode(VE->getBeginLoc()) && refKindOf(VE->getWrittenTypeInfo()->getType()) != RefKind::None)
      T.error(T.SM.getFileLoc(VE->getWrittenTypeInfo()->getTypeLoc().getBeginLoc()),
              "va_arg of a reference type: a reference passed to '...' is passed as "
              "its raw pointer",
              "read the raw pointer and make the reference from it (struct T *GR_REF r "
              "= va_arg(ap, struct T *);)");
    return true;
  }

  bool VisitCStyleCastExpr(CStyleCastExpr *CE) {
    if (!T.inUserCode(CE->getBeginLoc()))
      return true;
    QualType Dst = CE->getTypeInfoAsWritten()->getType();
    const Expr *Sub = CE->getSubExpr();
    bool DstRef = refKindOf(Dst) != RefKind::None, SrcRef = isRef(Sub);
    if (DstRef) {
      // `(struct T *GR_REF)x`: the cast's text goes; x becomes a reference.
      if (Sink.add(site(SiteKind::RefCast, CE)) && !SrcRef)
        convert(Sub, Dst, CE, CE->getBeginLoc());
      return true;
    }
    if (SrcRef && isFreeArgumentCast(T, CE))
      return true; // free((void *)r) frees r itself (the free's site drops the cast)
    if (SrcRef) {
      // (uintptr_t)r: the address, checked like any conversion to raw
      // (the integer is not a reference, and never becomes one); as its
      // pointer type first, so the integer cast is of a cast, not of a
      // call (-Wbad-function-cast: fourth probe).
      if (Dst->isIntegerType() && !Dst->isBooleanType())
        toRawTyped(Sub, CE->getBeginLoc(), CE);
      else
        convert(Sub, Dst, CE, CE->getBeginLoc());
      return true;
    }
    if (!isNullConstant(Sub, T.Ctx))
      checkIndirectMismatch(Sub, Dst, CE->getBeginLoc(), /*Explicit=*/true);
    checkFunctionMismatch(Sub->IgnoreParenImpCasts()->getType(), Dst, CE->getBeginLoc());
    return true;
  }

  // ---- calls: allocation, free, copies, gr_alive, arguments ----
  bool VisitCallExpr(CallExpr *CE) {
    if (T.inUserCode(CE->getBeginLoc()))
      classifyCall(T, Sink, *this, CE);
    return true;
  }

  // ---- stack objects ----
  // Locals that may need a frame: objects with headers, structs holding
  // references (lowering decides which get one).
  bool frameCandidate(const VarDecl *VD, ASTContext &Ctx) {
    return carriesHeaders(VD->getType()) || T.RefTargets.count(VD) ||
           (refKindOf(VD->getType()) == RefKind::None && containsStrongRef(VD->getType(), Ctx));
  }

  bool VisitDeclStmt(DeclStmt *DS) {
    if (!T.inUserCode(DS->getBeginLoc()))
      return true;
    Site S;
    S.kind = SiteKind::Frames;
    S.context = DS;
    S.at = DS->getBeginLoc();
    S.insertAfter = DS->getEndLoc();
    for (Decl *D : DS->decls()) {
      auto *VD = dyn_cast<VarDecl>(D);
      if (VD && VD->hasLocalStorage() && !isa<ParmVarDecl>(VD) && frameCandidate(VD, T.Ctx))
        S.vars.push_back(VD);
    }
    if (S.vars.empty())
      return true;
    DynTypedNode P = T.Parents.parent(DynTypedNode::create(*DS));
    S.inForHeader = P.get<ForStmt>() != nullptr;
    if (!S.inForHeader)
      placeFrames(DS, S);
    Sink.add(S);
    return true;
  }

  // A block-scope compound literal of a weakable struct lives until its
  // block ends, like a named object (file-scope ones are static).
  bool VisitCompoundLiteralExpr(CompoundLiteralExpr *CL) {
    if (CL->isFileScope() || !T.inUserCode(CL->getBeginLoc()) ||
        !carriesHeaders(CL->getType()) || T.Parents.isUnevaluated(CL))
      return true;
    if (!addressTaken(CL) || inOwnFrame(CL))
      return true; // only its value is used / rewritten before
    Site S = site(SiteKind::LiteralFrame, CL);
    S.type = CL->getType();
    S.hoist = enclosingBlock(CL);
    S.place = Site::Place::BlockStart;
    if (S.hoist)
      Sink.add(S);
    return true;
  }

  // `&(struct n){...}`: a reference can be made to the literal (when only
  // its value is used, as in `struct n x = (struct n){...}`, none can).
  bool addressTaken(const CompoundLiteralExpr *CL) {
    DynTypedNode N = T.Parents.parent(DynTypedNode::create(*CL));
    while (N.get<ParenExpr>())
      N = T.Parents.parent(N);
    const auto *UO = N.get<UnaryOperator>();
    return UO && UO->getOpcode() == UO_AddrOf;
  }

  // `gr_stack_frame_begin(&(struct n){...}, ...)`: a literal given its
  // frame by an earlier rewrite.
  bool inOwnFrame(const CompoundLiteralExpr *CL) {
    DynTypedNode N = T.Parents.parent(DynTypedNode::create(*CL));
    const auto *Addr = N.get<UnaryOperator>();
    if (!Addr || Addr->getOpcode() != UO_AddrOf)
      return false;
    const Expr *Op;
    const ImplicitCastExpr *Cast;
    const auto *Call = T.Parents.consumer(Addr, Op, Cast).get<CallExpr>();
    return Call && isNamed(Call->getDirectCallee(),
                           {"gr_stack_frame_begin", "gr_stack_frame_begin_normal"});
  }

  const CompoundStmt *enclosingBlock(const Stmt *St) {
    for (DynTypedNode N = T.Parents.parent(DynTypedNode::create(*St)); !N.getNodeKind().isNone();
         N = T.Parents.parent(N)) {
      if (const auto *CS = N.get<CompoundStmt>())
        return CS;
      if (N.get<FunctionDecl>())
        return nullptr;
    }
    return nullptr;
  }

  // Where DS's frames go: C lets a goto or a switch jump over an object's
  // declaration into its scope, but not over a cleanup variable's. If a
  // case label of an enclosing switch, or a label some goto from outside
  // the scope targets, lies in the scope (after DS, in its block), the
  // frame is declared before any such jump (around the switch, at the
  // block's or the function's start) and begun after DS.
  void placeFrames(const DeclStmt *DS, Site &S) {
    const CompoundStmt *B = enclosingBlock(DS);
    const FunctionDecl *FD = T.Parents.enclosingFunction(DS);
    if (!B || !FD || !FD->hasBody())
      return;
    SourceManager &SM = T.SM;
    auto Before = [&](SourceLocation A, SourceLocation Z) {
      return SM.isBeforeInTranslationUnit(SM.getExpansionLoc(A), SM.getExpansionLoc(Z));
    };
    auto InScope = [&](SourceLocation L) {
      return Before(DS->getEndLoc(), L) && Before(L, B->getRBracLoc());
    };
    for (DynTypedNode N = T.Parents.parent(DynTypedNode::create(*DS)); !N.getNodeKind().isNone();
         N = T.Parents.parent(N)) {
      if (N.get<FunctionDecl>())
        break;
      const auto *SW = N.get<SwitchStmt>();
      if (!SW)
        continue;
      for (const SwitchCase *C = SW->getSwitchCaseList(); C; C = C->getNextSwitchCase())
        if (InScope(C->getBeginLoc())) {
          S.place = Site::Place::AroundSwitch;
          S.hoist = SW;
          return;
        }
    }
    const auto &Jumps = jumpsIn(FD);
    for (const auto &[Label, From] : Jumps) {
      if (!Label->getStmt() || !InScope(Label->getStmt()->getBeginLoc()))
        continue;
      if (From.isValid() && InScope(From))
        continue; // a jump within the scope
      bool FromInBlock = From.isValid() && Before(B->getLBracLoc(), From) &&
                         Before(From, DS->getBeginLoc());
      const Stmt *Hoist = FromInBlock ? static_cast<const Stmt *>(B) : FD->getBody();
      if (S.place == Site::Place::AfterDecl || Hoist == FD->getBody()) {
        S.place = Site::Place::BlockStart;
        S.hoist = Hoist;
      }
    }
  }

  // Every (label, where a jump to it starts) of a function; an address
  // taken label (computed goto) can be reached from anywhere (invalid).
  const std::vector<std::pair<const LabelDecl *, SourceLocation>> &
  jumpsIn(const FunctionDecl *FD) {
    auto [It, New] = Jumps.try_emplace(FD);
    if (!New)
      return It->second;
    struct Finder : RecursiveASTVisitor<Finder> {
      std::vector<std::pair<const LabelDecl *, SourceLocation>> Out;
      bool VisitGotoStmt(GotoStmt *G) {
        Out.push_back({G->getLabel(), G->getGotoLoc()});
        return true;
      }
      bool VisitAddrLabelExpr(AddrLabelExpr *A) {
        Out.push_back({A->getLabel(), SourceLocation()});
        return true;
      }
    } F;
    F.TraverseStmt(FD->getBody());
    It->second = std::move(F.Out);
    return It->second;
  }
  std::map<const FunctionDecl *, std::vector<std::pair<const LabelDecl *, SourceLocation>>>
      Jumps;

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (!FD->doesThisDeclarationHaveABody() || !T.inUserCode(FD->getLocation()))
      return true;
    auto *Body = dyn_cast<CompoundStmt>(FD->getBody());
    if (!Body)
      return true;
    Site S;
    S.kind = SiteKind::Frames;
    S.context = Body;
    S.at = FD->getLocation();
    S.insertAfter = Body->getLBracLoc();
    S.params = true;
    for (ParmVarDecl *P : FD->parameters())
      if (P->getIdentifier() && frameCandidate(P, T.Ctx))
        S.vars.push_back(P);
    if (!S.vars.empty())
      Sink.add(S);
    return true;
  }
};

} // namespace

namespace {
// The locals whose address reaches a reference: a reference initialized or
// assigned from it, passed as a GR_REF argument, returned as a reference.
class RefTargetPass : public RecursiveASTVisitor<RefTargetPass> {
public:
  explicit RefTargetPass(Unit &U) : U(U) {}
  Unit &U;
  void note(const Expr *E) {
    if (!E)
      return;
    E = E->IgnoreParenCasts();
    if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E)) {
      note(CO->getTrueExpr());
      note(CO->getFalseExpr());
      return;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_AddrOf)
      E = UO->getSubExpr()->IgnoreParenCasts();
    else if (!E->getType()->isArrayType())
      return; // a pointer value, not a local's address
    // Down to the object: an element of a local array, a member of a local
    // struct (not through a pointer: `&p[i]` and `&p->f` point elsewhere).
    for (;;) {
      if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
        E = AS->getBase()->IgnoreParenImpCasts();
        if (!E->getType()->isArrayType())
          return;
      } else if (const auto *ME = dyn_cast<MemberExpr>(E); ME && !ME->isArrow()) {
        E = ME->getBase()->IgnoreParenCasts();
      } else {
        break;
      }
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        if (VD->hasLocalStorage() && !isa<ParmVarDecl>(VD))
          U.RefTargets.insert(VD);
  }
  static bool isRefType(QualType T) { return refKindOf(T) != RefKind::None; }
  bool VisitVarDecl(VarDecl *VD) {
    if (isRefType(VD->getType()))
      note(VD->getInit());
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() == BO_Assign && isRefType(BO->getLHS()->getType()))
      note(BO->getRHS());
    return true;
  }
  bool VisitCallExpr(CallExpr *CE) {
    if (const FunctionDecl *FD = CE->getDirectCallee())
      for (unsigned I = 0; I < CE->getNumArgs() && I < FD->getNumParams(); I++)
        if (isRefType(FD->getParamDecl(I)->getType()))
          note(CE->getArg(I));
    return true;
  }
  bool VisitReturnStmt(ReturnStmt *RS) {
    const auto *FD = dyn_cast_or_null<FunctionDecl>(
        U.Parents.enclosingFunction(RS));
    if (FD && isRefType(FD->getReturnType()))
      note(RS->getRetValue());
    return true;
  }
};
} // namespace

void classifyExpressions(Unit &U, SiteSink &Sink) {
  RefTargetPass(U).TraverseDecl(U.Ctx.getTranslationUnitDecl());
  ExprPass P(U, Sink);
  P.TraverseDecl(U.Ctx.getTranslationUnitDecl());
  P.flush();
}

} // namespace genref
