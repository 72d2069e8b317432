//===- ClassifyDecls.cpp - declarations and the types written in them ------===//
//
// The declaration walk: weakable structs get their header and every
// reference type is spelled gr_ref_t, in every mode alike.
//
//===----------------------------------------------------------------------===//
#include "engine/Classify.h"

#include "clang/AST/Attr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"

#include <map>
#include <set>

using namespace clang;

namespace genref {

namespace {

class DeclPass : public RecursiveASTVisitor<DeclPass> {
public:
  DeclPass(Unit &U, Emitter &E) : T(U), E(E) {}
  Unit &T;
  Emitter &E;
  std::map<unsigned, bool> SpecifierUse; // specifier start -> declares refs
  std::set<unsigned> SpecifierRewritten;
  std::set<unsigned> TypeTextDone; // the '*'s of reference types rewritten
  std::set<unsigned> NestedFirst;  // specifiers whose first declarator is a reference to references
  // specifier start -> the qualifiers written right after the first
  // declarator's annotation (`*GR_REF const *x`): they join the shared
  // specifier (`gr_ref_t const *x`), so every later declarator must have
  // the same ones, which it then drops.
  std::map<unsigned, std::string> QualsAfterFirst;

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
    // Packed weakable structs are plain C too: the generation lives outside
    // the struct (the allocator's header, a frame), so nothing of genref's
    // needs the struct's alignment.
    if (!Weak || !RD->isThisDeclarationADefinition())
      return true;
    for (const FieldDecl *F : RD->fields()) {
      if (Emitter::isHeaderField(F))
        return true; // rewritten before: nothing to do (idempotent)
      break;
    }
    E.weakableHeader(RD);
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
    // `_Atomic(struct n *GR_REF) g;`: gr_ref_t is a struct, and the
    // atomic operations on it would not be checks (was: clang's errors on
    // the rewritten `_Atomic(gr_ref_t)`).
    if (const auto *AT = D->getType()->getAs<AtomicType>();
        AT && refKindOf(AT->getValueType()) != RefKind::None) {
      T.error(D->getLocation(), "an _Atomic reference",
              "references are not atomic objects: guard the reference with a lock, "
              "or publish a raw pointer atomically and make the reference from it");
      return true;
    }
    rewriteDeclType(D, D->getTypeSourceInfo()->getTypeLoc());
    dropTypedefRestrict(D);
    if (auto *VD = dyn_cast<VarDecl>(D))
      checkRedecls(VD);
    return true;
  }
  // `node_ref restrict r` (restrict on a reference typedef): gr_ref_t is no
  // pointer, so the `restrict` goes, as after an annotation (see
  // qualifiersAfter). Only for a typedef: an annotated declarator drops
  // its own there.
  void dropTypedefRestrict(const DeclaratorDecl *D) {
    QualType Ty = D->getType();
    if (!Ty.isRestrictQualified() || refKindOf(Ty) == RefKind::None ||
        !(isa<TypedefType>(Ty.getTypePtr()) || isa<ElaboratedType>(Ty.getTypePtr())))
      return;
    SourceLocation L = T.SM.getFileLoc(D->getOuterLocStart());
    SourceLocation Name = T.SM.getFileLoc(D->getLocation());
    if (L.isInvalid() || Name.isInvalid() || D->getOuterLocStart().isMacroID())
      return;
    for (int I = 0; I < 16 && T.SM.isBeforeInTranslationUnit(L, Name); I++) {
      Token Tok;
      if (Lexer::getRawToken(L, Tok, T.SM, T.LO, true))
        break;
      if (Tok.is(tok::raw_identifier)) {
        StringRef Id = Tok.getRawIdentifier();
        if (Id == "restrict" || Id == "__restrict" || Id == "__restrict__")
          E.erase(T.fileRange(SourceRange(L, L)));
      }
      std::optional<Token> Next = Lexer::findNextToken(L, T.SM, T.LO);
      if (!Next || Next->getLocation() == L)
        break;
      L = Next->getLocation();
    }
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
    // `typedef struct X {...} X, *GR_REF XRef;`: the struct's definition
    // stays where it is and the reference gets a typedef of its own.
    bool DefiningTypedef = D && isa<TypedefNameDecl>(D) && ownsDefinition(Base);
    auto It = SpecifierUse.find(SpecKey);
    // A specifier spelled in a macro's body: every declarator of every
    // expansion maps to the one use's location, so sharing says nothing
    // (`LIST_ENTRY(node) link;` is not a declarator of the le_next inside
    // it); such a reference is reported below as spelled in a macro.
    if (D && !DefiningTypedef && It != SpecifierUse.end() && It->second != IsRef &&
        !Base.getBeginLoc().isMacroID()) {
      T.error(DLoc,
              "this declaration shares its type specifier with declarators that "
              "are " + std::string(IsRef ? "not references" : "references"),
              "declare the references in a declaration of their own");
      return;
    }
    SpecifierUse[SpecKey] = IsRef;
    if (!IsRef)
      return;

    auto PL = RL.getWrappedLoc().getUnqualifiedLoc().getAs<PointerTypeLoc>();
    if (PL.isNull()) {
      T.error(RL.getBeginLoc(), "GR_REF/GR_WEAK must follow the '*' of a pointer type",
              "write 'struct T *GR_REF name'");
      return;
    }
    // A reference may point at any object type: every heap allocation has
    // a generation (the allocator's header), and a reference into it
    // carries the allocation's (docs/annotations.md). Not at void (nothing
    // to dereference), a function, or an incomplete type other than a
    // struct declared elsewhere.
    QualType Pointee = PL.getPointeeLoc().getType();
    QualType CP = Pointee.getCanonicalType();
    if (CP->isVoidType() || CP->isFunctionType() ||
        (CP->isIncompleteType() && !CP->getAs<RecordType>())) {
      T.error(PL.getStarLoc(),
              "GR_REF/GR_WEAK on a pointer to '" + Pointee.getAsString() +
                  "', which is not an object type",
              "annotate a pointer to the object's own type (char *GR_REF, "
              "struct T *GR_REF), or remove the annotation");
      return;
    }
    // A pointer to an array (or to a function pointer) written in its
    // declarator, `int (*GR_REF m)[4]`: the parentheses split the text the
    // rewrite replaces (was errors at generated text: fourth probe). Through
    // a typedef of the pointee it is an ordinary reference.
    {
      TypeLoc PT = PL.getPointeeLoc();
      for (int I = 0; I < 16; I++) {
        if (auto Q = PT.getAs<QualifiedTypeLoc>())
          PT = Q.getUnqualifiedLoc();
        else if (auto P = PT.getAs<PointerTypeLoc>()) // `int (**GR_REF f)(int)`
          PT = P.getPointeeLoc();
        else
          break;
      }
      if (PT.getAs<TypeOfExprTypeLoc>() || PT.getAs<TypeOfTypeLoc>()) {
        // `typeof(*p) *GR_REF r`: the typeof's own expression is rewritten
        // too (p is a reference), and the two edits overlapped, one landing
        // in the next line's comment (fourth probe).
        T.error(PL.getStarLoc(), "a reference whose pointee type is spelled with typeof",
                "write the pointee type itself (struct T *GR_REF r), or a typedef of it");
        return;
      }
      if (PT.getAs<ArrayTypeLoc>() || PT.getAs<ParenTypeLoc>() || PT.getAs<FunctionTypeLoc>()) {
        T.error(PL.getStarLoc(),
                "a reference to an array or function pointer written in its declarator "
                "('(*GR_REF name)[N]') is not supported",
                "name the pointee with a typedef (typedef int row[4]; row *GR_REF m;)");
        return;
      }
    }
    // The pointee must be the specifier itself: `struct T *GR_REF`.
    if (PL.getPointeeLoc().getUnqualifiedLoc().getBeginLoc() != Base.getBeginLoc()) {
      T.error(PL.getStarLoc(), "a reference to a pointer is not supported",
              "references point at objects; keep the pointer raw, or make it a "
              "reference to a struct holding the pointer");
      return;
    }
    if (ownsDefinition(Base) && !DefiningTypedef) {
      T.error(DLoc, "a struct definition and a reference declared in one declaration",
              "define the struct first, then declare the reference separately");
      return;
    }
    SourceLocation AttrEnd = annotationEnd(RL.getAttr()->getLocation());
    SourceLocation Star = argSpelling(PL.getStarLoc());
    // Spelled in a macro's argument (`XCALLOC(n, sizeof(struct T *GR_REF))`,
    // `assert(sizeof(struct T *GR_REF) == 8)`): the argument's own text,
    // which every use of it shares, as for a reference expression passed
    // there. Only a macro's body has no text of its own.
    SourceLocation BaseL = argSpelling(Base.getBeginLoc());
    if (BaseL.isMacroID() || Star.isInvalid() || Star.isMacroID() || AttrEnd.isMacroID()) {
      T.error(DLoc, "the type of this reference is spelled inside a macro",
              "write the reference type without a macro, or use a typedef");
      return;
    }
    // A macro argument used twice (`TWICE(sizeof(struct T *GR_REF))`,
    // assert's) spells one reference type twice: one edit of its text (the
    // second was taken for another declarator's and erased the first).
    if (!TypeTextDone.insert(Star.getRawEncoding()).second)
      return;
    CharSourceRange StarToAttr = T.fileRange(SourceRange(Star, AttrEnd));
    // `T *const GR_REF p`: qualifiers written between the '*' and the
    // annotation are the reference's own (after it they stay in place).
    std::string Quals = qualifiersIn(StarToAttr);
    if (DefiningTypedef) {
      if (StarToAttr.isInvalid() || !lastDeclarator(D)) {
        T.error(DLoc,
                "a reference typedef that is not the last declarator of a struct "
                "definition",
                "put the reference typedef last ('typedef struct X {...} X, *GR_REF "
                "XRef;') or in a typedef of its own");
        return;
      }
      // -> `typedef struct X {...} __gr_typedef_XRef; typedef gr_ref_t XRef;`
      E.replace(StarToAttr, "__gr_typedef_" + D->getName().str() + "; typedef gr_ref_t" + Quals);
      return;
    }
    SourceLocation AfterEnd;
    std::string After = qualifiersAfter(AttrEnd, AfterEnd);
    // References to references among declarators sharing a specifier
    // (`struct n *GR_REF a, *GR_REF *GR_REF b;`): each level is the shared
    // specifier's rewrite, which one text cannot give both (was errors
    // about gr_ref_t at every use of b: fourth probe).
    bool Nested = false;
    if (const auto *VD = dyn_cast_or_null<ValueDecl>(D))
      if (const auto *PT = VD->getType()->getAs<PointerType>())
        Nested = refKindOf(VD->getType()) != RefKind::None &&
                 refKindOf(PT->getPointeeType()) != RefKind::None;
    if (SpecifierRewritten.count(SpecKey) && (Nested || NestedFirst.count(SpecKey))) {
      T.error(DLoc,
              "a reference to references shares its type specifier with other "
              "declarators",
              "declare the reference to references in a declaration of its own");
      return;
    }
    if (SpecifierRewritten.count(SpecKey)) {
      // A later declarator of `struct T *GR_REF a, *GR_REF b;`
      if (!Quals.empty() || After != QualsAfterFirst[SpecKey]) {
        T.error(DLoc, "a qualified reference shares its type specifier with other declarators",
                "declare the qualified reference in a declaration of its own");
        return;
      }
      // `*GR_REF const *y` after `struct T *GR_REF const *x`: the `const`
      // is the shared `gr_ref_t const` already.
      E.erase(AfterEnd.isInvalid() ? StarToAttr
                                   : T.fileRange(SourceRange(Star, AfterEnd)));
      return;
    }
    for (SourceLocation L : Restricts)
      E.erase(T.fileRange(SourceRange(L, L)));
    SpecifierRewritten.insert(SpecKey);
    if (Nested)
      NestedFirst.insert(SpecKey);
    QualsAfterFirst[SpecKey] = After;
    CharSourceRange R = T.fileRange(SourceRange(BaseL, AttrEnd));
    if (R.isInvalid() || StarToAttr.isInvalid()) {
      T.error(DLoc, "the type of this reference is spelled inside a macro",
              "write the reference type without a macro, or use a typedef");
      return;
    }
    E.referenceType(R, Quals);
    if (D)
      removePointeeQualifiers(D, Base.getBeginLoc());
  }

