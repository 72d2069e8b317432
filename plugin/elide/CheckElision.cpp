//===- CheckElision.cpp - remove checks no free can have invalidated ------===//
//
// The LLVM half of the plugin (docs/design.md, "Check elision"). Under
// GENREF_ELIDE, genref/ref.h makes every check a call of its own,
// _gr_check_point(ref, site) or _gr_unwrap_point(ref, site), instead of
// inlining it. Those calls reach this pass whole, after inlining and after
// FunctionAttrs has said which functions can free (nofree) or synchronize
// with another thread (nosync). The pass then
//
//   1. hoists a check out of a loop when its reference is the same on
//      every iteration, it runs on every iteration, and nothing in the loop
//      can free;
//   2. removes a check when on every path to it the same reference was
//      checked with nothing in between that can free;
//   3. gives a function with a check left in a loop a slot cache: a local
//      saying which heap slot the last check of an interior reference
//      found valid, emptied after everything that can free, so a cursor
//      walking a buffer is checked by a range compare instead of a slot
//      lookup;
//   4. inlines the checks that remain (their bodies are ref.h's, so the
//      representation stays in the runtime header).
//
// "Can free" (mayEndLifetimes) is deliberately broad: any call not known to
// be both nofree and nosync (an allocation function may synchronize inside
// the heap, which frees nothing of the program's; a C library function
// that only reads and writes its arguments' objects, strcmp, strlen,
// synchronizes with no one), and any atomic operation
// or fence that orders memory, since another thread may have freed the
// object and told this one. A free in between, direct, through a call,
// through a function pointer or in another thread, keeps the check.
//
// The pass also marks the runtime's entry points that free nothing, so that
// FunctionAttrs can infer nofree/nosync for code that calls them.
//===----------------------------------------------------------------------===//

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/ConstantFolding.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"
#include "llvm/Transforms/InstCombine/InstCombine.h"
#include "llvm/Transforms/Scalar/EarlyCSE.h"
#include "llvm/Transforms/Scalar/JumpThreading.h"
#include "llvm/Transforms/Scalar/SROA.h"
#include "llvm/Transforms/Scalar/SimplifyCFG.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/LoopUtils.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

#include <map>

using namespace llvm;

