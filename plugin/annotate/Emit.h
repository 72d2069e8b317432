//===- Emit.h - the solution as token insertions, written or diffed --------===//
#ifndef GENREF_ANNOTATE_EMIT_H
#define GENREF_ANNOTATE_EMIT_H

#include "annotate/Solve.h"

#include <map>
#include <string>
#include <vector>

namespace genref {
namespace annotate {

struct Insertion {
  unsigned offset;
  std::string text;
};

struct FilePlan {
  std::vector<Insertion> edits; // sorted by offset
  unsigned refs = 0, weaks = 0, weakables = 0;
  bool include = false;
};

// Every edit the solution needs, per file. Only tokens are inserted (and
// one #include line where genref.h is missing), so nothing else moves.
std::map<std::string, FilePlan> planEdits(const Model &M, const Solution &S);

// The file's text with the plan applied.
std::string applyPlan(const std::string &Old, const FilePlan &P);

// A unified diff (3 lines of context) from Old to New.
std::string unifiedDiff(const std::string &Path, const std::string &Old,
                        const std::string &New);

} // namespace annotate
} // namespace genref

#endif
