//===- RefTypes.cpp - what the annotations mean on Clang types -------------===//
#include "engine/RefTypes.h"

#include "clang/AST/Attr.h"
#include "clang/AST/PrettyPrinter.h"
#include "clang/AST/RecordLayout.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/Path.h"
#include "llvm/ADT/StringRef.h"

using namespace clang;

namespace genref {

const BTFTagAttributedType *refTagOf(QualType T) {
  const Type *Ty = T.getTypePtrOrNull();
  while (Ty) {
    if (const auto *BT = dyn_cast<BTFTagAttributedType>(Ty)) {
      StringRef Tag = BT->getAttr()->getBTFTypeTag();
      if (Tag == kRefTag || Tag == kWeakTag)
        return BT;
    }
    if (isa<PointerType>(Ty))
      return nullptr; // never look into the pointee
    const Type *Next =
        Ty->getLocallyUnqualifiedSingleStepDesugaredType().getTypePtrOrNull();
    if (Next == Ty)
      return nullptr; // canonical: no more sugar
    Ty = Next;
  }
  return nullptr;
}

RefKind refKindOf(QualType T) {
  const BTFTagAttributedType *BT = refTagOf(T);
  if (!BT)
    return RefKind::None;
  if (!BT->getWrappedType()->isPointerType())
    return RefKind::None; // diagnosed where the annotation is written
  return BT->getAttr()->getBTFTypeTag() == kWeakTag ? RefKind::Weak
                                                    : RefKind::Ref;
}

QualType refPointee(QualType T) {
  const BTFTagAttributedType *BT = refTagOf(T);
  if (!BT)
    return QualType();
  if (const auto *PT = BT->getWrappedType()->getAs<PointerType>())
    return PT->getPointeeType();
  return QualType();
}

bool isWeakable(const RecordDecl *RD) {
  if (!RD)
    return false;
  for (const TagDecl *R : RD->redecls())
    for (const auto *A : R->specific_attrs<AnnotateAttr>())
      if (A->getAnnotation() == kWeakableAnnot)
        return true;
  return false;
}

static bool carriesHeadersImpl(QualType T, int Depth) {
  if (Depth > 32)
    return false;
  T = T.getCanonicalType();
  // Arrays of known or run-time length (a local VLA); not flexible members.
  if (isa<ConstantArrayType>(T.getTypePtr()) || isa<VariableArrayType>(T.getTypePtr()))
    return carriesHeadersImpl(cast<ArrayType>(T.getTypePtr())->getElementType(), Depth + 1);
  if (const auto *RT = T->getAs<RecordType>()) {
    const RecordDecl *RD = cast_or_null<RecordDecl>(RT->getDecl()->getDefinition());
    if (!RD)
      return false;
    if (isWeakable(RD))
      return true;
    for (const FieldDecl *F : RD->fields())
      if (carriesHeadersImpl(F->getType(), Depth + 1))
        return true;
  }
  return false;
}

bool carriesHeaders(QualType T) { return carriesHeadersImpl(T, 0); }

bool containsRefOrHeader(QualType T) {
  if (refKindOf(T) != RefKind::None)
    return true;
  QualType C = T.getCanonicalType();
  if (const auto *AT = dyn_cast<ArrayType>(C.getTypePtr()))
    return containsRefOrHeader(AT->getElementType());
  if (carriesHeaders(C))
    return true;
  if (const auto *RT = C->getAs<RecordType>())
    if (const auto *RD = cast_or_null<RecordDecl>(RT->getDecl()->getDefinition()))
      for (const FieldDecl *F : RD->fields())
        if (containsRefOrHeader(F->getType()))
          return true;
  return false;
}

std::string spellType(QualType T, const ASTContext &Ctx) {
  // After the rewrite every reference type is gr_ref_t (its tag spelled
  // here would name a raw pointer's size).
  if (refKindOf(T) != RefKind::None)
    return std::string(T.isConstQualified() ? "const " : "") + "gr_ref_t";
  PrintingPolicy PP(Ctx.getLangOpts());
  PP.SuppressUnwrittenScope = true;
  PP.AnonymousTagLocations = false;
  std::string S = T.getAsString(PP);
  // `typeof(*p)` names an expression, which the rewrite changes (p becomes
  // a gr_ref_t, *p no longer a struct): the type it stands for instead
  // (fourth probe: `typeof(*p) copy = *p;` in normal mode).
  if (S.find("typeof") != std::string::npos)
    S = T.getCanonicalType().getAsString(PP);
  if (S.find("(unnamed") != std::string::npos ||
      S.find("(anonymous") != std::string::npos)
    return "";
  return S;
}

namespace {
// Each entry is one __builtin_offsetof in the generated text; past this
// many, a struct of references is better held through a pointer to an array.
constexpr size_t kMaxLayoutEntries = 4096;

struct LayoutBuilder {
  const ASTContext &Ctx;
  std::vector<std::string> paths; // designators of weakable subobjects
  bool tooMany = false;

