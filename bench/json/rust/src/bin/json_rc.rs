//! json with the idiomatic Rust tree: `Rc<RefCell<Node>>` nodes, children
//! in a `Vec`, a `Weak` parent, owned strings; a subtree is freed when its
//! last `Rc` drops.

use json::*;
use std::cell::RefCell;
use std::rc::{Rc, Weak};

struct Node {
    kind: Kind,
    num: i64,
    s: Vec<u8>,
    key: Option<Vec<u8>>,
    children: Vec<NodeRef>,
    parent: Weak<RefCell<Node>>,
}

type NodeRef = Rc<RefCell<Node>>;

struct RcDoc;

impl Builder for RcDoc {
    type N = NodeRef;
    fn node(&mut self, kind: Kind, num: i64, s: Vec<u8>, parent: Option<&NodeRef>) -> NodeRef {
        Rc::new(RefCell::new(Node {
            kind,
            num,
            s,
            key: None,
            children: Vec::new(),
            parent: parent.map(Rc::downgrade).unwrap_or_default(),
        }))
    }
    fn append(&mut self, parent: &NodeRef, key: Option<Vec<u8>>, child: NodeRef) {
        child.borrow_mut().key = key;
        parent.borrow_mut().children.push(child);
    }
}

fn member(obj: &NodeRef, key: &[u8]) -> Option<NodeRef> {
    let o = obj.borrow();
    if o.kind != Kind::Obj {
        return None;
    }
    o.children.iter().find(|c| c.borrow().key.as_deref() == Some(key)).cloned()
}

fn num_of(n: Option<NodeRef>) -> i64 {
    match n {
        Some(n) if n.borrow().kind == Kind::Num => n.borrow().num,
        _ => 0,
    }
}

impl Doc for RcDoc {
    fn new() -> Self {
        RcDoc
    }
    fn walk(&self, n: &NodeRef, depth: i32, st: &mut Stats) {
        let node = n.borrow();
        st.kinds[node.kind as usize] += 1;
        st.max_depth = st.max_depth.max(depth);
        if let Some(k) = &node.key {
            st.key_bytes += k.len() as u64;
        }
        match node.kind {
            Kind::Num => st.num_sum = st.num_sum.wrapping_add(node.num as u64),
            Kind::Str => {
                st.str_bytes += node.s.len() as u64;
                let mut p = node.parent.upgrade();
                while let Some(x) = p {
                    st.depth_sum += 1;
                    p = x.borrow().parent.upgrade();
                }
            }
            Kind::Arr | Kind::Obj => {
                for c in &node.children {
                    self.walk(c, depth + 1, st);
                }
            }
            _ => {}
        }
    }
    fn query(&mut self, root: &NodeRef) -> (u64, u64) {
        let (mut q, mut tags) = (0u64, 0u64);
        for rec in &root.borrow().children {
            let id = num_of(member(rec, b"id"));
            let x = num_of(member(rec, b"pos").and_then(|p| member(&p, b"x")));
            q = q.wrapping_add(id.wrapping_mul(31).wrapping_add(x) as u64);
            if let Some(t) = member(rec, b"tags") {
                tags += t.borrow().children.len() as u64;
            }
            if let Some(s) = member(rec, b"score") {
                let mut s = s.borrow_mut();
                if s.kind == Kind::Num {
                    s.num *= 2;
                }
            }
        }
        (q, tags)
    }
    fn remove_members(&mut self, n: &NodeRef, key: &[u8]) -> i64 {
        let is_obj = n.borrow().kind == Kind::Obj;
        let children = std::mem::take(&mut n.borrow_mut().children);
        let mut kept = Vec::with_capacity(children.len());
        let mut removed = 0;
        for c in children {
            if is_obj && c.borrow().key.as_deref() == Some(key) {
                removed += 1; // c drops here, and its subtree with it
            } else {
                removed += self.remove_members(&c, key);
                kept.push(c);
            }
        }
        n.borrow_mut().children = kept;
        removed
    }
    fn print(&self, n: &NodeRef, out: &mut Vec<u8>) {
        let node = n.borrow();
        match node.kind {
            Kind::Null => out.extend_from_slice(b"null"),
            Kind::False => out.extend_from_slice(b"false"),
            Kind::True => out.extend_from_slice(b"true"),
            Kind::Num => print_num(out, node.num),
            Kind::Str => print_string(out, &node.s),
            Kind::Arr | Kind::Obj => {
                let obj = node.kind == Kind::Obj;
                out.push(if obj { b'{' } else { b'[' });
                for (i, c) in node.children.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    if obj {
                        print_string(out, c.borrow().key.as_deref().unwrap_or(b""));
                        out.push(b':');
                    }
                    self.print(c, out);
                }
                out.push(if obj { b'}' } else { b']' });
            }
        }
    }
    fn count(&self, n: &NodeRef) -> usize {
        n.borrow().children.len()
    }
    fn free(&mut self, n: NodeRef) {
        drop(n);
    }
}

fn main() {
    main_with::<RcDoc>();
}
