//! graph with idiomatic shared ownership: vertices and edges are
//! `Rc<RefCell<_>>`, an adjacency list is a chain of `Option<Rc<..>>`, and
//! a vertex's `pred` (the edge it was last reached by) is a
//! `Weak<RefCell<Edge>>`: the churn deletes edges without telling the
//! vertices, and `upgrade()` says whether the edge survived. The code
//! follows graph.c step for step (same adjacency order, same heap).

use graph::*;
use std::cell::RefCell;
use std::rc::{Rc, Weak};

type VRef = Rc<RefCell<Vertex>>;
type ERef = Rc<RefCell<Edge>>;

struct Edge {
    to: VRef,
    next: Option<ERef>,
    weight: i32,
}

struct Vertex {
    id: i32,
    degree: i32,
    heap_pos: i32,
    dist: i64,
    adj: Option<ERef>,
    pred: Weak<RefCell<Edge>>,
}

struct Graph {
    edges: i64,
    v: Vec<VRef>,
}

fn add_edge(g: &mut Graph, from: &VRef, to: &VRef, weight: i32) {
    let mut f = from.borrow_mut();
    let e = Rc::new(RefCell::new(Edge { to: to.clone(), next: f.adj.take(), weight }));
    f.adj = Some(e);
    f.degree += 1;
    g.edges += 1;
}

fn graph_build(rng: &mut Rng, n: i32) -> Graph {
    let mut g = Graph { edges: 0, v: Vec::with_capacity(n as usize) };
    for i in 0..n {
        g.v.push(Rc::new(RefCell::new(Vertex {
            id: i,
            degree: 0,
            heap_pos: -1,
            dist: INF,
            adj: None,
            pred: Weak::new(),
        })));
    }
    for i in 0..n as usize {
        for _ in 0..DEGREE {
            let to = rng.below(n as u32) as usize;
            let w = 1 + rng.below(MAX_WEIGHT) as i32;
            let (a, b) = (g.v[i].clone(), g.v[to].clone());
            add_edge(&mut g, &a, &b, w);
        }
    }
    g
}

fn delete_edge(g: &mut Graph, from: &VRef, idx: i32) {
    let mut f = from.borrow_mut();
    if idx == 0 {
        let e = f.adj.take().expect("edge");
        f.adj = e.borrow_mut().next.take();
    } else {
        let mut prev = f.adj.clone().expect("edge");
        for _ in 1..idx {
            let next = prev.borrow().next.clone().expect("edge");
            prev = next;
        }
        let mut p = prev.borrow_mut();
        let e = p.next.take().expect("edge");
        p.next = e.borrow_mut().next.take();
    }
    f.degree -= 1;
    g.edges -= 1;
}

fn graph_free(g: Graph) {
    // Break the vertex -> edge -> vertex cycles.
    for v in &g.v {
        let mut e = v.borrow_mut().adj.take();
        while let Some(edge) = e {
            e = edge.borrow_mut().next.take();
        }
    }
}

struct Heap {
    size: usize,
    items: Vec<Option<VRef>>,
}

fn key(v: &VRef) -> (i64, i32) {
    let b = v.borrow();
    (b.dist, b.id)
}

impl Heap {
    fn place(&mut self, pos: usize, v: VRef) {
        v.borrow_mut().heap_pos = pos as i32;
        self.items[pos] = Some(v);
    }
    fn item(&self, pos: usize) -> VRef {
        self.items[pos].clone().expect("heap item")
    }
    fn up(&mut self, mut pos: usize) {
        let v = self.item(pos);
        let kv = key(&v);
        while pos > 0 {
            let parent = (pos - 1) / 2;
            let p = self.item(parent);
            if kv >= key(&p) {
                break;
            }
            self.place(pos, p);
            pos = parent;
        }
        self.place(pos, v);
    }
    fn down(&mut self, mut pos: usize) {
        let v = self.item(pos);
        let kv = key(&v);
        loop {
            let mut child = 2 * pos + 1;
            if child >= self.size {
                break;
            }
            if child + 1 < self.size && key(&self.item(child + 1)) < key(&self.item(child)) {
                child += 1;
            }
            let c = self.item(child);
            if key(&c) >= kv {
                break;
            }
            self.place(pos, c);
            pos = child;
        }
        self.place(pos, v);
    }
    fn push(&mut self, v: VRef) {
        self.size += 1;
        self.place(self.size - 1, v);
        self.up(self.size - 1);
    }
    fn pop(&mut self) -> VRef {
        let top = self.item(0);
        top.borrow_mut().heap_pos = -1;
        self.size -= 1;
        if self.size > 0 {
            let last = self.item(self.size);
            self.place(0, last);
            self.down(0);
        }
        self.items[self.size] = None;
        top
    }
}