namespace {

// ref.h's names (the only coupling with it).
constexpr StringLiteral CheckPoint = "_gr_check_point";
constexpr StringLiteral UnwrapPoint = "_gr_unwrap_point";

// "This reference is valid here": a fresh allocation's reference (ref.h's
// gr_ref_from_new). Counts as a check that cannot fail; always removed.
constexpr StringLiteral ValidPoint = "_gr_valid_point";

// A conversion of a raw pointer to a reference (ref.h's gr_ref_make): not
// a check, only a call until step 4 inlines it, so that the inliner weighs
// it as one instruction (CheckInlineCost) rather than as its heap lookup.
constexpr StringLiteral MakePoint = "_gr_make_point";

// gr_alive's test (ref.h's _gr_alive_point): a call that only reads
// through the function simplification passes, where foldAlive gives it its
// known answer; GenrefInlineAlive inlines it at their end. "r is not
// valid here" (_gr_dead_point): where a test said no, never undone.
constexpr StringLiteral AlivePoint = "_gr_alive_point";
constexpr StringLiteral DeadPoint = "_gr_dead_point";
// Where a test said yes: a valid point that also says "not null".
constexpr StringLiteral LivePoint = "_gr_live_point";
// ref.h's null test of a reference, never called: what the pass compares
// a branch's condition with.
constexpr StringLiteral NullForm = "_gr_null_form";

// What the inliner counts for one check (InlineCost's "call-inline-cost";
// an instruction is 5).
constexpr StringLiteral CheckInlineCost = "5";

// The forms the checks left become in a function with a slot cache
// (section 3 below), and a global of the cache's type.
constexpr StringLiteral CheckPointCached = "_gr_check_point_cached";
constexpr StringLiteral UnwrapPointCached = "_gr_unwrap_point_cached";
constexpr StringLiteral CacheEmpty = "_gr_check_cache_empty";

// A valid point, or a live point (a valid point too).
bool isValidPoint(const Instruction &I) {
  const auto *CB = dyn_cast<CallBase>(&I);
  const Function *F = CB ? CB->getCalledFunction() : nullptr;
  return F && (F->getName() == ValidPoint || F->getName() == LivePoint) && CB->arg_size() >= 1;
}

bool isCallTo(const Instruction &I, StringRef Name) {
  const auto *CB = dyn_cast<CallBase>(&I);
  const Function *F = CB ? CB->getCalledFunction() : nullptr;
  return F && F->getName() == Name && CB->arg_size() >= 1;
}
bool isDeadPoint(const Instruction &I) { return isCallTo(I, DeadPoint); }
bool isAlivePoint(const Instruction &I) { return isCallTo(I, AlivePoint); }
bool isLivePoint(const Instruction &I) { return isCallTo(I, LivePoint); }

bool isCheck(const Instruction &I) {
  const auto *CB = dyn_cast<CallBase>(&I);
  if (!CB)
    return false;
  const Function *F = CB->getCalledFunction();
  return F && (F->getName() == CheckPoint || F->getName() == UnwrapPoint) &&
         CB->arg_size() >= 2;
}

// A C library function LLVM knows by name and prototype (not under
// -fno-builtin) that frees nothing and touches only its arguments' memory:
// strcmp, strlen, memcmp, memchr, strchr... C specifies them as plain
// (non-atomic) reads and writes of those objects, so they synchronize
// with no one, though LLVM does not say nosync of them.
// (Not __atomic_load and __atomic_store, the libatomic calls for large
// atomic objects: an acquire through them is synchronization.)
bool isPlainLibCall(const CallBase &CB, const TargetLibraryInfo &TLI) {
  const Function *F = CB.getCalledFunction();
  LibFunc LF;
  return F && CB.hasFnAttr(Attribute::NoFree) && CB.onlyAccessesArgMemory() &&
         TLI.getLibFunc(*F, LF) && TLI.has(LF) && LF != LibFunc_atomic_load &&
         LF != LibFunc_atomic_store;
}

// Whether I may end the lifetime of an object a reference points at:
// free it (here or in a callee), or let this thread see that another
// thread did.
bool mayEndLifetimes(const Instruction &I, const TargetLibraryInfo &TLI) {
  if (const auto *CB = dyn_cast<CallBase>(&I)) {
    if (isCheck(I) || isValidPoint(I) || isDeadPoint(I) || isAlivePoint(I))
      return false;
    // setjmp: a longjmp returns here from code that may have freed
    // anything, whatever the declaration says of the first return.
    if (CB->hasFnAttr(Attribute::ReturnsTwice))
      return true;
    if (CB->isInlineAsm()) // genref's own empty asm reads nothing
      return !CB->doesNotAccessMemory();
    if (CB->doesNotAccessMemory())
      return false;
    if (!CB->hasFnAttr(Attribute::NoFree))
      return true;
    if (CB->hasFnAttr(Attribute::NoSync) || isPlainLibCall(*CB, TLI))
      return false;
    // malloc and friends: nofree, not nosync (a heap lock); allocating
    // frees nothing and a heap's internal lock publishes no free of the
    // program's.
    Attribute K = CB->getFnAttr(Attribute::AllocKind);
    return !(K.isValid() &&
             (K.getAllocKind() & AllocFnKind::Alloc) != AllocFnKind::Unknown);
  }
  if (isa<FenceInst>(I) || isa<AtomicRMWInst>(I) || isa<AtomicCmpXchgInst>(I))
    return true;
  if (const auto *L = dyn_cast<LoadInst>(&I))
    return L->isAtomic() && isStrongerThanMonotonic(L->getOrdering());
  if (const auto *S = dyn_cast<StoreInst>(&I))
    return S->isAtomic() && isStrongerThanMonotonic(S->getOrdering());
  return false;
}

// A check's reference: its arguments but the last (the site). One
// argument in the compact layout, two in the fat one.
using RefKey = SmallVector<Value *, 2>;
RefKey keyOf(const CallBase &CB) {
  RefKey K;
  bool NoSite = isValidPoint(CB) || isDeadPoint(CB) || isAlivePoint(CB);
  unsigned E = CB.arg_size() - (NoSite ? 0 : 1);
  for (unsigned I = 0; I < E; ++I)
    K.push_back(CB.getArgOperand(I));
  return K;
}

struct Stats {
  unsigned Hoisted = 0, Removed = 0, Inlined = 0, Cached = 0;
};

// Where a remark about a check points: the user's line the check was
// written for, not ref.h's line inside the inlined gr_ref_check.
// The line is the debug location's; the column is the check's site record
// (the last argument, ref.h's gr_site_t {file, line, column, ...}), since
// debug columns count in the rewritten text.
DiagnosticLocation userLocation(const Instruction &I) {
  const DILocation *User = nullptr;
  for (const DILocation *L = I.getDebugLoc().get(); L && !User; L = L->getInlinedAt()) {
    StringRef File = L->getFilename();
    if (!File.ends_with("genref/ref.h") && !File.ends_with("genref/rt.h"))
      User = L;
  }
  if (!User)
    return DiagnosticLocation(I.getDebugLoc());
  const auto *CB = dyn_cast<CallBase>(&I);
  const auto *Site = CB ? dyn_cast<GlobalVariable>(CB->getArgOperand(CB->arg_size() - 1)) : nullptr;
  const auto *Init = Site && Site->hasInitializer()
                         ? dyn_cast<ConstantStruct>(Site->getInitializer())
                         : nullptr;
  if (Init && Init->getNumOperands() > 2)
    if (const auto *Line = dyn_cast<ConstantInt>(Init->getOperand(1)))
      if (const auto *Col = dyn_cast<ConstantInt>(Init->getOperand(2)))
        if (Line->getZExtValue() == User->getLine())
          return DiagnosticLocation(DILocation::get(I.getContext(), User->getLine(),
                                                    (unsigned)Col->getZExtValue(),
                                                    User->getScope()));
  return DiagnosticLocation(User);
}

// -Rpass=genref-elide: what was hoisted and removed;
// -Rpass-missed=genref-elide: which loop kept its checks, and why.
constexpr const char *RemarkPass = "genref-elide";

// 1. Loop-invariant checks out of loops that cannot free. A check may move
// to the preheader when it runs on the loop's first iteration whenever the
// loop is entered: its block dominates every latch and exit, and nothing
// in the loop can leave it other than through those (a call that may not
// return, say). A check that fails halts at the same reference; one that
// passes before the loop passes at every iteration, as nothing in between
// can free.
bool hoistFromLoop(Loop &L, DominatorTree &DT, LoopInfo &LI, const TargetLibraryInfo &TLI,
                   OptimizationRemarkEmitter &ORE, Stats &S) {
  SmallVector<BasicBlock *, 4> Exiting, Latches;
  L.getExitingBlocks(Exiting);
  L.getLoopLatches(Latches);
  SmallVector<CallBase *, 8> Candidates;
  const Instruction *Blocker = nullptr;
  const char *Why = nullptr;
  for (BasicBlock *BB : L.blocks())
    for (Instruction &I : *BB) {
      if (isCheck(I)) {
        Candidates.push_back(cast<CallBase>(&I));
      } else if (isValidPoint(I)) {
        continue;
      } else if (!Blocker && mayEndLifetimes(I, TLI)) {
        Blocker = &I;
        Why = "may free";
      } else if (!Blocker && !isGuaranteedToTransferExecutionToSuccessor(&I)) {
        Blocker = &I;
        Why = "may not return";
      }
    }
  auto invariant = [&](const CallBase &C) {
    for (const Use &A : C.args())
      if (!L.isLoopInvariant(A.get()))
        return false;
    return true;
  };
  if (Candidates.empty())
    return false;
  if (Blocker) {
    const CallBase *First = nullptr; // a check that could have moved
    for (const CallBase *C : Candidates)
      if (!First && invariant(*C))
        First = C;
    if (!First)
      return false;
    ORE.emit([&] {
      OptimizationRemarkMissed R(RemarkPass, "LoopMayFree", userLocation(*First),
                                 First->getParent());
      R << "checks kept in the loop: ";
      if (const auto *CB = dyn_cast<CallBase>(Blocker); CB && CB->getCalledFunction())
        R << "a call of " << ore::NV("Callee", CB->getCalledFunction()->getName());
      else if (isa<CallBase>(Blocker))
        R << "an indirect call";
      else
        R << "an atomic operation";
      R << " in it " << Why;
      if (const DebugLoc &DL = Blocker->getDebugLoc())
        R << " (line " << ore::NV("Line", DL.getLine()) << ")";
      return R;
    });
    return false;
  }
  SmallVector<CallBase *, 8> Movable;
  for (CallBase *C : Candidates) {
    BasicBlock *BB = C->getParent();
    if (!invariant(*C))
      continue;
    bool EveryIteration = true;
    for (BasicBlock *E : Exiting)
      EveryIteration &= DT.dominates(BB, E);
    for (BasicBlock *E : Latches)
      EveryIteration &= DT.dominates(BB, E);
    if (EveryIteration)
      Movable.push_back(C);
  }
  if (Movable.empty())
    return false;
  // The loop may have lost its preheader to SimplifyCFG (the block before
  // it also branches around it: `for (i = 0; i < n; i++)` guarded by
  // `n > 0` then merged). A check must not run where the loop is not
  // entered, so one is made: a block of its own on the edges into the
  // header from outside the loop.
  BasicBlock *Pre = L.getLoopPreheader();
  if (!Pre)
    Pre = InsertPreheaderForLoop(&L, &DT, &LI, nullptr, /*PreserveLCSSA=*/false);
  if (!Pre)
    return false;
  for (CallBase *C : Movable) {
    ORE.emit([&] {
      return OptimizationRemark(RemarkPass, "Hoisted", userLocation(*C), C->getParent())
             << "check hoisted out of the loop: nothing in it can free";
    });
    C->moveBefore(Pre->getTerminator());
    ++S.Hoisted;
  }
  return true;
}

// 2. Available checks: forward dataflow over the blocks, a set of
// references checked since the last instruction that may end lifetimes, met
// by intersection. A check of a reference in the set is removed.
void removeRedundant(Function &F, const TargetLibraryInfo &TLI, OptimizationRemarkEmitter &ORE,
                     Stats &S) {
  // Each check's (and valid point's) reference, numbered once.
  std::map<RefKey, unsigned> Ids;
  DenseMap<const Instruction *, unsigned> IdOf;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB)
      if (isCheck(I) || isValidPoint(I))
        IdOf[&I] = Ids.emplace(keyOf(cast<CallBase>(I)), Ids.size()).first->second;
  if (Ids.empty())
    return;
  unsigned N = Ids.size();
  auto idOf = [&](const Instruction &I) { return IdOf.lookup(&I); };
  auto transfer = [&](BasicBlock &BB, BitVector Set, SmallVectorImpl<Instruction *> *Dead) {
    for (Instruction &I : BB) {
      if (isValidPoint(I)) {
        Set.set(idOf(I));
      } else if (isCheck(I)) {
        unsigned Id = idOf(I);
        if (Set.test(Id) && Dead)
          Dead->push_back(&I);
        Set.set(Id);
      } else if (mayEndLifetimes(I, TLI)) {
        Set.reset();
      }
    }
    return Set;
  };
  ReversePostOrderTraversal<Function *> RPO(&F);
  DenseMap<BasicBlock *, BitVector> Out;
  for (BasicBlock *BB : RPO)
    Out[BB] = BitVector(N, true);
  auto inOf = [&](BasicBlock *BB) {
    if (BB == &F.getEntryBlock())
      return BitVector(N, false);
    BitVector In(N, true);
    for (BasicBlock *P : predecessors(BB)) {
      auto It = Out.find(P);
      if (It != Out.end()) // unreachable predecessors say nothing
        In &= It->second;
    }
    return In;
  };
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (BasicBlock *BB : RPO) {
      BitVector New = transfer(*BB, inOf(BB), nullptr);
      if (New != Out[BB]) {
        Out[BB] = std::move(New);
        Changed = true;
      }
    }
  }
  SmallVector<Instruction *, 16> Dead;
  for (BasicBlock *BB : RPO)
    transfer(*BB, inOf(BB), &Dead);
  for (Instruction *I : Dead) {
    ORE.emit([&] {
      return OptimizationRemark(RemarkPass, "Removed", userLocation(*I), I->getParent())
             << "check removed: the reference was checked before on every path, "
                "with nothing in between that can free";
    });
    I->eraseFromParent();
  }
  S.Removed += Dead.size();
}

