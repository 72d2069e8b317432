//===- Emit.cpp - lowered sites into text edits ----------------------------===//
//
// Edits never add or remove a newline, so lines stay where they were.
//
//===----------------------------------------------------------------------===//
#include "engine/Emit.h"
#include "engine/Lower.h"
#include "engine/Macros.h"

#include "clang/AST/Attr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>

using namespace clang;

namespace genref {

// The one table of runtime names generated code uses.
const char *callSpelling(Call C) {
  switch (C) {
  case Call::None: return "";
  case Call::CheckDeref: return "gr_ref_check";
  case Call::UncheckedDeref: return "gr_ref_unchecked";
  case Call::Unwrap: return "gr_ref_unwrap";
  case Call::UncheckedUnwrap: return "gr_ref_unchecked";
  case Call::StoreRaw: return "gr_ref_to_raw";
  case Call::NotNull: return "gr_ref_is_null";
  case Call::Elvis: return "gr_ref_is_null";
  case Call::RefEq: return "gr_ref_eq";
  case Call::NullTest: return "gr_ref_is_null";
  case Call::Null: return "gr_ref_null";
  case Call::NullInit: return "GR_REF_NULL_INIT";
  case Call::NullElided: return "GR_REF_NULL_ELIDED";
  case Call::FromNew: return "gr_ref_from_new";
  case Call::Make: return "gr_ref_make";
  case Call::MakeCounted: return "gr_ref_make_counted";
  case Call::DropCast: return "";
  case Call::RetypeCast: return "gr_ref_retype_counted";
  case Call::Alloc: return "gr_alloc";
  case Call::AllocZeroed: return "gr_alloc_counted";
  case Call::Calloc: return "gr_calloc";
  case Call::Realloc: return "gr_realloc";
  case Call::Free: return "free";             // gr_free / gr_ref_free
  case Call::FreeCounted: return "free_normal"; // gr_free_normal / gr_ref_free_normal
  case Call::Store: return "gr_ref_store_at";
  case Call::Alive: return "gr_ref_alive";
  case Call::Advance: return "gr_ref_advance";
  case Call::Offset: return "gr_ref_offset";
  case Call::Elem: return "gr_ref_elem";
  case Call::UncheckedElem: return "gr_ref_offset";
  case Call::AssignCounted: return "GR_ASSIGN_NORMAL";
  case Call::Frame: return "gr_stack_frame_begin";
  case Call::FrameCounted: return "gr_stack_frame_begin_normal";
  case Call::MemsetCounted: return "gr_memset_counted";
  case Call::CascadeGuard: return "gr_cascade_begin";
  }
  return "";
}

static std::string quote(StringRef S) {
  std::string R = "\"";
  for (char C : S) {
    if (C == '"' || C == '\\')
      R += '\\';
    R += C;
  }
  return R + "\"";
}

static std::string sp(Call C) { return callSpelling(C); }

// A reference made from a `const T *` or `volatile T *` (a const-correct
// API handing its argument to a helper that takes `const T *GR_REF`):
// plain C converts it as it is, the runtime takes a `void *`, so the
// argument goes through `(void *)` (was: -Wincompatible-pointer-types-
// discards-qualifiers, an error under -Werror, with no way out in code).
static bool qualifiedPointee(const Expr *E) {
  QualType T = E ? E->IgnoreParenImpCasts()->getType() : QualType();
  if (T.isNull() || !T->isPointerType())
    return false;
  QualType P = T->getPointeeType();
  return P.isConstQualified() || P.isVolatileQualified();
}
static std::string qualCast(const Expr *E) { return qualifiedPointee(E) ? "(void *)(" : ""; }
static std::string qualClose(const Expr *E) { return qualifiedPointee(E) ? ")" : ""; }

//===----------------------------------------------------------------------===//
// Placing text
//===----------------------------------------------------------------------===//

// Where a token position is in the file, for an edit whose expression does
// not map to file text as a whole; invalid inside a macro body.
static SourceLocation fileLoc(Unit &U, TokenAt T) {
  if (T.Tok.isInvalid() || T.Tok.isMacroID())
    return SourceLocation();
  return T.After ? Lexer::getLocForEndOfToken(T.Tok, 0, U.SM, U.LO) : T.Tok;
}

static SourceLocation beginOf(CharSourceRange R) {
  return R.isValid() ? R.getBegin() : SourceLocation();
}

bool Emitter::wrap(const Expr *E, std::string Pre, std::string Post) {
  CharSourceRange R = U.exprRange(E);
  unsigned D = U.Parents.depth(E);
  TokenAt First{E->getBeginLoc(), false}, Last{E->getEndLoc(), true};
  Edits.prefix(R.isValid() ? R.getBegin() : fileLoc(U, First), std::move(Pre), D, First);
  Edits.suffix(R.isValid() ? R.getEnd() : fileLoc(U, Last), std::move(Post), D, Last);
  return true;
}

bool Emitter::replaceExpr(const Expr *E, std::string Text) {
  CharSourceRange R = U.exprRange(E);
  Edits.replace(R, std::move(Text), E->getBeginLoc(), E->getEndLoc());
  return true;
}

bool Emitter::replaceToken(SourceLocation L, std::string Text) {
  Edits.replace(U.fileRange(SourceRange(L, L)), std::move(Text), L, L);
  return true;
}

bool Emitter::retargetCall(const CallExpr *CE, const char *Callee, std::string Extra) {
  if (!replaceToken(CE->getCallee()->getBeginLoc(), Callee))
    return false;
  SourceLocation RPar = CE->getRParenLoc();
  CharSourceRange RP = U.fileRange(SourceRange(RPar, RPar));
  // After the last argument's own edits.
  Edits.suffix(beginOf(RP), std::move(Extra), 0, {RPar, false});
  return true;
}

std::string Emitter::site(SourceLocation L, const Stmt *S, QualType Pointee) {
  PresumedLoc P = U.SM.getPresumedLoc(U.SM.getExpansionLoc(L));
  const FunctionDecl *FD = U.Parents.enclosingFunction(S);
  std::string T = Pointee.isNull() ? "" : spellType(Pointee.getUnqualifiedType(), U.Ctx);
  return "GR_SITE(" + quote(P.isValid() ? P.getFilename() : "") + ", " +
         std::to_string(P.isValid() ? P.getLine() : 0) + ", " +
         std::to_string(P.isValid() ? P.getColumn() : 0) + ", " +
         (FD ? quote(FD->getName()) : std::string("0")) + ", " +
         (T.empty() ? std::string("0") : quote(T)) + ")";
}

std::string Emitter::castTo(QualType Pointee) {
  // A typedef of a named struct, union or enum is spelled by its tag: a
  // parameter or local may shadow the typedef's name (`node *GR_REF node`
  // made `(node *)gr_ref_check(node, ...)` a multiplication), never a tag.
  QualType C = Pointee.getCanonicalType();
  if (C != Pointee)
    if (const auto *TT = C->getAs<TagType>(); TT && TT->getDecl()->getIdentifier())
      Pointee = C;
  std::string T = spellType(Pointee, U.Ctx);
  return T.empty() ? std::string() : "(" + T + " *)";
}

//===----------------------------------------------------------------------===//
// Sites
//===----------------------------------------------------------------------===//

bool Emitter::emit(const Site &S, Call C) {
  switch (C) {
  case Call::None:
    return true;
  case Call::CheckDeref:
  case Call::UncheckedDeref:
    return deref(S, C);
  case Call::NotNull:
    return wrap(S.expr, "(!" + sp(C) + "(", "))");
  case Call::Elvis: {
    // The common operand once, in a local (GNU's rule: evaluated once),
    // then C's own conditional on its null test. A name per place, so
    // nested ones shadow nothing (-Wshadow).
    const auto *BCO = cast<BinaryConditionalOperator>(S.expr);
    SourceLocation Q = BCO->getQuestionLoc(), Col = BCO->getColonLoc();
    std::string V =
        "__gr_elvis" + std::to_string(U.SM.getFileOffset(U.SM.getExpansionLoc(Q)));
    Edits.replace(U.fileRange(SourceRange(Q, Col)),
                  "); !gr_ref_is_null(" + V + ") ? " + V + " : (", Q, Col);
    return wrap(BCO, "__extension__({ gr_ref_t " + V + " = (", "); })");
  }
  case Call::Unwrap: {
    std::string Cast = S.typedRaw ? castTo(S.type) : std::string();
    if (!Cast.empty())
      return wrap(S.expr, "(" + Cast + sp(C) + "(",
                  ", " + site(S.at, S.context, S.type) + "))");
    return wrap(S.expr, sp(C) + "(", ", " + site(S.at, S.context, S.type) + ")");
  }
  case Call::UncheckedUnwrap:
  case Call::StoreRaw: {
    // A variadic argument keeps its pointer type (printf's %s wants char *).
    std::string Cast = S.typedRaw ? castTo(S.type) : std::string();
    if (!Cast.empty())
      return wrap(S.expr, "(" + Cast + sp(C) + "(", "))");
    return wrap(S.expr, sp(C) + "(", ")");
  }
  case Call::RefEq:
  case Call::NullTest:
    return compare(S);
  case Call::Null:
    return replaceExpr(S.expr, sp(C) + "()");
  case Call::NullInit:
  case Call::NullElided:
    return replaceExpr(S.expr, sp(C));
  case Call::FromNew:
    return wrap(S.expr, sp(C) + "(", ")");
  case Call::Make:
    return wrap(S.expr, sp(C) + "(" + qualCast(S.expr), qualClose(S.expr) + ", " + site(S.at, S.context, S.type) + ")");
  case Call::MakeCounted: {
    // Normal mode: an untyped allocation (a hook's) takes the type of its
    // first reference, so a free through void * releases what it holds.
    HeaderLayout RL = refLayoutOf(S.type, U.Ctx, true);
    if (!RL.ok || RL.none || RL.typeName.empty())
      return wrap(S.expr, sp(Call::Make) + "(" + qualCast(S.expr),
                  qualClose(S.expr) + ", " + site(S.at, S.context, S.type) + ")");
    return wrap(S.expr, sp(C) + "(" + qualCast(S.expr),
                qualClose(S.expr) + ", " + RL.argument() + ", " + site(S.at, S.context, S.type) + ")");
  }
  case Call::DropCast:
  case Call::RetypeCast: {
    const auto *CE = cast<CStyleCastExpr>(S.expr);
    CharSourceRange R = U.fileRange(SourceRange(CE->getLParenLoc(), CE->getRParenLoc()));
    Edits.replace(R, "", CE->getLParenLoc(), CE->getRParenLoc());
    if (C == Call::DropCast)
      return true;
    // Normal mode: a reference cast to a struct that holds references
    // (`(struct pair *GR_REF)mk(sizeof(struct pair))` from a base-typed
    // wrapper) types an untyped allocation at its start, as making the
    // reference from a raw pointer does (MakeCounted).
    HeaderLayout RL = refLayoutOf(refPointee(CE->getType()), U.Ctx, true);
    return wrap(CE->getSubExpr(), sp(C) + "(", ", " + RL.argument() + ")");
  }
  case Call::Alloc:
  case Call::AllocZeroed:
  case Call::Calloc:
  case Call::Realloc:
    return allocation(S, C);
  case Call::Free:
  case Call::FreeCounted:
    return freeCall(S, C);
  case Call::AssignCounted:
    return structAssign(S, C);
  case Call::Store:
    return store(S);
  case Call::MemsetCounted:
    return memsetCall(S);
  case Call::CascadeGuard:
    return cascadeGuard(S);
  case Call::Alive:
    return alive(S);
  case Call::Advance:
  case Call::Offset:
    return advance(S);
  case Call::Elem:
  case Call::UncheckedElem:
    return element(S, C);
  case Call::Frame:
  case Call::FrameCounted:
    return S.kind == SiteKind::LiteralFrame && literalFrame(S, C); // else emitFrames
  }
  return false;
}

bool Emitter::deref(const Site &S, Call C) {
  std::string Cast = castTo(S.type);
  if (Cast.empty()) {
    U.error(S.at, "reference to an anonymous struct cannot be dereferenced by genref",
            "give the struct a tag or a typedef name");
    return false;
  }
  if (C == Call::UncheckedDeref)
    return wrap(S.expr, "(" + Cast + sp(C) + "(", "))");
  return wrap(S.expr, "(" + Cast + sp(C) + "(", ", " + site(S.at, S.context, S.type) + "))");
}

bool Emitter::compare(const Site &S) {
  const auto *BO = cast<BinaryOperator>(S.expr);
  const Expr *L = BO->getLHS(), *R = BO->getRHS();
  bool Both = S.kind == SiteKind::RefEquality;
  bool LR = Both || S.refOnLeft, RR = Both || !S.refOnLeft;
  bool Eq = S.equal;
  CharSourceRange OpR = U.fileRange(SourceRange(BO->getOperatorLoc(), BO->getOperatorLoc()));
  if (OpR.isInvalid()) {
    // `#define ISNULL(x) ((x) == 0)`: the operator is the macro's; compare
    // addresses instead, which needs edits on the operands only.
    std::string Addr = sp(Call::UncheckedUnwrap);
    if (LR)
      wrap(L, Addr + "(", ")");
    if (RR)
      wrap(R, Addr + "(", ")");
    return true;
  }
  unsigned D = U.Parents.depth(BO);
  SourceLocation Op = BO->getOperatorLoc();
  auto Begin = [&](const Expr *X, CharSourceRange XR) {
    return XR.isValid() ? XR.getBegin() : fileLoc(U, {X->getBeginLoc(), false});
  };
  auto End = [&](const Expr *X, CharSourceRange XR) {
    return XR.isValid() ? XR.getEnd() : fileLoc(U, {X->getEndLoc(), true});
  };
  if (Both) {
    CharSourceRange LRg = U.fileRange(L->getSourceRange()), RRg = U.fileRange(R->getSourceRange());
    Edits.prefix(Begin(L, LRg), Eq ? sp(Call::RefEq) + "(" : "(!" + sp(Call::RefEq) + "(", D,
                 {L->getBeginLoc(), false});
    Edits.replace(OpR, ",", Op, Op);
    Edits.suffix(End(R, RRg), Eq ? ")" : "))", D, {R->getEndLoc(), true});
    return true;
  }
  // r == NULL  ->  gr_ref_is_null(r)
  const Expr *Ref = LR ? L : R, *Other = LR ? R : L;
  CharSourceRange RefR = U.fileRange(Ref->getSourceRange());
  CharSourceRange OthR = U.fileRange(Other->getSourceRange());
  std::string Open = Eq ? sp(Call::NullTest) + "(" : "(!" + sp(Call::NullTest) + "(";
  auto Chars = [](SourceLocation B, SourceLocation E) {
    return B.isValid() && E.isValid() ? CharSourceRange::getCharRange(B, E)
                                      : CharSourceRange();
  };
  if (LR) {
    Edits.prefix(Begin(Ref, RefR), Open, D, {Ref->getBeginLoc(), false});
    Edits.replace(Chars(OpR.getBegin(), End(Other, OthR)), Eq ? ")" : "))", Op,
                  Other->getEndLoc());
  } else {
    Edits.replace(Chars(Begin(Other, OthR), OpR.getEnd()), Open, Other->getBeginLoc(), Op);
    Edits.suffix(End(Ref, RefR), Eq ? ")" : "))", D, {Ref->getEndLoc(), true});
  }
  return true;
}

bool Emitter::allocation(const Site &S, Call C) {
  const auto *CE = cast<CallExpr>(S.expr);
  // The heap needs no description of the object: its generation is the
  // allocator's header, outside the object's bytes.
  std::string Extra;
  if (C == Call::Realloc)
    Extra = ", " + site(CE->getBeginLoc(), CE, S.type);
  if (C == Call::AllocZeroed) {
    // Normal mode: the object remembers what it holds, so a free through
    // any pointer type (void *, a deallocator's) releases it.
    HeaderLayout RL = refLayoutOf(S.type, U.Ctx, true); // strided: elements
    if (!RL.ok || RL.none || RL.typeName.empty())
      return retargetCall(CE, S.callee == "calloc" ? "gr_calloc" : "gr_alloc_zeroed", "");
    Extra = ", " + RL.argument();
    return retargetCall(CE, S.callee == "calloc" ? "gr_calloc_counted" : "gr_alloc_counted",
                        Extra);
  }
  return retargetCall(CE, callSpelling(C), Extra);
}

bool Emitter::freeCall(const Site &S, Call C) {
  const auto *CE = cast<CallExpr>(S.expr);
  std::string Fn = std::string(S.isRef ? "gr_ref_" : "gr_") + sp(C);
  std::string Extra = ", " + site(CE->getBeginLoc(), CE, S.type);
  if (C == Call::FreeCounted) {
    // Release what the object holds and report references to it.
    HeaderLayout RL = refLayoutOf(S.type, U.Ctx, false);
    std::string Name = spellType(S.type.getUnqualifiedType(), U.Ctx);
    if (!RL.ok || Name.empty()) {
      U.error(CE->getBeginLoc(),
              "free of a weakable object: " +
                  (RL.ok ? std::string("its type has no name") : RL.error),
              "give the struct a tag or a typedef name");
      return false;
    }
    Extra = ", sizeof(" + Name + "), " + RL.argument() + Extra;
  }
  return retargetCall(CE, Fn.c_str(), Extra);
}

bool Emitter::structAssign(const Site &S, Call C) {
  (void)C; // only AssignCounted reaches here: plain C copies everything else
  const auto *BO = cast<BinaryOperator>(S.expr);
  // With its stride (sizeof the struct): the runtime's retain then types an
  // untyped heap allocation the assignment fills (`*n = tmpl`, n from a
  // void * hook), so a free through void * releases what it stored.
  HeaderLayout RL = refLayoutOf(S.type, U.Ctx, true);
  if (!RL.ok) {
    U.error(BO->getOperatorLoc(), "assignment of a struct holding references: " + RL.error,
            "give the struct a tag or a typedef name");
    return false;
  }
  if (RL.none)
    return true;
  unsigned D = U.Parents.depth(BO);
  // As a statement its value is unused: say so, or gcc warns (and clang,
  // for `(a = b);`, which a macro's parentheses make of a statement).
  DynTypedNode P = U.Parents.parent(DynTypedNode::create(*BO));
  while (P.get<ParenExpr>())
    P = U.Parents.parent(P);
  bool Statement = !P.getNodeKind().isNone() && !P.get<Expr>() && !P.get<VarDecl>();
  std::string Macro = sp(Call::AssignCounted) + "(" + RL.argument() + ", ";
  assignment(BO, std::string(Statement ? "(void)" : "") + Macro, ",", ")", D);
  return true;
}

bool Emitter::store(const Site &S) {
  const auto *BO = cast<BinaryOperator>(S.expr);
  // A field of a packed struct: its address goes through void * (the
  // runtime reads and writes it as bytes would be, x86-64 takes unaligned
  // words), so -Waddress-of-packed-member stays quiet about our text.
  bool Packed = false;
  if (const auto *ME = dyn_cast<MemberExpr>(BO->getLHS()->IgnoreParenImpCasts()))
    if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl()))
      Packed = FD->getParent()->hasAttr<PackedAttr>() ||
               FD->getParent()->hasAttr<MaxFieldAlignmentAttr>() || FD->hasAttr<PackedAttr>();
  // Through a raw pointer to the holding struct (`p->next = q` with a plain
  // `struct node *p`, `arr[i].next = q`): the store also says the struct's
  // layout and the field's offset, so an untyped heap allocation there (a
  // hook's) takes the struct's type and a free through void * releases it.
  std::string Typed = rawHolderType(BO->getLHS());
  assignment(BO,
             std::string(Typed.empty() ? sp(Call::Store) : "gr_ref_store_at_typed") +
                 (Packed ? "((gr_ref_t *)(void *)&(" : "(&("),
             "),", ", " + holderOf(BO->getLHS()) + Typed + ")", U.Parents.depth(BO));
  return true;
}

