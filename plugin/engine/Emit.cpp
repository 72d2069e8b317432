//===- Emit.cpp - lowered sites into text edits ----------------------------===//
//
// Edits never add or remove a newline, so lines stay where they were.
//
//===----------------------------------------------------------------------===//
#include "engine/Emit.h"
#include "engine/Lower.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

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
  case Call::NotNull: return "gr_ref_is_null";
  case Call::RefEq: return "gr_ref_eq";
  case Call::NullTest: return "gr_ref_is_null";
  case Call::Null: return "gr_ref_null";
  case Call::NullInit: return "GR_REF_NULL_INIT";
  case Call::FromNew: return "gr_ref_from_new";
  case Call::Make: return "gr_ref_make";
  case Call::DropCast: return "";
  case Call::Alloc: return "gr_alloc";
  case Call::AllocZeroed: return "gr_alloc_zeroed";
  case Call::Calloc: return "gr_calloc";
  case Call::Realloc: return "gr_realloc";
  case Call::Free: return "free";             // gr_free / gr_ref_free
  case Call::FreeCounted: return "free_normal"; // gr_free_normal / gr_ref_free_normal
  case Call::CopyObject: return "gr_copy_object";
  case Call::FillObject: return "gr_fill_object";
  case Call::Store: return "gr_ref_store";
  case Call::Alive: return "gr_ref_alive";
  case Call::Assign: return "GR_ASSIGN";
  case Call::AssignCounted: return "GR_ASSIGN_NORMAL";
  case Call::Frame: return "gr_stack_frame_begin";
  case Call::FrameCounted: return "gr_stack_frame_begin_normal";
  case Call::StaticHeader: return "GR_HEADER_STATIC_INIT";
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

//===----------------------------------------------------------------------===//
// Placing text
//===----------------------------------------------------------------------===//

bool Emitter::wrap(const Expr *E, std::string Pre, std::string Post) {
  CharSourceRange R = U.exprRange(E);
  if (R.isInvalid()) {
    U.macroError(E->getBeginLoc());
    return false;
  }
  unsigned D = U.Parents.depth(E);
  Edits.prefix(R.getBegin(), std::move(Pre), D);
  Edits.suffix(R.getEnd(), std::move(Post), D);
  return true;
}

bool Emitter::replaceExpr(const Expr *E, std::string Text) {
  CharSourceRange R = U.exprRange(E);
  if (R.isInvalid()) {
    U.macroError(E->getBeginLoc());
    return false;
  }
  Edits.replace(R, std::move(Text));
  return true;
}

bool Emitter::replaceToken(SourceLocation L, std::string Text) {
  CharSourceRange R = U.fileRange(SourceRange(L, L));
  if (R.isInvalid()) {
    U.macroError(L);
    return false;
  }
  Edits.replace(R, std::move(Text));
  return true;
}

bool Emitter::retargetCall(const CallExpr *CE, const char *Callee, std::string Extra) {
  if (!replaceToken(CE->getCallee()->getBeginLoc(), Callee))
    return false;
  CharSourceRange RP = U.fileRange(SourceRange(CE->getRParenLoc(), CE->getRParenLoc()));
  if (RP.isInvalid()) {
    U.macroError(CE->getRParenLoc());
    return false;
  }
  Edits.suffix(RP.getBegin(), std::move(Extra), 0); // after the last argument's own edits
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
  case Call::Unwrap:
    return wrap(S.expr, sp(C) + "(", ", " + site(S.at, S.context, S.type) + ")");
  case Call::UncheckedUnwrap:
    return wrap(S.expr, sp(C) + "(", ")");
  case Call::RefEq:
  case Call::NullTest:
    return compare(S);
  case Call::Null:
    return replaceExpr(S.expr, sp(C) + "()");
  case Call::NullInit:
    return replaceExpr(S.expr, sp(C));
  case Call::FromNew:
    return wrap(S.expr, sp(C) + "(", ")");
  case Call::Make:
    return wrap(S.expr, sp(C) + "(", ", " + site(S.at, S.context, S.type) + ")");
  case Call::DropCast: {
    const auto *CE = cast<CStyleCastExpr>(S.expr);
    CharSourceRange R = U.fileRange(SourceRange(CE->getLParenLoc(), CE->getRParenLoc()));
    if (R.isInvalid()) {
      U.macroError(CE->getBeginLoc());
      return false;
    }
    erase(R);
    return true;
  }
  case Call::Alloc:
  case Call::AllocZeroed:
  case Call::Calloc:
  case Call::Realloc:
    return allocation(S, C);
  case Call::Free:
  case Call::FreeCounted:
    return freeCall(S, C);
  case Call::CopyObject:
  case Call::FillObject:
    return objectCopy(S, C);
  case Call::Assign:
  case Call::AssignCounted:
    return structAssign(S, C);
  case Call::Store:
    return store(S);
  case Call::Alive:
    return alive(S);
  case Call::StaticHeader: {
    const auto *IL = cast<InitListExpr>(S.expr);
    CharSourceRange R = U.fileRange(SourceRange(IL->getLBraceLoc(), IL->getLBraceLoc()));
    if (R.isInvalid()) {
      U.macroError(IL->getLBraceLoc());
      return false;
    }
    Edits.suffix(R.getEnd(), " " + sp(C) + ",", 0);
    return true;
  }
  case Call::Frame:
  case Call::FrameCounted:
    return false; // emitFrames
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
  if (Both) {
    CharSourceRange LRg = U.fileRange(L->getSourceRange()), RRg = U.fileRange(R->getSourceRange());
    if (LRg.isInvalid() || RRg.isInvalid()) {
      U.macroError(BO->getOperatorLoc());
      return false;
    }
    Edits.prefix(LRg.getBegin(), Eq ? sp(Call::RefEq) + "(" : "(!" + sp(Call::RefEq) + "(", D);
    Edits.replace(OpR, ",");
    Edits.suffix(RRg.getEnd(), Eq ? ")" : "))", D);
    return true;
  }
  // r == NULL  ->  gr_ref_is_null(r)
  const Expr *Ref = LR ? L : R, *Other = LR ? R : L;
  CharSourceRange RefR = U.fileRange(Ref->getSourceRange());
  CharSourceRange OthR = U.fileRange(Other->getSourceRange());
  if (RefR.isInvalid() || OthR.isInvalid()) {
    U.macroError(BO->getOperatorLoc());
    return false;
  }
  std::string Open = Eq ? sp(Call::NullTest) + "(" : "(!" + sp(Call::NullTest) + "(";
  if (LR) {
    Edits.prefix(RefR.getBegin(), Open, D);
    Edits.replace(CharSourceRange::getCharRange(OpR.getBegin(), OthR.getEnd()),
                  Eq ? ")" : "))");
  } else {
    Edits.replace(CharSourceRange::getCharRange(OthR.getBegin(), OpR.getEnd()), Open);
    Edits.suffix(RefR.getEnd(), Eq ? ")" : "))", D);
  }
  return true;
}

