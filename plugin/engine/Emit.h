//===- Emit.h - the spelling of runtime calls, and the edits they make ----===//
//
// Emission is the only stage that writes text: it turns a lowered site into
// edits (Edits.h) using one table of runtime-call spellings, writes the
// declaration rewrites, the unit record and the preamble, and recognises
// its own earlier output (idempotence). It never reads the mode.
//
//===----------------------------------------------------------------------===//
#ifndef GENREF_EMIT_H
#define GENREF_EMIT_H

#include "engine/Edits.h"
#include "engine/Sites.h"
#include "engine/Unit.h"

#include <set>
#include <string>

namespace genref {

// Every runtime operation generated code may call (runtime/include/genref/
// rt.h and ref.h). Lowering picks one per site; the table in Emit.cpp
// spells it.
enum class Call {
  None,            // the site needs no text in this mode
  CheckDeref,      // (T *)gr_ref_check(r, GR_SITE(...))
  UncheckedDeref,  // (T *)gr_ref_unchecked(r)
  Unwrap,          // gr_ref_unwrap(r, GR_SITE(...))
  UncheckedUnwrap, // gr_ref_unchecked(r)
  StoreRaw,        // gr_ref_to_raw(r): stored, not used; stale -> poisoned
  NotNull,         // (!gr_ref_is_null(r))
  RefEq,           // gr_ref_eq(a, b)
  NullTest,        // gr_ref_is_null(r)
  Null,            // gr_ref_null()
  NullInit,        // GR_REF_NULL_INIT (static initializers, braced lists)
  NullElided,      // GR_REF_NULL_ELIDED (a list element whose braces are elided)
  FromNew,         // gr_ref_from_new(p)
  Make,            // gr_ref_make(p, GR_SITE(...))
  MakeCounted,     // gr_ref_make_counted(p, layout, GR_SITE(...)): normal mode
  DropCast,        // (T *GR_REF)x -> x
  RetypeCast,      // (T *GR_REF)r -> gr_ref_retype_counted(r, layout): normal mode
  Alloc,           // gr_alloc(size, layout)
  AllocZeroed,     // gr_alloc_counted / gr_calloc_counted(size, layout)
  Calloc,          // gr_calloc(n, size, layout)
  Realloc,         // gr_realloc(p, size, layout, GR_SITE(...))
  Free,            // gr_free / gr_ref_free (Site::isRef)
  FreeCounted,     // gr_free_normal / gr_ref_free_normal
  Store,           // gr_ref_store_at(&lhs, rhs, GR_HOLDER(...))
  Alive,           // gr_ref_alive(r) / 0 != p
  Advance,         // gr_ref_advance(&r, bytes, post, site)
  Offset,          // gr_ref_offset(r, bytes)
  Elem,            // gr_ref_elem(r, bytes, GR_SITE(...)): &r[i] as a reference
  UncheckedElem,   // gr_ref_offset(r, bytes): the same, unchecked
  AssignCounted,   // GR_ASSIGN_NORMAL(layout, refs, a, b)
  Frame,           // gr_stack_frame_begin / _end
  FrameCounted,    // gr_stack_frame_begin_normal / _end_normal
  MemsetCounted,   // gr_memset_counted / gr_bzero_counted(dst, ..., layout)
  CascadeGuard,    // gr_cascade_t ... = gr_cascade_begin() first in a function that frees
  Elvis,           // a ?: b -> __extension__({ gr_ref_t v = (a); !gr_ref_is_null(v) ? v : (b); })
};

const char *callSpelling(Call C);

class Emitter {
public:
  explicit Emitter(Unit &U) : U(U) {}

  // A lowered expression site; false if its text could not be placed.
  bool emit(const Site &S, Call C);
  // A Frames site: one frame per (variable, Frame or FrameCounted).
  void emitFrames(const Site &S,
                  const std::vector<std::pair<const clang::VarDecl *, Call>> &Frames);