// 2b. gr_alive's answer where it is already known (docs/design.md
// section 19). A test of a reference that a test found alive, or a
// dereference checked, with nothing since that may free, says yes (a
// valid point alone does not: it allows null); a test of a reference a
// test found not alive, at any point before, says no, as does one of
// null: nothing undoes that. A test of a phi asks each predecessor about
// its incoming reference (GVN's load PRE makes `u->target`, read again
// after `if (gr_alive(u->target) && ...)`, such a phi of the first read
// and the null stored in between) and becomes a phi of the answers.
// Plain C's `p != NULL` is known to the optimizer so; with the answer
// known, jump threading and GVN reuse what the first test guarded there
// too.
// Whether V computes what ref.h's null test (_gr_null_form's condition,
// FormV) computes of the reference K: the same operations on K, by
// structure (the program's null test is that function's body inlined).
bool sameAsForm(const Value *FormV, const Value *V, const RefKey &K, unsigned Depth = 6) {
  if (const auto *A = dyn_cast<Argument>(FormV))
    return A->getArgNo() < K.size() && V == K[A->getArgNo()];
  if (isa<Constant>(FormV))
    return FormV == V;
  const auto *FI = dyn_cast<Instruction>(FormV);
  const auto *I = dyn_cast<Instruction>(V);
  if (!FI || !I || Depth == 0 || !FI->isSameOperationAs(I) || FI->mayReadOrWriteMemory())
    return false;
  for (unsigned Op = 0; Op < FI->getNumOperands(); ++Op)
    if (!sameAsForm(FI->getOperand(Op), I->getOperand(Op), K, Depth - 1))
      return false;
  return true;
}

// _gr_null_form's condition: `ret (zext (icmp ...))` once simplified.
const ICmpInst *nullFormTest(const Function *Form) {
  if (!Form || Form->isDeclaration())
    return nullptr;
  const auto *Ret = dyn_cast<ReturnInst>(Form->getEntryBlock().getTerminator());
  const Value *V = Ret ? Ret->getReturnValue() : nullptr;
  if (const auto *Z = dyn_cast_or_null<ZExtInst>(V))
    V = Z->getOperand(0);
  return dyn_cast_or_null<ICmpInst>(V);
}

// GENREF_ELIDE_VERIFY=1 (developing the pass): the IR is verified after
// each fold, and a broken function stops the compile there.
void verifyAfter(const Function &F, const char *What) {
  static const bool On = getenv("GENREF_ELIDE_VERIFY") != nullptr;
  if (On && verifyFunction(F, &errs()))
    report_fatal_error(Twine("genref: broken IR after ") + What + " in " + F.getName());
}

