//===- Verify.h - run the plugin's rules over the annotated text -----------===//
#ifndef GENREF_ANNOTATE_VERIFY_H
#define GENREF_ANNOTATE_VERIFY_H

#include "clang/Tooling/CompilationDatabase.h"

#include <map>
#include <string>
#include <vector>

namespace genref {
namespace annotate {

// Parses every unit again with the edited texts in place of the files and
// runs the shared engine (what the plugin runs) on it. Returns the errors,
// "file:line:col: message", empty when the project would compile with
// the plugin. Extra adds arguments to every compile (as the tool's own).
std::vector<std::string> verifyEdits(const clang::tooling::CompilationDatabase &DB,
                                     const std::vector<std::string> &Files,
                                     const std::map<std::string, std::string> &NewTexts,
                                     const std::vector<std::string> &Front,
                                     const std::vector<std::string> &Back);

} // namespace annotate
} // namespace genref

#endif
