//===- Collect.cpp - one translation unit's slots and constraints ----------===//
//
// Walks the AST once. Types written in declarations, casts and sizeof
// become shapes over slots; conversions tie the levels below the top;
// uses a reference cannot have (the plugin's rejections) make a slot raw.
// The walk mirrors the plugin's rules but never depends on how it lowers.
//
//===----------------------------------------------------------------------===//
#include "annotate/Collect.h"

#include "engine/RefTypes.h" // the annotation spellings only

#include "clang/AST/Attr.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/PPCallbacks.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <functional>

using namespace clang;

namespace genref {
namespace annotate {

namespace {

std::string realPath(const SourceManager &SM, FileID FID) {
  auto FE = SM.getFileEntryRefForID(FID);
  if (!FE)
    return "";
  StringRef Real = FE->getFileEntry().tryGetRealPathName();
  if (!Real.empty())
    return Real.str();
  llvm::SmallString<256> P(FE->getName());
  llvm::sys::fs::make_absolute(P);
  llvm::sys::path::remove_dots(P, true);
  return std::string(P);
}

class IncludeRecorder : public PPCallbacks {
public:
  IncludeRecorder(SourceManager &SM, Model &M) : SM(SM), M(M) {}
  void InclusionDirective(SourceLocation Hash, const Token &, StringRef FileName, bool,
                          CharSourceRange Range, OptionalFileEntryRef Target, StringRef,
                          StringRef, const Module *, bool,
                          SrcMgr::CharacteristicKind Kind) override {
    if (Hash.isMacroID() || SM.isInSystemHeader(Hash))
      return;
    auto [FID, Off] = SM.getDecomposedLoc(Range.getEnd());
    std::string Path = realPath(SM, FID);
    if (Path.empty())
      return;
    FileFacts &F = M.files[Path];
    if (llvm::sys::path::filename(FileName) == "genref.h")
      F.includesGenref = true;
    StringRef Buf = SM.getBufferData(FID);
    size_t NL = Buf.find('\n', Off);
    unsigned End = NL == StringRef::npos ? Buf.size() : unsigned(NL + 1);
    std::string To;
    if (Target && Kind == SrcMgr::C_User) {
      StringRef Real = Target->getFileEntry().tryGetRealPathName();
      To = Real.empty() ? Target->getName().str() : Real.str();
    }
    F.includes.push_back({End, Depth[FID], To});
  }
  void If(SourceLocation L, SourceRange, ConditionValueKind) override { open(L); }
  void Ifdef(SourceLocation L, const Token &, const MacroDefinition &) override { open(L); }
  void Ifndef(SourceLocation L, const Token &, const MacroDefinition &) override { open(L); }
  void Endif(SourceLocation L, SourceLocation) override {
    int &D = Depth[SM.getFileID(L)];
    if (D > 0)
      D--;
  }

private:
  void open(SourceLocation L) { Depth[SM.getFileID(L)]++; }
  SourceManager &SM;
  Model &M;
  std::map<FileID, int> Depth;
};

struct Ctxt {
  Role role;
  std::string name;
  bool passive = false;
};

class Collector : public RecursiveASTVisitor<Collector> {
public:
  Collector(ASTContext &C, Model &M)
      : Ctx(C), SM(C.getSourceManager()), LO(C.getLangOpts()), M(M) {}
  bool shouldVisitImplicitCode() const { return false; }

  // ---- places ----
  std::string pathOf(FileID FID) {
    auto It = Paths.find(FID);
    if (It != Paths.end())
      return It->second;
    return Paths[FID] = realPath(SM, FID);
  }
  Where where(SourceLocation L) {
    Where W;
    L = SM.getFileLoc(L);
    if (L.isInvalid())
      return W;
    W.file = pathOf(SM.getFileID(L));
    W.line = SM.getSpellingLineNumber(L);
    W.col = SM.getSpellingColumnNumber(L);
    return W;
  }
  bool user(SourceLocation L) {
    if (L.isInvalid())
      return false;
    L = SM.getFileLoc(L);
    return L.isValid() && !SM.isInSystemHeader(L) && SM.getFileEntryRefForID(SM.getFileID(L));
  }
  void raw(int S, const std::string &Why, SourceLocation At) {
    if (S >= 0)
      M.raws.push_back({unsigned(S), Why, where(At)});
  }

  // ---- records ----
  static const RecordDecl *def(const RecordDecl *RD) {
    const RecordDecl *D = RD->getDefinition();
    return D ? D : RD;
  }
  std::string recordKey(const RecordDecl *RD) {
    RD = def(RD);
    if (RD->getIdentifier())
      return "struct " + RD->getName().str();
    if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
      return "typedef " + TD->getName().str();
    return "anon@" + where(RD->getLocation()).str();
  }
  Record &rec(const RecordDecl *RD) {
    std::string K = recordKey(RD);
    Record &R = M.records[K];
    if (R.key.empty()) {
      R.key = K;
      RD = def(RD);
      if (RD->getIdentifier())
        R.display = "struct " + RD->getName().str();
      else if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
        R.display = TD->getName().str();
      else
        R.display = "an anonymous struct";
    }
    return R;
  }
  static bool weakableAttr(const RecordDecl *RD) {
    for (const TagDecl *R : RD->redecls())
      for (const auto *A : R->specific_attrs<AnnotateAttr>())
        if (A->getAnnotation() == kWeakableAnnot)
          return true;
    return false;
  }
  // Structs held inline (not through a pointer) by a value of type T.
  void inlineRecords(QualType T, const std::function<void(const RecordDecl *)> &F,
                     int Depth = 0) {
    if (Depth > 8)
      return;
    while (const ArrayType *AT = Ctx.getAsArrayType(T))
      T = AT->getElementType();
    const RecordType *RT = T->getAs<RecordType>();
    if (!RT)
      return;
    const RecordDecl *RD = def(RT->getDecl());
    if (!RD->isUnion())
      F(RD);
    for (const FieldDecl *FD : RD->fields())
      inlineRecords(FD->getType(), F, Depth + 1);
  }