  void collect(QualType T, const std::string &Path, int Depth) {
    if (Depth > 16 || tooMany)
      return;
    QualType C = T.getCanonicalType();
    if (const auto *AT = dyn_cast<ConstantArrayType>(C.getTypePtr())) {
      if (!carriesHeaders(AT->getElementType()))
        return;
      uint64_t N = AT->getSize().getZExtValue();
      for (uint64_t I = 0; I < N && !tooMany; I++)
        collect(AT->getElementType(), Path + "[" + std::to_string(I) + "]",
                Depth + 1);
      return;
    }
    const auto *RT = C->getAs<RecordType>();
    if (!RT)
      return;
    const RecordDecl *RD = cast_or_null<RecordDecl>(RT->getDecl()->getDefinition());
    if (!RD)
      return;
    if (isWeakable(RD)) {
      paths.push_back(Path);
      if (paths.size() > kMaxLayoutEntries)
        tooMany = true;
    }
    for (const FieldDecl *F : RD->fields()) {
      if (F->getName() == kHeaderField || !carriesHeaders(F->getType()))
        continue;
      std::string Sub = Path;
      if (!F->getName().empty()) // anonymous members are reached directly
        Sub += (Sub.empty() ? "" : ".") + F->getName().str();
      collect(F->getType(), Sub, Depth + 1);
    }
  }
};
// The GR_REF (not GR_WEAK) slots of a type, for normal mode's counts.
struct RefSlotBuilder {
  const ASTContext &Ctx;
  std::vector<std::string> paths;
  bool tooMany = false;

  void collect(QualType T, const std::string &Path, int Depth) {
    if (Depth > 16 || tooMany)
      return;
    if (refKindOf(T) == RefKind::Ref) {
      paths.push_back(Path);
      tooMany = paths.size() > kMaxLayoutEntries;
      return;
    }
    if (const ConstantArrayType *AT = Ctx.getAsConstantArrayType(T)) {
      if (!containsStrongRef(AT->getElementType(), Ctx))
        return;
      uint64_t N = AT->getSize().getZExtValue();
      for (uint64_t I = 0; I < N && !tooMany; I++)
        collect(AT->getElementType(), Path + "[" + std::to_string(I) + "]", Depth + 1);
      return;
    }
    const auto *RT = T->getAs<RecordType>();
    if (!RT || RT->getDecl()->isUnion())
      return;
    const RecordDecl *RD = cast_or_null<RecordDecl>(RT->getDecl()->getDefinition());
    if (!RD)
      return;
    for (const FieldDecl *F : RD->fields()) {
      if (!containsStrongRef(F->getType(), Ctx))
        continue;
      std::string Sub = Path;
      if (!F->getName().empty())
        Sub += (Sub.empty() ? "" : ".") + F->getName().str();
      collect(F->getType(), Sub, Depth + 1);
    }
  }
};
} // namespace

bool containsStrongRef(QualType T, const ASTContext &Ctx) {
  if (refKindOf(T) == RefKind::Ref)
    return true;
  if (const ArrayType *AT = Ctx.getAsArrayType(T))
    return containsStrongRef(AT->getElementType(), Ctx);
  if (refKindOf(T) != RefKind::None || T->isPointerType())
    return false;
  if (const auto *RT = T->getAs<RecordType>())
    if (const auto *RD = cast_or_null<RecordDecl>(RT->getDecl()->getDefinition()))
      if (!RD->isUnion())
        for (const FieldDecl *F : RD->fields())
          if (containsStrongRef(F->getType(), Ctx))
            return true;
  return false;
}

HeaderLayout refLayoutOf(QualType T, const ASTContext &Ctx, bool AsArrayElement) {
  HeaderLayout L;
  QualType Elem = T;
  while (const ArrayType *A = Ctx.getAsArrayType(Elem)) {
    Elem = A->getElementType();
    AsArrayElement = true;
  }
  RefSlotBuilder B{Ctx, {}, false};
  B.collect(Elem, "", 0);
  if (B.paths.empty()) {
    L.none = true;
    return L;
  }
  std::string Name = spellType(Elem.getUnqualifiedType(), Ctx);
  if (Name.empty() || B.tooMany) {
    L.ok = false;
    L.error = Name.empty() ? "an anonymous struct cannot be named in generated code"
                           : "more than " + std::to_string(kMaxLayoutEntries) + " references in one struct";
    return L;
  }
  L.typeName = Name;
  for (const std::string &P : B.paths) {
    L.offsets.push_back(P.empty() ? "0"
                                  : "__builtin_offsetof(" + Name + ", " + P + ")");
    L.names += (L.names.empty() ? "" : ",") + (P.empty() ? std::string("*") : P);
  }
  if (const auto *RT = Elem->getAs<RecordType>()) {
    const SourceManager &SM = Ctx.getSourceManager();
    PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(RT->getDecl()->getLocation()));
    if (P.isValid())
      L.decl = std::string(llvm::sys::path::filename(P.getFilename())) + ":" +
               std::to_string(P.getLine());
  }
  L.stride = AsArrayElement ? "sizeof(" + Name + ")" : "0";
  return L;
}

