//===- Lower.h - each mode's rules: what a site becomes -------------------===//
//
// The only stage that reads the mode. A ModeRules object per mode answers
// the questions the modes disagree on (is this dereference checked, are
// references in memory counted); the Lowerer applies them, together with
// the GR_CHECKED / GR_UNCHECKED overrides, to each classified site and
// hands the chosen runtime operation to the Emitter.
//
//===----------------------------------------------------------------------===//
#ifndef GENREF_LOWER_H
#define GENREF_LOWER_H

#include "engine/Emit.h"
#include "engine/Sites.h"
#include "engine/Unit.h"

#include <memory>
#include <set>
#include <string>

namespace genref {

class ModeRules {
public:
  virtual ~ModeRules() = default;
  virtual Mode mode() const = 0;
  // A GR_REF dereference without an override is checked.
  virtual bool checksByDefault() const { return true; }
  // Normal mode: GR_REF references held in memory are counted, so frees
  // can report the ones left dangling.
  virtual bool countsReferences() const { return false; }
};

std::unique_ptr<ModeRules> rulesFor(Mode M);
// The preamble lines that tell the runtime header the unit's mode.
std::string modeDefines(const Options &Opts);

class Lowerer : public SiteSink {
public:
  Lowerer(Unit &U, Emitter &E);
  bool add(const Site &S) override;

  // GR_UNCHECKED overrides that made a dereference unchecked (unit record).
  const std::set<std::string> &uncheckedUsed() const { return UncheckedUsed; }
  const char *modeName() const;

  // What a site becomes in this mode (Frames: see frames()).
  Call lower(const Site &S);
  std::vector<std::pair<const clang::VarDecl *, Call>> frames(const Site &S);

private:
  Unit &U;
  Emitter &E;
  std::unique_ptr<ModeRules> Rules;
  std::set<std::string> UncheckedUsed;

  bool checkedDeref(const Site &S);
};

} // namespace genref

#endif
