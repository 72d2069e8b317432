//===- Lower.cpp - the modes (docs/modes.md) -------------------------------===//
#include "engine/Lower.h"

#include "clang/AST/Attr.h"

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

namespace {
// Every dereference checked, halting with a report.
class ResilientRules : public ModeRules {
public:
  Mode mode() const override { return Mode::Resilient; }
};
// Resilient, and references in memory counted: a free that leaves one
// dangling is reported at the free.
class NormalRules : public ModeRules {
public:
  Mode mode() const override { return Mode::Normal; }
  bool countsReferences() const override { return true; }
};
// GR_REF dereferences unchecked unless GR_CHECKED says otherwise; GR_WEAK
// stays checked (it may dangle by design). Allowed only by the whitelist.
class FastRules : public ModeRules {
public:
  Mode mode() const override { return Mode::Fast; }
  bool checksByDefault() const override { return false; }
};

int overrideOf(const Decl *D) { // +1 checked, -1 unchecked, 0 none
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

// `n->kids[i] = r` with `kids` a flexible array member: such a store is
// not counted (normal mode). An object's layout describes its fixed
// fields (and elements of an array of it), not a trailing array whose
// length only the allocation knows, so a free of the holder would not
// release what the array holds: counting the store gave a false
// dangling-reference at the free of each element (a tree freed
// children first). Uses through the array stay checked.
bool intoFlexibleArray(const Expr *E) {
  const auto *BO = E ? dyn_cast<BinaryOperator>(E) : nullptr;
  if (!BO)
    return false;
  const auto *AS = dyn_cast<ArraySubscriptExpr>(BO->getLHS()->IgnoreParens());
  if (!AS)
    return false;
  const auto *ME = dyn_cast<MemberExpr>(AS->getBase()->IgnoreParenImpCasts());
  const auto *FD = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
  return FD && FD->getType()->isIncompleteArrayType();
}

// `(struct pair *GR_REF)n` with n a reference to another type: the cast
// names a struct holding GR_REFs that an untyped allocation (made by a
// base-typed wrapper, `mk(sizeof(struct pair))`) may begin, so normal mode
// types it there (Call::RetypeCast). A cast of a raw pointer makes the
// reference (MakeCounted); a cast to the same type changes nothing.
bool retypes(const Site &S, const ASTContext &Ctx) {
  const auto *CE = dyn_cast_or_null<CStyleCastExpr>(S.expr);
  if (!CE || refKindOf(CE->getSubExpr()->getType()) == RefKind::None)
    return false;
  QualType To = refPointee(CE->getType()), From = refPointee(CE->getSubExpr()->getType());
  if (To.isNull() || From.isNull() ||
      Ctx.hasSameUnqualifiedType(To.getCanonicalType(), From.getCanonicalType()) ||
      !containsStrongRef(To, Ctx))
    return false;
  HeaderLayout RL = refLayoutOf(To, Ctx, true);
  return RL.ok && !RL.none && !RL.typeName.empty();
}

std::string describe(const Decl *D) {
  if (const auto *RD = dyn_cast<RecordDecl>(D))
    return "struct " + RD->getNameAsString();
  if (isa<FunctionDecl>(D))
    return "function " + cast<NamedDecl>(D)->getNameAsString();
  return "declaration " + cast<NamedDecl>(D)->getNameAsString();
}
} // namespace

std::unique_ptr<ModeRules> rulesFor(Mode M) {
  switch (M) {
  case Mode::Normal: return std::make_unique<NormalRules>();
  case Mode::Fast: return std::make_unique<FastRules>();
  case Mode::Resilient: break;
  }
  return std::make_unique<ResilientRules>();
}

std::string modeDefines(const Options &Opts) {
  return std::string("#define __GENREF_MODE_") + modeName(Opts.mode) + "__ 1\n";
}

Lowerer::Lowerer(Unit &U, Emitter &E) : U(U), E(E), Rules(rulesFor(U.Opts.mode)) {}

const char *Lowerer::modeName() const { return genref::modeName(Rules->mode()); }

// Is this dereference checked? GR_WEAK always; else the most specific
// override (the reference's declaration, the function, the struct), else
// the mode's default.
bool Lowerer::checkedDeref(const Site &S) {
  if (S.ref == RefKind::Weak)
    return true;
  const Decl *Cands[3] = {S.named, U.Parents.enclosingFunction(S.context), nullptr};
  if (const auto *RT = S.type.isNull() ? nullptr : S.type->getAs<RecordType>())
    Cands[2] = RT->getDecl();
  for (const Decl *D : Cands) {
    int O = overrideOf(D);
    if (O > 0)
      return true;
    if (O < 0) {
      if (Rules->checksByDefault())
        UncheckedUsed.insert(describe(D));
      return false;
    }
  }
  return Rules->checksByDefault();
}

Call Lowerer::lower(const Site &S) {
  bool Counts = Rules->countsReferences();
  switch (S.kind) {
  case SiteKind::Deref:
    return S.unevaluated || !checkedDeref(S) ? Call::UncheckedDeref : Call::CheckDeref;
  case SiteKind::ToRaw:
    // Fast mode means no checks: a conversion to a raw pointer of an
    // unchecked GR_REF is its address (GR_WEAK stays checked, as for a
    // dereference).
    if (S.unevaluated || !checkedDeref(S))
      return Call::UncheckedUnwrap;
    return S.intoStorage ? Call::StoreRaw : Call::Unwrap;
  case SiteKind::ToBool:
    return Call::NotNull;
  case SiteKind::Elvis:
    return Call::Elvis;
  case SiteKind::AddressOnly:
    return Call::UncheckedUnwrap;
  case SiteKind::RefEquality:
    return Call::RefEq;
  case SiteKind::NullCompare:
    return Call::NullTest;
  case SiteKind::NullRef:
    return S.elidedInit ? Call::NullElided : S.staticInit ? Call::NullInit : Call::Null;
  case SiteKind::FromNew:
    return Call::FromNew;
  case SiteKind::MakeRef:
    return Counts && containsStrongRef(S.type, U.Ctx) ? Call::MakeCounted : Call::Make;
  case SiteKind::RefCast:
    return Counts && retypes(S, U.Ctx) ? Call::RetypeCast : Call::DropCast;
  case SiteKind::Allocation:
    // A new object's reference fields must hold no reference when counted,
    // and it remembers what it holds (gr_alloc_counted).
    if (Counts && S.callee != "realloc" && containsStrongRef(S.type, U.Ctx))
      return Call::AllocZeroed;
    if (!carriesHeaders(S.type))
      return Call::None; // only normal mode needs to know about it
    if (S.callee == "calloc")
      return Call::Calloc;
    if (S.callee == "realloc")
      return Call::Realloc;
    // A new object's reference fields must hold no reference when counted.
    return Counts && containsStrongRef(S.type, U.Ctx) ? Call::AllocZeroed : Call::Alloc;
  case SiteKind::Free:
    return Counts ? Call::FreeCounted : Call::Free;
  case SiteKind::ObjectCopy:
    if (Counts && (S.callee == "memset" || S.callee == "bzero"))
      return Call::MemsetCounted;
    if (Counts && S.callee != "memset" && S.callee != "bzero" && containsStrongRef(S.type, U.Ctx))
      U.warning(S.at, "uncounted-copy",
                S.callee.str() + " copies GR_REF references that normal mode cannot count",
                "assign the struct (a = b) or the references one by one instead, "
                "so dangling references are still found at free");
    // A generation lives outside the object (the allocator's header, a
    // frame): bytes copied over an object never touch its identity.
    return Call::None;
  case SiteKind::StructAssign:
    return Counts && containsStrongRef(S.type, U.Ctx) ? Call::AssignCounted : Call::None;
  case SiteKind::Store:
    return Counts && !intoFlexibleArray(S.expr) ? Call::Store : Call::None;
  case SiteKind::Advance:
    return Call::Advance;
  case SiteKind::Offset:
    return Call::Offset;
  case SiteKind::ElemRef:
    // The subscript's check, as in &((T *)check(r))[i] (fast mode: none).
    return S.unevaluated || !checkedDeref(S) ? Call::UncheckedElem : Call::Elem;
  case SiteKind::Alive:
    return Call::Alive;
  case SiteKind::Frames:
    return Call::Frame;
  case SiteKind::LiteralFrame:
    return Counts ? Call::FrameCounted : Call::Frame;
  case SiteKind::Destroys:
    return Counts ? Call::CascadeGuard : Call::None;
  }
  return Call::None;
}

// Which of the candidate locals get a frame: objects with headers (to give
// them life) and, when references are counted, structs holding GR_REFs
// (to release them at scope end).
std::vector<std::pair<const VarDecl *, Call>> Lowerer::frames(const Site &S) {
  std::vector<std::pair<const VarDecl *, Call>> Out;
  bool Counts = Rules->countsReferences();
  for (const VarDecl *VD : S.vars) {
    bool Headers = carriesHeaders(VD->getType()) || U.RefTargets.count(VD);
    // A struct passed by value is a copy the callee holds like a local:
    // its references are not counted (nor its fields' stores: a stack
    // slot in no frame is a local's), so a call counts nothing.
    if (!Headers && isa<ParmVarDecl>(VD))
      continue;
    if (Headers || (Counts && refKindOf(VD->getType()) == RefKind::None &&
                    containsStrongRef(VD->getType(), U.Ctx)))
      Out.push_back({VD, Counts ? Call::FrameCounted : Call::Frame});
  }
  return Out;
}

bool Lowerer::add(const Site &S) {
  if (S.kind == SiteKind::Frames) {
    E.emitFrames(S, frames(S));
    return true;
  }
  return E.emit(S, lower(S));
}

} // namespace genref
