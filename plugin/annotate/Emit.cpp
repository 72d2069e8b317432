//===- Emit.cpp - the solution as token insertions, written or diffed ------===//
#include "annotate/Emit.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <iterator>
#include <tuple>

namespace genref {
namespace annotate {

namespace {
// A file without #include lines: genref.h goes after its leading comments
// and its include guard (`#ifndef X` / `#define X`), not above them.
unsigned afterPreamble(const std::string &Path, bool &Guarded) {
  Guarded = false;
  std::ifstream In(Path, std::ios::binary);
  std::string T((std::istreambuf_iterator<char>(In)), std::istreambuf_iterator<char>());
  size_t At = 0;
  auto SkipSpace = [&] {
    while (At < T.size() && isspace((unsigned char)T[At]))
      At++;
  };
  auto LineEnd = [&](size_t From) {
    size_t NL = T.find('\n', From);
    return NL == std::string::npos ? T.size() : NL + 1;
  };
  size_t Kept = 0; // the start of a line after the preamble
  for (;;) {
    SkipSpace();
    if (T.compare(At, 2, "/*") == 0) {
      size_t E = T.find("*/", At + 2);
      if (E == std::string::npos)
        return 0;
      At = Kept = LineEnd(E + 2);
    } else if (T.compare(At, 2, "//") == 0) {
      At = Kept = LineEnd(At);
    } else {
      break;
    }
  }
  if (T.compare(At, 7, "#ifndef") == 0) {
    size_t Next = LineEnd(At);
    size_t D = Next;
    while (D < T.size() && (T[D] == ' ' || T[D] == '\t'))
      D++;
    if (T.compare(D, 7, "#define") == 0) {
      Kept = LineEnd(D);
      Guarded = true;
    }
  }
  return unsigned(Kept);
}
} // namespace

std::map<std::string, FilePlan> planEdits(const Model &M, const Solution &S) {
  std::map<std::string, FilePlan> Plans;
  for (unsigned I = 0; I < M.slots.size(); I++) {
    const Slot &Sl = M.slots[I];
    Kind K = S.kind[I];
    if (K == Kind::None || Sl.fixed != Kind::None || !Sl.editable)
      continue;
    FilePlan &P = Plans[Sl.at.file];
    std::string T = K == Kind::Weak ? "GR_WEAK" : "GR_REF";
    (K == Kind::Weak ? P.weaks : P.refs)++;
    P.edits.push_back({Sl.insert, (Sl.spaceBefore ? " " : "") + T + (Sl.spaceAfter ? " " : "")});
  }
  for (const std::string &K : S.markWeakable) {
    const Record &R = M.records.at(K);
    FilePlan &P = Plans[R.at.file];
    P.weakables++;
    P.edits.push_back({R.insert, " GR_WEAKABLE"});
  }
  // Does a file bring genref.h with it: it includes it, or will (it is
  // edited), or it includes a file that does.
  std::map<std::string, bool> Provides;
  std::function<bool(const std::string &, int)> Brings = [&](const std::string &F, int Depth) {
    if (Plans.count(F))
      return true;
    auto It = M.files.find(F);
    if (It == M.files.end() || Depth > 32)
      return false;
    auto Known = Provides.find(F);
    if (Known != Provides.end())
      return Known->second;
    Provides[F] = false; // an include cycle brings nothing
    bool B = It->second.includesGenref;
    for (const FileFacts::Include &I : It->second.includes)
      B = B || (!I.target.empty() && Brings(I.target, Depth + 1));
    return Provides[F] = B;
  };
  for (auto &[File, P] : Plans) {
    auto It = M.files.find(File);
    if (It != M.files.end() && It->second.includesGenref)
      continue;
    // After the last #include before the first edit that is outside any
    // #if (inside the include guard of a header), else after the leading
    // comments and the guard.
    unsigned First = P.edits.empty() ? 0 : P.edits[0].offset;
    for (const Insertion &E : P.edits)
      First = std::min(First, E.offset);
    bool Guarded;
    unsigned Preamble = afterPreamble(File, Guarded);
    unsigned At = 0;
    bool Covered = false; // a project header before the first edit brings it
    if (It != M.files.end())
      for (const FileFacts::Include &I : It->second.includes)
        if (I.depth == (Guarded ? 1 : 0) && I.end <= First) {
          At = std::max(At, I.end);
          Covered = Covered || (!I.target.empty() && I.target != File && Brings(I.target, 0));
        }
    if (Covered)
      continue;
    if (At == 0)
      At = Preamble <= First ? Preamble : 0;
    P.edits.push_back({At, "#include \"genref.h\"\n"});
    P.include = true;
  }
  for (auto &[File, P] : Plans) {
    // The include line goes before a token inserted at the same offset.
    std::sort(P.edits.begin(), P.edits.end(), [](const Insertion &A, const Insertion &B) {
      bool LA = A.text.back() == '\n', LB = B.text.back() == '\n';
      return std::tie(A.offset, LB, A.text) < std::tie(B.offset, LA, B.text);
    });
    P.edits.erase(std::unique(P.edits.begin(), P.edits.end(),
                              [](const Insertion &A, const Insertion &B) {
                                return A.offset == B.offset && A.text == B.text;
                              }),
                  P.edits.end());
  }
  return Plans;
}

std::string applyPlan(const std::string &Old, const FilePlan &P) {
  std::string New;
  New.reserve(Old.size() + 16 * P.edits.size());
  size_t At = 0;
  for (const Insertion &E : P.edits) {
    size_t Off = std::min<size_t>(E.offset, Old.size());
    New.append(Old, At, Off - At);
    New += E.text;
    At = Off;
  }
  New.append(Old, At, std::string::npos);
  return New;
}

namespace {
std::vector<std::string> lines(const std::string &T) {
  std::vector<std::string> L;
  size_t At = 0;
  while (At < T.size()) {
    size_t NL = T.find('\n', At);
    if (NL == std::string::npos) {
      L.push_back(T.substr(At));
      break;
    }
    L.push_back(T.substr(At, NL - At));
    At = NL + 1;
  }
  return L;
}
} // namespace

// The edits only change lines in place or add whole lines, so a greedy
// alignment is exact here (no general LCS needed).
std::string unifiedDiff(const std::string &Path, const std::string &Old,
                        const std::string &New) {
  if (Old == New)
    return "";
  std::vector<std::string> A = lines(Old), B = lines(New);
  // A last line without its newline is marked as diff(1) marks it.
  bool OldOpen = !Old.empty() && Old.back() != '\n';
  bool NewOpen = !New.empty() && New.back() != '\n';
  struct Op {
    char kind; // ' ', '-', '+'
    std::string text;
    size_t a, b; // line indexes before this op
  };
  std::vector<Op> Ops;
  size_t I = 0, J = 0;
  while (I < A.size() || J < B.size()) {
    if (I < A.size() && J < B.size() && A[I] == B[J]) {
      Ops.push_back({' ', A[I], I, J});
      I++, J++;
    } else if ((J + 1 < B.size() && I < A.size() && B[J + 1] == A[I]) ||
               (J < B.size() && B[J] == "#include \"genref.h\"")) { // the line the tool adds
      Ops.push_back({'+', B[J], I, J});
      J++;
    } else if (I < A.size() && J < B.size()) {
      Ops.push_back({'-', A[I], I, J});
      Ops.push_back({'+', B[J], I + 1, J});
      I++, J++;
    } else if (J < B.size()) {
      Ops.push_back({'+', B[J], I, J});
      J++;
    } else {
      Ops.push_back({'-', A[I], I, J});
      I++;
    }
  }
  // Within a run of changes, the removed lines first (as diff(1) prints).
  for (size_t X = 0; X < Ops.size();) {
    size_t Y = X;
    while (Y < Ops.size() && Ops[Y].kind != ' ')
      Y++;
    std::vector<Op> Run;
    for (char Kind : {'-', '+'})
      for (size_t Z = X; Z < Y; Z++)
        if (Ops[Z].kind == Kind)
          Run.push_back(Ops[Z]);
    std::copy(Run.begin(), Run.end(), Ops.begin() + X);
    X = Y == X ? X + 1 : Y;
  }
  std::string Out = "--- " + Path + "\n+++ " + Path + "\n";
  const size_t Ctx = 3;
  size_t K = 0;
  while (K < Ops.size()) {
    while (K < Ops.size() && Ops[K].kind == ' ')
      K++;
    if (K == Ops.size())
      break;
    size_t Start = K >= Ctx ? K - Ctx : 0;
    size_t End = K; // one past the last op of the hunk
    size_t Quiet = 0;
    for (size_t X = K; X < Ops.size(); X++) {
      if (Ops[X].kind == ' ') {
        if (++Quiet > 2 * Ctx)
          break;
      } else {
        Quiet = 0;
        End = X + 1;
      }
    }
    size_t Stop = std::min(Ops.size(), End + Ctx);
    size_t OldN = 0, NewN = 0;
    for (size_t X = Start; X < Stop; X++) {
      OldN += Ops[X].kind != '+';
      NewN += Ops[X].kind != '-';
    }
    size_t OldStart = Ops[Start].a + (OldN ? 1 : 0), NewStart = Ops[Start].b + (NewN ? 1 : 0);
    Out += "@@ -" + std::to_string(OldStart) + "," + std::to_string(OldN) + " +" +
           std::to_string(NewStart) + "," + std::to_string(NewN) + " @@\n";
    for (size_t X = Start; X < Stop; X++) {
      const Op &O = Ops[X];
      Out += std::string(1, O.kind) + O.text + "\n";
      bool LastOld = O.kind != '+' && O.a + 1 == A.size();
      bool LastNew = O.kind != '-' && O.b + 1 == B.size();
      if ((LastOld && OldOpen && O.kind == '-') || (LastNew && NewOpen && O.kind == '+') ||
          (O.kind == ' ' && LastOld && OldOpen))
        Out += "\\ No newline at end of file\n";
    }
    K = Stop;
  }
  return Out;
}

} // namespace annotate
} // namespace genref
