//===- Sites.cpp ----------------------------------------------------------===//
#include "engine/Sites.h"

namespace genref {

const char *siteKindName(SiteKind K) {
  switch (K) {
  case SiteKind::Deref: return "deref";
  case SiteKind::ToRaw: return "to-raw";
  case SiteKind::ToBool: return "to-bool";
  case SiteKind::Elvis: return "elvis";
  case SiteKind::AddressOnly: return "address-only";
  case SiteKind::RefEquality: return "ref-equality";
  case SiteKind::NullCompare: return "null-compare";
  case SiteKind::NullRef: return "null-ref";
  case SiteKind::FromNew: return "from-new";
  case SiteKind::MakeRef: return "make-ref";
  case SiteKind::RefCast: return "ref-cast";
  case SiteKind::Allocation: return "allocation";
  case SiteKind::Free: return "free";
  case SiteKind::ObjectCopy: return "object-copy";
  case SiteKind::StructAssign: return "struct-assign";
  case SiteKind::Store: return "store";
  case SiteKind::Alive: return "alive";
  case SiteKind::Advance: return "advance";
  case SiteKind::Offset: return "offset";
  case SiteKind::ElemRef: return "elem-ref";
  case SiteKind::Frames: return "frames";
  case SiteKind::LiteralFrame: return "literal-frame";
  case SiteKind::Destroys: return "destroys";
  }
  return "?";
}

} // namespace genref