// ", refs, offsetof(T, path)" when LHS is a field of a struct T holding
// GR_REFs (directly, or in a member struct: `p->in.f`), reached through a
// raw pointer (`p->f`, `p[i].f`, `(*p).f`); ", refs, 0" for an element of
// an array of GR_REFs through one (`v[i]`); else "".
std::string Emitter::rawHolderType(const Expr *LHS) {
  // An element of an array of references reached through a raw pointer
  // (`v[i] = q`, `*v = q`, v a `T *GR_REF *` that realloc(NULL, n), a
  // void * wrapper or reallocarray gave): the array's layout at offset 0,
  // as every element lies at a multiple of its stride. Such an array had
  // no type, so its free released nothing: a false dangling-reference
  // (fourth probe: a growable array of strdup'd lines).
  const Expr *L = LHS->IgnoreParenImpCasts();
  QualType EPtr;
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(L))
    EPtr = AS->getBase()->IgnoreParenImpCasts()->getType();
  else if (const auto *UO = dyn_cast<UnaryOperator>(L); UO && UO->getOpcode() == UO_Deref)
    EPtr = UO->getSubExpr()->IgnoreParenImpCasts()->getType();
  if (!EPtr.isNull() && EPtr->isPointerType() && refKindOf(EPtr) == RefKind::None) {
    QualType ET = EPtr->getPointeeType();
    if (refKindOf(ET) != RefKind::None && containsStrongRef(ET, U.Ctx)) {
      HeaderLayout RL = refLayoutOf(ET, U.Ctx, true);
      if (RL.ok && !RL.none && !RL.typeName.empty())
        return ", " + RL.argument() + ", 0";
    }
    return "";
  }
  const auto *ME = dyn_cast<MemberExpr>(L);
  if (!ME)
    return "";
  std::string Path;
  for (;;) {
    const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!FD || FD->isBitField() || FD->getName().empty())
      return "";
    Path = FD->getNameAsString() + (Path.empty() ? "" : "." + Path);
    if (ME->isArrow())
      break;
    const auto *Inner = dyn_cast<MemberExpr>(ME->getBase()->IgnoreParenImpCasts());
    if (!Inner)
      break;
    ME = Inner;
  }
  const Expr *Base = ME->getBase()->IgnoreParenImpCasts();
  QualType Ptr;
  if (ME->isArrow())
    Ptr = Base->getType();
  else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(Base))
    Ptr = AS->getBase()->IgnoreParenImpCasts()->getType();
  else if (const auto *UO = dyn_cast<UnaryOperator>(Base); UO && UO->getOpcode() == UO_Deref)
    Ptr = UO->getSubExpr()->IgnoreParenImpCasts()->getType();
  if (Ptr.isNull() || !Ptr->isPointerType() || refKindOf(Ptr) != RefKind::None)
    return "";
  // Canonical: `struct node`, never a typedef name a variable may hide
  // (`node *node`); a struct with no tag falls back to the plain store.
  QualType T = Ptr->getPointeeType().getCanonicalType().getUnqualifiedType();
  const RecordType *RT = T->getAs<RecordType>();
  const auto *Top = dyn_cast<FieldDecl>(ME->getMemberDecl());
  if (!RT || !Top || RT->getDecl() != Top->getParent() || !RT->getDecl()->getIdentifier() ||
      !containsStrongRef(T, U.Ctx))
    return "";
  HeaderLayout RL = refLayoutOf(T, U.Ctx, true);
  std::string Name = spellType(T, U.Ctx);
  if (!RL.ok || RL.none || RL.typeName.empty() || Name.empty())
    return "";
  return ", " + RL.argument() + ", __builtin_offsetof(" + Name + ", " + Path + ")";
}

