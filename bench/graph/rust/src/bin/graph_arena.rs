//! graph over index + generation arenas (one for vertices, one for edges):
//! a link is (index, generation), every access compares the link's
//! generation with the slot's (the arena analogue of a genref check), a
//! freed slot's generation rises before it goes on the free list, and a
//! vertex's `pred` is a link that may have gone stale: `alive()` asks. The
//! code follows graph.c step for step.

use graph::*;

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
struct Edge {
    to: Ref,
    next: Ref,
    weight: i32,
}

#[derive(Clone, Copy)]
struct Vertex {
    id: i32,
    degree: i32,
    heap_pos: i32,
    dist: i64,
    adj: Ref,
    pred: Ref, // an edge; may be stale
}

struct Slot<T> {
    gen: u32, // odd: occupied, even: free
    val: T,
}

struct Arena<T> {
    slots: Vec<Slot<T>>,
    free: Vec<u32>,
}

#[cold]
#[inline(never)]
fn use_after_free(r: Ref) -> ! {
    eprintln!("graph_arena: use after free of slot {} (generation {})", r.index, r.gen);
    std::process::exit(1);
}

impl<T> Arena<T> {
    fn new() -> Arena<T> {
        Arena { slots: Vec::new(), free: Vec::new() }
    }
    fn alloc(&mut self, val: T) -> Ref {
        if let Some(index) = self.free.pop() {
            let slot = &mut self.slots[index as usize];
            slot.gen = slot.gen.wrapping_add(1);
            slot.val = val;
            Ref { index, gen: slot.gen }
        } else {
            let index = self.slots.len() as u32;
            self.slots.push(Slot { gen: 1, val });
            Ref { index, gen: 1 }
        }
    }
    #[inline]
    fn get(&self, r: Ref) -> &T {
        let slot = &self.slots[r.index as usize];
        if slot.gen != r.gen {
            use_after_free(r);
        }
        &slot.val
    }
    #[inline]
    fn get_mut(&mut self, r: Ref) -> &mut T {
        let slot = &mut self.slots[r.index as usize];
        if slot.gen != r.gen {
            use_after_free(r);
        }
        &mut slot.val
    }
    #[inline]
    fn alive(&self, r: Ref) -> bool {
        !r.is_nil() && self.slots[r.index as usize].gen == r.gen
    }
    fn release(&mut self, r: Ref) {
        let slot = &mut self.slots[r.index as usize];
        if slot.gen != r.gen {
            use_after_free(r);
        }
        slot.gen = slot.gen.wrapping_add(1);
        self.free.push(r.index);
    }
}

struct Graph {
    n: i32,
    edges: i64,
    v: Vec<Ref>,
    verts: Arena<Vertex>,
    es: Arena<Edge>,
}

impl Graph {
    fn add_edge(&mut self, from: Ref, to: Ref, weight: i32) {
        let next = self.verts.get(from).adj;
        let e = self.es.alloc(Edge { to, next, weight });
        let f = self.verts.get_mut(from);
        f.adj = e;
        f.degree += 1;
        self.edges += 1;
    }

    fn build(&mut self, rng: &mut Rng, n: i32) {
        self.n = n;
        self.edges = 0;
        self.v.clear();
        for i in 0..n {
            let r = self.verts.alloc(Vertex {
                id: i,
                degree: 0,
                heap_pos: -1,
                dist: INF,
                adj: NIL,
                pred: NIL,
            });
            self.v.push(r);
        }
        for i in 0..n as usize {
            for _ in 0..DEGREE {
                let to = rng.below(n as u32) as usize;
                let w = 1 + rng.below(MAX_WEIGHT) as i32;
                self.add_edge(self.v[i], self.v[to], w);
            }
        }
    }

    fn delete_edge(&mut self, from: Ref, idx: i32) {
        let mut prev = NIL;
        let mut e = self.verts.get(from).adj;
        for _ in 0..idx {
            prev = e;
            e = self.es.get(e).next;
        }
        let next = self.es.get(e).next;
        if !prev.is_nil() {
            self.es.get_mut(prev).next = next;
        } else {
            self.verts.get_mut(from).adj = next;
        }
        self.verts.get_mut(from).degree -= 1;
        self.edges -= 1;
        self.es.release(e);
    }

    fn free(&mut self) {
        for i in 0..self.n as usize {
            let v = self.v[i];
            let mut e = self.verts.get(v).adj;
            while !e.is_nil() {
                let next = self.es.get(e).next;
                self.es.release(e);
                e = next;
            }
            self.verts.release(v);
        }
        self.v.clear();
    }

    fn less(&self, a: Ref, b: Ref) -> bool {
        let (va, vb) = (self.verts.get(a), self.verts.get(b));
        va.dist < vb.dist || (va.dist == vb.dist && va.id < vb.id)
    }
}

struct Heap {
    size: usize,
    items: Vec<Ref>,
}