unsigned foldAlive(Function &F, const TargetLibraryInfo &TLI, OptimizationRemarkEmitter &ORE) {
  SmallVector<CallBase *, 8> Tests;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB)
      if (isAlivePoint(I))
        Tests.push_back(cast<CallBase>(&I));
  if (Tests.empty())
    return 0;
  auto isLiveFact = [](const Instruction &I) {
    return isLivePoint(I) || isCallTo(I, CheckPoint); // a dereference check: not null
  };
  std::map<RefKey, unsigned> Ids;
  DenseMap<const Instruction *, unsigned> IdOf;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB)
      if (isLiveFact(I) || isDeadPoint(I))
        IdOf[&I] = Ids.emplace(keyOf(cast<CallBase>(I)), Ids.size()).first->second;
  unsigned N = Ids.size();
  struct Facts {
    BitVector Live, Dead; // Live ends at what may free; Dead never does
    bool operator!=(const Facts &O) const { return Live != O.Live || Dead != O.Dead; }
  };
  auto step = [&](const Instruction &I, Facts &S) {
    if (isLiveFact(I))
      S.Live.set(IdOf.lookup(&I));
    else if (isDeadPoint(I))
      S.Dead.set(IdOf.lookup(&I));
    else if (mayEndLifetimes(I, TLI))
      S.Live.reset();
  };
  ReversePostOrderTraversal<Function *> RPO(&F);
  DenseMap<BasicBlock *, Facts> Out;
  for (BasicBlock *BB : RPO)
    Out[BB] = {BitVector(N, true), BitVector(N, true)};
  auto inOf = [&](BasicBlock *BB) {
    if (BB == &F.getEntryBlock())
      return Facts{BitVector(N, false), BitVector(N, false)};
    Facts In{BitVector(N, true), BitVector(N, true)};
    for (BasicBlock *P : predecessors(BB))
      if (auto It = Out.find(P); It != Out.end()) {
        In.Live &= It->second.Live;
        In.Dead &= It->second.Dead;
      }
    return In;
  };
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (BasicBlock *BB : RPO) {
      Facts S = inOf(BB);
      for (Instruction &I : *BB)
        step(I, S);
      if (S != Out[BB]) {
        Out[BB] = std::move(S);
        Changed = true;
      }
    }
  }
  // 1, 0, or -1 (not known) for a test of K where the facts are S.
  auto answer = [&](const RefKey &K, const Facts &S) {
    if (auto *C = dyn_cast<Constant>(K[0]); C && C->isNullValue())
      return 0; // null (compact: the word 0; fat: the address)
    auto It = Ids.find(K);
    if (It == Ids.end())
      return -1;
    return S.Live.test(It->second) ? 1 : S.Dead.test(It->second) ? 0 : -1;
  };
  // Whether the edge P -> J is taken only when K is null: P branches on
  // ref.h's null test of K (`if (t != NULL) n++;`).
  const ICmpInst *Form = nullFormTest(F.getParent()->getFunction(NullForm));
  auto edgeNull = [&](BasicBlock *P, BasicBlock *J, const RefKey &K) {
    auto *Br = dyn_cast<BranchInst>(P->getTerminator());
    if (!Form || !Br || !Br->isConditional() || Br->getSuccessor(0) == Br->getSuccessor(1))
      return false;
    auto *C = dyn_cast<ICmpInst>(Br->getCondition());
    if (!C || !sameAsForm(Form->getOperand(0), C->getOperand(0), K) ||
        !sameAsForm(Form->getOperand(1), C->getOperand(1), K))
      return false;
    bool OnTrue = Br->getSuccessor(0) == J;
    if (C->getPredicate() == Form->getPredicate())
      return OnTrue;
    return C->getPredicate() == Form->getInversePredicate() && !OnTrue;
  };
  unsigned Folded = 0;
  for (CallBase *T : Tests) {
    BasicBlock *J = T->getParent();
    if (!Out.count(J))
      continue; // unreachable
    Facts S = inOf(J);
    bool Freed = false; // may something free between J's start and T
    for (Instruction &I : *J) {
      if (&I == T)
        break;
      Freed |= mayEndLifetimes(I, TLI);
      step(I, S);
    }
    RefKey K = keyOf(*T);
    Value *V = nullptr;
    unsigned MovedTests = 0; // paths that still test (moved to their end)
    if (int A = answer(K, S); A >= 0)
      V = ConstantInt::get(T->getType(), A);
    // Not known where the paths meet: each predecessor may know (a test's
    // yes on one path, its no on another, null on a third), for its
    // incoming reference if K is J's phi. Where one does not, the test
    // moves to its end (the same answer: nothing between may free), if
    // that edge is its only one and another predecessor knows: a path
    // that knows tests no more.
    // (A K made in J itself, as its phis are not, is no predecessor's.)
    bool InJ = false;
    for (Value *A : K)
      if (auto *I = dyn_cast<Instruction>(A); I && !isa<PHINode>(I) && I->getParent() == J)
        InJ = true;
    if (!V && !Freed && !InJ && J->hasNPredecessorsOrMore(2)) {
      SmallVector<std::pair<BasicBlock *, Value *>, 4> Answers;
      unsigned Unknown = 0;
      bool Fits = true;
      for (BasicBlock *P : predecessors(J)) {
        auto It = Out.find(P);
        if (It == Out.end()) {
          Answers.push_back({P, ConstantInt::get(T->getType(), 0)}); // unreachable
          continue;
        }
        RefKey KP;
        for (Value *A : K) {
          auto *Phi = dyn_cast<PHINode>(A);
          KP.push_back(Phi && Phi->getParent() == J ? Phi->getIncomingValueForBlock(P) : A);
        }
        int A = answer(KP, It->second);
        if (A < 0 && edgeNull(P, J, KP))
          A = 0;
        if (A >= 0) {
          Answers.push_back({P, ConstantInt::get(T->getType(), A)});
          continue;
        }
        if (!P->getSingleSuccessor() || isa<CallBrInst>(P->getTerminator())) {
          Fits = false;
          break;
        }
        ++Unknown;
        Answers.push_back({P, nullptr});
      }
      if (Fits && Unknown < Answers.size()) {
        PHINode *Phi = PHINode::Create(T->getType(), Answers.size(), "gr.alive", J->begin());
        DenseMap<BasicBlock *, Value *> Moved; // a predecessor twice (a switch): one test
        for (auto [P, A] : Answers) {
          if (!A) {
            Value *&M = Moved[P];
            if (!M) {
              auto *C = cast<CallBase>(T->clone());
              for (unsigned I = 0; I < K.size(); ++I) {
                auto *Ph = dyn_cast<PHINode>(K[I]);
                if (Ph && Ph->getParent() == J)
                  C->setArgOperand(I, Ph->getIncomingValueForBlock(P));
              }
              C->insertBefore(P->getTerminator());
              M = C;
              ++MovedTests;
            }
            A = M;
          }
          Phi->addIncoming(A, P);
        }
        V = Phi;
      }
    }
    if (!V)
      continue;
    ORE.emit([&] {
      OptimizationRemark R(RemarkPass, "AliveKnown", userLocation(*T), J);
      R << "gr_alive's answer known ";
      if (auto *C = dyn_cast<ConstantInt>(V))
        R << (C->isZero() ? "(no)" : "(yes)");
      else
        R << "on " << ore::NV("Known", pred_size(J) - MovedTests) << " of "
          << ore::NV("Paths", pred_size(J)) << " paths";
      R << ": tested before, with nothing in between that can free";
      return R;
    });
    T->replaceAllUsesWith(V);
    T->eraseFromParent();
    ++Folded;
  }
  if (Folded)
    verifyAfter(F, "gr_alive folding");
  return Folded;
}

