//! Shared by both binaries: the PRNG and the checksum of binarytrees.c,
//! bit for bit.

pub const MIN_DEPTH: i32 = 4;
pub const DEFAULT_MAX_DEPTH: i32 = 18;

/// A 64-bit LCG (Knuth's MMIX constants); the high half is the output.
pub struct Rng(u64);

impl Rng {
    pub fn new() -> Rng {
        Rng(0x2545F4914F6CDD1D)
    }
    pub fn next_u32(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 32) as u32
    }
}

/// Every number printed is folded in, 64 bits at a time.
pub struct Checksum(u64);

impl Checksum {
    pub fn new() -> Checksum {
        Checksum(14695981039346656037)
    }
    pub fn add(&mut self, x: u64) {
        self.0 = (self.0 ^ x).wrapping_mul(1099511628211);
        self.0 ^= self.0 >> 32;
    }
    pub fn value(&self) -> u64 {
        self.0
    }
}

/// argv[1] as C's atoi would read it (leading digits; 0 if none), clamped
/// like the C program.
pub fn max_depth_from_args() -> i32 {
    let d = match std::env::args().nth(1) {
        Some(a) => atoi(&a),
        None => DEFAULT_MAX_DEPTH,
    };
    d.max(MIN_DEPTH + 2)
}

pub fn atoi(s: &str) -> i32 {
    let t = s.trim_start();
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let mut v: i64 = 0;
    for b in digits.bytes() {
        if !b.is_ascii_digit() {
            break;
        }
        v = (v * 10 + (b - b'0') as i64).min(i32::MAX as i64 + 1);
    }
    (if neg { -v } else { v }) as i32
}

/// Runs the benchmark over any tree representation: `build(item, depth)`
/// makes a tree, `check` walks it, `free` releases it.
pub fn run<T>(
    mut build: impl FnMut(u64, i32) -> T,
    mut check: impl FnMut(&T) -> u64,
    mut free: impl FnMut(T),
) {
    use std::io::Write;
    let out = std::io::stdout();
    let mut out = out.lock();
    let mut rng = Rng::new();
    let mut ck = Checksum::new();
    let max_depth = max_depth_from_args();

    let stretch_depth = max_depth + 1;
    let stretch = build(0, stretch_depth);
    let c = check(&stretch);
    writeln!(out, "stretch tree of depth {}\t check: {}", stretch_depth, c).unwrap();
    ck.add(stretch_depth as u64);
    ck.add(c);
    free(stretch);

    let long_lived = build(0, max_depth);

    let mut depth = MIN_DEPTH;
    while depth <= max_depth {
        let iterations: i64 = 1i64 << (max_depth - depth + MIN_DEPTH);
        let mut sum: u64 = 0;
        for _ in 1..=iterations {
            let item = rng.next_u32() as u64;
            let t = build(item, depth);
            sum = sum.wrapping_add(check(&t));
            free(t);
        }
        writeln!(out, "{}\t trees of depth {}\t check: {}", iterations, depth, sum).unwrap();
        ck.add(iterations as u64);
        ck.add(depth as u64);
        ck.add(sum);
        depth += 2;
    }

    let c = check(&long_lived);
    writeln!(out, "long lived tree of depth {}\t check: {}", max_depth, c).unwrap();
    ck.add(max_depth as u64);
    ck.add(c);
    free(long_lived);

    writeln!(out, "checksum: {:016x}", ck.value()).unwrap();
}
