//===- RefTypes.h - what the annotations mean on Clang types ---------------===//
//
// GR_REF / GR_WEAK are btf_type_tag sugar on a pointer type: the canonical
// type is unchanged, so every question here peels sugar one step at a time
// (through typedefs) instead of asking the canonical type.
//
//===----------------------------------------------------------------------===//
#ifndef GENREF_REFTYPES_H
#define GENREF_REFTYPES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Type.h"

#include <string>
#include <vector>

namespace genref {

inline constexpr const char *kRefTag = "genref_ref";
inline constexpr const char *kWeakTag = "genref_weak";
inline constexpr const char *kWeakableAnnot = "genref_weakable";
inline constexpr const char *kHeaderField = "__gr_header";

enum class RefKind { None, Ref, Weak };

// The annotation on T itself (not on what T points to), seen through
// typedefs and other sugar.
RefKind refKindOf(clang::QualType T);
// The tag found by refKindOf, or null.
const clang::BTFTagAttributedType *refTagOf(clang::QualType T);
// The pointee of a reference type, with its sugar (typedef names) kept.
clang::QualType refPointee(clang::QualType T);

bool isWeakable(const clang::RecordDecl *RD);
// A weakable struct, or a struct/array holding one inline: memory of this
// type carries generation headers.
bool carriesHeaders(clang::QualType T);
// Does T (a record, array, or pointer chain) contain a reference anywhere
// inside a union?  Used for the "references inside unions" error.
bool containsRefOrHeader(clang::QualType T);

// The C spelling of a type for casts, sizeof and offsetof in generated
// text; empty when the type cannot be named (an anonymous struct without
// a typedef).
std::string spellType(clang::QualType T, const clang::ASTContext &Ctx);

// Where the headers of an object of type T sit, as constant C expressions
// (offsetof) valid after the rewrite; "stride" is sizeof the element for
// arrays. simple == one header at offset 0 (the runtime's NULL layout).
struct HeaderLayout {
  bool ok = true;
  bool simple = false;
  bool none = false;    // refLayoutOf: the type holds no GR_REF
  std::string typeName; // for reports
  std::string stride;   // C expression, may be empty (no repetition)
  std::vector<std::string> offsets;
  // refLayoutOf: the fields' names ("ref,kids[0]") and the type's
  // declaration ("x.c:12"), for normal mode's reports; may be empty.
  std::string names, decl;
  std::string error;
  // The text of a `const gr_layout_t *` argument: NULL or GR_LAYOUT(...).
  std::string argument() const;
};
HeaderLayout layoutOf(clang::QualType T, const clang::ASTContext &Ctx,
                      bool asArrayElement);

// Normal mode: where the GR_REF (counted) references of T sit, as a
// gr_layout_t argument (none == no reference: "(gr_layout_t *)0").
bool containsStrongRef(clang::QualType T, const clang::ASTContext &Ctx);
HeaderLayout refLayoutOf(clang::QualType T, const clang::ASTContext &Ctx,
                         bool asArrayElement);

} // namespace genref

#endif
