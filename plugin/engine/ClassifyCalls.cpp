//===- ClassifyCalls.cpp - calls: allocation, free, copies, arguments -----===//
//
// What a call does to objects, classified by the callee: malloc/calloc/
// realloc of memory that carries headers, free() of a reference or of such
// memory, memcpy/memmove/memset over it, gr_alive(); and every argument
// converted to its parameter's type as the call sees it.
//
//===----------------------------------------------------------------------===//
#include "engine/Classify.h"
#include "engine/ClassifyShared.h"

using namespace clang;

namespace genref {

namespace {

class CallPass {
public:
  CallPass(Unit &U, SiteSink &Sink, Conversions &C) : T(U), Sink(Sink), C(C) {}
  Unit &T;
  SiteSink &Sink;
  Conversions &C;

  Site site(SiteKind K, const Expr *E) {
    Site S;
    S.kind = K;
    S.expr = E;
    S.context = E;
    S.at = E->getBeginLoc();
    return S;
  }
  void convert(const Expr *Op, QualType Dst, const Stmt *Ctxt, SourceLocation At) {
    C.convert(Op, Dst, Ctxt, At);
  }
  void toRaw(const Expr *Op, SourceLocation At, const Stmt *Ctxt) { C.toRaw(Op, At, Ctxt); }
  void toRawTyped(const Expr *Op, SourceLocation At, const Stmt *Ctxt) {
    C.toRawTyped(Op, At, Ctxt);
  }

  bool visit(CallExpr *CE) {
    const FunctionDecl *FD = CE->getDirectCallee();
    // A call that may free: free() itself, or a call through a function
    // pointer that passes a pointer (a deallocator, a destructor callback):
    // its function takes part in destructions (normal mode checks their
    // frees when the outermost one returns). A callback passed no pointer
    // (a dispatch table's `void (*)(void)`) frees, if at all, in a
    // destruction of its own.
    bool MayFree = isNamed(FD, {"free"});
    if (!FD && !CE->getCallee()->getType()->isBlockPointerType())
      for (const Expr *A : CE->arguments())
        MayFree |= A->getType()->isPointerType() || isRef(A->IgnoreParenImpCasts());
    if (MayFree && T.Parents.enclosingFunction(CE) && !T.Parents.isUnevaluated(CE))
      Sink.add(site(SiteKind::Destroys, CE));
    if (isNamed(FD, {"__genref_alive"})) {
      if (CE->getNumArgs() == 1) {
        Site S = site(SiteKind::Alive, CE);
        S.isRef = isRef(CE->getArg(0)->IgnoreParenImpCasts());
        Sink.add(S);
      }
      return true;
    }
    if (isNamed(FD, {"free"}) && CE->getNumArgs() == 1 && freeCall(CE))
      return true;
    if (isNamed(FD, {"malloc", "calloc", "realloc"})) {
      checkReferenceArraySize(CE);
      allocation(CE, FD->getName());
    }
    // The rest of the family sizes memory the same way (was: a reference
    // array reallocarray'd with sizeof(T *) overflowed in fat, silently).
    if (isNamed(FD, {"reallocarray", "aligned_alloc", "memalign", "valloc", "pvalloc"}))
      checkReferenceArraySize(CE);
    if (isNamed(FD, {"memcpy", "memmove", "memset"}) && CE->getNumArgs() == 3)
      objectCopy(CE, FD->getName());
    if (isNamed(FD, {"bzero"}) && CE->getNumArgs() == 2)
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
      QualType P = parameterType(FD, FPT, I);
      if (!P.isNull()) {
        convert(A, P, CE, A->getBeginLoc());
        continue;
      }
      if (!isRef(A))
        continue;
      if (FPT && FPT->isVariadic()) {
        toRawTyped(A, A->getBeginLoc(), CE); // printf("%s", r): a typed raw pointer
        continue;
      }
      // No prototype (`int f();`, K&R style) and no definition in this unit:
      // whether the callee takes a reference or a raw pointer is unknown, and
      // guessing wrong passes the one as the other.
      std::string Name = FD ? "'" + FD->getNameAsString() + "'" : "the function";
      T.error(A->getBeginLoc(),
              "a reference passed to " + Name + ", which has no prototype here",
              "declare " + Name + " with a prototype (its parameter 'T *GR_REF' to pass "
              "the reference, or 'T *'), or pass a raw pointer explicitly: (T *)ref");
    }
  }

  // The parameter as the callee declares it: the declaration the call sees,
  // or a later one in this unit that names the parameters (a K&R definition
  // after `int f();`), or the function pointer's prototype.
  static QualType parameterType(const FunctionDecl *FD, const FunctionProtoType *FPT,
                                unsigned I) {
    if (FD)
      for (const FunctionDecl *R : FD->redecls())
        if (I < R->getNumParams())
          return R->getParamDecl(I)->getType();
    if (FPT && I < FPT->getNumParams())
      return FPT->getParamType(I);
    return QualType();
  }

