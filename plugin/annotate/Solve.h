//===- Solve.h - close the model: which structs, which slots ---------------===//
#ifndef GENREF_ANNOTATE_SOLVE_H
#define GENREF_ANNOTATE_SOLVE_H

#include "annotate/Model.h"

namespace genref {
namespace annotate {

struct SolveOptions {
  std::vector<std::string> structs; // --struct NAME...
  bool heapStructs = false;         // --heap-structs (the default without --struct)
  bool applyWeak = false;           // write the GR_WEAK suggestions as edits
};

struct Finding {
  unsigned slot;
  std::string why;
  Where at; // where the reason was seen
};

struct Solution {
  std::vector<Kind> kind;             // per slot
  std::vector<unsigned> root;         // per slot: its class
  std::set<std::string> protect;      // records that are (or become) weakable
  std::set<std::string> markWeakable; // ... of which these need GR_WEAKABLE
  std::vector<Finding> leftRaw;       // would be a reference, but cannot
  std::vector<Finding> weak;          // GR_WEAK suggestions
  std::vector<std::string> notes;     // structs left out and why, conflicts
  bool failed = false;                // a --struct name not found
};

Solution solve(Model &M, const SolveOptions &O);

} // namespace annotate
} // namespace genref

#endif