std::string Emitter::declaredAt(SourceLocation L) {
  PresumedLoc P = U.SM.getPresumedLoc(U.SM.getExpansionLoc(L));
  if (P.isInvalid())
    return "0";
  return quote(std::string(llvm::sys::path::filename(P.getFilename())) + ":" +
               std::to_string(P.getLine()));
}

// GR_HOLDER("field 'next' of 'struct node'", "list.c:12"): what the left
// side of a counted store names, and where that is declared.
std::string Emitter::holderOf(const Expr *LHS) {
  const Expr *E = LHS->IgnoreParenImpCasts();
  std::string Name, Decl = "0";
  bool Element = false;
  while (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    E = AS->getBase()->IgnoreParenImpCasts();
    Element = true;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl())) {
      std::string T = spellType(U.Ctx.getRecordType(FD->getParent()), U.Ctx);
      Name = "field '" + FD->getNameAsString() + "'" + (T.empty() ? "" : " of '" + T + "'");
      Decl = declaredAt(FD->getParent()->getLocation());
    }
  } else if (const auto *DR = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl())) {
      const FunctionDecl *FD = dyn_cast_or_null<FunctionDecl>(VD->getDeclContext());
      Name = (VD->isStaticLocal() ? "static '" : VD->hasGlobalStorage() ? "global '" : "variable '") +
             VD->getNameAsString() + "'" +
             (VD->isStaticLocal() && FD ? " of " + FD->getNameAsString() + "()" : "");
      Decl = declaredAt(VD->getLocation());
    }
  }
  if (Name.empty()) {
    CharSourceRange R = U.fileRange(LHS->getSourceRange());
    StringRef Text = R.isValid() ? Lexer::getSourceText(R, U.SM, U.LO) : StringRef();
    if (Text.empty() || Text.size() > 60 || Text.contains('\n'))
      return "(const gr_holder_t *)0";
    Name = "'" + Text.str() + "'";
    Element = false;
  }
  if (Element)
    Name = "an element of " + Name;
  return "GR_HOLDER(" + quote(Name) + ", " + Decl + ")";
}

