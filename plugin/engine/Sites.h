//===- Sites.h - what classify finds, before any mode is applied ----------===//
//
// Classification walks the AST and reports each place where the rewrite
// has something to do as a typed Site: what the construct is and what it
// touches, never how it will be spelled or whether the mode checks it.
// Lowering (Lower.h) decides, per mode, what runtime operation a site
// becomes; emission (Emit.h) spells it. Sites are delivered in walk order
// to a SiteSink, so tests can collect them and check kinds and lines
// without matching rewritten text.
//
//===----------------------------------------------------------------------===//
#ifndef GENREF_SITES_H
#define GENREF_SITES_H

#include "engine/RefTypes.h"

#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"

#include <vector>

namespace genref {

enum class SiteKind {
  Deref,        // *r, r->f: the object is accessed through the reference
  ToRaw,        // the reference converted to a raw pointer (T *p = r; f(r))
  ToBool,       // the reference as a truth value (if (r), !r, r && x)
  AddressOnly,  // only the address is used (r == raw, ISNULL(r) macros)
  RefEquality,  // r == s / r != s, both references
  NullCompare,  // r == NULL / NULL != r
  NullRef,      // NULL converted to a reference
  FromNew,      // a fresh allocation converted to a reference
  MakeRef,      // a raw pointer converted to a reference
  RefCast,      // the text of a cast to a reference type, (T *GR_REF)x
  Allocation,   // malloc/calloc/realloc of memory that carries headers
  Free,         // free() of a reference or of a raw pointer to headers
  ObjectCopy,   // memcpy/memmove/memset of memory that may hold headers/refs
  StructAssign, // a = b of a struct that holds GR_REFs (normal mode counts them)
  Store,        // a GR_REF stored in memory (field, global, element, *p)
  Alive,        // gr_alive(x)
  Elvis,        // GNU a ?: b with a reference a: a once, tested, kept or b
  Advance,      // r++, --r, r += n, r -= n: the reference moves in its allocation
  Offset,       // r + i, r - i: a reference into the same allocation
  ElemRef,      // &r[i] converted to a reference: r checked, then r + i
  Frames,       // local objects declared by one statement (or parameters)
  LiteralFrame, // a block-scope compound literal of a weakable struct
  Destroys,     // a call to free() or through a function pointer: its function may free
};

const char *siteKindName(SiteKind K);

struct Site {
  SiteKind kind;
  // The expression the site is about: the operand to wrap (Deref, ToRaw,
  // ToBool, AddressOnly, NullRef, FromNew, MakeRef), the operator
  // (RefEquality, NullCompare, StructAssign, Store), the call (Allocation,
  // Free, ObjectCopy, Alive), the cast (RefCast).
  const clang::Expr *expr = nullptr;
  // The node that consumes the value: parent queries start here.
  const clang::Stmt *context = nullptr;
  // Where a report or diagnostic about the site points.
  clang::SourceLocation at;
  // The object type: the reference's pointee, the allocated or copied or
  // assigned type; for Frames unused.
  clang::QualType type;
  RefKind ref = RefKind::None;
  // Deref: the declaration the operand names (a variable or field), for
  // GR_CHECKED / GR_UNCHECKED overrides.
  const clang::Decl *named = nullptr;
  // NullCompare / RefEquality: ==; NullCompare: the reference is the LHS.
  bool equal = false;
  bool refOnLeft = false;
  // ToRaw: inside sizeof; NullRef/MakeRef: in a static initializer.
  bool unevaluated = false;
  // ToRaw: the raw value is stored (a variable, field, union member or
  // element initialized or assigned), not used: a stale reference is no
  // report there, the stored value faults where it is used.
  bool intoStorage = false;
  // ToRaw: a variadic argument (printf's): the raw pointer keeps its type,
  // so format checking sees char * for %s, not void *.
  bool typedRaw = false;
  bool staticInit = false;
  // NullRef: an element of a list whose braces are elided (GR_REF_NULL_ELIDED).
  bool elidedInit = false;
  // Allocation / ObjectCopy: malloc, calloc, realloc / memcpy, memmove,
  // memset. Allocation: one object (not an array of them).
  llvm::StringRef callee;
  bool single = false;
  // Free / Alive: the argument is a reference (else a raw pointer).
  bool isRef = false;
  // Frames: the candidates (objects carrying headers or holding
  // references), the insertion point, and whether it is a for-loop header.
  std::vector<const clang::VarDecl *> vars;
  clang::SourceLocation insertAfter;
  bool params = false;
  bool inForHeader = false;
  // Where the frame variable is declared. Right after the objects, unless
  // a goto or a switch could jump into its scope past it (C allows jumping
  // over an object's declaration, not over a cleanup variable's): then at
  // the start of `hoist` (a compound statement; LiteralFrame always) or
  // around it (a switch statement), and only activated after the objects.
  enum class Place { AfterDecl, BlockStart, AroundSwitch } place = Place::AfterDecl;
  const clang::Stmt *hoist = nullptr;
};

class SiteSink {
public:
  virtual ~SiteSink() = default;
  // Returns false if the site could not be rewritten (already diagnosed);
  // classification then skips what depended on it.
  virtual bool add(const Site &S) = 0;
};

} // namespace genref

#endif