fn dijkstra(g: &Graph, h: &mut Heap, src: &VRef) -> (i32, u64) {
    for v in &g.v {
        let mut b = v.borrow_mut();
        b.dist = INF;
        b.heap_pos = -1;
        b.pred = Weak::new();
    }
    h.size = 0;
    src.borrow_mut().dist = 0;
    h.push(src.clone());
    let mut reached = 0;
    let mut sum: u64 = 0;
    while h.size > 0 {
        let u = h.pop();
        reached += 1;
        let (udist, mut e) = {
            let b = u.borrow();
            (b.dist, b.adj.clone())
        };
        sum = sum.wrapping_add((udist as u64).wrapping_mul((u.borrow().id + 1) as u64));
        while let Some(edge) = e {
            let eb = edge.borrow();
            let d = udist + eb.weight as i64;
            let w = &eb.to;
            if d < w.borrow().dist {
                let pos = {
                    let mut wb = w.borrow_mut();
                    wb.dist = d;
                    wb.pred = Rc::downgrade(&edge);
                    wb.heap_pos
                };
                if pos >= 0 {
                    h.up(pos as usize);
                } else {
                    h.push(w.clone());
                }
            }
            let next = eb.next.clone();
            drop(eb);
            e = next;
        }
    }
    (reached, sum)
}

fn surviving_preds(g: &Graph) -> (i64, i64) {
    let mut c = 0;
    let mut w = 0;
    for v in &g.v {
        if let Some(e) = v.borrow().pred.upgrade() {
            c += 1;
            w += e.borrow().weight as i64;
        }
    }
    (c, w)
}

fn churn(g: &mut Graph, rng: &mut Rng, count: i32) {
    let n = g.v.len() as u32;
    for _ in 0..count {
        let from = g.v[rng.below(n) as usize].clone();
        let degree = from.borrow().degree;
        if degree > 0 {
            let idx = rng.below(degree as u32) as i32;
            delete_edge(g, &from, idx);
        }
        let a = g.v[rng.below(n) as usize].clone();
        let b = g.v[rng.below(n) as usize].clone();
        let w = 1 + rng.below(MAX_WEIGHT) as i32;
        add_edge(g, &a, &b, w);
    }
}

fn main() {
    let n = vertices_arg();
    let churn_count = n / 4;
    print_header(n);
    let mut sum = Checksum::new();
    let mut h = Heap { size: 0, items: vec![None; n as usize] };
    for round in 0..ROUNDS {
        let mut rng = Rng::for_round(round);
        let mut g = graph_build(&mut rng, n);
        for step in 0..STEPS {
            let (surv, surv_w) = surviving_preds(&g);
            let src = g.v[rng.below(n as u32) as usize].clone();
            let (reached, dist_sum) = dijkstra(&g, &mut h, &src);
            println!(
                "round {} step {}: src {} reached {} dist {} kept {} ({}) edges {}",
                round, step, src.borrow().id, reached, dist_sum, surv, surv_w, g.edges
            );
            sum.mix(reached as u64);
            sum.mix(dist_sum);
            sum.mix(surv as u64);
            sum.mix(surv_w as u64);
            churn(&mut g, &mut rng, churn_count);
        }
        graph_free(g);
    }
    println!("checksum: {:016x}", sum.0);
}
