//! Shared by both binaries: the constants, PRNG, mixing, checksum and the
//! report of events.c, bit for bit.

pub const NTOPICS: u32 = 64;
pub const MAX_LIVE: u32 = 4096;
pub const INITIAL_TARGETS: u32 = 2048;
pub const MAX_SUBS: u32 = 4;
pub const AUDIT_PERIOD: i64 = 8192;
pub const DEFAULT_STEPS: i64 = 3000000;

pub struct Rng(u64);

impl Rng {
    pub fn new() -> Rng {
        Rng(0x9E3779B97F4A7C15)
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

/// splitmix64's finalizer
#[inline]
pub fn mix64(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xBF58476D1CE4E5B9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94D049BB133111EB);
    x ^= x >> 31;
    x
}

pub struct Checksum(u64);

impl Checksum {
    pub fn new() -> Checksum {
        Checksum(14695981039346656037)
    }
    pub fn add(&mut self, x: u64) {
        self.0 = (self.0 ^ x).wrapping_mul(1099511628211);
        self.0 ^= self.0 >> 32;
    }
}

/// argv[1] read as C's atol reads it (leading digits, 0 if none).
pub fn steps_from_args() -> i64 {
    match std::env::args().nth(1) {
        None => DEFAULT_STEPS,
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

/// Counters of a run, printed like events.c prints them.
#[derive(Default)]
pub struct Stats {
    pub created: u64,
    pub destroyed: u64,
    pub final_live: u64,
    pub published: u64,
    pub delivered: u64,
    pub subscribed: u64,
    pub pruned: u64,
    pub audits: u64,
    pub final_audit: u64,
    pub graveyard: u64,
}

impl Stats {
    pub fn report(&self) {
        println!(
            "targets: created {} destroyed {} live {}",
            self.created, self.destroyed, self.final_live
        );
        println!("events: published {} delivered {}", self.published, self.delivered);
        println!("subscriptions: made {} pruned {}", self.subscribed, self.pruned);
        println!(
            "audit: {:016x} final {:016x} graveyard {:016x}",
            self.audits, self.final_audit, self.graveyard
        );
        let mut ck = Checksum::new();
        for x in [
            self.created,
            self.destroyed,
            self.final_live,
            self.published,
            self.delivered,
            self.subscribed,
            self.pruned,
            self.audits,
            self.final_audit,
            self.graveyard,
        ] {
            ck.add(x);
        }
        println!("checksum: {:016x}", ck.0);
    }
}
