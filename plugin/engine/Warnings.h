//===- Warnings.h - genref's warnings as -W groups -------------------------===//
//
// Each genref warning has a name and is in the group -Wgenref-<name>, and
// every one is in -Wgenref. Clang's own groups cannot hold them (custom
// diagnostics bypass the warning options), so the options are read here,
// in command-line order, with clang's meanings: -Wno-genref[-<name>],
// -Wgenref[-<name>], -Werror=genref[-<name>], -Wno-error=genref[-<name>],
// -Wno-everything; -w and -Werror come from the DiagnosticsEngine.
//
//===----------------------------------------------------------------------===//
#ifndef GENREF_WARNINGS_H
#define GENREF_WARNINGS_H

#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace genref {

// Every genref warning's name (the <name> of -Wgenref-<name>).
llvm::ArrayRef<const char *> warningNames();

// Is Spec (a -W option without the -W) about genref's warnings?
bool isGenrefWarningOption(llvm::StringRef Spec);
// Does Spec name a genref group that exists (-Wgenref, -Wgenref-<name>)?
bool isKnownGenrefWarningOption(llvm::StringRef Spec);

enum class WarningLevel { Ignored, Warning, Error };

// The level of warning Name under DE's state and options: clang's -W
// options (DiagnosticOptions::Warnings), then Extra (the plugin's own
// -fplugin-arg-genref-W... options), each in order.
WarningLevel warningLevel(llvm::StringRef Name, clang::DiagnosticsEngine &DE,
                          llvm::ArrayRef<std::string> Extra);

} // namespace genref

#endif
