//===- Solve.cpp - close the model: which structs, which slots -------------===//
//
// The ties are equalities, so their fixpoint is a union-find: one class per
// set of slots that must agree, raw as soon as one member must be raw
// (whatever unit saw it). The weak suggestions are a second fixpoint over
// value flows: a field whose value ends up in a tested variable may dangle.
//
//===----------------------------------------------------------------------===//
#include "annotate/Solve.h"

#include <algorithm>
#include <numeric>

namespace genref {
namespace annotate {

namespace {

struct UnionFind {
  std::vector<unsigned> P;
  explicit UnionFind(size_t N) : P(N) { std::iota(P.begin(), P.end(), 0u); }
  unsigned find(unsigned X) {
    while (P[X] != X)
      X = P[X] = P[P[X]];
    return X;
  }
  void join(unsigned A, unsigned B) {
    A = find(A);
    B = find(B);
    if (A != B)
      P[std::max(A, B)] = std::min(A, B); // the earliest slot names the class
  }
};

bool matches(const Record &R, const std::string &Name) {
  return R.key == "struct " + Name || R.key == "typedef " + Name || R.display == Name ||
         R.aliases.count(Name);
}

} // namespace

Solution solve(Model &M, const SolveOptions &O) {
  Solution Sol;
  // Declarations of one external name in different units are one
  // declaration: the same annotations everywhere.
  for (auto &[Name, Shapes] : M.externs)
    for (size_t I = 1; I < Shapes.size(); I++)
      M.tieAll(Shapes[0], Shapes[I]);

  size_t N = M.slots.size();
  UnionFind UF(N);
  for (auto [A, B] : M.ties)
    UF.join(A, B);
  Sol.root.resize(N);
  for (unsigned I = 0; I < N; I++)
    Sol.root[I] = UF.find(I);

  std::map<unsigned, const Fact *> RawWhy;
  for (const Fact &F : M.raws)
    RawWhy.emplace(Sol.root[F.slot], &F);

  // Which structs are protected.
  std::set<std::string> Want;
  for (const std::string &Name : O.structs) {
    bool Found = false;
    for (auto &[K, R] : M.records)
      if (matches(R, Name)) {
        Want.insert(K);
        Found = true;
      }
    if (!Found) {
      Sol.notes.push_back("no struct named '" + Name + "' in the project");
      Sol.failed = true;
    }
  }
  if (O.heapStructs) {
    // A struct allocated one object at a time is protected. One allocated
    // only as arrays is protected when pointers to its elements are kept
    // (a field or a global that is not raw); an array walked by index has
    // nothing to protect.
    std::set<std::string> Kept;
    for (unsigned I = 0; I < N; I++) {
      const Slot &S = M.slots[I];
      if (!S.passive && (S.role == Role::Field || S.role == Role::Global) &&
          !RawWhy.count(Sol.root[I]))
        Kept.insert(S.record);
    }
    for (auto &[K, R] : M.records)
      if (R.singleAlloc || (R.arrayAlloc && Kept.count(K)))
        Want.insert(K);
  }
  // A pointer already annotated names its struct as protected.
  for (const Slot &S : M.slots)
    if (S.fixed != Kind::None)
      Want.insert(S.record);
  for (auto &[K, R] : M.records) {
    if (R.weakable) {
      Sol.protect.insert(K);
      continue;
    }
    if (!Want.count(K))
      continue;
    if (!R.defined) {
      // Only worth saying when asked for by name: a library's struct the
      // program allocates (struct stat) is not the program's to protect.
      bool Named = false;
      for (const std::string &N : O.structs)
        Named |= matches(R, N);
      if (Named)
        Sol.notes.push_back(R.display + ": not protected: its definition is not in the project");
      continue;
    }
    if (!R.excluded.empty()) {
      Sol.notes.push_back(R.at.str() + ": " + R.display + ": not protected: " + R.excluded[0]);
      continue;
    }
    Sol.protect.insert(K);
    Sol.markWeakable.insert(K);
  }

  // Per class: fixed kinds, whether a declaration is in it, its records.
  struct Class {
    bool fixedRef = false, fixedWeak = false, decl = false, unprotected = false;
    unsigned fixedSlot = 0; // one written annotation, for the reports
  };
  std::map<unsigned, Class> Cls;
  for (unsigned I = 0; I < N; I++) {
    const Slot &S = M.slots[I];
    Class &C = Cls[Sol.root[I]];
    if (S.fixed != Kind::None && !C.fixedRef && !C.fixedWeak)
      C.fixedSlot = I;
    C.fixedRef |= S.fixed == Kind::Ref;
    C.fixedWeak |= S.fixed == Kind::Weak;
    C.decl |= !S.passive;
    C.unprotected |= !Sol.protect.count(S.record);
  }
  std::map<unsigned, Kind> ClassKind;
  for (auto &[R, C] : Cls) {
    Kind K = Kind::None;
    if (C.fixedRef || C.fixedWeak) {
      // What the source says stands (it compiled before).
      K = C.fixedWeak ? Kind::Weak : Kind::Ref;
      if (C.fixedRef && C.fixedWeak)
        Sol.notes.push_back(M.slots[C.fixedSlot].at.str() +
                            ": GR_REF and GR_WEAK on pointers that must agree; "
                            "GR_WEAK is written for the unannotated ones");
      if (RawWhy.count(R)) {
        const Fact *F = RawWhy[R];
        Sol.notes.push_back(M.slots[C.fixedSlot].at.str() +
                            ": the annotation written here is kept, but '" +
                            M.slots[F->slot].name + "' at " + M.slots[F->slot].at.str() +
                            " must agree with it and cannot be a reference: " + F->why +
                            " (the plugin will reject this)");
      }
    } else if (!RawWhy.count(R) && !C.unprotected && C.decl) {
      K = Kind::Ref;
    }
    ClassKind[R] = K;
  }

  // GR_WEAK: tested with gr_alive() (or cleared when its target dies),
  // then backwards along flows into fields and globals.
  std::map<unsigned, const Fact *> WeakWhy;
  for (const Fact &F : M.weakEvidence)
    if (ClassKind[Sol.root[F.slot]] != Kind::None)
      WeakWhy.emplace(Sol.root[F.slot], &F);
  std::map<unsigned, std::string> Via;
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (auto [D, S] : M.flows) {
      unsigned RD = Sol.root[D], RS = Sol.root[S];
      const Slot &Src = M.slots[S];
      if (!WeakWhy.count(RD) || WeakWhy.count(RS) || ClassKind[RS] == Kind::None ||
          (Src.role != Role::Field && Src.role != Role::Global))
        continue;
      WeakWhy[RS] = WeakWhy[RD];
      Via[RS] = M.slots[D].name;
      Changed = true;
    }
  }

