//===- Model.cpp - the constraint model's ties ------------------------------===//
#include "annotate/Model.h"

#include <string>

namespace genref {
namespace annotate {

const char *roleName(Role R) {
  switch (R) {
  case Role::Field: return "field";
  case Role::Param: return "parameter";
  case Role::Local: return "local";
  case Role::Global: return "global";
  case Role::Return: return "return type";
  case Role::Typedef: return "typedef";
  case Role::Cast: return "cast";
  case Role::Other: return "type";
  }
  return "type";
}

void Model::tieAll(const Shape *A, const Shape *B, const Where &At, int Depth) {
  if (!A || !B || Depth > 8)
    return;
  bool PA = A->k == Shape::Pointer || A->k == Shape::Array;
  bool PB = B->k == Shape::Pointer || B->k == Shape::Array;
  if (PA && PB) {
    tie(A->slot, B->slot);
    tieAll(A->kids[0], B->kids[0], At, Depth + 1);
  } else if (A->k == Shape::Function && B->k == Shape::Function) {
    for (size_t I = 0; I < A->kids.size() && I < B->kids.size(); I++) {
      const Shape *X = A->kids[I], *Y = B->kids[I];
      if (X->k == Shape::Pointer && Y->k == Shape::Pointer && (X->slot < 0) != (Y->slot < 0))
        raws.push_back({unsigned(X->slot < 0 ? Y->slot : X->slot),
                        std::string("its function is converted to a function type whose ") +
                            (I ? "parameter " + std::to_string(I) : std::string("result")) +
                            " is another pointer type",
                        At});
      tieAll(X, Y, At, Depth + 1);
    }
  }
}

void Model::tieConversion(const Shape *S, const Shape *D, const Where &At) {
  if (!S || !D)
    return;
  bool PS = S->k == Shape::Pointer || S->k == Shape::Array;
  if (S->k == Shape::Function && D->k == Shape::Pointer)
    tieAll(S, D->kids[0], At); // a function decays to its address
  else if (PS && D->k == Shape::Pointer)
    tieAll(S->kids[0], D->kids[0], At);
}

void Model::slotsOf(const Shape *S, std::vector<unsigned> &Out, int Depth) const {
  if (!S || Depth > 8)
    return;
  if (S->slot >= 0)
    Out.push_back(unsigned(S->slot));
  for (const Shape *K : S->kids)
    slotsOf(K, Out, Depth + 1);
}

} // namespace annotate
} // namespace genref
