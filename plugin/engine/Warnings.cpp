//===- Warnings.cpp - genref's warnings as -W groups -----------------------===//
#include "engine/Warnings.h"

#include "clang/Basic/DiagnosticOptions.h"

using namespace clang;
using llvm::StringRef;

namespace genref {

// Warnings are made with one of these names (Unit::warning); docs/rewrite.md
// lists them.
static const char *const kNames[] = {
    "uncounted-copy", // normal mode: memcpy/memmove of structs holding GR_REF
};

llvm::ArrayRef<const char *> warningNames() { return kNames; }

namespace {
const size_t kPrefix = sizeof("genref-") - 1;

struct Parsed {
  bool Negated = false; // no-
  bool ErrorForm = false; // error=
  StringRef Group;        // "genref" or "genref-<name>"
};

bool parse(StringRef Spec, Parsed &P) {
  P.Negated = Spec.consume_front("no-");
  P.ErrorForm = Spec.consume_front("error=");
  if (Spec != "genref" && !Spec.starts_with("genref-"))
    return false;
  P.Group = Spec;
  return true;
}

bool covers(StringRef Group, StringRef Name) {
  return Group == "genref" || Group.drop_front(kPrefix) == Name;
}
} // namespace

bool isGenrefWarningOption(StringRef Spec) {
  Parsed P;
  return parse(Spec, P);
}

bool isKnownGenrefWarningOption(StringRef Spec) {
  Parsed P;
  if (!parse(Spec, P))
    return false;
  if (P.Group == "genref")
    return true;
  for (const char *N : kNames)
    if (P.Group.drop_front(kPrefix) == N)
      return true;
  return false;
}

WarningLevel warningLevel(StringRef Name, DiagnosticsEngine &DE,
                          llvm::ArrayRef<std::string> Extra) {
  bool Enabled = true; // every genref warning is on by default
  enum { Default, AsError, NotAsError } Err = Default;
  auto Apply = [&](StringRef Spec) {
    if (Spec == "no-everything") {
      Enabled = false;
      return;
    }
    Parsed P;
    if (!parse(Spec, P) || !covers(P.Group, Name))
      return;
    if (P.ErrorForm) { // -Werror=X enables X; -Wno-error=X leaves it as it is
      Err = P.Negated ? NotAsError : AsError;
      Enabled |= !P.Negated;
    } else {
      Enabled = !P.Negated; // -WX / -Wno-X keep X's error mapping
    }
  };
  for (const std::string &S : DE.getDiagnosticOptions().Warnings)
    Apply(S);
  for (const std::string &S : Extra)
    Apply(S);
  // -w silences even -Werror=X, as it does clang's own warnings.
  if (!Enabled || DE.getIgnoreAllWarnings())
    return WarningLevel::Ignored;
  if (Err == AsError || (Err == Default && DE.getWarningsAsErrors()))
    return WarningLevel::Error;
  return WarningLevel::Warning;
}

} // namespace genref
