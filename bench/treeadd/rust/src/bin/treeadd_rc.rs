//! treeadd with idiomatic owned links: `Option<Box<Node>>`. A node owns its
//! two subtrees; bisort swaps subtrees with std::mem::swap while it walks
//! the left and the right half at once (disjoint mutable borrows).

use std::mem;
use treeadd::{main_with, Forest, Rng, Walk};

struct Node {
    value: i32,
    left: Option<Box<Node>>,
    right: Option<Box<Node>>,
}

struct Boxed;

fn build(rng: &mut Rng, depth: i32) -> Box<Node> {
    let value = rng.value();
    let (left, right) = if depth > 1 {
        let l = build(rng, depth - 1);
        let r = build(rng, depth - 1);
        (Some(l), Some(r))
    } else {
        (None, None)
    };
    Box::new(Node { value, left, right })
}

fn tree_add(t: &Option<Box<Node>>) -> u64 {
    match t {
        None => 0,
        Some(n) => tree_add(&n.left)
            .wrapping_add(tree_add(&n.right))
            .wrapping_add(n.value as u64),
    }
}

fn bimerge(root: &mut Node, mut spr_val: i32, dir: bool) -> i32 {
    let rv = root.value;
    let rightexchange = (rv > spr_val) ^ dir;
    if rightexchange {
        root.value = spr_val;
        spr_val = rv;
    }
    let mut pl = root.left.as_deref_mut();
    let mut pr = root.right.as_deref_mut();
    while let Some(l) = pl {
        let r = pr.expect("complete tree");
        let lv = l.value;
        let rv2 = r.value;
        let elementexchange = (lv > rv2) ^ dir;
        if rightexchange {
            if elementexchange {
                l.value = rv2;
                r.value = lv;
                mem::swap(&mut l.right, &mut r.right);
                pl = l.left.as_deref_mut();
                pr = r.left.as_deref_mut();
            } else {
                pl = l.right.as_deref_mut();
                pr = r.right.as_deref_mut();
            }
        } else if elementexchange {
            l.value = rv2;
            r.value = lv;
            mem::swap(&mut l.left, &mut r.left);
            pl = l.right.as_deref_mut();
            pr = r.right.as_deref_mut();
        } else {
            pl = l.left.as_deref_mut();
            pr = r.left.as_deref_mut();
        }
    }
    if let (Some(l), Some(r)) = (root.left.as_deref_mut(), root.right.as_deref_mut()) {
        root.value = bimerge(l, root.value, dir);
        spr_val = bimerge(r, spr_val, dir);
    }
    spr_val
}

fn bisort(root: &mut Node, mut spr_val: i32, dir: bool) -> i32 {
    match (root.left.as_deref_mut(), root.right.as_deref_mut()) {
        (Some(l), Some(r)) => {
            root.value = bisort(l, root.value, dir);
            spr_val = bisort(r, spr_val, !dir);
            bimerge(root, spr_val, dir)
        }
        _ => {
            if (root.value > spr_val) ^ dir {
                mem::swap(&mut root.value, &mut spr_val);
            }
            spr_val
        }
    }
}

fn inorder(t: &Option<Box<Node>>, dir: bool, w: &mut Walk) {
    if let Some(n) = t {
        inorder(&n.left, dir, w);
        w.visit(n.value, dir);
        inorder(&n.right, dir, w);
    }
}

impl Forest for Boxed {
    type Tree = Box<Node>;
    fn build(&mut self, rng: &mut Rng, depth: i32) -> Box<Node> {
        build(rng, depth)
    }
    fn tree_add(&self, t: &Box<Node>) -> u64 {
        tree_add(&t.left)
            .wrapping_add(tree_add(&t.right))
            .wrapping_add(t.value as u64)
    }
    fn bisort(&mut self, t: &mut Box<Node>, spr_val: i32, dir: bool) -> i32 {
        bisort(t, spr_val, dir)
    }
    fn inorder(&self, t: &Box<Node>, dir: bool, w: &mut Walk) {
        inorder(&t.left, dir, w);
        w.visit(t.value, dir);
        inorder(&t.right, dir, w);
    }
    fn destroy(&mut self, t: Box<Node>) {
        drop(t); // depth <= 28: the recursive drop is fine
    }
}

fn main() {
    main_with(&mut Boxed);
}