// gr_alive's tests left: inline code, once the passes that could use
// their answers have run (ScalarOptimizerLate: after GVN and jump
// threading; the module pass below takes any left).
unsigned inlineAlive(Function &F) {
  SmallVector<CallBase *, 8> Tests;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB)
      if (isAlivePoint(I))
        Tests.push_back(cast<CallBase>(&I));
  unsigned Done = 0;
  for (CallBase *T : Tests) {
    InlineFunctionInfo IFI;
    Done += InlineFunction(*T, IFI).isSuccess();
  }
  return Done;
}

// 3. The function's interior-reference cache (ref.h's gr_check_cache_t):
// a local that says which heap slot the last check of an interior
// reference found valid, and with what generation. It starts empty and is
// emptied again right after every instruction that may end a lifetime, so
// whenever a check reads it, what it holds was found by a check since the
// last such instruction: the slot's header still holds that generation, and
// a reference with it into the slot's object is valid as its full check
// would find (the same header). Each remaining check becomes its cached
// form (the same arguments and the cache), then is inlined with the rest.
// A check that misses does the full check and, on the inline heap path,
// fills the cache; a hit is only ever a check that would have passed, so
// what is reported, where and as what (use-after-free,
// heap-buffer-overflow) is unchanged.
struct CacheForms {
  Function *Check = nullptr, *Unwrap = nullptr;
  GlobalVariable *Empty = nullptr;
};

// Whether X is computed, within a few steps (operands, not memory), from a
// phi of L's header: a value the loop carries from one iteration to the
// next.
bool fromCarried(const Value *X, const Loop &L, unsigned Depth = 6) {
  const auto *I = dyn_cast<Instruction>(X);
  if (!I)
    return false;
  if (isa<PHINode>(I))
    return I->getParent() == L.getHeader();
  if (Depth == 0 || isa<LoadInst>(I) || isa<CallBase>(I))
    return false;
  for (const Value *Op : I->operands())
    if (fromCarried(Op, L, Depth - 1))
      return true;
  return false;
}

// A check in loop L of a reference the loop carries and only ever
// replaces by a load through what it carried (e = e->next: a list or a
// tree walked one object at a time): each is a new object, in practice
// found whole; a cache would never hit there and only cost the loop.
bool isChase(const CallBase &C, const Loop &L) {
  unsigned E = C.arg_size() - 1; // the site is last (fat: address, generation)
  for (unsigned A = 0; A < E; ++A) {
    const Value *V = C.getArgOperand(A);
    if (const auto *Ld = dyn_cast<LoadInst>(V); Ld && L.contains(Ld)) {
      if (!fromCarried(Ld->getPointerOperand(), L))
        return false;
      continue;
    }
    const auto *P = dyn_cast<PHINode>(V);
    if (!P || P->getParent() != L.getHeader())
      return false;
    for (unsigned K = 0; K < P->getNumIncomingValues(); ++K) {
      if (!L.contains(P->getIncomingBlock(K)))
        continue;
      const auto *Ld = dyn_cast<LoadInst>(P->getIncomingValue(K));
      if (!Ld || !fromCarried(Ld->getPointerOperand(), L))
        return false;
    }
  }
  return true;
}

bool useCache(Function &F, const CacheForms &CF, const LoopInfo &LI, const TargetLibraryInfo &TLI,
              OptimizationRemarkEmitter &ORE, SmallVectorImpl<CallBase *> &Checks) {
  if (!CF.Check || !CF.Unwrap || !CF.Empty || !CF.Empty->hasInitializer())
    return false;
  // Only where checks repeat: a function with a check left in a loop
  // (other than of a list walked through its links: each a new object).
  // The cache lives in the frame, not in registers (ref.h reads and writes
  // it as volatile): a loop whose references are all whole (a hash chain's
  // entries) keeps the registers it had, and pays only the stores that
  // empty the cache after its calls.
  auto InLoop = llvm::find_if(Checks, [&](CallBase *C) {
    const Loop *L = LI.getLoopFor(C->getParent());
    return L && !isChase(*C, *L);
  });
  if (InLoop == Checks.end())
    return false;
  // ref.h's {lo, len, gen}.
  Type *CacheTy = CF.Empty->getValueType();
  auto *ST = dyn_cast<StructType>(CacheTy);
  if (!ST || ST->getNumElements() != 3)
    return false;
  ORE.emit([&] {
    return OptimizationRemarkAnalysis(RemarkPass, "Cached", userLocation(**InLoop),
                                      (*InLoop)->getParent())
           << "checks share a slot cache: " << ore::NV("Checks", (unsigned)Checks.size())
           << " in " << ore::NV("Function", F.getName());
  });
  // Empty (its length 0) on entry and after everything that may end a
  // lifetime (on both edges of an invoke; a musttail call is followed by
  // its return).
  IRBuilder<> B(&*F.getEntryBlock().getFirstInsertionPt());
  AllocaInst *Cache = B.CreateAlloca(CacheTy, nullptr, "gr.cache");
  Value *LenAt = B.CreateStructGEP(CacheTy, Cache, 1, "gr.cache.len");
  Constant *Zero = Constant::getNullValue(ST->getElementType(1));
  // On entry every field: a hit reads lo (and gen) with len, and with len
  // 0 it never hits whatever they hold, but valgrind's memcheck reported
  // each such compare as depending on uninitialised memory.
  for (unsigned FieldNo : {0u, 2u})
    B.CreateStore(Constant::getNullValue(ST->getElementType(FieldNo)),
                  B.CreateStructGEP(CacheTy, Cache, FieldNo), /*isVolatile=*/true);
  B.CreateStore(Zero, LenAt, /*isVolatile=*/true);
  SmallVector<Instruction *, 16> Ends;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB)
      if (mayEndLifetimes(I, TLI))
        Ends.push_back(&I);
  for (Instruction *I : Ends) {
    if (const auto *CI = dyn_cast<CallInst>(I); CI && CI->isMustTailCall())
      continue;
    if (I->isTerminator()) {
      for (BasicBlock *Succ : successors(I)) {
        auto At = Succ->getFirstInsertionPt();
        if (At != Succ->end())
          new StoreInst(Zero, LenAt, /*isVolatile=*/true, At);
      }
    } else {
      new StoreInst(Zero, LenAt, /*isVolatile=*/true, std::next(I->getIterator()));
    }
  }
  for (CallBase *&C : Checks) {
    bool Unwrap = C->getCalledFunction()->getName() == UnwrapPoint;
    Function *Form = Unwrap ? CF.Unwrap : CF.Check;
    FunctionType *FT = Form->getFunctionType();
    SmallVector<Value *, 4> Args(C->args());
    Args.push_back(Cache);
    bool Fits = FT->getNumParams() == Args.size();
    for (unsigned I = 0; Fits && I < Args.size(); ++I)
      Fits = FT->getParamType(I) == Args[I]->getType();
    if (!Fits || !isa<CallInst>(C))
      continue; // not ref.h's pair (or an invoke): left as it is
    CallInst *N = CallInst::Create(FT, Form, Args, "", C->getIterator());
    N->setDebugLoc(C->getDebugLoc());
    N->setTailCallKind(CallInst::TCK_None); // it passes a local
    C->replaceAllUsesWith(N);
    C->eraseFromParent();
    C = N;
  }
  return true;
}