  // ---- declarations (the same in every mode) ----
  // A weakable struct: no text (its generation lives outside it); records
  // the struct in Unit::NewlyWeakable.
  void weakableHeader(const clang::RecordDecl *RD);
  // The text of a reference type, from its specifier to its annotation.
  void referenceType(clang::CharSourceRange R, const std::string &Quals) {
    Edits.replace(R, "gr_ref_t" + Quals);
  }
  void erase(clang::CharSourceRange R) { Edits.replace(R, ""); }
  void replace(clang::CharSourceRange R, std::string Text) { Edits.replace(R, std::move(Text)); }

  // ---- the unit ----
  // The record for the whitelist and genref-audit, after the last line;
  // Unchecked lists the GR_UNCHECKED overrides used, ModeName the mode.
  void unitRecord(const std::set<std::string> &Unchecked, const char *ModeName);
  bool empty() const { return Edits.empty(); }
  bool apply(clang::Rewriter &R) const { return Edits.apply(R); }
  // Edits inside macro bodies into their invocations' expanded text
  // (Macros.h); false after an error.
  bool placeMacroEdits();

  // ---- recognising earlier output (idempotence) ----
  static bool isHeaderField(const clang::FieldDecl *F);
  bool followedByFrame(clang::SourceLocation L);

private:
  Unit &U;
  EditList Edits;

  // Each edit names its tokens too (Edits.h): inside a macro body, where
  // there is no file location, Macros.cpp places it by them.
  bool wrap(const clang::Expr *E, std::string Pre, std::string Post);
  bool replaceExpr(const clang::Expr *E, std::string Text);
  bool replaceToken(clang::SourceLocation L, std::string Text);
  // Replace a call's callee and add arguments after its last one.
  bool retargetCall(const clang::CallExpr *CE, const char *Callee, std::string Extra);
  // GR_SITE(file, line, column, function, type) for reports.
  std::string site(clang::SourceLocation L, const clang::Stmt *S, clang::QualType Pointee);
  std::string castTo(clang::QualType Pointee);
  struct FrameText {
    std::string var, end, begin; // var empty: could not be made
    // Placed (gr_stack_frame_place): the pointer to where the object lives
    // for its scope, declared after the frame; every use goes through it.
    std::string object;
    std::string declaration(bool Inactive) const;
  };
  // Whether VD can live where gr_stack_frame_place puts it: every use of
  // it after its declaration is redirected to (*__gr_obj_NAME) (Uses).
  bool placeable(const Site &S, const clang::VarDecl *VD,
                 std::vector<const clang::DeclRefExpr *> &Uses);
  bool valueOnlyUse(const clang::Expr *E);
  FrameText frameText(const std::string &Var, const std::string &Addr,
                      const std::string &Size, clang::QualType T, bool Initialized,
                      clang::SourceLocation At, const clang::Stmt *Ctx, Call C,
                      clang::SourceLocation DiagAt, bool Placed = false);
  FrameText frameFor(const clang::VarDecl *VD, const clang::Stmt *At, Call C,
                     bool Placed = false);
  void hoistDeclaration(const clang::Stmt *Hoist, const std::string &Decl);
  bool literalFrame(const Site &S, Call C);

  bool deref(const Site &S, Call C);
  bool compare(const Site &S);
  bool allocation(const Site &S, Call C);
  bool freeCall(const Site &S, Call C);
  bool structAssign(const Site &S, Call C);
  bool store(const Site &S);
  void assignment(const clang::BinaryOperator *BO, std::string Pre, std::string Op,
                  std::string Post, unsigned Depth);
  bool alive(const Site &S);
  bool advance(const Site &S);
  bool element(const Site &S, Call C);
  bool memsetCall(const Site &S);
  bool cascadeGuard(const Site &S);
  // Normal mode: what a counted store's left side names, for reports.
  std::string holderOf(const clang::Expr *LHS);
  std::string rawHolderType(const clang::Expr *LHS);
  std::string declaredAt(clang::SourceLocation L);
  // The block (or switch) whose scope a Frames site's objects share.
  const clang::Stmt *frameBlock(const Site &S);
  std::set<const clang::Stmt *> GuardedBlocks;
  std::set<const clang::FunctionDecl *> GuardedFunctions;
  std::vector<const clang::FunctionDecl *> Destroying;

public:
  // The cascade guards of the functions that free, written only into a
  // unit genref rewrites anyway (an unannotated file stays untouched).
  void placeCascadeGuards();
};

} // namespace genref

#endif
