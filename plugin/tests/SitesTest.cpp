//===- SitesTest.cpp - the engine's stages tested on their own results -----===//
//
// genref-engine-test parses small C units and checks what classification
// finds (site kinds, in walk order, at their lines) and what each mode's
// lowering makes of them (runtime operations), without looking at any
// rewritten text. Exit status 0 when every case holds; each failure is
// printed with the unit and the expectation.
//
//===----------------------------------------------------------------------===//
#include "engine/Classify.h"
#include "engine/Emit.h"
#include "engine/Lower.h"
#include "engine/Sites.h"
#include "engine/Unit.h"

#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

using namespace clang;
using namespace genref;

namespace {

const char *kPrelude = "#include \"genref.h\"\n"
                       "void *malloc(unsigned long);\n"
                       "void *calloc(unsigned long, unsigned long);\n"
                       "void free(void *);\n"
                       "void *memcpy(void *, const void *, unsigned long);\n"
                       "struct GR_WEAKABLE n { int v; struct n *GR_REF next; };\n"
                       "struct holder { struct n *GR_REF r; };\n";
constexpr unsigned kPreludeLines = 7;

struct Seen {
  SiteKind kind;
  unsigned line; // in the case's own text, 1-based
  Call call;     // what the mode made of it
};

class Collector : public SiteSink {
public:
  Collector(Unit &U, Lowerer &L) : U(U), L(L) {}
  bool add(const Site &S) override {
    unsigned Line = U.SM.getPresumedLineNumber(U.SM.getExpansionLoc(S.at));
    Call C = S.kind == SiteKind::Frames ? Call::None : L.lower(S);
    if (S.kind == SiteKind::Frames) {
      auto F = L.frames(S);
      C = F.empty() ? Call::None : F.front().second;
    }
    Out.push_back({S.kind, Line > kPreludeLines ? Line - kPreludeLines : 0, C});
    return true;
  }
  std::vector<Seen> Out;

private:
  Unit &U;
  Lowerer &L;
};

struct Case {
  const char *name;
  Mode mode;
  const char *code;
  std::vector<Seen> expect; // exactly these sites, in order
};

int Failures = 0;

std::string describe(const Seen &S) {
  return std::string(siteKindName(S.kind)) + "@" + std::to_string(S.line) + "->" +
         (S.call == Call::None ? "none" : callSpelling(S.call));
}

void run(const Case &C) {
  std::vector<std::string> Args = {"-xc", "-std=gnu11", "-D__GENREF__=1",
                                   "-I" GENREF_ANNOTATIONS_DIR,
                                   "-resource-dir=" GENREF_CLANG_RESOURCE_DIR};
  std::unique_ptr<ASTUnit> AST =
      tooling::buildASTFromCodeWithArgs(std::string(kPrelude) + C.code, Args, "case.c");
  if (!AST || AST->getDiagnostics().hasErrorOccurred()) {
    llvm::errs() << "FAIL " << C.name << ": the case does not parse\n";
    Failures++;
    return;
  }
  Options O;
  O.mode = C.mode;
  Unit U(AST->getASTContext(), O);
  Emitter E(U);
  Lowerer L(U, E);
  Collector Col(U, L);
  classifyExpressions(U, Col);
  bool Same = Col.Out.size() == C.expect.size();
  for (size_t I = 0; Same && I < C.expect.size(); I++)
    Same = Col.Out[I].kind == C.expect[I].kind && Col.Out[I].line == C.expect[I].line &&
           Col.Out[I].call == C.expect[I].call;
  if (Same) {
    llvm::outs() << "ok " << C.name << " (" << modeName(C.mode) << ")\n";
    return;
  }
  Failures++;
  llvm::errs() << "FAIL " << C.name << " (" << modeName(C.mode) << ")\n  expected:";
  for (const Seen &S : C.expect)
    llvm::errs() << " " << describe(S);
  llvm::errs() << "\n  found:   ";
  for (const Seen &S : Col.Out)
    llvm::errs() << " " << describe(S);
  for (const Diag &D : U.Diags)
    llvm::errs() << "\n  diagnostic: " << D.message;
  llvm::errs() << "\n";
}

} // namespace

