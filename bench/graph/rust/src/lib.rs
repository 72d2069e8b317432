//! Shared by both binaries: the PRNG, the checksum, the constants and the
//! argument of graph.c, bit for bit.

pub const ROUNDS: i32 = 4;
pub const STEPS: i32 = 6;
pub const DEGREE: i32 = 8;
pub const MAX_WEIGHT: u32 = 1000;
pub const INF: i64 = i64::MAX;

/// xorshift64*, as in graph.c.
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
    pub fn below(&mut self, bound: u32) -> u32 {
        ((self.next() >> 32) % bound as u64) as u32
    }
    pub fn for_round(round: i32) -> Rng {
        Rng(0x243F6A8885A308D3u64.wrapping_add(round as u64 * 104729))
    }
}

pub struct Checksum(pub u64);

impl Checksum {
    pub fn new() -> Checksum {
        Checksum(0xcbf29ce484222325)
    }
    pub fn mix(&mut self, v: u64) {
        self.0 = (self.0 ^ v).wrapping_mul(0x100000001b3);
    }
}

impl Default for Checksum {
    fn default() -> Self {
        Checksum::new()
    }
}

/// argv[1] (vertices) as graph.c reads it; exits 2 when out of range.
pub fn vertices_arg() -> i32 {
    let n = match std::env::args().nth(1) {
        None => 60000,
        Some(a) => {
            let t = a.trim_start();
            let mut v: i64 = 0;
            for b in t.bytes().take_while(|b| b.is_ascii_digit()) {
                v = v.saturating_mul(10).saturating_add((b - b'0') as i64);
            }
            v
        }
    };
    if !(2..=50_000_000).contains(&n) {
        eprintln!("usage: graph [vertices >= 2]");
        std::process::exit(2);
    }
    n as i32
}

pub fn print_header(n: i32) {
    println!(
        "graph: {} vertices, {} edges each, {} rounds of {} runs",
        n, DEGREE, ROUNDS, STEPS
    );
}