struct GenrefCheckElision : PassInfoMixin<GenrefCheckElision> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &MAM) {
    CacheForms CF;
    CF.Check = M.getFunction(CheckPointCached);
    CF.Unwrap = M.getFunction(UnwrapPointCached);
    CF.Empty = M.getGlobalVariable(CacheEmpty, /*AllowInternal=*/true);
    Function *Make = M.getFunction(MakePoint);
    Function *Alive = M.getFunction(AlivePoint);
    Function *Points[] = {M.getFunction(CheckPoint), M.getFunction(UnwrapPoint),
                          M.getFunction(ValidPoint), CF.Check,
                          CF.Unwrap, Make,
                          Alive, M.getFunction(LivePoint),
                          M.getFunction(DeadPoint), M.getFunction(NullForm)};
    if (llvm::all_of(Points, [](Function *P) { return P == nullptr; }))
      return PreservedAnalyses::all();
    auto &FAM = MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
    Stats S;
    SmallVector<CallBase *, 64> Remaining;
    // The conversions, and gr_alive's tests the function passes left
    // (GenrefLateAlive), wherever they are (a function with no check too),
    // are inlined in step 4, first.
    for (Function *P : {Make, Alive})
      if (P)
        for (User *U : P->users())
          if (auto *CB = dyn_cast<CallBase>(U); CB && CB->getCalledFunction() == P)
            Remaining.push_back(CB);
    for (Function &F : M) {
      if (F.isDeclaration() || F.getName() == CheckPoint || F.getName() == UnwrapPoint ||
          F.getName() == ValidPoint || &F == Make || &F == Alive)
        continue;
      bool Any = false;
      for (BasicBlock &BB : F)
        for (Instruction &I : BB)
          Any |= isCheck(I) || isValidPoint(I) || isDeadPoint(I);
      if (!Any)
        continue;
      auto &DT = FAM.getResult<DominatorTreeAnalysis>(F);
      auto &LI = FAM.getResult<LoopAnalysis>(F);
      auto &ORE = FAM.getResult<OptimizationRemarkEmitterAnalysis>(F);
      auto &TLI = FAM.getResult<TargetLibraryAnalysis>(F);
      // Innermost loops first, so a check can move out level by level.
      // (A preheader made on the way joins the enclosing loop; DT and LI
      // follow.)
      SmallVector<Loop *, 8> Loops = LI.getLoopsInPreorder();
      for (auto It = Loops.rbegin(); It != Loops.rend(); ++It)
        hoistFromLoop(**It, DT, LI, TLI, ORE, S);
      removeRedundant(F, TLI, ORE, S);
      // What a valid (live, dead) point said is used; the call goes.
      SmallVector<Instruction *, 8> Valid;
      for (BasicBlock &BB : F)
        for (Instruction &I : BB)
          if (isValidPoint(I) || isDeadPoint(I))
            Valid.push_back(&I);
      for (Instruction *I : Valid)
        I->eraseFromParent();
      SmallVector<CallBase *, 16> Left;
      for (BasicBlock &BB : F)
        for (Instruction &I : BB)
          if (isCheck(I))
            Left.push_back(cast<CallBase>(&I));
      if (useCache(F, CF, LI, TLI, ORE, Left))
        ++S.Cached;
      Remaining.append(Left.begin(), Left.end());
      FAM.invalidate(F, PreservedAnalyses::none());
    }
    // 4. The checks left, and the conversions, become inline code.
    for (CallBase *C : Remaining) {
      Function *Caller = C->getFunction();
      InlineFunctionInfo IFI;
      if (InlineFunction(*C, IFI).isSuccess())
        ++S.Inlined;
      FAM.invalidate(*Caller, PreservedAnalyses::none());
    }
    // ref.h marks them `used` (see there); unused now, they go.
    removeFromUsedLists(M, [&](Constant *C) {
      return llvm::is_contained(Points, C) || (CF.Empty && C == CF.Empty);
    });
    for (Function *P : Points)
      if (P && P->use_empty() && P->hasLocalLinkage())
        P->eraseFromParent();
    if (CF.Empty && CF.Empty->use_empty() && CF.Empty->hasLocalLinkage())
      CF.Empty->eraseFromParent();
    if (getenv("GENREF_ELIDE_STATS"))
      errs() << "genref: check elision in " << M.getSourceFileName() << ": "
             << S.Hoisted << " hoisted, " << S.Removed << " removed, " << S.Inlined
             << " inlined, " << S.Cached << " functions with a slot cache\n";
    return PreservedAnalyses::none();
  }
};

