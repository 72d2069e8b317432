//===- Model.h - genref-annotate's whole-program constraint model ----------===//
//
// Every place where a pointer to a struct is written in user code is a
// *slot* (keyed by file and the offset of its '*', so a header seen by many
// units is one slot). A slot ends up raw, GR_REF or GR_WEAK. Constraints:
//
//   tie(a, b)   a and b must agree (pointee levels of T **, function types,
//               redeclarations, declarators sharing a specifier, typedefs)
//   raw(a, why) a reference would be rejected there (arithmetic, unions,
//               integer casts, macros, ...)
//
// A top-level conversion (ref = raw, raw = ref) is legal C for genref, so
// assignments only tie the levels *below* the top. The model lives across
// translation units: the collector adds to it unit by unit, the solver
// closes it (union-find, then the raw and weak facts per class).
//
//===----------------------------------------------------------------------===//
#ifndef GENREF_ANNOTATE_MODEL_H
#define GENREF_ANNOTATE_MODEL_H

#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace genref {
namespace annotate {

enum class Kind { None, Ref, Weak };

struct Where {
  std::string file;
  unsigned line = 0, col = 0;
  std::string str() const {
    return file + ":" + std::to_string(line) + ":" + std::to_string(col);
  }
};

enum class Role { Field, Param, Local, Global, Return, Typedef, Cast, Other };
const char *roleName(Role R);

struct Slot {
  Where at;             // the '*'
  unsigned insert = 0;  // offset in `at.file` where the annotation goes
  bool spaceBefore = false, spaceAfter = false; // neighbours that would glue
  std::string name;     // the declaration, for reports
  Role role = Role::Other;
  std::string record;   // key of the pointee struct
  Kind fixed = Kind::None; // already annotated in the source
  bool passive = false; // written in a cast or sizeof: follows its class
  bool editable = true;
};

struct Fact {
  unsigned slot;
  std::string why;
  Where at;
};

struct Record {
  std::string key, display;
  bool defined = false;
  Where at;
  unsigned insert = 0; // after the `struct` keyword
  bool weakable = false; // already GR_WEAKABLE
  bool singleAlloc = false, arrayAlloc = false;
  Where allocAt;
  std::vector<std::string> excluded; // why it cannot be weakable
  std::set<std::string> aliases;     // typedef names, for --struct
};

// The pointer structure of a written type: Pointer/Array (kid 0 = pointee
// or element), Function (kid 0 = result, then the parameters).
struct Shape {
  enum K { Leaf, Pointer, Array, Function } k = Leaf;
  int slot = -1;
  std::vector<const Shape *> kids;
};

// One file's #include facts, for adding genref.h.
struct FileFacts {
  bool includesGenref = false;
  // The #include lines: where each ends, its #if nesting depth, and the
  // file it names (empty if not found or a system header).
  struct Include {
    unsigned end;
    int depth;
    std::string target;
  };
  std::vector<Include> includes;
};

class Model {
public:
  std::vector<Slot> slots;
  std::map<std::pair<std::string, unsigned>, unsigned> slotAt;
  std::vector<std::pair<unsigned, unsigned>> ties;
  std::vector<Fact> raws;
  std::vector<Fact> weakEvidence;
  // value flows dst <- src between top-level slots, for GR_WEAK suggestions
  std::vector<std::pair<unsigned, unsigned>> flows;
  std::map<std::string, Record> records;
  std::map<std::string, std::vector<const Shape *>> externs;
  std::map<std::string, FileFacts> files;
  // Files outside this directory are read, never edited (a dependency's
  // headers); empty: no limit.
  std::string root;
  bool inRoot(const std::string &Path) const {
    return root.empty() || Path.compare(0, root.size(), root) == 0;
  }

  const Shape *make(Shape S) {
    shapes.push_back(std::move(S));
    return &shapes.back();
  }
  void tie(int A, int B) {
    if (A >= 0 && B >= 0 && A != B)
      ties.push_back({unsigned(A), unsigned(B)});
  }
  // Ties every level, the top included (same declaration, same type). A
  // function parameter or result that is a pointer to a struct on one side
  // and another pointer (void *) on the other cannot be a reference: raw,
  // with At as the place of the conversion.
  void tieAll(const Shape *A, const Shape *B, const Where &At = Where(), int Depth = 0);
  // A value of shape S converted to D: the levels below the top must agree.
  void tieConversion(const Shape *S, const Shape *D, const Where &At = Where());
  // Every slot of a shape, at any level.
  void slotsOf(const Shape *S, std::vector<unsigned> &Out, int Depth = 0) const;

private:
  std::deque<Shape> shapes;
};

} // namespace annotate
} // namespace genref

#endif
