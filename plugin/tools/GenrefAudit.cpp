//===- GenrefAudit.cpp - genref-audit: what a binary's genref code is ------===//
//
//   genref-audit PROGRAM [PROGRAM...]
//
// Lists every instrumented translation unit recorded in the binary (the
// plugin's "genref_tus" records: source, mode, reference layout, unchecked
// overrides), the link-time policy ("genref_policy": allowed globs), and
// whether the program passes the start-up check runtime/src/policy.c does.
// Exit status: 0 passes, 1 would be rejected, 2 cannot read the file.
//
//===----------------------------------------------------------------------===//
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/raw_ostream.h"

#include <fnmatch.h>
#include <map>
#include <string>
#include <vector>

using namespace llvm;

namespace {
struct TU {
  std::string src, mode, layout, unchecked;
};

std::string field(StringRef Rec, StringRef Name) {
  size_t P = Rec.find(("\t" + Name + "=").str());
  if (P == StringRef::npos)
    return "";
  StringRef V = Rec.substr(P + Name.size() + 2);
  return V.take_until([](char C) { return C == '\t' || C == '\n'; }).str();
}

std::vector<StringRef> records(StringRef Data, StringRef Magic) {
  std::vector<StringRef> Out;
  size_t P = 0;
  while ((P = Data.find(Magic, P)) != StringRef::npos) {
    StringRef Rest = Data.substr(P);
    StringRef Rec = Rest.take_until([](char C) { return C == '\n' || C == 0; });
    Out.push_back(Rec);
    P += Rec.size();
  }
  return Out;
}

// The runtime's rule (runtime/src/policy.c): shell globs, '*' never
// crosses '/', a relative glob matches a tail starting after a '/'.
bool globMatch(const std::string &Glob, const std::string &Src) {
  if (!Glob.empty() && Glob[0] == '/')
    return !fnmatch(Glob.c_str(), Src.c_str(), FNM_PATHNAME);
  for (size_t P = 0; P != std::string::npos;) {
    if (P < Src.size() && Src[P] != '/' &&
        !fnmatch(Glob.c_str(), Src.c_str() + P, FNM_PATHNAME))
      return true;
    size_t S = Src.find('/', P);
    P = S == std::string::npos ? S : S + 1;
  }
  return false;
}

bool allowed(const std::string &Src, const std::vector<std::string> &Globs,
             std::string &By) {
  for (const std::string &G : Globs)
    if (globMatch(G, Src)) {
      By = G;
      return true;
    }
  return false;
}
} // namespace

static int audit(const char *Path) {
  auto Bin = object::ObjectFile::createObjectFile(Path);
  if (!Bin) {
    errs() << "genref-audit: " << Path << ": " << toString(Bin.takeError()) << "\n";
    return 2;
  }
  std::string TUData, PolicyData;
  for (const object::SectionRef &S : Bin->getBinary()->sections()) {
    Expected<StringRef> Name = S.getName();
    if (!Name)
      continue;
    Expected<StringRef> Contents = S.getContents();
    if (!Contents)
      continue;
    if (*Name == "genref_tus")
      TUData += Contents->str();
    else if (*Name == "genref_policy")
      PolicyData += Contents->str();
  }
  std::vector<TU> TUs;
  for (StringRef R : records(TUData, "GRTU1\t"))
    TUs.push_back({field(R, "src"), field(R, "mode"), field(R, "layout"),
                   field(R, "unchecked")});
  // A unit preprocessed apart (-save-temps, a .i) carries genref.h's
  // unplugged record into the plugin's compile: the plugged record of the
  // same source (one path may be relative) wins.
  auto SameSource = [](StringRef A, StringRef B) {
    size_t K = std::min(A.size(), B.size());
    return K > 0 && A.take_back(K) == B.take_back(K) &&
           (K == A.size() || A[A.size() - K - 1] == '/') &&
           (K == B.size() || B[B.size() - K - 1] == '/');
  };
  std::vector<std::string> Unplugged;
  for (StringRef R : records(TUData, "GRUP1\t")) {
    std::string Src = field(R, "src");
    bool Plugged = false;
    for (StringRef P : records(TUData, "GRTU1\t"))
      Plugged |= SameSource(field(P, "src"), Src);
    if (!Plugged)
      Unplugged.push_back(Src);
  }
  std::string RuntimeLayout;
  for (StringRef R : records(TUData, "GRRT1\t"))
    RuntimeLayout = field(R, "layout");
  std::vector<std::string> Globs;
  for (StringRef R : records(PolicyData, "GRPOL1\t"))
    Globs.push_back(field(R, "allow"));

  outs() << "genref-audit: " << Path << "\n";
  outs() << "runtime: "
         << (RuntimeLayout.empty() ? std::string("not linked")
                                   : "layout=" + RuntimeLayout)
         << "\n";
  outs() << "translation units: " << TUs.size() << "\n";
  std::map<std::string, int> Layouts;
  if (!RuntimeLayout.empty())
    Layouts[RuntimeLayout]++;
  int Rejected = 0;
  for (const TU &T : TUs) {
    Layouts[T.layout]++;
    outs() << "  " << T.src << ": mode=" << T.mode << " layout=" << T.layout;
    if (!T.unchecked.empty())
      outs() << " unchecked=" << T.unchecked;
    if (T.mode == "fast" || !T.unchecked.empty()) {
      std::string By;
      if (allowed(T.src, Globs, By)) {
        outs() << " [allowed by '" << By << "']";
      } else {
        outs() << " [NOT ALLOWED]";
        Rejected++;
      }
    }
    outs() << "\n";
  }
  for (const std::string &U : Unplugged)
    outs() << "  " << U << ": compiled without the genref plugin (includes genref.h)\n";
  outs() << "policy: " << Globs.size() << " allow rule(s)";
  for (const std::string &G : Globs)
    outs() << " '" << G << "'";
  outs() << "\n";
  if (!Unplugged.empty() && !RuntimeLayout.empty()) {
    outs() << "verdict: REJECTED at start-up: " << Unplugged.size()
           << " translation unit(s) compiled without the genref plugin\n";
    return 1;
  }
  if (Layouts.size() > 1) {
    outs() << "verdict: REJECTED at start-up: translation units with different "
              "reference layouts\n";
    return 1;
  }
  if (Rejected) {
    outs() << "verdict: REJECTED at start-up: " << Rejected
           << " translation unit(s) with unchecked code not allowed\n";
    return 1;
  }
  outs() << "verdict: ok\n";
  return 0;
}

static const char Usage[] =
    "usage: genref-audit PROGRAM [PROGRAM...]\n"
    "\n"
    "Lists the genref translation units recorded in each program or shared\n"
    "library (source, mode, reference layout, unchecked overrides), the\n"
    "runtime's layout, the fast-mode whitelist linked in (--allow-unchecked),\n"
    "units compiled without the plugin, and whether the program passes the\n"
    "start-up check the runtime makes.\n"
    "\n"
    "Exit status: 0 passes, 1 would be rejected, 2 cannot read a file.\n";

int main(int argc, char **argv) {
  if (argc < 2) {
    errs() << Usage;
    return 2;
  }
  if (StringRef(argv[1]) == "-h" || StringRef(argv[1]) == "--help") {
    outs() << Usage;
    return 0;
  }
  int RC = 0;
  for (int I = 1; I < argc; I++)
    RC = std::max(RC, audit(argv[I]));
  return RC;
}