  // The last token of a GR_REF/GR_WEAK annotation whose attribute name is
  // at L: the macro's own, or, when the attribute is spelled out (in
  // preprocessed input, a .i), the last ')' of
  // __attribute__((btf_type_tag("..."))).
  // Where a macro argument's token was written (`L` itself otherwise).
  SourceLocation argSpelling(SourceLocation L) {
    while (L.isMacroID() && T.SM.isMacroArgExpansion(L))
      L = T.SM.getImmediateSpellingLoc(L);
    return L;
  }

  SourceLocation annotationEnd(SourceLocation L) {
    if (L.isMacroID()) {
      // Out of GR_REF's own expansion (and any macro it uses) to the
      // GR_REF token, then to where that was written if it is an argument.
      for (int I = 0; I < 16 && L.isMacroID(); I++)
        L = T.SM.isMacroArgExpansion(L) ? T.SM.getImmediateSpellingLoc(L)
                                        : T.SM.getImmediateExpansionRange(L).getEnd();
      return L;
    }
    SourceLocation At = L;
    for (int Closing = 0, I = 0; Closing < 3 && I < 8; I++) {
      std::optional<Token> Next = Lexer::findNextToken(At, T.SM, T.LO);
      if (!Next || Next->getLocation() == At)
        return L;
      At = Next->getLocation();
      Closing += Next->is(tok::r_paren);
    }
    return At;
  }