  // ---- shapes ----
  int slotFor(PointerTypeLoc P, const Ctxt &C, Kind Fixed) {
    QualType Pointee = P.getPointeeLoc().getType();
    const RecordType *RT = Pointee.getCanonicalType()->getAs<RecordType>();
    if (!RT || RT->getDecl()->isUnion())
      return -1;
    TypeLoc U = P.getPointeeLoc().getUnqualifiedLoc();
    if (!U.getAs<TypedefTypeLoc>() && !U.getAs<ElaboratedTypeLoc>() && !U.getAs<RecordTypeLoc>())
      return -1;
    SourceLocation Star = P.getStarLoc();
    SourceLocation FL = SM.getFileLoc(Star);
    if (FL.isInvalid())
      return -1;
    auto [FID, Off] = SM.getDecomposedLoc(FL);
    std::string Path = pathOf(FID);
    if (Path.empty())
      return -1;
    auto Key = std::make_pair(Path, Off);
    auto It = M.slotAt.find(Key);
    if (It != M.slotAt.end()) {
      if (Fixed != Kind::None)
        M.slots[It->second].fixed = Fixed;
      return int(It->second);
    }
    Slot S;
    S.at = where(FL);
    S.name = C.name;
    S.role = C.role;
    S.passive = C.passive;
    S.record = recordKey(RT->getDecl());
    S.fixed = Fixed;
    unsigned Id = M.slots.size();
    M.slots.push_back(S);
    M.slotAt[Key] = Id;
    if (Star.isMacroID() || U.getBeginLoc().isMacroID()) {
      M.slots[Id].editable = false;
      raw(int(Id), "its type is spelled inside a macro", FL);
    } else if (SM.isInSystemHeader(FL)) {
      M.slots[Id].editable = false;
      raw(int(Id), "it is declared in a system header", FL);
    } else if (!M.inRoot(Path)) {
      M.slots[Id].editable = false;
      raw(int(Id), "its file is outside the project root (--root)", FL);
    } else {
      placeAfterStar(M.slots[Id], FL);
    }
    return int(Id);
  }
  // After the '*' and the qualifiers that follow it (`*const GR_REF p`):
  // the plugin keeps those qualifiers on the reference itself.
  void placeAfterStar(Slot &S, SourceLocation Star) {
    SourceLocation L = Star.getLocWithOffset(1);
    for (int Guard = 0; Guard < 8; Guard++) {
      Token T;
      if (Lexer::getRawToken(L, T, SM, LO, /*IgnoreWhiteSpace=*/true) ||
          !T.is(tok::raw_identifier))
        break;
      StringRef I = T.getRawIdentifier();
      if (I != "const" && I != "volatile" && I != "restrict" && I != "__restrict" &&
          I != "__restrict__" && I != "_Nonnull" && I != "_Nullable")
        break;
      L = T.getLocation().getLocWithOffset(T.getLength());
    }
    auto [FID, Off] = SM.getDecomposedLoc(L);
    StringRef Buf = SM.getBufferData(FID);
    S.insert = Off;
    auto Ident = [](char Ch) { return isalnum((unsigned char)Ch) || Ch == '_'; };
    S.spaceAfter = Off < Buf.size() && (Ident(Buf[Off]) || Buf[Off] == '*' || Buf[Off] == '(');
    S.spaceBefore = Off > 0 && Ident(Buf[Off - 1]); // `*const` + GR_REF would glue
  }

  const Shape *leaf() { return M.make(Shape{}); }

  const Shape *shapeOf(TypeLoc TL, const Ctxt &C, int Depth = 0) {
    Kind Tag = Kind::None;
    while (!TL.isNull() && Depth < 16) {
      if (auto Q = TL.getAs<QualifiedTypeLoc>()) {
        TL = Q.getUnqualifiedLoc();
        continue;
      }
      if (auto P = TL.getAs<ParenTypeLoc>()) {
        TL = P.getInnerLoc();
        continue;
      }
      if (auto A = TL.getAs<AttributedTypeLoc>()) {
        TL = A.getModifiedLoc();
        continue;
      }
      if (auto Mq = TL.getAs<MacroQualifiedTypeLoc>()) {
        TL = Mq.getInnerLoc();
        continue;
      }
      if (auto E = TL.getAs<ElaboratedTypeLoc>()) {
        TL = E.getNamedTypeLoc();
        continue;
      }
      if (auto B = TL.getAs<BTFTagAttributedTypeLoc>()) {
        StringRef T = B.getAttr()->getBTFTypeTag();
        if (T == kRefTag)
          Tag = Kind::Ref;
        else if (T == kWeakTag)
          Tag = Kind::Weak;
        TL = B.getWrappedLoc();
        continue;
      }
      break;
    }
    if (TL.isNull() || Depth >= 16)
      return leaf();
    if (auto P = TL.getAs<PointerTypeLoc>()) {
      Shape S;
      S.k = Shape::Pointer;
      S.slot = slotFor(P, C, Tag);
      S.kids.push_back(shapeOf(P.getPointeeLoc(), C, Depth + 1));
      return M.make(S);
    }
    if (auto A = TL.getAs<ArrayTypeLoc>()) {
      Shape S;
      S.k = Shape::Array;
      S.kids.push_back(shapeOf(A.getElementLoc(), C, Depth + 1));
      return M.make(S);
    }
    if (auto F = TL.getAs<FunctionTypeLoc>()) {
      Shape S;
      S.k = Shape::Function;
      Ctxt R = C;
      R.role = Role::Return;
      S.kids.push_back(shapeOf(F.getReturnLoc(), R, Depth + 1));
      for (unsigned I = 0; I < F.getNumParams(); I++) {
        ParmVarDecl *PD = F.getParam(I);
        S.kids.push_back(PD ? declShape(PD) : leaf());
      }
      return M.make(S);
    }
    if (auto T = TL.getAs<TypedefTypeLoc>())
      return declShape(T.getTypedefNameDecl());
    return leaf();
  }