  // Where does the void * of malloc/calloc/realloc go? The pointee type.
  QualType allocationTarget(const CallExpr *CE) {
    const Expr *Op;
    const ImplicitCastExpr *Cast;
    DynTypedNode C = T.Parents.consumer(CE, Op, Cast);
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

  // `struct n *GR_REF *a = malloc(k * sizeof(struct n *))`: a reference is
  // gr_ref_t (16 bytes in the fat layout), not a raw pointer.
  void checkReferenceArraySize(const CallExpr *CE) {
    QualType Ty = allocationTarget(CE);
    if (Ty.isNull() || refKindOf(Ty) == RefKind::None)
      return;
    for (const Expr *A : CE->arguments()) {
      QualType S = sizeofType(A);
      if (!S.isNull() && S->isPointerType() && refKindOf(S) == RefKind::None) {
        T.error(A->getBeginLoc(),
                "memory for references sized with sizeof of a plain pointer ('" +
                    S.getAsString() + "')",
                "a reference is larger than a raw pointer in the fat layout: size the "
                "memory with 'sizeof *p' or 'sizeof(T *GR_REF)'");
        return;
      }
    }
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
  static QualType sizeofType(const Expr *E) {
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
    // Memory for objects with headers, or (normal mode counts them) for
    // structs holding GR_REFs.
    auto Wanted = [&](QualType Q) {
      return !Q.isNull() && !Q->isVoidType() && !Q->isIncompleteType() &&
             (carriesHeaders(Q) || containsStrongRef(Q, T.Ctx));
    };
    QualType Ty = allocationTarget(CE);
    if (!Wanted(Ty)) {
      // No typed destination (a void * wrapper): decide by the size.
      Ty = QualType();
      for (const Expr *A : CE->arguments())
        if (QualType S = sizeofType(A); Wanted(S))
          Ty = S;
    }
    if (!Wanted(Ty))
      return;
    Site S = site(SiteKind::Allocation, CE);
    S.type = Ty;
    S.callee = Name;
    if (Name == "malloc" && CE->getNumArgs() == 1)
      S.single = isSizeofOf(CE->getArg(0), Ty);
    else if (Name == "calloc" && CE->getNumArgs() == 2) {
      Expr::EvalResult R;
      S.single = isSizeofOf(CE->getArg(1), Ty) && CE->getArg(0)->EvaluateAsInt(R, T.Ctx) &&
                 R.Val.getInt() == 1;
    } else if (Name == "realloc" && CE->getNumArgs() == 2)
      S.single = isSizeofOf(CE->getArg(1), Ty);
    Sink.add(S);
  }

  // Handled: a free of a reference or of an object with headers.
  bool freeCall(CallExpr *CE) {
    const Expr *Inner = CE->getArg(0)->IgnoreParenImpCasts();
    SmallVector<const CStyleCastExpr *, 2> Casts;
    if (const Expr *R = refUnderFreeCasts(Inner, &Casts)) {
      // free((void *)r): the casts' text goes, r is freed as a reference.
      for (const CStyleCastExpr *CS : Casts)
        Sink.add(site(SiteKind::RefCast, CS));
      Inner = R;
    }
    RefValue V = refValue(Inner);
    if (!V.isRef && !(Inner->getType()->isPointerType() &&
                      carriesHeaders(Inner->getType()->getPointeeType())))
      return false;
    Site S = site(SiteKind::Free, CE);
    S.isRef = V.isRef;
    S.type = V.pointee;
    Sink.add(S);
    return true;
  }

  void objectCopy(CallExpr *CE, StringRef Name) {
    const Expr *Dst = CE->getArg(0)->IgnoreParenImpCasts();
    // An array (`memset(arr, 0, sizeof arr)`, `a->kid`) is its first
    // element's address, as `&arr[0]` is (was: left a plain memset, whose
    // counts stayed: a false dangling-reference at the next free).
    const ArrayType *AT = T.Ctx.getAsArrayType(Dst->getType());
    QualType P = isRef(Dst)                        ? refValue(Dst).pointee
                 : Dst->getType()->isPointerType() ? Dst->getType()->getPointeeType()
                 : AT                              ? AT->getElementType()
                                                   : QualType();
    // memset/bzero of untyped memory (void *, bytes): normal mode releases
    // what the destination's allocation says it holds.
    bool Untyped = !P.isNull() && (Name == "memset" || Name == "bzero") &&
                   (P->isVoidType() || P->isCharType());
    if (P.isNull() || (!Untyped && !carriesHeaders(P) && !containsStrongRef(P, T.Ctx)))
      return;
    Site S = site(SiteKind::ObjectCopy, CE);
    S.type = P;
    S.callee = Name;
    Sink.add(S);
  }
};

} // namespace

void classifyCall(Unit &U, SiteSink &Sink, Conversions &C, CallExpr *CE) {
  CallPass(U, Sink, C).visit(CE);
}

const Expr *refUnderFreeCasts(const Expr *Arg, SmallVectorImpl<const CStyleCastExpr *> *Casts) {
  const Expr *E = Arg->IgnoreParenImpCasts();
  if (!isa<CStyleCastExpr>(E))
    return nullptr;
  while (const auto *CS = dyn_cast<CStyleCastExpr>(E)) {
    QualType Dst = CS->getTypeInfoAsWritten()->getType();
    if (!Dst->isPointerType() || refKindOf(Dst) != RefKind::None)
      return nullptr;
    if (Casts)
      Casts->push_back(CS);
    E = CS->getSubExpr()->IgnoreParenImpCasts();
  }
  return refKindOf(E->getType()) != RefKind::None ? E : nullptr;
}

bool isFreeArgumentCast(Unit &U, const CStyleCastExpr *CE) {
  DynTypedNode N = DynTypedNode::create(*CE);
  for (;;) {
    DynTypedNode P = U.Parents.parent(N);
    if (P.get<ParenExpr>() || P.get<ImplicitCastExpr>() || P.get<CStyleCastExpr>()) {
      N = P;
      continue;
    }
    const auto *Call = P.get<CallExpr>();
    return Call && isNamed(Call->getDirectCallee(), {"free"}) && Call->getNumArgs() == 1 &&
           refUnderFreeCasts(Call->getArg(0), nullptr);
  }
}

} // namespace genref