int main() {
  using K = SiteKind;
  const char *Deref = "int f(struct n *GR_REF p) {\n"
                      "  return p->v;\n"
                      "}\n";
  const char *Weak = "int f(struct n *GR_WEAK p) {\n"
                     "  return p->v;\n"
                     "}\n";
  const char *Unchecked = "GR_UNCHECKED int f(struct n *GR_REF p) {\n"
                          "  return p->v;\n"
                          "}\n";
  const char *Store = "void f(struct holder *h, struct n *GR_REF p) {\n"
                      "  h->r = p;\n"
                      "  struct n *GR_REF local = p;\n"
                      "  (void)local;\n"
                      "}\n";
  const char *Heap = "void f(void) {\n"
                     "  struct n *GR_REF p = malloc(sizeof(struct n));\n"
                     "  free(p);\n"
                     "}\n";
  const char *Conv = "void g(struct n *raw);\n"
                     "void f(struct n *GR_REF p, struct n *raw) {\n"
                     "  g(p);\n"
                     "  p = raw;\n"
                     "  if (p == 0 || p == raw) p = 0;\n"
                     "}\n";
  const char *Sizeof = "unsigned long f(struct n *GR_REF p) {\n"
                       "  return sizeof(*p);\n"
                       "}\n";
  const char *Frames = "struct holds { struct n *GR_REF r; };\n"
                       "void f(void) {\n"
                       "  struct n obj;\n"
                       "  struct holds h;\n"
                       "  (void)obj; (void)h;\n"
                       "}\n";
  const char *Copy = "void f(struct n *a, struct n *b) {\n"
                     "  memcpy(a, b, sizeof *a);\n"
                     "  *a = *b;\n"
                     "}\n";
  const char *Alive = "int f(struct n *GR_WEAK w, struct n *raw) {\n"
                      "  return gr_alive(w) + gr_alive(raw);\n"
                      "}\n";
  std::vector<Case> Cases = {
      {"deref", Mode::Resilient, Deref, {{K::Deref, 2, Call::CheckDeref}}},
      {"deref", Mode::Normal, Deref, {{K::Deref, 2, Call::CheckDeref}}},
      {"deref", Mode::Fast, Deref, {{K::Deref, 2, Call::UncheckedDeref}}},
      {"weak deref stays checked", Mode::Fast, Weak, {{K::Deref, 2, Call::CheckDeref}}},
      {"GR_UNCHECKED function", Mode::Resilient, Unchecked,
       {{K::Deref, 2, Call::UncheckedDeref}}},
      {"store in memory", Mode::Resilient, Store, {{K::Store, 2, Call::None}}},
      {"store in memory", Mode::Normal, Store, {{K::Store, 2, Call::Store}}},
      {"heap", Mode::Resilient, Heap,
       {{K::Allocation, 2, Call::Alloc}, {K::FromNew, 2, Call::FromNew},
        {K::Destroys, 3, Call::None}, {K::Free, 3, Call::Free}}},
      {"heap", Mode::Normal, Heap,
       {{K::Allocation, 2, Call::AllocZeroed}, {K::FromNew, 2, Call::FromNew},
        {K::Destroys, 3, Call::CascadeGuard}, {K::Free, 3, Call::FreeCounted}}},
      {"conversions", Mode::Resilient, Conv,
       {{K::ToRaw, 3, Call::Unwrap}, {K::MakeRef, 4, Call::Make},
        {K::NullCompare, 5, Call::NullTest}, {K::AddressOnly, 5, Call::UncheckedUnwrap},
        {K::NullRef, 5, Call::Null}}},
      {"unevaluated", Mode::Resilient, Sizeof, {{K::Deref, 2, Call::UncheckedDeref}}},
      {"frames", Mode::Resilient, Frames,
       {{K::Frames, 3, Call::Frame}, {K::Frames, 4, Call::None}}},
      {"frames", Mode::Normal, Frames,
       {{K::Frames, 3, Call::FrameCounted}, {K::Frames, 4, Call::FrameCounted}}},
      {"frames: a holder of references only", Mode::Fast, Frames,
       {{K::Frames, 3, Call::Frame}, {K::Frames, 4, Call::None}}},
      // Generations live outside objects: copies stay plain C, and only
      // normal mode's counts follow a struct assignment.
      {"object copies", Mode::Resilient, Copy,
       {{K::ObjectCopy, 2, Call::None}, {K::StructAssign, 3, Call::None}}},
      {"object copies", Mode::Normal, Copy,
       {{K::ObjectCopy, 2, Call::None}, {K::StructAssign, 3, Call::AssignCounted}}},
      {"gr_alive", Mode::Resilient, Alive, {{K::Alive, 2, Call::Alive}, {K::Alive, 2, Call::Alive}}},
  };
  for (const Case &C : Cases)
    run(C);
  llvm::outs() << Cases.size() - Failures << " of " << Cases.size() << " cases hold\n";
  return Failures ? 1 : 0;
}