// memset(dst, c, n) / bzero(dst, n) in normal mode: the counted references
// in the range are released first.
bool Emitter::memsetCall(const Site &S) {
  const auto *CE = cast<CallExpr>(S.expr);
  std::string Extra = ", (gr_layout_t *)0";
  if (!S.type.isNull() && !S.type->isVoidType() && !S.type->isIncompleteType()) {
    HeaderLayout RL = refLayoutOf(S.type, U.Ctx, true); // strided: elements
    if (RL.ok && !RL.none && !RL.typeName.empty())
      Extra = ", " + RL.argument();
  }
  return retargetCall(CE, S.callee == "bzero" ? "gr_bzero_counted" : "gr_memset_counted", Extra);
}

// First in the body of a normal-mode function that frees (or calls through
// a function pointer, which may): the destruction it makes ends when the
// outermost such call returns, and only then are its frees checked.
bool Emitter::cascadeGuard(const Site &S) {
  const FunctionDecl *FD = U.Parents.enclosingFunction(S.context);
  if (FD && GuardedFunctions.insert(FD).second)
    Destroying.push_back(FD);
  return true;
}

void Emitter::placeCascadeGuards() {
  if (Edits.empty())
    return;
  for (const FunctionDecl *FD : Destroying) {
  const auto *Body = dyn_cast_or_null<CompoundStmt>(FD->getBody());
  if (!Body)
    continue;
  SourceLocation LB = Body->getLBracLoc();
  CharSourceRange R = U.fileRange(SourceRange(LB, LB));
  if (R.isInvalid())
    continue; // a function defined by a macro: its frees are checked at once
  bool Invalid = false;
  const char *P = U.SM.getCharacterData(R.getEnd(), &Invalid);
  if (!Invalid && StringRef(P).ltrim(" \t").starts_with("gr_cascade_t __gr_cascade"))
    continue; // rewritten before
  // Deeper than any frame's text at the same place: declared first, so its
  // cleanup runs after every frame of the function has ended.
  Edits.suffix(R.getEnd(),
               " gr_cascade_t __gr_cascade __attribute__((cleanup(gr_cascade_end))) = "
               "gr_cascade_begin();",
               1u << 20, {LB, true});
  }
}