HeaderLayout layoutOf(QualType T, const ASTContext &Ctx, bool AsArrayElement) {
  HeaderLayout L;
  QualType Elem = T;
  const Type *CT = T.getCanonicalType().getTypePtr();
  if (isa<ConstantArrayType>(CT) || isa<VariableArrayType>(CT)) {
    // A whole array: find the innermost element type, written with sugar.
    QualType Cur = T;
    while (const ArrayType *A = Ctx.getAsArrayType(Cur))
      Cur = A->getElementType();
    Elem = Cur;
    AsArrayElement = true;
  }
  std::string Name = spellType(Elem.getUnqualifiedType(), Ctx);
  if (Name.empty()) {
    L.ok = false;
    L.error = "an anonymous struct cannot be named in generated code";
    return L;
  }
  L.typeName = Name;
  LayoutBuilder B{Ctx, {}, false};
  B.collect(Elem, "", 0);
  if (B.tooMany) {
    L.ok = false;
    L.error = "more than " + std::to_string(kMaxLayoutEntries) + " weakable objects inline in one struct";
    return L;
  }
  for (const std::string &P : B.paths)
    L.offsets.push_back(P.empty() ? "0"
                                  : "__builtin_offsetof(" + Name + ", " + P + ")");
  L.simple = !AsArrayElement && L.offsets.size() == 1 && L.offsets[0] == "0";
  L.stride = AsArrayElement ? "sizeof(" + Name + ")" : "0";
  return L;
}

std::string HeaderLayout::argument() const {
  if (none)
    return "(gr_layout_t *)0";
  if (simple)
    return "(gr_layout_t *)0";
  std::string Name; // a string literal for reports
  for (char C : typeName) {
    if (C == '"' || C == '\\')
      Name += '\\';
    Name += C;
  }
  auto Lit = [](const std::string &X) {
    std::string R = "\"";
    for (char C : X) {
      if (C == '"' || C == '\\')
        R += '\\';
      R += C;
    }
    return R + "\"";
  };
  std::string S = names.empty() ? "GR_LAYOUT(\"" + Name + "\", " + stride
                                : "GR_LAYOUT_NAMED(\"" + Name + "\", " +
                                      (decl.empty() ? std::string("0") : Lit(decl)) + ", " +
                                      Lit(names) + ", " + stride;
  for (const std::string &O : offsets)
    S += ", " + O;
  return S + ")";
}

} // namespace genref