// Step 2 alone, early: in the function simplification pipeline (the
// peephole point, after InstCombine), before the inliner weighs the
// function. Every dereference is a check call until the module pass
// runs, so `a->x < b->x || (a->x == b->x && a->y < b->y)` weighed six
// calls, not two, and such a comparison stayed out of line where plain C
// inlines it (graph's heap_less). Removing a check dominated by an equal
// one with nothing in between that may free is the same rule at any
// point; the module pass does the rest once all is inlined.
struct GenrefEarlyRedundant : PassInfoMixin<GenrefEarlyRedundant> {
  PreservedAnalyses run(Function &F, FunctionAnalysisManager &FAM) {
    if (F.isDeclaration() || F.getName() == CheckPoint || F.getName() == UnwrapPoint ||
        F.getName() == ValidPoint || F.getName() == AlivePoint)
      return PreservedAnalyses::all();
    unsigned Checks = 0, Tests = 0;
    for (BasicBlock &BB : F)
      for (Instruction &I : BB) {
        Checks += isCheck(I);
        Tests += isAlivePoint(I);
      }
    if (Checks < 2 && !Tests)
      return PreservedAnalyses::all();
    Stats S;
    auto &TLI = FAM.getResult<TargetLibraryAnalysis>(F);
    // gr_alive's known answers (2b) before jump threading, which runs
    // next and threads a branch on a phi of them.
    auto &ORE = FAM.getResult<OptimizationRemarkEmitterAnalysis>(F);
    unsigned Folded = Tests ? foldAlive(F, TLI, ORE) : 0;
    if (Checks >= 2)
      removeRedundant(F, TLI, ORE, S);
    if (!S.Removed && !Folded)
      return PreservedAnalyses::all();
    PreservedAnalyses PA;
    PA.preserveSet<CFGAnalyses>();
    return PA;
  }
};

// At the end of the function simplification passes (after GVN and jump
// threading): gr_alive's answers known now, then its tests inline, so the
// code a test becomes is simplified with the rest (SimplifyCFG and
// InstCombine follow, and the caller's passes once it is inlined). Left
// as calls until the module pass, the tests cost events 7%: a branch on a
// `sete` and constants set up again in the loop.
struct GenrefLateAlive : PassInfoMixin<GenrefLateAlive> {
  PreservedAnalyses run(Function &F, FunctionAnalysisManager &FAM) {
    if (F.isDeclaration() || F.getName() == AlivePoint)
      return PreservedAnalyses::all();
    bool Any = false;
    for (BasicBlock &BB : F)
      for (Instruction &I : BB)
        Any |= isAlivePoint(I);
    if (!Any)
      return PreservedAnalyses::all();
    foldAlive(F, FAM.getResult<TargetLibraryAnalysis>(F),
              FAM.getResult<OptimizationRemarkEmitterAnalysis>(F));
    if (!inlineAlive(F))
      return PreservedAnalyses::all();
    FAM.invalidate(F, PreservedAnalyses::none());
    // What jump threading does for a test inline from the start: the
    // test's result is a phi of its paths' compares, branched on once more
    // by its caller; threaded, each path branches where it compares.
    FunctionPassManager Clean;
    Clean.addPass(InstCombinePass());
    Clean.addPass(JumpThreadingPass());
    Clean.addPass(SimplifyCFGPass());
    Clean.run(F, FAM);
    return PreservedAnalyses::none();
  }
};

// The runtime's entry points that free nothing a program can see: calls to
// them leave every check valid, and code calling them can be nofree. A
// report halts, or (recover) prints and returns.
struct GenrefRuntimeAttrs : PassInfoMixin<GenrefRuntimeAttrs> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &MAM) {
    static const char *const NoFree[] = {
        "_gr_report_stale", "_gr_report_stale_recover", "_gr_ref_recheck",
        "_gr_gen_lookup",   "_gr_poison",               "_gr_ref_make", "gr_ref_make_counted",
        "gr_stack_frame_begin", "_gr_stack_frame_copy", "gr_ref_store",
        "gr_ref_store_at", "gr_ref_store_at_typed",
        "_gr_ref_recount",  "_gr_ref_recount_typed", "gr_refs_retain",
        "gr_refs_release",  "gr_refs_clear",            "gr_report"};
    bool Changed = false;
    for (const char *Name : NoFree)
      if (Function *F = M.getFunction(Name)) {
        F->addFnAttr(Attribute::NoFree);
        F->addFnAttr(Attribute::NoSync);
        F->addFnAttr(Attribute::NoUnwind);
        Changed = true;
      }
    // The checks themselves: they read (the header, the heap's map), free
    // nothing, and halt or return. Saying so keeps a function that checks
    // read-only when its plain C is.
    //
    // And the inliner weighs a check as one instruction (the compare and
    // branch its fast path becomes; the rest is out of line), not as a call
    // with its penalty and argument setup: otherwise a small function that
    // plain C inlines (a lookup called in a loop) stays a call once it
    // checks a few references, and the call costs more than the checks.
    for (StringRef Name : {CheckPoint, UnwrapPoint, ValidPoint, LivePoint, DeadPoint})
      if (Function *F = M.getFunction(Name)) {
        F->setOnlyReadsMemory();
        F->addFnAttr(Attribute::NoFree);
        F->addFnAttr(Attribute::NoSync);
        F->addFnAttr(Attribute::NoUnwind);
        F->addFnAttr("call-inline-cost", CheckInlineCost);
        Changed = true;
      }
    // A counted store (normal mode): the inliner weighs its call as the
    // one store plain C has there, so a small list or tree helper that
    // plain C inlines (lru's list_unlink: six stores) stays inlined.
    for (StringRef Name : {"_gr_ref_recount", "_gr_ref_recount_typed"})
      if (Function *F = M.getFunction(Name)) {
        F->addFnAttr("call-inline-cost", CheckInlineCost);
        Changed = true;
      }
    // A conversion (gr_ref_make): frees nothing either (_gr_ref_make above),
    // and weighs as one instruction; it may report, so it is not read-only.
    if (Function *F = M.getFunction(MakePoint)) {
      F->addFnAttr(Attribute::NoFree);
      F->addFnAttr(Attribute::NoSync);
      F->addFnAttr(Attribute::NoUnwind);
      F->addFnAttr("call-inline-cost", CheckInlineCost);
      Changed = true;
    }
    // ref.h's null test, simplified now (as clang emitted it, it is
    // stores and loads of its argument), so foldAlive can compare branch
    // conditions with it whenever it runs.
    if (Function *F = M.getFunction(NullForm); F && !F->isDeclaration()) {
      SmallVector<CallBase *, 4> Calls; // gr_ref_is_null and its helpers, inline
      for (int Round = 0; Round < 4; ++Round) {
        Calls.clear();
        for (BasicBlock &BB : *F)
          for (Instruction &I : BB)
            if (auto *CB = dyn_cast<CallBase>(&I))
              if (CB->getCalledFunction() && !CB->getCalledFunction()->isDeclaration())
                Calls.push_back(CB);
        for (CallBase *CB : Calls) {
          InlineFunctionInfo IFI;
          (void)InlineFunction(*CB, IFI);
        }
      }
      auto &FAM = MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
      FunctionPassManager FPM;
      FPM.addPass(SROAPass(SROAOptions::ModifyCFG));
      FPM.addPass(InstCombinePass());
      FPM.run(*F, FAM);
      Changed = true;
    }
    // gr_alive's test: reads (the header, the runtime's maps) and frees
    // nothing; weighed as one instruction, as a check.
    if (Function *F = M.getFunction(AlivePoint)) {
      F->setOnlyReadsMemory();
      F->setWillReturn();
      F->addFnAttr(Attribute::NoFree);
      F->addFnAttr(Attribute::NoSync);
      F->addFnAttr(Attribute::NoUnwind);
      F->addFnAttr("call-inline-cost", CheckInlineCost);
      Changed = true;
    }
    return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
  }
};