  Sol.kind.assign(N, Kind::None);
  for (unsigned I = 0; I < N; I++) {
    unsigned R = Sol.root[I];
    Kind K = ClassKind[R];
    bool Fixed = Cls[R].fixedRef || Cls[R].fixedWeak;
    // Suggested for written GR_REFs too, so a second run reports the same.
    if (K == Kind::Ref && WeakWhy.count(R)) {
      const Slot &S = M.slots[I];
      if (!S.passive) {
        const Fact *F = WeakWhy[R];
        std::string Why = F->why + " at " + F->at.str();
        if (Via.count(R))
          Why = "its value flows into '" + Via[R] + "', " + Why;
        Sol.weak.push_back({I, Why, S.at});
      }
      if (O.applyWeak && !Fixed)
        K = Kind::Weak;
    }
    Sol.kind[I] = K;
  }

  // The pointers to protected structs that stay raw, with the reason.
  for (unsigned I = 0; I < N; I++) {
    const Slot &S = M.slots[I];
    unsigned R = Sol.root[I];
    if (Sol.kind[I] != Kind::None || S.passive || !Sol.protect.count(S.record) ||
        !RawWhy.count(R))
      continue;
    const Fact *F = RawWhy[R];
    std::string Why = F->why;
    if (F->slot != I)
      Why += " ('" + M.slots[F->slot].name + "' at " + F->at.str() + ", which must agree)";
    else if (F->at.file != S.at.file || F->at.line != S.at.line)
      Why += " at " + F->at.str();
    Sol.leftRaw.push_back({I, Why, F->at});
  }
  auto ByPlace = [&](const Finding &A, const Finding &B) {
    const Where &X = M.slots[A.slot].at, &Y = M.slots[B.slot].at;
    return std::tie(X.file, X.line, X.col) < std::tie(Y.file, Y.line, Y.col);
  };
  std::sort(Sol.leftRaw.begin(), Sol.leftRaw.end(), ByPlace);
  std::sort(Sol.weak.begin(), Sol.weak.end(), ByPlace);
  return Sol;
}

} // namespace annotate
} // namespace genref