  std::string nameOf(const NamedDecl *D) {
    std::string N = D->getNameAsString();
    if (const auto *PD = dyn_cast<ParmVarDecl>(D))
      if (const auto *FD = dyn_cast<FunctionDecl>(PD->getDeclContext()))
        return N + "' of '" + FD->getNameAsString();
    if (const auto *FD = dyn_cast<FieldDecl>(D)) {
      const RecordDecl *P = FD->getParent();
      std::string Owner = P->getNameAsString();
      if (Owner.empty())
        Owner = P->getTypedefNameForAnonDecl() ? P->getTypedefNameForAnonDecl()->getNameAsString()
                                               : "(anonymous)";
      return Owner + "." + N;
    }
    return N;
  }

  const Shape *declShape(const Decl *D) {
    auto It = Cache.find(D);
    if (It != Cache.end())
      return It->second;
    Cache[D] = leaf(); // no recursion through a declaration's own type
    const Shape *S = nullptr;
    if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
      FunctionTypeLoc FTL = FD->getFunctionTypeLoc();
      if (FTL) {
        Shape F;
        F.k = Shape::Function;
        F.kids.push_back(shapeOf(FTL.getReturnLoc(), {Role::Return, FD->getNameAsString()}));
        for (const ParmVarDecl *P : FD->parameters())
          F.kids.push_back(declShape(P));
        S = M.make(F);
      } else if (FD->getTypeSourceInfo()) {
        S = shapeOf(FD->getTypeSourceInfo()->getTypeLoc(), {Role::Other, FD->getNameAsString()});
      }
    } else if (const auto *DD = dyn_cast<DeclaratorDecl>(D)) {
      Role R = Role::Local;
      if (isa<FieldDecl>(DD))
        R = Role::Field;
      else if (isa<ParmVarDecl>(DD))
        R = Role::Param;
      else if (const auto *VD = dyn_cast<VarDecl>(DD))
        R = VD->hasGlobalStorage() && !VD->isStaticLocal() ? Role::Global : Role::Local;
      if (DD->getTypeSourceInfo())
        S = shapeOf(DD->getTypeSourceInfo()->getTypeLoc(), {R, nameOf(DD)});
    } else if (const auto *TD = dyn_cast<TypedefNameDecl>(D)) {
      if (TD->getTypeSourceInfo())
        S = shapeOf(TD->getTypeSourceInfo()->getTypeLoc(), {Role::Typedef, TD->getNameAsString()});
    }
    if (!S)
      S = leaf();
    Cache[D] = S;
    return S;
  }

  // The slots of a declarator chain itself (not through typedef names):
  // what the plugin calls "declares references" for a shared specifier.
  TypeLoc chainSlots(TypeLoc TL, std::vector<unsigned> &Own) {
    for (int Guard = 0; Guard < 16 && !TL.isNull(); Guard++) {
      TypeLoc Next;
      if (auto B = TL.getAs<BTFTagAttributedTypeLoc>())
        Next = B.getWrappedLoc();
      else if (auto P = TL.getAs<PointerTypeLoc>()) {
        int S = slotFor(P, {Role::Other, ""}, Kind::None);
        if (S >= 0)
          Own.push_back(unsigned(S));
        Next = P.getPointeeLoc();
      } else if (auto A = TL.getAs<ArrayTypeLoc>())
        Next = A.getElementLoc();
      else if (auto F = TL.getAs<FunctionTypeLoc>())
        Next = F.getReturnLoc();
      else if (auto Q = TL.getAs<QualifiedTypeLoc>())
        Next = Q.getUnqualifiedLoc();
      else if (auto Pa = TL.getAs<ParenTypeLoc>())
        Next = Pa.getInnerLoc();
      else if (auto At = TL.getAs<AttributedTypeLoc>())
        Next = At.getModifiedLoc();
      else if (auto Mq = TL.getAs<MacroQualifiedTypeLoc>())
        Next = Mq.getInnerLoc();
      else
        break;
      TL = Next;
    }
    return TL;
  }

  bool lastDeclarator(const NamedDecl *D) {
    std::optional<Token> Next = Lexer::findNextToken(SM.getFileLoc(D->getLocation()), SM, LO);
    return Next && Next->is(tok::semi);
  }