// `a = b` -> Pre a Op b Post (the operator's text replaced by Op).
void Emitter::assignment(const BinaryOperator *BO, std::string Pre, std::string Op,
                         std::string Post, unsigned D) {
  const Expr *L = BO->getLHS(), *R = BO->getRHS();
  SourceLocation OpL = BO->getOperatorLoc();
  CharSourceRange LR = U.fileRange(L->getSourceRange());
  CharSourceRange RR = U.fileRange(R->getSourceRange());
  TokenAt First{L->getBeginLoc(), false}, Last{R->getEndLoc(), true};
  Edits.prefix(LR.isValid() ? LR.getBegin() : fileLoc(U, First), std::move(Pre), D, First);
  Edits.replace(U.fileRange(SourceRange(OpL, OpL)), std::move(Op), OpL, OpL);
  Edits.suffix(RR.isValid() ? RR.getEnd() : fileLoc(U, Last), std::move(Post), D, Last);
}

bool Emitter::alive(const Site &S) {
  const auto *CE = cast<CallExpr>(S.expr);
  // The callee comes from gr_alive's body: replace the name gr_alive where
  // it is written in the file, else the callee in the expanded text.
  SourceLocation Callee = CE->getCallee()->getBeginLoc();
  SourceLocation Name =
      Callee.isMacroID() ? U.SM.getImmediateExpansionRange(Callee).getBegin() : Callee;
  // A raw pointer is alive when non-null, as without genref.
  Edits.replace(U.fileRange(SourceRange(Name, Name)),
                S.isRef ? sp(Call::Alive) : std::string("0 != "), Callee, Callee);
  return true;
}

// r++ / --r / r += n / r -= n: the reference moves inside its allocation,
// keeping its generation (runtime/include/genref/ref.h, gr_ref_advance).
bool Emitter::advance(const Site &S) {
  std::string T = spellType(S.type, U.Ctx);
  if (T.empty()) {
    U.error(S.at, "arithmetic on a reference to an anonymous type",
            "give the type a tag or a typedef name");
    return false;
  }
  // The count converted explicitly (`p + n` with a size_t n): the
  // rewritten text stays quiet under -Wconversion and -Wsign-conversion.
  std::string Size = "(_gr_ptrdiff)sizeof(" + T + ")";
  std::string Site = site(S.at, S.context, S.type);
  if (const auto *UO = dyn_cast<UnaryOperator>(S.expr)) {
    SourceLocation OpL = UO->getOperatorLoc();
    Edits.replace(U.fileRange(SourceRange(OpL, OpL)), "", OpL, OpL);
    return wrap(UO->getSubExpr(), sp(Call::Advance) + "(&(",
                std::string("), ") + (UO->isIncrementOp() ? "" : "-") + Size + ", " +
                    (UO->isPostfix() ? "1" : "0") + ", " + Site + ")");
  }
  const auto *BO = cast<BinaryOperator>(S.expr);
  if (S.kind == SiteKind::Offset) { // r + i -> gr_ref_offset(r, size * (i))
    bool Minus = BO->getOpcode() == BO_Sub;
    // One level inside the BO's own depth: a wrap of the whole `r + i` (a
    // check, a comparison's unchecked address) goes around the offset call.
    assignment(BO, sp(Call::Offset) + "(",
               std::string(", ") + (Minus ? "-" : "") + Size + " * (_gr_ptrdiff)(", "))",
               U.Parents.depth(BO) + 1);
    return true;
  }
  bool Sub = BO->getOpcode() == BO_SubAssign;
  assignment(BO, sp(Call::Advance) + "(&(",
             std::string("), ") + (Sub ? "-" : "") + Size + " * (_gr_ptrdiff)(",
             "), 0, " + Site + ")", U.Parents.depth(BO));
  return true;
}

// &r[i] made a reference -> gr_ref_elem(r, size * (i), site): the `&` goes,
// `[` and `]` become the arguments' punctuation (ref.h, gr_ref_elem).
bool Emitter::element(const Site &S, Call C) {
  std::string T = spellType(S.type, U.Ctx);
  if (T.empty()) {
    U.error(S.at, "a reference to an element of an anonymous type",
            "give the type a tag or a typedef name");
    return false;
  }
  const auto *UO = cast<UnaryOperator>(S.expr);
  const auto *AS = cast<ArraySubscriptExpr>(UO->getSubExpr());
  std::optional<Token> LBracket = Lexer::findNextToken(AS->getBase()->getEndLoc(), U.SM, U.LO);
  if (!LBracket || !LBracket->is(tok::l_square))
    return false;
  SourceLocation Amp = UO->getOperatorLoc(), LB = LBracket->getLocation(),
                 RB = AS->getRBracketLoc();
  Edits.replace(U.fileRange(SourceRange(Amp, Amp)), "", Amp, Amp);
  CharSourceRange BR = U.fileRange(AS->getBase()->getSourceRange());
  Edits.prefix(BR.getBegin(), sp(C) + "(", U.Parents.depth(AS) + 1,
               {AS->getBase()->getBeginLoc(), false});
  Edits.replace(U.fileRange(SourceRange(LB, LB)),
                ", (_gr_ptrdiff)sizeof(" + T + ") * (_gr_ptrdiff)(", LB, LB);
  Edits.replace(U.fileRange(SourceRange(RB, RB)),
                C == Call::Elem ? "), " + site(S.at, S.context, S.type) + ")" : std::string("))"),
                RB, RB);
  return true;
}