bool Emitter::allocation(const Site &S, Call C) {
  const auto *CE = cast<CallExpr>(S.expr);
  HeaderLayout HL = layoutOf(S.type, U.Ctx, !S.single);
  if (!HL.ok) {
    U.error(CE->getBeginLoc(), "allocation of a weakable object: " + HL.error,
            "give the struct a tag or a typedef name");
    return false;
  }
  std::string Extra = ", " + HL.argument();
  if (C == Call::Realloc)
    Extra += ", " + site(CE->getBeginLoc(), CE, S.type);
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

bool Emitter::objectCopy(const Site &S, Call C) {
  const auto *CE = cast<CallExpr>(S.expr);
  HeaderLayout HL = layoutOf(S.type, U.Ctx, true);
  if (!HL.ok) {
    U.error(CE->getBeginLoc(), "copy of a weakable object: " + HL.error,
            "give the struct a tag or a typedef name");
    return false;
  }
  // Generations are identity: copies and fills leave the headers alone.
  if (!replaceToken(CE->getCallee()->getBeginLoc(), sp(C)))
    return false;
  CharSourceRange RP = U.fileRange(SourceRange(CE->getRParenLoc(), CE->getRParenLoc()));
  if (RP.isValid())
    Edits.suffix(RP.getBegin(), ", " + HL.argument(), 0);
  return true;
}

bool Emitter::structAssign(const Site &S, Call C) {
  const auto *BO = cast<BinaryOperator>(S.expr);
  bool Headers = carriesHeaders(S.type);
  HeaderLayout HL = Headers ? layoutOf(S.type, U.Ctx, false) : HeaderLayout();
  HL.none = !Headers;
  HeaderLayout RL = refLayoutOf(S.type, U.Ctx, false);
  if (!HL.ok || !RL.ok) {
    U.error(BO->getOperatorLoc(), "assignment of a weakable struct: " + HL.error,
            "give the struct a tag or a typedef name");
    return false;
  }
  CharSourceRange LR = U.fileRange(BO->getLHS()->getSourceRange());
  CharSourceRange RR = U.fileRange(BO->getRHS()->getSourceRange());
  CharSourceRange OpR = U.fileRange(SourceRange(BO->getOperatorLoc(), BO->getOperatorLoc()));
  if (LR.isInvalid() || RR.isInvalid() || OpR.isInvalid()) {
    U.macroError(BO->getOperatorLoc());
    return false;
  }
  unsigned D = U.Parents.depth(BO);
  // As a statement its value is unused: say so, or gcc warns.
  DynTypedNode P = U.Parents.parent(DynTypedNode::create(*BO));
  bool Statement = !P.getNodeKind().isNone() && !P.get<Expr>() && !P.get<VarDecl>();
  // The generation is identity: copy the fields, never the header.
  std::string Layout = HL.none ? std::string("GR_LAYOUT_NONE") : HL.argument();
  std::string Macro = sp(Call::Assign) + "(" + Layout + ", ";
  if (C == Call::AssignCounted && !RL.none)
    Macro = sp(Call::AssignCounted) + "(" + Layout + ", " + RL.argument() + ", ";
  Edits.prefix(LR.getBegin(), std::string(Statement ? "(void)" : "") + Macro, D);
  Edits.replace(OpR, ",");
  Edits.suffix(RR.getEnd(), ")", D);
  return true;
}

bool Emitter::store(const Site &S) {
  const auto *BO = cast<BinaryOperator>(S.expr);
  CharSourceRange LR = U.fileRange(BO->getLHS()->getSourceRange());
  CharSourceRange RR = U.fileRange(BO->getRHS()->getSourceRange());
  CharSourceRange OpR = U.fileRange(SourceRange(BO->getOperatorLoc(), BO->getOperatorLoc()));
  if (LR.isInvalid() || RR.isInvalid() || OpR.isInvalid()) {
    U.macroError(BO->getOperatorLoc());
    return false;
  }
  unsigned D = U.Parents.depth(BO);
  Edits.prefix(LR.getBegin(), sp(Call::Store) + "(&(", D);
  Edits.replace(OpR, "),");
  Edits.suffix(RR.getEnd(), ")", D);
  return true;
}

bool Emitter::alive(const Site &S) {
  const auto *CE = cast<CallExpr>(S.expr);
  SourceLocation Name = U.SM.getExpansionLoc(CE->getBeginLoc());
  CharSourceRange NR = CharSourceRange::getCharRange(Name, Name.getLocWithOffset(8));
  // A raw pointer is alive when non-null, as without genref.
  Edits.replace(NR, S.isRef ? sp(Call::Alive) : std::string("0 != "));
  return true;
}

//===----------------------------------------------------------------------===//
// Stack frames
//===----------------------------------------------------------------------===//

std::string Emitter::frameFor(const VarDecl *VD, const Stmt *At, Call C) {
  bool Headers = carriesHeaders(VD->getType());
  HeaderLayout HL = Headers ? layoutOf(VD->getType(), U.Ctx, false) : HeaderLayout();
  HeaderLayout RL = refLayoutOf(VD->getType(), U.Ctx, false);
  if (!HL.ok || !RL.ok) {
    U.error(VD->getLocation(), "object on the stack: " + (HL.ok ? RL.error : HL.error),
            "give the struct a tag or a typedef name");
    return "";
  }
  std::string LayoutArg = Headers ? HL.argument() : std::string("GR_LAYOUT_NONE");
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
  std::string FrameVar =
      "__gr_frame_" + Name + "_" + std::to_string(P.isValid() ? P.getLine() : 0);
  // Lifetime: fresh generations now, dead ones at any exit of the scope.
  if (C == Call::FrameCounted) {
    bool Counts = !RL.none;
    return " gr_stack_frame_t " + FrameVar +
           " __attribute__((cleanup(gr_stack_frame_end_normal))) = " + sp(C) + "(" +
           Addr + ", sizeof " + Name + ", " + LayoutArg + ", " +
           (Counts ? RL.argument() : std::string("(gr_layout_t *)0")) + ", " +
           (!Counts || VD->hasInit() || isa<ParmVarDecl>(VD) ? "1" : "0") + ", " +
           site(VD->getLocation(), At, VD->getType()) + ");";
  }
  return " gr_stack_frame_t " + FrameVar +
         " __attribute__((cleanup(gr_stack_frame_end))) = " + sp(C) + "(" + Addr +
         ", sizeof " + Name + ", " + LayoutArg + ");";
}

void Emitter::emitFrames(const Site &S,
                         const std::vector<std::pair<const VarDecl *, Call>> &Frames) {
  std::string Text;
  for (const auto &[VD, C] : Frames)
    Text += frameFor(VD, S.context, C);
  if (Text.empty())
    return;
  if (S.inForHeader) {
    U.error(S.context->getBeginLoc(), "a weakable object declared in a for-loop header",
            "declare it before the loop");
    return;
  }
  CharSourceRange R = U.fileRange(SourceRange(S.insertAfter, S.insertAfter));
  if (R.isInvalid()) {
    if (!S.params)
      U.macroError(S.context->getBeginLoc());
    return;
  }
  if (!followedByFrame(R.getEnd())) // rewritten before: idempotent
    Edits.suffix(R.getEnd(), Text, 0);
}

bool Emitter::followedByFrame(SourceLocation L) {
  bool Invalid = false;
  const char *P = U.SM.getCharacterData(L, &Invalid);
  if (Invalid)
    return false;
  while (*P == ' ' || *P == '\t')
    P++;
  return StringRef(P).starts_with("gr_stack_frame_t __gr_frame_");
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
  Edits.suffix(R.getEnd(), std::string(" gr_header_t ") + kHeaderField + ";", 0);
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
      "static const char __gr_tu_record[] __attribute__((section(\"genref_tus\"), "
      "used, aligned(1))) = \"GRTU1\\tmode=" + std::string(ModeName) +
      "\\tlayout=\" GENREF_LAYOUT_NAME \"\\tunchecked=" + Esc(Unchecked) +
      "\\tsrc=" + Esc(Src) + "\\n\"; "
      "extern const char __genref_runtime_anchor; "
      "static const char *const __gr_runtime_anchor __attribute__((used)) = "
      "&__genref_runtime_anchor;\n";
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
