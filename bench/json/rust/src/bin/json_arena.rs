//! json over an index + generation arena: nodes live in the slots of one
//! Vec, links (first, last, next, parent) are (index, generation), every
//! access compares the link's generation with the slot's (the arena
//! analogue of a genref check), a freed slot's generation rises before it
//! goes on the free list; subtrees are freed top-down as in json.c.

use json::*;

#[derive(Clone, Copy, PartialEq, Eq)]
struct Ref {
    index: u32,
    gen: u32,
}

const NIL: Ref = Ref { index: u32::MAX, gen: 0 };

impl Ref {
    fn is_nil(self) -> bool {
        self.index == u32::MAX
    }
}

struct Node {
    kind: Kind,
    num: i64,
    s: Vec<u8>,
    key: Option<Vec<u8>>,
    first: Ref,
    last: Ref,
    next: Ref,
    parent: Ref,
    count: usize,
}

struct Slot {
    gen: u32, // odd: occupied, even: free
    n: Node,
}

#[cold]
#[inline(never)]
fn use_after_free(r: Ref) -> ! {
    eprintln!("json_arena: use after free of slot {} (generation {})", r.index, r.gen);
    std::process::exit(1);
}

struct Arena {
    slots: Vec<Slot>,
    free: Vec<u32>,
}

impl Arena {
    fn alloc(&mut self, n: Node) -> Ref {
        if let Some(index) = self.free.pop() {
            let slot = &mut self.slots[index as usize];
            slot.gen = slot.gen.wrapping_add(1);
            slot.n = n;
            Ref { index, gen: slot.gen }
        } else {
            let index = self.slots.len() as u32;
            self.slots.push(Slot { gen: 1, n });
            Ref { index, gen: 1 }
        }
    }
    #[inline]
    fn get(&self, r: Ref) -> &Node {
        let slot = &self.slots[r.index as usize];
        if slot.gen != r.gen {
            use_after_free(r);
        }
        &slot.n
    }
    #[inline]
    fn get_mut(&mut self, r: Ref) -> &mut Node {
        let slot = &mut self.slots[r.index as usize];
        if slot.gen != r.gen {
            use_after_free(r);
        }
        &mut slot.n
    }
    #[inline]
    fn alive(&self, r: Ref) -> bool {
        !r.is_nil() && self.slots[r.index as usize].gen == r.gen
    }
    /// Frees r (unlinked) and its subtree, top-down.
    fn free_tree(&mut self, r: Ref) {
        let slot = &mut self.slots[r.index as usize];
        if slot.gen != r.gen {
            use_after_free(r);
        }
        slot.gen = slot.gen.wrapping_add(1);
        let mut child = slot.n.first;
        slot.n.s = Vec::new();
        slot.n.key = None;
        self.free.push(r.index);
        while !child.is_nil() {
            let next = self.get(child).next;
            self.free_tree(child);
            child = next;
        }
    }
    fn member(&self, obj: Ref, key: &[u8]) -> Ref {
        if obj.is_nil() || self.get(obj).kind != Kind::Obj {
            return NIL;
        }
        let mut c = self.get(obj).first;
        while !c.is_nil() {
            let n = self.get(c);
            if n.key.as_deref() == Some(key) {
                return c;
            }
            c = n.next;
        }
        NIL
    }
    fn num_of(&self, r: Ref) -> i64 {
        if r.is_nil() {
            return 0;
        }
        let n = self.get(r);
        if n.kind == Kind::Num {
            n.num
        } else {
            0
        }
    }
}

impl Builder for Arena {
    type N = Ref;
    fn node(&mut self, kind: Kind, num: i64, s: Vec<u8>, parent: Option<&Ref>) -> Ref {
        self.alloc(Node {
            kind,
            num,
            s,
            key: None,
            first: NIL,
            last: NIL,
            next: NIL,
            parent: parent.copied().unwrap_or(NIL),
            count: 0,
        })
    }
    fn append(&mut self, parent: &Ref, key: Option<Vec<u8>>, child: Ref) {
        self.get_mut(child).key = key;
        let last = self.get(*parent).last;
        if !last.is_nil() {
            self.get_mut(last).next = child;
        } else {
            self.get_mut(*parent).first = child;
        }
        let p = self.get_mut(*parent);
        p.last = child;
        p.count += 1;
    }
}