bool Emitter::placeMacroEdits() { return genref::placeMacroEdits(U, Edits); }

//===----------------------------------------------------------------------===//
// Stack frames
//===----------------------------------------------------------------------===//

// The frame of an object: its variable, the cleanup that ends it, and the
// call that begins it (fresh generations now, dead ones at scope exit).
Emitter::FrameText Emitter::frameText(const std::string &Var, const std::string &Addr,
                                      const std::string &Size, QualType T,
                                      bool Initialized, SourceLocation At,
                                      const Stmt *Ctx, Call C, SourceLocation DiagAt,
                                      bool Placed) {
  HeaderLayout RL = refLayoutOf(T, U.Ctx, false);
  if (!RL.ok) {
    U.error(DiagAt, "object on the stack: " + RL.error,
            "give the struct a tag or a typedef name");
    return {};
  }
  FrameText F;
  F.var = Var;
  // A placed object's frame: rt.h's gr_stack_frame_place[_normal] decides,
  // per layout, where the object lives.
  std::string Begin = !Placed ? sp(C)
                      : C == Call::FrameCounted ? std::string("gr_stack_frame_place_normal")
                                                : std::string("gr_stack_frame_place");
  if (C == Call::FrameCounted) {
    // A local variable of reference type (its address taken, `get(&n)`)
    // is a local: never counted, so no layout, and the runtime counts no
    // store into it (docs/modes.md).
    bool Counts = !RL.none && refKindOf(T) == RefKind::None;
    F.end = "gr_stack_frame_end_normal";
    F.begin = Begin + "(" + Addr + ", " + Size + ", " +
              (Counts ? RL.argument() : std::string("(gr_layout_t *)0")) + ", " +
              (!Counts || Initialized ? "1" : "0") + ", " + site(At, Ctx, T) + ")";
  } else {
    F.end = "gr_stack_frame_end";
    // Placed: whether the copy starts as the object (one without an
    // initializer has nothing to copy).
    F.begin = Begin + "(" + Addr + ", " + Size +
              (Placed ? (Initialized ? ", 1" : ", 0") : "") + ")";
  }
  return F;
}

std::string Emitter::FrameText::declaration(bool Inactive) const {
  return " gr_stack_frame_t " + var + " __attribute__((cleanup(" + end + "))) = " +
         (Inactive ? std::string("{0}") : begin) + ";" + object;
}

Emitter::FrameText Emitter::frameFor(const VarDecl *VD, const Stmt *At, Call C, bool Placed) {
  PresumedLoc P = U.SM.getPresumedLoc(U.SM.getExpansionLoc(VD->getLocation()));
  std::string Name = VD->getName().str();
  // The runtime writes the object's headers: a const or volatile object is
  // passed without its qualifiers (the headers are genref's, not the
  // program's), or clang warns about our text under -Werror.
  QualType VT = VD->getType();
  bool Qualified = VT.isConstQualified() || VT.isVolatileQualified() ||
                   (U.Ctx.getAsArrayType(VT) &&
                    (U.Ctx.getBaseElementType(VT).isConstQualified() ||
                     U.Ctx.getBaseElementType(VT).isVolatileQualified()));
  std::string Addr = (Qualified ? "(void *)&" : "&") + Name;
  std::string Var = "__gr_frame_" + Name + "_" + std::to_string(P.isValid() ? P.getLine() : 0);
  FrameText F = frameText(Var, Addr, "sizeof " + Name, VT, VD->hasInit() || isa<ParmVarDecl>(VD),
                          VD->getLocation(), At, C, VD->getLocation(), Placed);
  if (!Placed || F.var.empty())
    return F;
  F.object = " __typeof__(" + Name + ") *const __gr_obj_" + Name + " = gr_stack_object(&" +
             Var + ", " + Addr + ");";
  return F;
}

// Whether a use of an object gives no address of it: the object, or a
// member reached from it with '.' (not an array), read, assigned, stepped
// (++/--), or in sizeof of a non-VLA.
bool Emitter::valueOnlyUse(const Expr *E) {
  for (;;) {
    if (U.Parents.isUnevaluated(E))
      return true;
    DynTypedNode P = U.Parents.parent(DynTypedNode::create(*E));
    if (const auto *PE = P.get<ParenExpr>()) {
      E = PE;
      continue;
    }
    if (const auto *ME = P.get<MemberExpr>(); ME && !ME->isArrow()) {
      if (ME->getType()->isArrayType())
        return false;
      E = ME;
      continue;
    }
    if (const auto *IC = P.get<ImplicitCastExpr>())
      return IC->getCastKind() == CK_LValueToRValue;
    if (const auto *BO = P.get<BinaryOperator>())
      return BO->isAssignmentOp() && BO->getLHS()->IgnoreParens() == E->IgnoreParens();
    if (const auto *UO = P.get<UnaryOperator>())
      return UO->isIncrementDecrementOp();
    return false;
  }
}

// Collects the uses a placed object's redirect rewrites; false (the object
// keeps the frame list's scheme, docs/annotations.md) when one cannot be:
// a jump may pass its declaration (the frame is hoisted), a use is written
// in a macro (its argument or its body) or in its own declaration, the
// object is a pointer (references have edits of their own), over-aligned
// for the heap (more than 16 bytes) or `register` (no address).
bool Emitter::placeable(const Site &S, const VarDecl *VD, std::vector<const DeclRefExpr *> &Uses) {
  if (S.place != Site::Place::AfterDecl || S.inForHeader)
    return false;
  QualType T = VD->getType();
  if (T->isPointerType() || refKindOf(T) != RefKind::None ||
      VD->getStorageClass() == SC_Register || U.Ctx.getDeclAlign(VD).getQuantity() > 16 ||
      VD->getLocation().isMacroID() || !VD->getIdentifier())
    return false;
  if (!carriesHeaders(T) && !U.RefTargets.count(VD))
    return false; // no reference points at it: nothing to move
  const auto *FD = dyn_cast_or_null<FunctionDecl>(VD->getParentFunctionOrMethod());
  if (!FD || !FD->getBody())
    return false;
  struct Finder : RecursiveASTVisitor<Finder> {
    const VarDecl *VD;
    std::vector<const DeclRefExpr *> Out;
    bool VisitDeclRefExpr(DeclRefExpr *DRE) {
      if (DRE->getDecl() == VD)
        Out.push_back(DRE);
      return true;
    }
  } F;
  F.VD = VD;
  F.TraverseStmt(FD->getBody());
  // Only its value used (read, assigned, a member reached with '.', in
  // sizeof): no reference can ever point at it, so it has nothing to gain
  // from a copy (and keeps its frame, which costs no allocation).
  if (std::all_of(F.Out.begin(), F.Out.end(),
                  [&](const DeclRefExpr *DRE) { return valueOnlyUse(DRE); }))
    return false;
  SourceManager &SM = U.SM;
  CharSourceRange Own = S.params ? CharSourceRange() : U.fileRange(S.context->getSourceRange());
  if (!S.params && Own.isInvalid())
    return false;
  for (const DeclRefExpr *DRE : F.Out) {
    SourceLocation L = DRE->getLocation();
    // Written in a macro's argument (gr_alive(a.self), assert(a.v)): the
    // argument's text is edited; in a macro's body: no text to edit.
    if (L.isMacroID() && (!SM.isMacroArgExpansion(L) ||
                          U.fileRange(SourceRange(L, L)).isInvalid()))
      return false;
    if (L.isMacroID())
      L = U.fileRange(SourceRange(L, L)).getBegin();
    if (Own.isValid() && !SM.isBeforeInTranslationUnit(Own.getEnd(), L) &&
        !SM.isBeforeInTranslationUnit(L, Own.getBegin()))
      return false; // in its own declaration statement, before the copy
  }
  Uses = std::move(F.Out);
  return true;
}

