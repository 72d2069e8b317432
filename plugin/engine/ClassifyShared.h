//===- ClassifyShared.h - what the expression and call walks share --------===//
#ifndef GENREF_CLASSIFYSHARED_H
#define GENREF_CLASSIFYSHARED_H

#include "engine/Sites.h"
#include "engine/Unit.h"

namespace genref {

// What an expression's value is after the rewrite. `?:` and the comma
// operator drop the type tag, so the arms (or the right operand) decide;
// an implicit conversion takes its destination's type, so its operand does.
struct RefValue {
  bool isRef = false;
  RefKind kind = RefKind::None;
  clang::QualType pointee; // a raw pointer's pointee when not a reference
};
RefValue refValue(const clang::Expr *E);
bool isRef(const clang::Expr *E);
bool isNullConstant(const clang::Expr *E, clang::ASTContext &Ctx);
// malloc/calloc/realloc (or the runtime's own) called directly.
bool isFreshAllocation(const clang::Expr *E);

// The conversions of the expression walk, for the call walk's arguments.
class Conversions {
public:
  virtual ~Conversions() = default;
  // Op (consumed by Ctxt) converted to a value of type Dst.
  virtual void convert(const clang::Expr *Op, clang::QualType Dst, const clang::Stmt *Ctxt,
                       clang::SourceLocation At) = 0;
  // A reference passed where the callee sees a raw pointer.
  virtual void toRaw(const clang::Expr *Op, clang::SourceLocation At,
                     const clang::Stmt *Ctxt) = 0;
  // The same for a variadic argument: the raw pointer keeps its type.
  virtual void toRawTyped(const clang::Expr *Op, clang::SourceLocation At,
                          const clang::Stmt *Ctxt) = 0;
};

void classifyCall(Unit &U, SiteSink &Sink, Conversions &C, clang::CallExpr *CE);

// free((void *)r), free((char *)(void *)r): the reference r under the
// pointer casts of free()'s argument, or null. The casts only satisfy
// free's parameter: the reference itself is freed, so a stale one is a
// double free, not a use of a dead reference at the cast. Casts, when
// given, receives them, outermost first.
const clang::Expr *refUnderFreeCasts(const clang::Expr *Arg,
                                     llvm::SmallVectorImpl<const clang::CStyleCastExpr *> *Casts);
// Whether the cast is one of those of a free() call's argument.
bool isFreeArgumentCast(Unit &U, const clang::CStyleCastExpr *CE);

} // namespace genref

#endif