// After step 4: a reference's address computed again where one computed
// before is at hand through a phi. A loop walking a list
// (`for (e = head; e; e = e->next)`) carries both the reference and its
// address (the null test's mask, rotated into the latch); the inlined
// check masks the carried reference once more, since `and(phi(a, b), m)`
// and `phi(and(a, m), and(b, m))` look different to EarlyCSE and GVN.
// The second mask is an instruction and a register per iteration on
// every pointer chase (compact references). Replaced by the phi; only
// `and` with a constant, whose value is known from its operands alone.
struct GenrefMaskPhiFold : PassInfoMixin<GenrefMaskPhiFold> {
  // V is `and(In, C)`; V may also be the address as a pointer
  // (`inttoptr(and(..))`: a cursor loop carries its `p < end` address so),
  // and In the moved reference `or(x, bits)` whose bits the mask clears
  // (ref.h's interior bit: `and(or(x, b), C)` is `and(x, C)`).
  static bool isMaskOf(Value *V, Value *In, Constant *C, const DataLayout &DL) {
    if (auto *IP = dyn_cast<IntToPtrInst>(V))
      V = IP->getOperand(0);
    if (auto *CI = dyn_cast<Constant>(In))
      return V == ConstantFoldBinaryOpOperands(Instruction::And, CI, C, DL);
    auto *B = dyn_cast<BinaryOperator>(V);
    if (!B || B->getOpcode() != Instruction::And)
      return false;
    Value *X = B->getOperand(0) == C ? B->getOperand(1) : B->getOperand(1) == C ? B->getOperand(0) : nullptr;
    if (!X)
      return false;
    if (X == In)
      return true;
    auto *O = dyn_cast<BinaryOperator>(In);
    auto *K = O && O->getOpcode() == Instruction::Or ? dyn_cast<ConstantInt>(O->getOperand(1)) : nullptr;
    auto *CM = dyn_cast<ConstantInt>(C);
    return K && CM && O->getOperand(0) == X && (K->getValue() & CM->getValue()).isZero();
  }
  PreservedAnalyses run(Function &F, FunctionAnalysisManager &) {
    const DataLayout &DL = F.getDataLayout();
    SmallVector<std::pair<Instruction *, PHINode *>, 16> Folds;
    for (BasicBlock &BB : F)
      for (Instruction &I : BB) {
        auto *B = dyn_cast<BinaryOperator>(&I);
        if (!B || B->getOpcode() != Instruction::And)
          continue;
        auto *P = dyn_cast<PHINode>(B->getOperand(0));
        auto *C = dyn_cast<Constant>(B->getOperand(1));
        if (!P || !C)
          continue;
        for (PHINode &Q : P->getParent()->phis()) {
          if (&Q == P || (Q.getType() != B->getType() && !Q.getType()->isPointerTy()))
            continue;
          bool All = true;
          for (unsigned K = 0; All && K < P->getNumIncomingValues(); ++K) {
            int J = Q.getBasicBlockIndex(P->getIncomingBlock(K));
            All = J >= 0 && isMaskOf(Q.getIncomingValue(J), P->getIncomingValue(K), C, DL);
          }
          if (All) {
            Folds.push_back({B, &Q});
            break;
          }
        }
      }
    for (auto [B, Q] : Folds) {
      Value *V = Q;
      if (Q->getType() != B->getType()) // the address as a pointer: as an integer again
        V = CastInst::Create(Instruction::PtrToInt, Q, B->getType(), "",
                             Q->getParent()->getFirstInsertionPt());
      B->replaceAllUsesWith(V);
      B->eraseFromParent();
    }
    if (Folds.empty())
      return PreservedAnalyses::all();
    PreservedAnalyses PA;
    PA.preserveSet<CFGAnalyses>();
    return PA;
  }
};

void registerCallbacks(PassBuilder &PB) {
  PB.registerPipelineStartEPCallback([](ModulePassManager &MPM, OptimizationLevel L) {
    if (L != OptimizationLevel::O0)
      MPM.addPass(GenrefRuntimeAttrs());
  });
  PB.registerPeepholeEPCallback([](FunctionPassManager &FPM, OptimizationLevel L) {
    if (L != OptimizationLevel::O0)
      FPM.addPass(GenrefEarlyRedundant());
  });
  PB.registerScalarOptimizerLateEPCallback([](FunctionPassManager &FPM, OptimizationLevel L) {
    if (L != OptimizationLevel::O0)
      FPM.addPass(GenrefLateAlive());
  });
  // After the whole-module inliner and FunctionAttrs, before the loop
  // vectorizer: the checks left are inlined early enough for the module
  // optimizations (LICM, the vectorizers) to see them as plain code.
  PB.registerOptimizerEarlyEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel L) {
        if (L == OptimizationLevel::O0)
          return;
        MPM.addPass(GenrefCheckElision());
        FunctionPassManager FPM;
        FPM.addPass(GenrefMaskPhiFold());
        FPM.addPass(EarlyCSEPass(/*UseMemorySSA=*/true));
        FPM.addPass(InstCombinePass());
        FPM.addPass(SimplifyCFGPass());
        MPM.addPass(createModuleToFunctionPassAdaptor(std::move(FPM)));
      });
}

} // namespace

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "genref-check-elision", "1", registerCallbacks};
}