// Text at the start of a compound statement (after its '{') or around a
// switch statement: where a hoisted frame is declared, inactive.
void Emitter::hoistDeclaration(const Stmt *Hoist, const std::string &Decl) {
  if (const auto *CS = dyn_cast<CompoundStmt>(Hoist)) {
    CharSourceRange R = U.fileRange(SourceRange(CS->getLBracLoc(), CS->getLBracLoc()));
    Edits.suffix(R.isValid() ? R.getEnd() : SourceLocation(), Decl, 0,
                 {CS->getLBracLoc(), true});
    return;
  }
  CharSourceRange R = U.fileRange(Hoist->getSourceRange());
  Edits.prefix(R.isValid() ? R.getBegin() : SourceLocation(), "{" + Decl + " ", 0,
               {Hoist->getBeginLoc(), false});
  Edits.suffix(R.isValid() ? R.getEnd() : SourceLocation(), " }", 0, {Hoist->getEndLoc(), true});
}

void Emitter::emitFrames(const Site &S,
                         const std::vector<std::pair<const VarDecl *, Call>> &Frames) {
  std::vector<FrameText> Texts;
  std::vector<std::pair<const VarDecl *, std::vector<const DeclRefExpr *>>> Redirects;
  for (const auto &[VD, C] : Frames) {
    std::vector<const DeclRefExpr *> Uses;
    bool Placed = placeable(S, VD, Uses);
    if (FrameText F = frameFor(VD, S.context, C, Placed); !F.var.empty()) {
      Texts.push_back(F);
      if (Placed)
        Redirects.push_back({VD, std::move(Uses)});
    }
  }
  if (Texts.empty())
    return;
  if (S.inForHeader) {
    U.error(S.context->getBeginLoc(), "a weakable object declared in a for-loop header",
            "declare it before the loop");
    return;
  }
  CharSourceRange R = U.fileRange(SourceRange(S.insertAfter, S.insertAfter));
  if (R.isValid() && followedByFrame(R.getEnd()))
    return; // rewritten before: idempotent
  std::string Text;
  // Normal mode: the first counted objects of a block open its scope guard
  // (declared before them, so it ends after all of them): a scope-end
  // check waits until every counted object of the block has ended.
  bool Counted = false;
  for (const auto &[VD, C] : Frames)
    Counted |= C == Call::FrameCounted;
  const Stmt *Block = Counted ? frameBlock(S) : nullptr;
  std::string Guard;
  if (Block && GuardedBlocks.insert(Block).second)
    Guard = " gr_cascade_t __gr_scope_" + Texts.front().var.substr(strlen("__gr_frame_")) +
            " __attribute__((cleanup(gr_scope_end))) = gr_scope_begin();";
  for (const FrameText &F : Texts) {
    if (S.place == Site::Place::AfterDecl) {
      Text += Guard + F.declaration(false);
      Guard.clear();
      continue;
    }
    // Declared where no jump can bypass it, begun here.
    hoistDeclaration(S.hoist, Guard + F.declaration(true));
    Guard.clear();
    Text += " char __gr_live" + F.var.substr(strlen("__gr_frame")) +
            " __attribute__((unused)) = (" + F.var + " = " + F.begin + ", 0);";
  }
  TokenAt After{S.insertAfter, true};
  if (R.isInvalid()) {
    if (!S.params) // declared by a macro's body: in its expanded text
      Edits.suffix(SourceLocation(), Text, 0, After);
    return;
  }
  Edits.suffix(R.getEnd(), Text, 0, After);
  // Every use of a placed object is where it lives now.
  // One edit per use, also per occurrence of a macro argument expanded
  // more than once (MAX(a.n, 2)): the placer then sees every occurrence
  // edited alike and keeps the argument's text, and the file's text gets
  // the edit once (EditList::apply). Only the first occurrence's edit was
  // recorded, and an invocation expanded for another edit redirected that
  // one alone: the others read the old stack slot (wrong output).
  for (const auto &[VD, Uses] : Redirects)
    for (const DeclRefExpr *DRE : Uses) {
      SourceLocation L = DRE->getLocation();
      Edits.replace(U.fileRange(SourceRange(L, L)), "(*__gr_obj_" + VD->getName().str() + ")",
                    L, L);
    }
}

// `(struct n){...}` at block scope lives until its block ends: its frame is
// declared at the block's start and begun each time the literal is made;
// the literal's value is then read back through the frame.
bool Emitter::literalFrame(const Site &S, Call C) {
  const auto *CL = cast<CompoundLiteralExpr>(S.expr);
  std::string T = spellType(S.type.getUnqualifiedType(), U.Ctx);
  if (T.empty() || !S.type->isRecordType()) {
    U.error(S.at, "a compound literal of this weakable type cannot be given a lifetime",
            "declare a named object instead of the compound literal");
    return false;
  }
  PresumedLoc P = U.SM.getPresumedLoc(U.SM.getExpansionLoc(CL->getBeginLoc()));
  std::string Var = "__gr_frame_literal_" + std::to_string(P.isValid() ? P.getLine() : 0) +
                    "_" + std::to_string(P.isValid() ? P.getColumn() : 0);
  FrameText F = frameText(Var, "&", "sizeof(" + T + ")", S.type, true, CL->getBeginLoc(),
                          CL, C, S.at);
  if (F.var.empty())
    return false;
  // F.begin is `begin(&, size, ...)`: the literal goes right after the '&'.
  size_t Amp = F.begin.find("(&, ");
  // *(frame = begin(&literal, ...), (T *)frame.obj): still an lvalue.
  std::string Pre = "(*(" + Var + " = " + F.begin.substr(0, Amp + 2);
  std::string Post = F.begin.substr(Amp + 2) + ", (" + T + " *)" + Var + ".obj))";
  if (!wrap(CL, Pre, Post))
    return false;
  hoistDeclaration(S.hoist, F.declaration(true));
  return true;
}

