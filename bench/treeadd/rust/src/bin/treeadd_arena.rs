//! treeadd over an index + generation arena: nodes live in one Vec of slots,
//! a link is (index, generation), every access compares the link's
//! generation with the slot's (the arena analogue of a genref check), and a
//! freed slot's generation rises before it goes on the free list. The code
//! follows treeadd.c line for line.

use treeadd::{main_with, Forest, Rng, Walk};

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

#[derive(Clone, Copy)]
struct Node {
    value: i32,
    left: Ref,
    right: Ref,
}

struct Slot {
    gen: u32, // odd: occupied, even: free
    node: Node,
}

struct Arena {
    slots: Vec<Slot>,
    free: Vec<u32>,
}

#[cold]
#[inline(never)]
fn use_after_free(r: Ref) -> ! {
    eprintln!("treeadd_arena: use after free of slot {} (generation {})", r.index, r.gen);
    std::process::exit(1);
}

impl Arena {
    fn alloc(&mut self, node: Node) -> Ref {
        if let Some(index) = self.free.pop() {
            let slot = &mut self.slots[index as usize];
            slot.gen = slot.gen.wrapping_add(1);
            slot.node = node;
            Ref { index, gen: slot.gen }
        } else {
            let index = self.slots.len() as u32;
            self.slots.push(Slot { gen: 1, node });
            Ref { index, gen: 1 }
        }
    }

    #[inline]
    fn get(&self, r: Ref) -> &Node {
        let slot = &self.slots[r.index as usize];
        if slot.gen != r.gen {
            use_after_free(r);
        }
        &slot.node
    }

    #[inline]
    fn get_mut(&mut self, r: Ref) -> &mut Node {
        let slot = &mut self.slots[r.index as usize];
        if slot.gen != r.gen {
            use_after_free(r);
        }
        &mut slot.node
    }

    fn release(&mut self, r: Ref) {
        let slot = &mut self.slots[r.index as usize];
        if slot.gen != r.gen {
            use_after_free(r);
        }
        slot.gen = slot.gen.wrapping_add(1);
        self.free.push(r.index);
    }

    fn build(&mut self, rng: &mut Rng, depth: i32) -> Ref {
        let t = self.alloc(Node { value: 0, left: NIL, right: NIL });
        self.get_mut(t).value = rng.value();
        if depth > 1 {
            let l = self.build(rng, depth - 1);
            self.get_mut(t).left = l;
            let r = self.build(rng, depth - 1);
            self.get_mut(t).right = r;
        }
        t
    }

    fn destroy(&mut self, t: Ref) {
        if t.is_nil() {
            return;
        }
        let n = *self.get(t);
        self.destroy(n.left);
        self.destroy(n.right);
        self.release(t);
    }

    fn tree_add(&self, t: Ref) -> u64 {
        if t.is_nil() {
            return 0;
        }
        let n = self.get(t);
        self.tree_add(n.left)
            .wrapping_add(self.tree_add(n.right))
            .wrapping_add(n.value as u64)
    }

    fn bimerge(&mut self, root: Ref, mut spr_val: i32, dir: bool) -> i32 {
        let rn = *self.get(root);
        let rv = rn.value;
        let mut pl = rn.left;
        let mut pr = rn.right;
        let rightexchange = (rv > spr_val) ^ dir;
        if rightexchange {
            self.get_mut(root).value = spr_val;
            spr_val = rv;
        }
        while !pl.is_nil() {
            let l = *self.get(pl);
            let r = *self.get(pr);
            let elementexchange = (l.value > r.value) ^ dir;
            if rightexchange {
                if elementexchange {
                    // swap_val_right
                    let rm = self.get_mut(pr);
                    rm.value = l.value;
                    rm.right = l.right;
                    let lm = self.get_mut(pl);
                    lm.right = r.right;
                    lm.value = r.value;
                    pl = l.left;
                    pr = r.left;
                } else {
                    pl = l.right;
                    pr = r.right;
                }
            } else if elementexchange {
                // swap_val_left
                let rm = self.get_mut(pr);
                rm.value = l.value;
                rm.left = l.left;
                let lm = self.get_mut(pl);
                lm.left = r.left;
                lm.value = r.value;
                pl = l.right;
                pr = r.right;
            } else {
                pl = l.left;
                pr = r.left;
            }
        }
        let rn = *self.get(root);
        if !rn.left.is_nil() {
            let v = self.bimerge(rn.left, rn.value, dir);
            self.get_mut(root).value = v;
            spr_val = self.bimerge(rn.right, spr_val, dir);
        }
        spr_val
    }

    fn bisort(&mut self, root: Ref, mut spr_val: i32, dir: bool) -> i32 {
        let rn = *self.get(root);
        if rn.left.is_nil() {
            if (rn.value > spr_val) ^ dir {
                self.get_mut(root).value = spr_val;
                spr_val = rn.value;
            }
        } else {
            let v = self.bisort(rn.left, rn.value, dir);
            self.get_mut(root).value = v;
            spr_val = self.bisort(rn.right, spr_val, !dir);
            spr_val = self.bimerge(root, spr_val, dir);
        }
        spr_val
    }

    fn inorder(&self, t: Ref, dir: bool, w: &mut Walk) {
        if t.is_nil() {
            return;
        }
        let n = self.get(t);
        self.inorder(n.left, dir, w);
        w.visit(n.value, dir);
        self.inorder(n.right, dir, w);
    }
}

impl Forest for Arena {
    type Tree = Ref;
    fn build(&mut self, rng: &mut Rng, depth: i32) -> Ref {
        Arena::build(self, rng, depth)
    }
    fn tree_add(&self, t: &Ref) -> u64 {
        Arena::tree_add(self, *t)
    }
    fn bisort(&mut self, t: &mut Ref, spr_val: i32, dir: bool) -> i32 {
        Arena::bisort(self, *t, spr_val, dir)
    }
    fn inorder(&self, t: &Ref, dir: bool, w: &mut Walk) {
        Arena::inorder(self, *t, dir, w)
    }
    fn destroy(&mut self, t: Ref) {
        Arena::destroy(self, t)
    }
}

fn main() {
    let mut arena = Arena { slots: Vec::new(), free: Vec::new() };
    main_with(&mut arena);
}
