//===- Classify.h - the AST walks ------------------------------------------===//
//
// Two walks over the translation unit, neither of which knows the mode:
//   1. declarations: a weakable struct gets its generation header; every
//      type spelled `T *GR_REF` / `T *GR_WEAK` becomes gr_ref_t (the same
//      text in every mode, written through the Emitter directly);
//   2. expressions and statements: each use of a reference is classified
//      by what consumes it (dereference, conversion to raw, condition...),
//      each conversion into a reference by where it goes, each call by what
//      it does to objects; every such place goes to the SiteSink.
// Anything else that touches a reference is an error naming the construct.
//
//===----------------------------------------------------------------------===//
#ifndef GENREF_CLASSIFY_H
#define GENREF_CLASSIFY_H

#include "engine/Emit.h"
#include "engine/Sites.h"
#include "engine/Unit.h"

namespace genref {

void classifyDeclarations(Unit &U, Emitter &E);
void classifyExpressions(Unit &U, SiteSink &Sink);

} // namespace genref

#endif
