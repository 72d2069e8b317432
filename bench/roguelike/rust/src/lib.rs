//! Shared by both binaries: the constants, PRNG, hashing, argument parsing
//! and report of roguelike.c, bit for bit.

pub const W: usize = 256;
pub const H: usize = 256;
pub const POPULATION: u32 = 10000;
pub const INITIAL_UNITS: u32 = 8000;
pub const SPAWN_ATTEMPTS: u32 = 256;
pub const SIGHT: i32 = 5;
pub const LOSE_DIST: i32 = 8;
pub const MAX_HP: i32 = 80;
pub const DEFAULT_TURNS: i64 = 5000;

pub const DIR_X: [i32; 8] = [-1, 0, 1, -1, 1, -1, 0, 1];
pub const DIR_Y: [i32; 8] = [-1, -1, -1, 0, 0, 1, 1, 1];

pub const HASH_INIT: u64 = 14695981039346656037;

pub struct Rng(u64);

impl Rng {
    pub fn new() -> Rng {
        Rng(0xD1B54A32D192ED03)
    }
    #[inline]
    pub fn next_u32(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 32) as u32
    }
    #[inline]
    pub fn below(&mut self, bound: u32) -> u32 {
        self.next_u32() % bound
    }
}

#[inline]
pub fn hash_add(h: &mut u64, x: u64) {
    *h = (*h ^ x).wrapping_mul(1099511628211);
    *h ^= *h >> 32;
}

#[inline]
pub fn tile_xy(i: usize) -> (i32, i32) {
    ((i % W) as i32, (i / W) as i32)
}

#[inline]
pub fn chebyshev(a: usize, b: usize) -> i32 {
    let (ax, ay) = tile_xy(a);
    let (bx, by) = tile_xy(b);
    (ax - bx).abs().max((ay - by).abs())
}

/// argv[1] read as C's atol reads it (leading digits, 0 if none).
pub fn turns_from_args() -> i64 {
    match std::env::args().nth(1) {
        None => DEFAULT_TURNS,
        Some(a) => {
            let t = a.trim_start();
            let (neg, d) = match t.as_bytes().first() {
                Some(b'-') => (true, &t[1..]),
                Some(b'+') => (false, &t[1..]),
                _ => (false, t),
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

#[derive(Default)]
pub struct Stats {
    pub turns: i64,
    pub alive: u64,
    pub spawned: u64,
    pub killed: u64,
    pub attacks: u64,
    pub moves: u64,
    pub retargets: u64,
    pub lost: u64,
    pub state: u64,
    pub tiles: u64,
}

impl Stats {
    pub fn report(&self) {
        println!("roguelike: {}x{}, {} turns", W, H, self.turns);
        println!(
            "units: alive {} spawned {} killed {}",
            self.alive, self.spawned, self.killed
        );
        println!(
            "actions: attacks {} moves {} retargets {} lost {}",
            self.attacks, self.moves, self.retargets, self.lost
        );
        println!("state: {:016x} tiles {:016x}", self.state, self.tiles);
        let mut ck = HASH_INIT;
        for x in [
            self.turns as u64,
            self.alive,
            self.spawned,
            self.killed,
            self.attacks,
            self.moves,
            self.retargets,
            self.lost,
            self.state,
            self.tiles,
        ] {
            hash_add(&mut ck, x);
        }
        println!("checksum: {:016x}", ck);
    }
}
