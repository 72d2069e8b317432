//! Shared by both binaries: the PRNG, hashing, checksum and the driver of
//! hashtable.c, bit for bit.

pub const ROUNDS: i32 = 4;
pub const OPS_PER_KEY: i64 = 10;
pub const CACHE_BITS: u32 = 12;
pub const CACHE_SIZE: usize = 1 << CACHE_BITS;

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
}

pub fn hash_key(mut key: u64) -> u64 {
    key ^= key >> 33;
    key = key.wrapping_mul(0xff51afd7ed558ccd);
    key ^= key >> 33;
    key
}

pub fn cache_slot(key: u64) -> usize {
    (key.wrapping_mul(0x9E3779B97F4A7C15) >> (64 - CACHE_BITS)) as usize
}

/// What one implementation provides; `main_with` is hashtable.c's main.
pub trait Table {
    fn new() -> Self;
    fn find(&mut self, key: u64) -> Option<u64>;
    /// true when the key was new
    fn put(&mut self, key: u64, value: u64) -> bool;
    /// the deleted value + 1, or 0
    fn delete(&mut self, key: u64) -> u64;
    fn count(&self) -> usize;
    fn buckets(&self) -> usize;
}

fn keys_arg() -> i64 {
    let k = match std::env::args().nth(1) {
        None => 400000,
        Some(a) => {
            let mut v: i64 = 0;
            for b in a.trim_start().bytes().take_while(|b| b.is_ascii_digit()) {
                v = v.saturating_mul(10).saturating_add((b - b'0') as i64);
            }
            v
        }
    };
    if !(16..=100_000_000).contains(&k) {
        eprintln!("usage: hashtable [keys >= 16]");
        std::process::exit(2);
    }
    k
}

pub fn main_with<T: Table>() {
    let keys = keys_arg();
    let ops = keys * OPS_PER_KEY;
    println!("hashtable: {} keys, {} rounds of {} operations", keys, ROUNDS, ops);
    let mut h: u64 = 0xcbf29ce484222325;
    let mut mix = |v: u64| h = (h ^ v).wrapping_mul(0x100000001b3);
    for round in 0..ROUNDS {
        let mut rng = Rng(0x3C6EF372FE94F82Bu64.wrapping_add(round as u64 * 15485863));
        let mut t = T::new();
        let (mut hits, mut misses, mut found_sum, mut inserted, mut updated) = (0u64, 0u64, 0u64, 0u64, 0u64);
        let (mut deleted, mut absent, mut deleted_sum) = (0u64, 0u64, 0u64);
        for _ in 0..ops {
            let r = rng.next();
            let key = (r >> 16) % keys as u64;
            let op = r & 3;
            if op <= 1 {
                match t.find(key) {
                    Some(v) => {
                        hits += 1;
                        found_sum = found_sum.wrapping_add(v);
                    }
                    None => misses += 1,
                }
            } else if op == 2 {
                if t.put(key, r >> 20) {
                    inserted += 1;
                } else {
                    updated += 1;
                }
            } else {
                let v = t.delete(key);
                if v != 0 {
                    deleted += 1;
                    deleted_sum = deleted_sum.wrapping_add(v);
                } else {
                    absent += 1;
                }
            }
        }
        println!(
            "round {}: {} hits {} misses, {} inserted {} updated, {} deleted {} absent, {} left in {} buckets",
            round, hits, misses, inserted, updated, deleted, absent, t.count(), t.buckets()
        );
        for v in [hits, misses, found_sum, inserted, updated, deleted, deleted_sum, t.count() as u64] {
            mix(v);
        }
    }
    println!("checksum: {:016x}", h);
}