fn heap_place(g: &mut Graph, h: &mut Heap, pos: usize, v: Ref) {
    h.items[pos] = v;
    g.verts.get_mut(v).heap_pos = pos as i32;
}

fn heap_up(g: &mut Graph, h: &mut Heap, mut pos: usize) {
    let v = h.items[pos];
    while pos > 0 {
        let parent = (pos - 1) / 2;
        let p = h.items[parent];
        if !g.less(v, p) {
            break;
        }
        heap_place(g, h, pos, p);
        pos = parent;
    }
    heap_place(g, h, pos, v);
}

fn heap_down(g: &mut Graph, h: &mut Heap, mut pos: usize) {
    let v = h.items[pos];
    loop {
        let mut child = 2 * pos + 1;
        if child >= h.size {
            break;
        }
        if child + 1 < h.size && g.less(h.items[child + 1], h.items[child]) {
            child += 1;
        }
        if !g.less(h.items[child], v) {
            break;
        }
        heap_place(g, h, pos, h.items[child]);
        pos = child;
    }
    heap_place(g, h, pos, v);
}

fn heap_push(g: &mut Graph, h: &mut Heap, v: Ref) {
    h.size += 1;
    heap_place(g, h, h.size - 1, v);
    heap_up(g, h, h.size - 1);
}

fn heap_pop(g: &mut Graph, h: &mut Heap) -> Ref {
    let top = h.items[0];
    g.verts.get_mut(top).heap_pos = -1;
    h.size -= 1;
    if h.size > 0 {
        heap_place(g, h, 0, h.items[h.size]);
        heap_down(g, h, 0);
    }
    top
}

fn dijkstra(g: &mut Graph, h: &mut Heap, src: Ref) -> (i32, u64) {
    for i in 0..g.n as usize {
        let v = g.verts.get_mut(g.v[i]);
        v.dist = INF;
        v.heap_pos = -1;
        v.pred = NIL;
    }
    h.size = 0;
    g.verts.get_mut(src).dist = 0;
    heap_push(g, h, src);
    let mut reached = 0;
    let mut sum: u64 = 0;
    while h.size > 0 {
        let u = heap_pop(g, h);
        reached += 1;
        let un = *g.verts.get(u);
        sum = sum.wrapping_add((un.dist as u64).wrapping_mul((un.id + 1) as u64));
        let mut e = un.adj;
        while !e.is_nil() {
            let ed = *g.es.get(e);
            let d = un.dist + ed.weight as i64;
            let w = g.verts.get_mut(ed.to);
            if d < w.dist {
                w.dist = d;
                w.pred = e;
                let pos = w.heap_pos;
                if pos >= 0 {
                    heap_up(g, h, pos as usize);
                } else {
                    heap_push(g, h, ed.to);
                }
            }
            e = ed.next;
        }
    }
    (reached, sum)
}

fn surviving_preds(g: &Graph) -> (i64, i64) {
    let mut c = 0;
    let mut w = 0;
    for i in 0..g.n as usize {
        let pred = g.verts.get(g.v[i]).pred;
        if g.es.alive(pred) {
            c += 1;
            w += g.es.get(pred).weight as i64;
        }
    }
    (c, w)
}

fn churn(g: &mut Graph, rng: &mut Rng, count: i32) {
    let n = g.n as u32;
    for _ in 0..count {
        let from = g.v[rng.below(n) as usize];
        let degree = g.verts.get(from).degree;
        if degree > 0 {
            let idx = rng.below(degree as u32) as i32;
            g.delete_edge(from, idx);
        }
        let a = g.v[rng.below(n) as usize];
        let b = g.v[rng.below(n) as usize];
        let w = 1 + rng.below(MAX_WEIGHT) as i32;
        g.add_edge(a, b, w);
    }
}

fn main() {
    let n = vertices_arg();
    let churn_count = n / 4;
    print_header(n);
    let mut sum = Checksum::new();
    let mut h = Heap { size: 0, items: vec![NIL; n as usize] };
    let mut g = Graph { n: 0, edges: 0, v: Vec::new(), verts: Arena::new(), es: Arena::new() };
    for round in 0..ROUNDS {
        let mut rng = Rng::for_round(round);
        g.build(&mut rng, n);
        for step in 0..STEPS {
            let (surv, surv_w) = surviving_preds(&g);
            let src = g.v[rng.below(n as u32) as usize];
            let (reached, dist_sum) = dijkstra(&mut g, &mut h, src);
            println!(
                "round {} step {}: src {} reached {} dist {} kept {} ({}) edges {}",
                round, step, g.verts.get(src).id, reached, dist_sum, surv, surv_w, g.edges
            );
            sum.mix(reached as u64);
            sum.mix(dist_sum);
            sum.mix(surv as u64);
            sum.mix(surv_w as u64);
            churn(&mut g, &mut rng, churn_count);
        }
        g.free();
    }
    println!("checksum: {:016x}", sum.0);
}