  void specifier(const NamedDecl *D, TypeLoc Full, bool IsTypedef) {
    std::vector<unsigned> Own;
    TypeLoc Base = chainSlots(Full, Own);
    if (Base.isNull())
      return;
    auto E = Base.getAs<ElaboratedTypeLoc>();
    bool OwnsDef = E && E.getTypePtr()->getOwnedTagDecl() &&
                   E.getTypePtr()->getOwnedTagDecl()->isThisDeclarationADefinition();
    if (OwnsDef) {
      if (!IsTypedef || !lastDeclarator(D))
        for (unsigned S : Own)
          raw(int(S), "declared together with the struct definition", D->getLocation());
      if (IsTypedef)
        return;
    }
    SourceLocation K = SM.getFileLoc(Base.getBeginLoc());
    if (K.isInvalid())
      return;
    Shared[K.getRawEncoding()].push_back({Own, D->getLocation()});
  }

  // ---- expressions ----
  const Shape *exprShape(const Expr *E, int Depth = 0) {
    if (!E || Depth > 16)
      return nullptr;
    E = E->IgnoreParens();
    if (const auto *ICE = dyn_cast<ImplicitCastExpr>(E)) {
      switch (ICE->getCastKind()) {
      case CK_LValueToRValue:
      case CK_NoOp:
        return exprShape(ICE->getSubExpr(), Depth + 1);
      case CK_FunctionToPointerDecay: {
        const Shape *In = exprShape(ICE->getSubExpr(), Depth + 1);
        return In ? M.make(Shape{Shape::Pointer, -1, {In}}) : nullptr;
      }
      case CK_ArrayToPointerDecay: {
        const Shape *In = exprShape(ICE->getSubExpr(), Depth + 1);
        return In && In->k == Shape::Array ? M.make(Shape{Shape::Pointer, -1, {In->kids[0]}})
                                           : nullptr;
      }
      default:
        return nullptr;
      }
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      const ValueDecl *D = DRE->getDecl();
      if (isa<VarDecl>(D) || isa<FunctionDecl>(D))
        return declShape(D);
      return nullptr;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(E))
      return isa<FieldDecl>(ME->getMemberDecl()) ? declShape(ME->getMemberDecl()) : nullptr;
    if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->getOpcode() == UO_Deref) {
        const Shape *S = exprShape(UO->getSubExpr(), Depth + 1);
        return S && (S->k == Shape::Pointer || S->k == Shape::Array) ? S->kids[0] : nullptr;
      }
      if (UO->getOpcode() == UO_AddrOf) {
        const Shape *In = exprShape(UO->getSubExpr(), Depth + 1);
        return In ? M.make(Shape{Shape::Pointer, -1, {In}}) : nullptr;
      }
      return nullptr;
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      const Shape *S = exprShape(AS->getBase(), Depth + 1);
      return S && (S->k == Shape::Pointer || S->k == Shape::Array) ? S->kids[0] : nullptr;
    }
    if (const auto *CE = dyn_cast<CallExpr>(E)) {
      const Shape *C = exprShape(CE->getCallee(), Depth + 1);
      if (C && C->k == Shape::Pointer)
        C = C->kids[0];
      return C && C->k == Shape::Function ? C->kids[0] : nullptr;
    }
    if (const auto *CS = dyn_cast<CStyleCastExpr>(E))
      return castShape(CS);
    if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
      if (BO->getOpcode() == BO_Assign)
        return exprShape(BO->getLHS(), Depth + 1);
      if (BO->getOpcode() == BO_Comma)
        return exprShape(BO->getRHS(), Depth + 1);
    }
    return nullptr;
  }
  const Shape *castShape(const CStyleCastExpr *CS) {
    auto It = Casts.find(CS);
    if (It != Casts.end())
      return It->second;
    const Shape *S = shapeOf(CS->getTypeInfoAsWritten()->getTypeLoc(), {Role::Cast, "cast", true});
    Casts[CS] = S;
    return S;
  }

  // Memory just allocated holds no pointers yet: its element type is the
  // destination's to choose.
  static bool isAllocation(const Expr *E) {
    const auto *CE = dyn_cast<CallExpr>(E->IgnoreParenCasts());
    const FunctionDecl *FD = CE ? CE->getDirectCallee() : nullptr;
    return FD && FD->getIdentifier() && isAllocator(FD->getName());
  }
  // `struct n **pp = (struct n **)vec_data(v)`: memory reached through a
  // void * holds whatever its writer stored, raw pointers as far as the
  // tool can tell, so its elements stay raw.
  void untypedMemory(const Expr *Src, const Shape *D) {
    if (!D || D->k != Shape::Pointer || D->kids[0]->k != Shape::Pointer || D->kids[0]->slot < 0)
      return;
    const Expr *E = Src->IgnoreParenImpCasts();
    if (E->getType()->isVoidPointerType() && !isNull(E) && !isAllocation(E))
      raw(D->kids[0]->slot, "its memory comes through a void * (what it holds is unknown)",
          Src->getBeginLoc());
  }

  bool isNull(const Expr *E) {
    return E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) !=
           Expr::NPCK_NotNull;
  }

  // `pp = malloc(n * sizeof(struct n *))`: the sizeof must name the
  // reference type when the elements are references.
  void tieSizeofs(const Stmt *S, const Shape *Elem, int Depth = 0) {
    if (!S || Depth > 8)
      return;
    if (const auto *U = dyn_cast<UnaryExprOrTypeTraitExpr>(S)) {
      if (U->getKind() == UETT_SizeOf && U->isArgumentType()) {
        const Shape *W = shapeOf(U->getArgumentTypeInfo()->getTypeLoc(),
                                 {Role::Cast, "sizeof", true});
        if (W->k == Shape::Pointer)
          M.tieAll(W, Elem);
      }
      return;
    }
    for (const Stmt *C : S->children())
      tieSizeofs(C, Elem, Depth + 1);
  }

  void convert(const Expr *Src, const Shape *D, bool Static) {
    if (!Src || !D)
      return;
    const Expr *E = Src->IgnoreParenImpCasts();
    if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
      convert(CO->getTrueExpr(), D, Static);
      convert(CO->getFalseExpr(), D, Static);
      return;
    }
    if (Static && D->k == Shape::Pointer && D->slot >= 0 && !isNull(E))
      raw(D->slot, "a reference with static storage can only be initialized with NULL",
          E->getBeginLoc());
    if (D->k == Shape::Pointer && D->kids[0]->k == Shape::Pointer &&
        (isa<CallExpr>(E) || isa<CStyleCastExpr>(E)))
      tieSizeofs(E, D->kids[0]);
    untypedMemory(Src, D);
    const Shape *S = exprShape(Src);
    if (!S)
      return;
    M.tieConversion(S, D, where(Src->getBeginLoc()));
    if (S->k == Shape::Pointer && S->slot >= 0 && D->k == Shape::Pointer && D->slot >= 0)
      M.flows.push_back({unsigned(D->slot), unsigned(S->slot)});
  }

  void initList(const InitListExpr *ILE, const Shape *D, bool Static, int Depth = 0) {
    if (!ILE || Depth > 8)
      return;
    const InitListExpr *Sem = ILE->isSemanticForm() ? ILE : ILE->getSemanticForm();
    if (!Sem)
      Sem = ILE;
    auto One = [&](const Expr *E, const Shape *To) {
      if (!E || isa<ImplicitValueInitExpr>(E))
        return;
      if (const auto *Sub = dyn_cast<InitListExpr>(E->IgnoreImplicit()))
        initList(Sub, To, Static, Depth + 1);
      else
        convert(E, To, Static);
    };
    QualType T = Sem->getType();
    if (const RecordType *RT = T->getAs<RecordType>()) {
      const RecordDecl *RD = RT->getDecl()->getDefinition();
      if (!RD)
        return;
      // `{1, 2, 3, 4}` for two structs: the header would shift the fields.
      // An elided sub-list's "brace" is its first initializer.
      SourceLocation Brace = Sem->getLBraceLoc();
      bool Elided = Brace.isInvalid();
      if (!Elided && Brace.isFileID()) {
        bool Bad = false;
        const char *C = SM.getCharacterData(Brace, &Bad);
        Elided = !Bad && *C != '{';
      }
      if (!RD->isUnion() && Sem->getNumInits() > 0 && Elided)
        rec(RD).excluded.push_back("initialized with brace elision at " +
                                   where(Sem->getBeginLoc()).str());
      if (RD->isUnion()) {
        if (const FieldDecl *F = Sem->getInitializedFieldInUnion())
          if (Sem->getNumInits() == 1)
            One(Sem->getInit(0), declShape(F));
        return;
      }
      unsigned I = 0;
      for (const FieldDecl *F : RD->fields()) {
        if (I >= Sem->getNumInits())
          break;
        One(Sem->getInit(I++), declShape(F));
      }
    } else if (Ctx.getAsArrayType(T)) {
      const Shape *El = D && D->k == Shape::Array ? D->kids[0] : nullptr;
      for (unsigned I = 0; I < Sem->getNumInits(); I++)
        One(Sem->getInit(I), El);
    } else if (Sem->getNumInits() == 1) {
      One(Sem->getInit(0), D);
    }
  }

  // A use of a value whose type is slot S: what consumes it decides
  // whether a reference could be used there (the plugin's whitelist).
  void checkUse(const Expr *E, int S) {
    DynTypedNode N = DynTypedNode::create(*E);
    const Expr *Op = E;
    SourceLocation At = E->getExprLoc();
    while (true) {
      auto Ps = Ctx.getParents(N);
      if (Ps.empty())
        return;
      N = Ps[0];
      if (const auto *P = N.get<ParenExpr>()) {
        Op = P;
        continue;
      }
      if (const auto *IC = N.get<ImplicitCastExpr>()) {
        if (IC->getCastKind() == CK_PointerToIntegral) {
          raw(S, "converted to an integer", At);
          return;
        }
        if (IC->getCastKind() == CK_PointerToBoolean)
          return;
        Op = IC;
        continue;
      }
      break;
    }
    if (N.get<MemberExpr>() || N.get<AbstractConditionalOperator>())
      return;
    if (const auto *UO = N.get<UnaryOperator>()) {
      UnaryOperatorKind K = UO->getOpcode();
      if (K != UO_Deref && K != UO_AddrOf && K != UO_LNot)
        raw(S, "pointer arithmetic ('" + UnaryOperator::getOpcodeStr(K).str() + "')",
            UO->getOperatorLoc());
      return;
    }
    if (const auto *BO = N.get<BinaryOperator>()) {
      BinaryOperatorKind K = BO->getOpcode();
      if (K == BO_Assign || K == BO_EQ || K == BO_NE || K == BO_Comma || K == BO_LAnd ||
          K == BO_LOr)
        return;
      raw(S,
          (BO->isCompoundAssignmentOp() || BO->isAdditiveOp() ? "pointer arithmetic ('"
                                                               : "operator '") +
              BO->getOpcodeStr().str() + (BO->isCompoundAssignmentOp() || BO->isAdditiveOp() ? "')" : "'"),
          BO->getOperatorLoc());
      return;
    }
    if (const auto *CE = N.get<CallExpr>()) {
      if (CE->getCallee() == Op)
        return;
      QualType CT = CE->getCallee()->getType();
      if (const auto *PT = CT->getAs<PointerType>())
        CT = PT->getPointeeType();
      if (CT->getAs<FunctionProtoType>())
        return;
      unsigned Index = 0;
      for (; Index < CE->getNumArgs() && CE->getArg(Index) != Op; Index++) {
      }
      if (const FunctionDecl *FD = CE->getDirectCallee())
        for (const FunctionDecl *R : FD->redecls())
          if (Index < R->getNumParams())
            return;
      raw(S, "passed to a function without a prototype", At);
      return;
    }
    if (const auto *CS = N.get<CStyleCastExpr>()) {
      QualType T = CS->getType();
      if (T->isIntegerType() && !T->isBooleanType())
        raw(S, "cast to an integer type", CS->getBeginLoc());
      return;
    }
    if (N.get<ReturnStmt>() || N.get<VarDecl>() || N.get<InitListExpr>() ||
        N.get<UnaryExprOrTypeTraitExpr>() || N.get<CompoundStmt>() || N.get<LabelStmt>() ||
        N.get<CaseStmt>() || N.get<DefaultStmt>() || N.get<DesignatedInitExpr>() ||
        N.get<IfStmt>() || N.get<WhileStmt>() || N.get<DoStmt>() || N.get<ForStmt>())
      return;
    if (N.get<ArraySubscriptExpr>()) {
      raw(S, "subscripted ('p[i]')", At);
      return;
    }
    if (N.get<GenericSelectionExpr>()) {
      raw(S, "used in _Generic", At);
      return;
    }
    if (N.get<SwitchStmt>()) {
      raw(S, "used as a switch value", At);
      return;
    }
    raw(S, std::string("used in an unsupported construct (") +
               N.getNodeKind().asStringRef().str() + ")",
        At);
  }

  // ---- the visits ----
  bool VisitRecordDecl(RecordDecl *RD) {
    if (!RD->isThisDeclarationADefinition() || !user(RD->getLocation()))
      return true;
    if (RD->isUnion()) {
      std::string At = where(RD->getLocation()).str();
      for (const FieldDecl *F : RD->fields()) {
        std::vector<unsigned> Sl;
        M.slotsOf(declShape(F), Sl);
        for (unsigned S : Sl)
          raw(int(S), "a member of a union", F->getLocation());
        inlineRecords(F->getType(), [&](const RecordDecl *In) {
          rec(In).excluded.push_back("held inline by a union at " + At);
          for (const FieldDecl *G : In->fields()) {
            std::vector<unsigned> Gs;
            M.slotsOf(declShape(G), Gs);
            for (unsigned S : Gs)
              raw(int(S), "inside a struct held inline by a union at " + At, G->getLocation());
          }
        });
      }
      return true;
    }
    Record &R = rec(RD);
    R.defined = true;
    R.at = where(RD->getLocation());
    R.weakable = R.weakable || weakableAttr(RD);
    SourceLocation B = RD->getBeginLoc();
    Token Tok;
    if (!M.inRoot(R.at.file))
      R.excluded.push_back("its definition is outside the project root (--root)");
    else if (B.isMacroID())
      R.excluded.push_back("its definition is spelled inside a macro");
    else if (Lexer::getRawToken(B, Tok, SM, LO) || !Tok.is(tok::raw_identifier) ||
             Tok.getRawIdentifier() != "struct")
      R.excluded.push_back("its definition does not start with 'struct'");
    else
      R.insert = SM.getDecomposedLoc(B).second + 6;
    // Packed structs are no exception: a generation lives outside the
    // object (docs/design.md section 18), so nothing needs its alignment.
    return true;
  }

  bool VisitDeclaratorDecl(DeclaratorDecl *D) {
    if (!user(D->getLocation()) || !D->getTypeSourceInfo())
      return true;
    const Shape *S = declShape(D);
    if (auto *FD = dyn_cast<FunctionDecl>(D)) {
      if (const FunctionDecl *P = FD->getPreviousDecl())
        M.tieAll(S, declShape(P));
      if (FD->isExternallyVisible())
        M.externs["fn " + FD->getNameAsString()].push_back(S);
      return true;
    }
    if (isa<ParmVarDecl>(D))
      return true;
    if (auto *VD = dyn_cast<VarDecl>(D)) {
      if (const VarDecl *P = VD->getPreviousDecl())
        M.tieAll(S, declShape(P));
      if (VD->hasGlobalStorage() && !VD->isStaticLocal() && VD->isExternallyVisible())
        M.externs["var " + VD->getNameAsString()].push_back(S);
    }
    specifier(D, D->getTypeSourceInfo()->getTypeLoc(), false);
    return true;
  }

  bool VisitTypedefNameDecl(TypedefNameDecl *D) {
    if (!user(D->getLocation()) || !D->getTypeSourceInfo())
      return true;
    const Shape *S = declShape(D);
    if (const auto *RT = D->getUnderlyingType()->getAs<RecordType>())
      if (!RT->getDecl()->isUnion())
        rec(RT->getDecl()).aliases.insert(D->getNameAsString());
    if (const TypedefNameDecl *P = D->getPreviousDecl()) // C11 allows a repeat
      M.tieAll(S, declShape(P));
    specifier(D, D->getTypeSourceInfo()->getTypeLoc(), true);
    return true;
  }

  bool TraverseFunctionDecl(FunctionDecl *FD) {
    const FunctionDecl *Saved = CurFn;
    CurFn = FD;
    bool R = RecursiveASTVisitor::TraverseFunctionDecl(FD);
    CurFn = Saved;
    return R;
  }

  bool VisitVarDecl(VarDecl *VD) {
    if (isa<ParmVarDecl>(VD) || !VD->hasInit() || !user(VD->getLocation()))
      return true;
    const Expr *I = VD->getInit();
    if (const auto *ILE = dyn_cast<InitListExpr>(I->IgnoreImplicit()))
      initList(ILE, declShape(VD), VD->hasGlobalStorage());
    else
      convert(I, declShape(VD), VD->hasGlobalStorage());
    return true;
  }

  bool VisitCompoundLiteralExpr(CompoundLiteralExpr *CLE) {
    if (!user(CLE->getBeginLoc()) || !CLE->getTypeSourceInfo())
      return true;
    const Shape *S = shapeOf(CLE->getTypeSourceInfo()->getTypeLoc(), {Role::Cast, "compound literal", true});
    if (const auto *ILE = dyn_cast_or_null<InitListExpr>(CLE->getInitializer()))
      initList(ILE, S, false);
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() == BO_Assign && user(BO->getOperatorLoc()) &&
        BO->getLHS()->getType()->isPointerType())
      convert(BO->getRHS(), exprShape(BO->getLHS()), false);
    return true;
  }

  bool VisitReturnStmt(ReturnStmt *RS) {
    if (!CurFn || !RS->getRetValue() || !user(RS->getBeginLoc()))
      return true;
    const Shape *F = declShape(CurFn);
    if (F->k == Shape::Function)
      convert(RS->getRetValue(), F->kids[0], false);
    return true;
  }

  bool VisitCStyleCastExpr(CStyleCastExpr *CS) {
    if (!user(CS->getBeginLoc()))
      return true;
    const Shape *W = castShape(CS);
    // Function types must agree through a cast too; data pointers may be
    // cast freely (the plugin's escape hatch).
    const Shape *S = exprShape(CS->getSubExpr());
    const Shape *A = S, *B = W;
    for (int I = 0; I < 4 && A && B && A->k == Shape::Pointer && B->k == Shape::Pointer; I++) {
      A = A->kids[0];
      B = B->kids[0];
    }
    if (A && B && A->k == Shape::Function && B->k == Shape::Function)
      M.tieAll(A, B, where(CS->getBeginLoc()));
    if (W->k == Shape::Pointer && W->kids[0]->k == Shape::Pointer &&
        isa<CallExpr>(CS->getSubExpr()->IgnoreParenImpCasts()))
      tieSizeofs(CS->getSubExpr(), W->kids[0]);
    untypedMemory(CS->getSubExpr(), W);
    return true;
  }

  static bool isAllocator(StringRef N) {
    return N == "malloc" || N == "calloc" || N == "realloc" || N == "aligned_alloc" ||
           N == "reallocarray" || N.contains_insensitive("alloc");
  }

  void noteAllocation(const CallExpr *CE, StringRef Name) {
    bool Counted = Name == "calloc" || Name == "reallocarray" || Name == "realloc";
    for (unsigned I = 0; I < CE->getNumArgs(); I++) {
      const Expr *A = CE->getArg(I)->IgnoreParenImpCasts();
      // One object: `sizeof(T)`, or `sizeof(T) + extra` (a flexible array
      // member); a multiplied sizeof is an array.
      bool Alone = isa<UnaryExprOrTypeTraitExpr>(A);
      if (const auto *BO = dyn_cast<BinaryOperator>(A))
        Alone = BO->getOpcode() == BO_Add &&
                (isa<UnaryExprOrTypeTraitExpr>(BO->getLHS()->IgnoreParenImpCasts()) ||
                 isa<UnaryExprOrTypeTraitExpr>(BO->getRHS()->IgnoreParenImpCasts()));
      bool Single = Alone && Name != "realloc" && Name != "reallocarray";
      if (Single && Counted) {
        Single = false;
        for (unsigned J = 0; J < CE->getNumArgs(); J++) {
          const auto *L =
              dyn_cast<IntegerLiteral>(CE->getArg(J)->IgnoreParenImpCasts());
          if (J != I && L && L->getValue() == 1)
            Single = true;
        }
      }
      std::function<void(const Stmt *, int)> Walk = [&](const Stmt *S, int Depth) {
        if (!S || Depth > 8)
          return;
        if (const auto *U = dyn_cast<UnaryExprOrTypeTraitExpr>(S)) {
          if (U->getKind() != UETT_SizeOf)
            return;
          QualType T = U->getTypeOfArgument();
          while (const ArrayType *AT = Ctx.getAsArrayType(T))
            T = AT->getElementType();
          if (const RecordType *RT = T->getAs<RecordType>()) {
            if (RT->getDecl()->isUnion())
              return;
            Record &R = rec(RT->getDecl());
            (Single ? R.singleAlloc : R.arrayAlloc) = true;
            if (R.allocAt.file.empty())
              R.allocAt = where(CE->getBeginLoc());
          }
          return;
        }
        for (const Stmt *C : S->children())
          Walk(C, Depth + 1);
      };
      Walk(A, 0);
    }
  }

  bool VisitCallExpr(CallExpr *CE) {
    if (!user(CE->getBeginLoc()))
      return true;
    const FunctionDecl *FD = CE->getDirectCallee();
    StringRef Name = FD && FD->getIdentifier() ? FD->getName() : StringRef();
    if (Name == "__genref_alive" && CE->getNumArgs() == 1) {
      const Shape *S = exprShape(CE->getArg(0)->IgnoreParenImpCasts());
      if (S && S->k == Shape::Pointer && S->slot >= 0)
        M.weakEvidence.push_back({unsigned(S->slot), "tested with gr_alive()",
                                  where(CE->getBeginLoc())});
      return true;
    }
    if (!Name.empty() && isAllocator(Name))
      noteAllocation(CE, Name);
    // qsort's comparator reads the elements back through casts of void *,
    // which nothing ties to the array: an array of pointers sorted or
    // searched this way keeps raw elements.
    if (Name == "qsort" || Name == "qsort_r" || Name == "bsearch" || Name == "lfind" ||
        Name == "lsearch")
      for (const Expr *A : CE->arguments()) {
        const Shape *S = exprShape(A->IgnoreParenImpCasts());
        if (S && (S->k == Shape::Pointer || S->k == Shape::Array) &&
            S->kids[0]->k == Shape::Pointer && S->kids[0]->slot >= 0)
          raw(S->kids[0]->slot, "its array is passed to " + Name.str() + "()", A->getBeginLoc());
      }
    const Shape *F = FD ? declShape(FD) : nullptr;
    if (!F) {
      F = exprShape(CE->getCallee());
      if (F && F->k == Shape::Pointer)
        F = F->kids[0];
    }
    if (!F || F->k != Shape::Function)
      return true;
    for (unsigned I = 0; I < CE->getNumArgs() && I + 1 < F->kids.size(); I++)
      convert(CE->getArg(I), F->kids[I + 1], false);
    return true;
  }

  // A weakable object declared in a `for (...)` header has no place for
  // its lifetime hook.
  bool VisitForStmt(ForStmt *FS) {
    const auto *DS = dyn_cast_or_null<DeclStmt>(FS->getInit());
    if (!DS || !user(FS->getForLoc()))
      return true;
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        inlineRecords(VD->getType(), [&](const RecordDecl *In) {
          rec(In).excluded.push_back("an object of it is declared in a for (...) header at " +
                                     where(VD->getLocation()).str());
        });
    return true;
  }

  // `if (x->f == dying) x->f = NULL;`: the field outlives what it points
  // at, so it may dangle (an observer, a cache): GR_WEAK.
  bool VisitIfStmt(IfStmt *IS) {
    if (!user(IS->getIfLoc()))
      return true;
    const auto *C = dyn_cast<BinaryOperator>(IS->getCond()->IgnoreParenImpCasts());
    if (!C || C->getOpcode() != BO_EQ)
      return true;
    const Stmt *Then = IS->getThen();
    if (const auto *CS = dyn_cast<CompoundStmt>(Then))
      Then = CS->size() == 1 ? CS->body_front() : nullptr;
    const auto *A = dyn_cast_or_null<BinaryOperator>(Then);
    if (!A || A->getOpcode() != BO_Assign || !isNull(A->getRHS()->IgnoreParenImpCasts()))
      return true;
    const auto *Dst = dyn_cast<MemberExpr>(A->getLHS()->IgnoreParenImpCasts());
    if (!Dst)
      return true;
    for (const Expr *Side : {C->getLHS(), C->getRHS()}) {
      const auto *ME = dyn_cast<MemberExpr>(Side->IgnoreParenImpCasts());
      if (ME && ME->getMemberDecl() == Dst->getMemberDecl()) {
        const Shape *S = exprShape(ME);
        if (S && S->k == Shape::Pointer && S->slot >= 0)
          M.weakEvidence.push_back({unsigned(S->slot),
                                    "cleared when it points at an object being freed",
                                    where(IS->getIfLoc())});
      }
    }
    return true;
  }

  bool VisitExpr(Expr *E) {
    bool Value = isa<DeclRefExpr>(E) || isa<MemberExpr>(E) || isa<CallExpr>(E) ||
                 isa<ArraySubscriptExpr>(E) || isa<CStyleCastExpr>(E);
    if (const auto *UO = dyn_cast<UnaryOperator>(E))
      Value = UO->getOpcode() == UO_Deref;
    if (!Value || !user(E->getExprLoc()))
      return true;
    const Shape *S = exprShape(E);
    if (S && S->k == Shape::Pointer && S->slot >= 0)
      checkUse(E, S->slot);
    return true;
  }

  // Declarators sharing one specifier must all declare references or none.
  void finish() {
    for (auto &[K, Decls] : Shared) {
      bool Any = false, None = false;
      for (auto &D : Decls)
        (D.first.empty() ? None : Any) = true;
      std::vector<unsigned> All;
      for (auto &D : Decls)
        All.insert(All.end(), D.first.begin(), D.first.end());
      for (size_t I = 1; I < All.size(); I++)
        M.tie(int(All[0]), int(All[I]));
      if (Any && None)
        for (unsigned S : All)
          raw(int(S), "shares its type specifier with a declarator that is not a pointer "
                      "to the struct (declare it separately)",
              Decls[0].second);
    }
  }

  ASTContext &Ctx;
  SourceManager &SM;
  const LangOptions &LO;
  Model &M;
  std::map<FileID, std::string> Paths;
  std::map<const Decl *, const Shape *> Cache;
  std::map<const CStyleCastExpr *, const Shape *> Casts;
  std::map<unsigned, std::vector<std::pair<std::vector<unsigned>, SourceLocation>>> Shared;
  const FunctionDecl *CurFn = nullptr;
};

} // namespace

void attachIncludeRecorder(Preprocessor &PP, Model &M) {
  PP.addPPCallbacks(std::make_unique<IncludeRecorder>(PP.getSourceManager(), M));
}

void collectUnit(ASTContext &Ctx, Model &M) {
  Collector C(Ctx, M);
  C.TraverseDecl(Ctx.getTranslationUnitDecl());
  C.finish();
}

} // namespace annotate
} // namespace genref