  std::string qualifiersIn(CharSourceRange R) {
    std::string Q;
    if (R.isInvalid())
      return Q;
    for (SourceLocation L = R.getBegin(); T.SM.isBeforeInTranslationUnit(L, R.getEnd());) {
      Token Tok;
      if (Lexer::getRawToken(L, Tok, T.SM, T.LO, true))
        break;
      if (Tok.is(tok::raw_identifier) &&
          (Tok.getRawIdentifier() == "const" || Tok.getRawIdentifier() == "volatile"))
        Q += " " + Tok.getRawIdentifier().str();
      std::optional<Token> Next = Lexer::findNextToken(L, T.SM, T.LO);
      if (!Next || Next->getLocation() == L)
        break;
      L = Next->getLocation();
    }
    return Q;
  }

  // The const/volatile written right after an annotation ending at L (up
  // to the next '*', name or bracket); End: the last of them.
  std::vector<SourceLocation> Restricts; // qualifiersAfter's `restrict`s
  std::string qualifiersAfter(SourceLocation L, SourceLocation &End) {
    std::string Q;
    Restricts.clear();
    if (L.isMacroID())
      L = T.SM.getExpansionRange(L).getEnd();
    for (int I = 0; I < 8; I++) {
      std::optional<Token> Next = Lexer::findNextToken(L, T.SM, T.LO);
      if (!Next || Next->getLocation() == L || !Next->is(tok::raw_identifier))
        break;
      StringRef Id = Next->getRawIdentifier();
      L = Next->getLocation();
      if (Id == "restrict" || Id == "__restrict" || Id == "__restrict__") {
        // A promise about a pointer; gr_ref_t is no pointer (`gr_ref_t
        // restrict` is an error), and dropping the promise is always sound.
        Restricts.push_back(L);
        End = L;
        continue;
      }
      if (Id != "const" && Id != "volatile")
        break;
      Q += " " + Id.str();
      End = L;
    }
    return Q;
  }

  static bool ownsDefinition(TypeLoc Base) {
    auto E = Base.getAs<ElaboratedTypeLoc>();
    return E && E.getTypePtr()->getOwnedTagDecl() &&
           E.getTypePtr()->getOwnedTagDecl()->isThisDeclarationADefinition();
  }
  // Is D followed by the declaration's ';' (not by another declarator)?
  bool lastDeclarator(const NamedDecl *D) {
    std::optional<Token> Next =
        Lexer::findNextToken(T.SM.getFileLoc(D->getLocation()), T.SM, T.LO);
    return Next && Next->is(tok::semi);
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
          E.erase(CharSourceRange::getCharRange(L, L.getLocWithOffset(Tok.getLength())));
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

} // namespace

void classifyDeclarations(Unit &U, Emitter &E) {
  DeclPass(U, E).TraverseDecl(U.Ctx.getTranslationUnitDecl());
}

} // namespace genref
