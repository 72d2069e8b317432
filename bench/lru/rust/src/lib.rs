//! Shared by both binaries: the PRNG, hashing, values, checksum and the
//! driver of lru.c, bit for bit.

pub const ROUNDS: i32 = 4;
pub const OPS_PER_ENTRY: i64 = 20;

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

/// lru.c's make_value: "<key>:" and then letters, 12-64 bytes.
pub fn make_value(key: u64, r: u64) -> Vec<u8> {
    let len = 12 + ((r >> 24) % 53) as usize;
    let mut v = Vec::with_capacity(len);
    v.extend_from_slice(format!("{}:", key).as_bytes());
    v.truncate(len);
    for i in v.len()..len {
        v.push(b'a' + ((key + i as u64) % 26) as u8);
    }
    v
}

pub fn hash_value(v: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &c in v {
        h = (h ^ c as u64).wrapping_mul(0x100000001b3);
    }
    h
}

/// What one implementation provides; `main_with` is lru.c's main.
pub trait Cache {
    fn new(capacity: usize) -> Self;
    /// A hit becomes the most recently used; f sees its value.
    fn get<R>(&mut self, key: u64, f: impl FnOnce(&[u8]) -> R) -> Option<R>;
    /// true when the key was new; the evicted key (when full) is added to *evicted
    fn put(&mut self, key: u64, value: Vec<u8>, evicted: &mut u64) -> bool;
    /// removes key without touching the recency order; true when present
    fn delete(&mut self, key: u64) -> bool;
    /// lru.c's order hash over the list, most recent first
    fn order(&self) -> u64;
    fn count(&self) -> usize;
    /// evicts everything
    fn clear(&mut self);
}

fn capacity_arg() -> i64 {
    let k = match std::env::args().nth(1) {
        None => 100000,
        Some(a) => {
            let mut v: i64 = 0;
            for b in a.trim_start().bytes().take_while(|b| b.is_ascii_digit()) {
                v = v.saturating_mul(10).saturating_add((b - b'0') as i64);
            }
            v
        }
    };
    if !(16..=100_000_000).contains(&k) {
        eprintln!("usage: lru [capacity >= 16]");
        std::process::exit(2);
    }
    k
}

pub fn main_with<C: Cache>() {
    let capacity = capacity_arg();
    let ops = capacity * OPS_PER_ENTRY;
    let keyspace = 4 * capacity as u64;
    let hot = capacity as u64 / 2;
    println!("lru: capacity {}, {} rounds of {} operations", capacity, ROUNDS, ops);
    let mut h: u64 = 0xcbf29ce484222325;
    let mut mix = |v: u64| h = (h ^ v).wrapping_mul(0x100000001b3);
    for round in 0..ROUNDS {
        let mut rng = Rng(0xBB67AE8584CAA73Bu64.wrapping_add(round as u64 * 65537));
        let mut c = C::new(capacity as usize);
        let (mut hits, mut misses, mut inserted, mut updated, mut deleted) = (0u64, 0u64, 0u64, 0u64, 0u64);
        let (mut evicted, mut value_sum) = (0u64, 0u64);
        for _ in 0..ops {
            let r = rng.next();
            let mut key = (r >> 16) % keyspace;
            if r & 8 != 0 {
                key %= hot;
            }
            let op = r & 3;
            if op <= 1 {
                match c.get(key, hash_value) {
                    Some(v) => {
                        hits += 1;
                        value_sum = value_sum.wrapping_add(v);
                    }
                    None => misses += 1,
                }
            } else if op == 2 {
                if c.put(key, make_value(key, r), &mut evicted) {
                    inserted += 1;
                } else {
                    updated += 1;
                }
            } else if (r >> 4) & 15 == 0 {
                if c.delete(key) {
                    deleted += 1;
                }
            } else {
                match c.get(key, |v| v[0] as u64 + v.len() as u64) {
                    Some(v) => {
                        hits += 1;
                        value_sum = value_sum.wrapping_add(v);
                    }
                    None => {
                        misses += 1;
                        c.put(key, make_value(key, r), &mut evicted);
                        inserted += 1;
                    }
                }
            }
        }
        println!(
            "round {}: {} hits {} misses, {} inserted {} updated {} deleted, {} cached",
            round, hits, misses, inserted, updated, deleted, c.count()
        );
        for v in [hits, misses, inserted, updated, deleted, evicted, value_sum, c.order(), c.count() as u64] {
            mix(v);
        }
        c.clear();
    }
    println!("checksum: {:016x}", h);
}
