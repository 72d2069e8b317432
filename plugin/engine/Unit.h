//===- Unit.h - one translation unit as every stage sees it ----------------===//
//
// What classify, lower and emit share: the AST, the options, the
// diagnostics collected so far, where a location lies (user code, file
// ranges), and one cached walker over the parent map. No stage other than
// lower (Lower.cpp) may read Options::mode.
//
//===----------------------------------------------------------------------===//
#ifndef GENREF_UNIT_H
#define GENREF_UNIT_H

#include "engine/Engine.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/Basic/SourceManager.h"

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace genref {

// Parent queries, each answered by one upward walk whose results are
// memoized per node: depth and enclosing function are asked for every
// edit, and the parent map itself is built once by the ASTContext.
class ParentWalker {
public:
  explicit ParentWalker(clang::ASTContext &Ctx) : Ctx(Ctx) {}

  // The first parent of N, or an empty node at the top.
  clang::DynTypedNode parent(const clang::DynTypedNode &N);
  // Number of ancestors: deeper expressions are wrapped first (Edits.h).
  unsigned depth(const clang::Stmt *S);
  const clang::FunctionDecl *enclosingFunction(const clang::Stmt *S);
  // Inside sizeof/_Alignof of a non-VLA type: never evaluated.
  bool isUnevaluated(const clang::Stmt *S);
  // Inside the initializer of a variable with static storage.
  bool inStaticInitializer(const clang::Stmt *S);
  // The node that consumes E's value, skipping parentheses and implicit
  // casts; Op is set to the child of that node that contains E, LastCast to
  // the outermost implicit cast skipped (or null).
  clang::DynTypedNode consumer(const clang::Expr *E, const clang::Expr *&Op,
                               const clang::ImplicitCastExpr *&LastCast);

private:
  clang::ASTContext &Ctx;
  std::unordered_map<const void *, unsigned> Depths;
  std::unordered_map<const void *, const clang::FunctionDecl *> Functions;
};

class ExpansionTokens;

struct Unit {
  Unit(clang::ASTContext &Ctx, const Options &Opts)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), LO(Ctx.getLangOpts()), Opts(Opts),
        Parents(Ctx) {}

  clang::ASTContext &Ctx;
  clang::SourceManager &SM;
  const clang::LangOptions &LO;
  const Options &Opts;
  ParentWalker Parents;
  std::vector<Diag> Diags;
  // Weakable structs that got their header in this run (not in an earlier
  // rewrite): their brace initializers need the header's initializer.
  std::set<const clang::RecordDecl *> NewlyWeakable;
  // Locals whose address becomes a reference somewhere (`p = buf;`,
  // `f(&x)` for a GR_REF parameter): they get frames whatever their type,
  // so a reference to them dies with their scope (classifyExpressions'
  // first pass).
  std::set<const clang::VarDecl *> RefTargets;
  // The tokens of macro expansions, where the caller recorded them: edits
  // inside macro bodies need them (Macros.h).
  const ExpansionTokens *Expansions = nullptr;

  // ---- diagnostics ----
  // One error per location: nested expressions would repeat it.
  void error(clang::SourceLocation L, std::string Msg, std::string Hint);
  // Name: the warning's group is -Wgenref-<Name> (engine/Warnings.cpp).
  void warning(clang::SourceLocation L, const char *Name, std::string Msg, std::string Hint);
  bool hasError() const;
  // A reference in a macro body that could not be rewritten.
  void macroError(clang::SourceLocation L);
  // The macro a location inside an expansion belongs to, as the user wrote
  // it: the outermost one invoked in a file (`ISNULL`, not the `NULL` its
  // body uses; `ROOT`, not the `assert` it is passed to).
  std::string userMacroName(clang::SourceLocation L);

  // ---- locations ----
  // User code: not a system header, and not the expansion of one of the
  // runtime's own macros (GR_ASSIGN_NORMAL, GR_SITE... in rewritten input).
  bool inUserCode(clang::SourceLocation L);
  clang::CharSourceRange fileRange(clang::SourceRange R);
  // The file range of E; for `(x)` in a macro body whose x is a macro
  // argument, the range of x (the parentheses are the macro's). E is moved
  // to the expression whose range was found.
  clang::CharSourceRange exprRange(const clang::Expr *&E);

private:
  std::set<unsigned> ErrorsAt;
};

bool isNamed(const clang::FunctionDecl *FD, std::initializer_list<const char *> Names);

} // namespace genref

#endif