const Stmt *Emitter::frameBlock(const Site &S) {
  if (S.place != Site::Place::AfterDecl)
    return S.hoist;
  if (S.params)
    return S.context;
  for (DynTypedNode N = U.Parents.parent(DynTypedNode::create(*S.context));
       !N.getNodeKind().isNone(); N = U.Parents.parent(N)) {
    if (const auto *CS = N.get<CompoundStmt>())
      return CS;
    if (N.get<FunctionDecl>())
      return nullptr;
  }
  return nullptr;
}

bool Emitter::followedByFrame(SourceLocation L) {
  bool Invalid = false;
  const char *P = U.SM.getCharacterData(L, &Invalid);
  if (Invalid)
    return false;
  while (*P == ' ' || *P == '\t')
    P++;
  return StringRef(P).starts_with("gr_stack_frame_t __gr_frame_") ||
         StringRef(P).starts_with("char __gr_live_") ||
         StringRef(P).starts_with("gr_cascade_t __gr_scope_") ||
         StringRef(P).starts_with("gr_cascade_t __gr_cascade ");
}

//===----------------------------------------------------------------------===//
// Declarations and the unit
//===----------------------------------------------------------------------===//

bool Emitter::isHeaderField(const FieldDecl *F) { return F->getName() == kHeaderField; }

void Emitter::weakableHeader(const RecordDecl *RD) {
  SourceLocation LB = RD->getBraceRange().getBegin();
  CharSourceRange R = U.fileRange(SourceRange(LB, LB));
  if (R.isInvalid()) {
    U.error(RD->getLocation(),
            "a GR_WEAKABLE struct defined inside a macro cannot be rewritten",
            "define the struct outside the macro");
    return;
  }
  // Nothing to insert: the generation lives outside the struct (the
  // allocator's header, a frame), so its layout stays plain C's.
  (void)R;
  U.NewlyWeakable.insert(RD);
}

// The translation unit's record for the whitelist and genref-audit
// (runtime/src/policy.c reads it): appended after the last line.
void Emitter::unitRecord(const std::set<std::string> &UncheckedUsed, const char *ModeName) {
  SourceManager &SM = U.SM;
  FileID Main = SM.getMainFileID();
  StringRef Text = SM.getBufferData(Main);
  // Rewritten before: the record is a declaration of the unit (its name in
  // a comment or a string is not).
  for (const Decl *D : U.Ctx.getTranslationUnitDecl()->decls())
    if (const auto *VD = dyn_cast<VarDecl>(D))
      if (VD->getIdentifier() && VD->getName() == "__gr_tu_record" &&
          SM.isInMainFile(SM.getExpansionLoc(VD->getLocation())))
        return;
  std::string Src = "<stdin>";
  if (auto FE = SM.getFileEntryRefForID(Main)) {
    llvm::SmallString<256> Abs(FE->getName());
    // Preprocessed input (a .i) names its source in its first line marker
    // (`# 1 "x.c"`, `#line 1 "x.c"`): the whitelist matches that source.
    StringRef First = Text.substr(0, Text.find('\n'));
    if (First.consume_front("#")) {
      First = First.ltrim();
      First.consume_front("line");
      First = First.ltrim();
      size_t Digits = First.find_first_not_of("0123456789");
      StringRef Rest = Digits == 0 || Digits == StringRef::npos ? "" : First.drop_front(Digits).ltrim();
      if (Rest.consume_front("\"") && !Rest.starts_with("<") && Rest.contains('"'))
        Abs = Rest.take_until([](char C) { return C == '"'; });
    }
    llvm::sys::fs::make_absolute(Abs);
    llvm::sys::path::remove_dots(Abs, true);
    Src = std::string(Abs);
  }
  std::string Unchecked;
  for (const std::string &X : UncheckedUsed)
    Unchecked += (Unchecked.empty() ? "" : ", ") + X;
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
      // retain: kept by --gc-sections (lld collects sections that only
      // __start_/__stop_ symbols reference).
      "static const char __gr_tu_record[] __attribute__((section(\"genref_tus\"), "
      "used, retain, aligned(1))) = \"GRTU1\\tmode=" + std::string(ModeName) +
      "\\tlayout=\" GENREF_LAYOUT_NAME \"\\tunchecked=" + Esc(Unchecked) +
      "\\tsrc=" + Esc(Src) + "\\n\"; "
      "extern const char __genref_runtime_anchor; "
      "static const char *const __gr_runtime_anchor __attribute__((used)) = "
      "&__genref_runtime_anchor; "
      // The unit checks itself as its module loads (runtime/src/policy.c):
      // a shared library's units too, with the library's own policy.
      "extern void gr_unit_loaded(const char *, const char *, const char *); "
      "extern const char __start_genref_policy[] __attribute__((weak, "
      "visibility(\"hidden\"))); "
      "extern const char __stop_genref_policy[] __attribute__((weak, "
      "visibility(\"hidden\"))); "
      "static void __attribute__((constructor(101), used)) __gr_tu_loaded(void) { "
      "gr_unit_loaded(__gr_tu_record, __start_genref_policy, __stop_genref_policy); }\n";
  Edits.suffix(SM.getLocForEndOfFile(Main), Rec, 0);
}

//===----------------------------------------------------------------------===//
// The preamble
//===----------------------------------------------------------------------===//

// Marks genref-rewrite's own lines, so a second rewrite recognises them.
static const char kToolMark[] = " /* genref-rewrite */";

std::string preambleFor(const Options &Opts, const std::string &RuntimeHeader,
                        PreambleStyle Style) {
  bool Source = Style == PreambleStyle::Source;
  std::string Mark = Source ? kToolMark : "";
  std::string S;
  if (!Source) // genref-rewrite's output is compiled without the plugin
    S += "#define __GENREF__ 1\n";
  if (Opts.layout == Layout::Compact)
    S += "#define GENREF_LAYOUT_COMPACT 1" + Mark + "\n";
  if (Opts.recover)
    S += "#define GENREF_RECOVER 1" + Mark + "\n";
  if (!Source)
    S += modeDefines(Opts);
  S += "#include \"" + RuntimeHeader + "\"" + Mark + "\n";
  return S;
}

bool hasSourcePreamble(StringRef Text) {
  return Text.substr(0, 256).contains(std::string("#include \"genref/rt.h\"") + kToolMark);
}

} // namespace genref