impl Doc for Arena {
    fn new() -> Self {
        Arena { slots: Vec::new(), free: Vec::new() }
    }
    fn walk(&self, r: &Ref, depth: i32, st: &mut Stats) {
        let n = self.get(*r);
        st.kinds[n.kind as usize] += 1;
        st.max_depth = st.max_depth.max(depth);
        if let Some(k) = &n.key {
            st.key_bytes += k.len() as u64;
        }
        match n.kind {
            Kind::Num => st.num_sum = st.num_sum.wrapping_add(n.num as u64),
            Kind::Str => {
                st.str_bytes += n.s.len() as u64;
                let mut p = n.parent;
                while self.alive(p) {
                    st.depth_sum += 1;
                    p = self.get(p).parent;
                }
            }
            Kind::Arr | Kind::Obj => {
                let mut c = n.first;
                while !c.is_nil() {
                    self.walk(&c, depth + 1, st);
                    c = self.get(c).next;
                }
            }
            _ => {}
        }
    }
    fn query(&mut self, root: &Ref) -> (u64, u64) {
        let (mut q, mut tags) = (0u64, 0u64);
        let mut rec = self.get(*root).first;
        while !rec.is_nil() {
            let id = self.num_of(self.member(rec, b"id"));
            let x = self.num_of(self.member(self.member(rec, b"pos"), b"x"));
            q = q.wrapping_add(id.wrapping_mul(31).wrapping_add(x) as u64);
            let t = self.member(rec, b"tags");
            if !t.is_nil() {
                tags += self.get(t).count as u64;
            }
            let s = self.member(rec, b"score");
            if !s.is_nil() {
                let s = self.get_mut(s);
                if s.kind == Kind::Num {
                    s.num *= 2;
                }
            }
            rec = self.get(rec).next;
        }
        (q, tags)
    }
    fn remove_members(&mut self, r: &Ref, key: &[u8]) -> i64 {
        let mut removed = 0;
        let is_obj = self.get(*r).kind == Kind::Obj;
        let mut prev = NIL;
        let mut c = self.get(*r).first;
        while !c.is_nil() {
            let next = self.get(c).next;
            if is_obj && self.get(c).key.as_deref() == Some(key) {
                if !prev.is_nil() {
                    self.get_mut(prev).next = next;
                } else {
                    self.get_mut(*r).first = next;
                }
                let n = self.get_mut(*r);
                if n.last == c {
                    n.last = prev;
                }
                n.count -= 1;
                self.get_mut(c).next = NIL;
                self.free_tree(c);
                removed += 1;
            } else {
                removed += self.remove_members(&c, key);
                prev = c;
            }
            c = next;
        }
        removed
    }
    fn print(&self, r: &Ref, out: &mut Vec<u8>) {
        let n = self.get(*r);
        match n.kind {
            Kind::Null => out.extend_from_slice(b"null"),
            Kind::False => out.extend_from_slice(b"false"),
            Kind::True => out.extend_from_slice(b"true"),
            Kind::Num => print_num(out, n.num),
            Kind::Str => print_string(out, &n.s),
            Kind::Arr | Kind::Obj => {
                let obj = n.kind == Kind::Obj;
                out.push(if obj { b'{' } else { b'[' });
                let mut c = n.first;
                while !c.is_nil() {
                    if c != n.first {
                        out.push(b',');
                    }
                    let cn = self.get(c);
                    if obj {
                        print_string(out, cn.key.as_deref().unwrap_or(b""));
                        out.push(b':');
                    }
                    self.print(&c, out);
                    c = cn.next;
                }
                out.push(if obj { b'}' } else { b']' });
            }
        }
    }
    fn count(&self, r: &Ref) -> usize {
        self.get(*r).count
    }
    fn free(&mut self, r: Ref) {
        self.free_tree(r);
    }
}

fn main() {
    main_with::<Arena>();
}
