//! Shared by both binaries: the PRNG, the checksum and the driver of
//! treeadd.c, bit for bit.

pub const ROUNDS: i32 = 6;
pub const ADDS_PER_ROUND: i32 = 4;

/// xorshift64*, as in treeadd.c.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545F4914F6CDD1D)
    }
    /// A node value: 0 .. 2^30-1.
    pub fn value(&mut self) -> i32 {
        (self.next() >> 34) as i32
    }
}

pub const FNV_OFFSET: u64 = 0xcbf29ce484222325;
pub const FNV_PRIME: u64 = 0x100000001b3;

pub fn mix(h: &mut u64, v: u64) {
    *h = (*h ^ v).wrapping_mul(FNV_PRIME);
}

/// argv[1] as C's atoi reads it (leading digits), or `default`.
pub fn arg_or(default: i64) -> i64 {
    match std::env::args().nth(1) {
        None => default,
        Some(a) => {
            let t = a.trim_start();
            let (neg, d) = match t.strip_prefix('-') {
                Some(r) => (true, r),
                None => (false, t.strip_prefix('+').unwrap_or(t)),
            };
            let mut v: i64 = 0;
            for b in d.bytes().take_while(|b| b.is_ascii_digit()) {
                v = v.saturating_mul(10).saturating_add((b - b'0') as i64);
            }
            if neg {
                -v
            } else {
                v
            }
        }
    }
}

/// The in-order walk state of check_sorted().
pub struct Walk {
    pub have_prev: bool,
    pub prev: i32,
    pub unsorted: i64,
    pub hash: u64,
}

impl Walk {
    pub fn new() -> Walk {
        Walk { have_prev: false, prev: 0, unsorted: 0, hash: FNV_OFFSET }
    }
    pub fn visit(&mut self, v: i32, dir: bool) {
        if self.have_prev && (if dir { v > self.prev } else { v < self.prev }) {
            self.unsorted += 1;
        }
        self.have_prev = true;
        self.prev = v;
        self.hash = (self.hash ^ (v as i64 as u64)).wrapping_mul(FNV_PRIME);
    }
}

impl Default for Walk {
    fn default() -> Self {
        Walk::new()
    }
}

/// What one implementation provides; `main` below is treeadd.c's main.
pub trait Forest {
    type Tree;
    fn build(&mut self, rng: &mut Rng, depth: i32) -> Self::Tree;
    fn tree_add(&self, t: &Self::Tree) -> u64;
    fn bisort(&mut self, t: &mut Self::Tree, spr_val: i32, dir: bool) -> i32;
    fn inorder(&self, t: &Self::Tree, dir: bool, w: &mut Walk);
    fn destroy(&mut self, t: Self::Tree);
}

fn check_sorted<F: Forest>(f: &F, root: &F::Tree, spr_val: i32, dir: bool, what: &str, h: &mut u64) {
    let mut w = Walk::new();
    f.inorder(root, dir, &mut w);
    if if dir { spr_val > w.prev } else { spr_val < w.prev } {
        w.unsorted += 1;
    }
    println!("  {}: {} out of order, hash {:016x}", what, w.unsorted, w.hash);
    mix(h, w.hash);
    mix(h, w.unsorted as u64);
    mix(h, spr_val as i64 as u64);
}

pub fn main_with<F: Forest>(f: &mut F) {
    let depth = arg_or(18) as i32;
    if !(2..=28).contains(&depth) {
        eprintln!("usage: treeadd [depth 2..28]");
        std::process::exit(2);
    }
    let mut h = FNV_OFFSET;
    println!("treeadd: depth {} ({} nodes), {} rounds", depth, (1i64 << depth) - 1, ROUNDS);
    for round in 0..ROUNDS {
        let mut rng = Rng(0x9E3779B97F4A7C15u64.wrapping_add(round as u64 * 7919));
        let mut root = f.build(&mut rng, depth);
        let mut sum: u64 = 0;
        for _ in 0..ADDS_PER_ROUND {
            sum = sum.wrapping_add(f.tree_add(&root));
        }
        println!("round {}: treeadd {}", round, sum);
        mix(&mut h, sum);
        let mut spr_val = rng.value();
        spr_val = f.bisort(&mut root, spr_val, false);
        check_sorted(f, &root, spr_val, false, "bisort up", &mut h);
        spr_val = f.bisort(&mut root, spr_val, true);
        check_sorted(f, &root, spr_val, true, "bisort down", &mut h);
        f.destroy(root);
    }
    println!("checksum: {:016x}", h);
}
