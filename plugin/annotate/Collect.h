//===- Collect.h - one translation unit's slots and constraints ------------===//
#ifndef GENREF_ANNOTATE_COLLECT_H
#define GENREF_ANNOTATE_COLLECT_H

#include "annotate/Model.h"

#include "clang/AST/ASTContext.h"
#include "clang/Lex/Preprocessor.h"

namespace genref {
namespace annotate {

// Records the #include lines of user files (where genref.h can go, and
// whether it is there already). Attach before the main file is entered.
void attachIncludeRecorder(clang::Preprocessor &PP, Model &M);

// Adds the unit's slots, ties, raw facts, allocations and gr_alive() tests.
void collectUnit(clang::ASTContext &Ctx, Model &M);

} // namespace annotate
} // namespace genref

#endif
