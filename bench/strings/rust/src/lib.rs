//! Shared by both binaries: strings.c's text, tokenizer, hash of strings,
//! sorting and output, bit for bit, over a `Store` of word strings (the
//! binaries differ in how a word's string is held: `Rc<[u8]>` shared by the
//! word array and the hash, or an index + generation arena).

use std::cmp::Ordering;

pub const ROUNDS: i32 = 4;
pub const MAX_LEN: usize = 32;
pub const WIDTH: usize = 72;
pub const TOP: usize = 64;

const SYLLABLES: [&[u8]; 16] = [
    b"ka", b"lo", b"mi", b"ne", b"ru", b"sa", b"ti", b"vo", b"ber", b"dan", b"el", b"for", b"gan",
    b"hul", b"is", b"or",
];

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

/// Where the words' strings live.
pub trait Store {
    type H: Clone;
    fn new() -> Self;
    fn alloc(&mut self, bytes: &[u8]) -> Self::H;
    fn get<'a>(&'a self, h: &'a Self::H) -> &'a [u8];
    fn free(&mut self, h: Self::H);
}

struct Word<H> {
    s: H,
    len: usize,
    hash: u32,
    count: u32,
}

#[derive(Clone)]
struct Slot<H> {
    key: Option<H>,
    hash: u32,
    count: u32,
}

/// strings.c's open-addressing hash of strings.
struct Counts<H> {
    slots: Vec<Slot<H>>,
    mask: usize,
    used: usize,
}

impl<H: Clone> Counts<H> {
    fn new(n: usize) -> Self {
        Counts { slots: vec![Slot { key: None, hash: 0, count: 0 }; n], mask: n - 1, used: 0 }
    }
    fn grow(&mut self) {
        let old = std::mem::replace(self, Counts::new(2 * (self.mask + 1)));
        for s in old.slots {
            if s.key.is_none() {
                continue;
            }
            let mut j = s.hash as usize & self.mask;
            while self.slots[j].key.is_some() {
                j = (j + 1) & self.mask;
            }
            self.slots[j] = s;
            self.used += 1;
        }
    }
    fn add<S: Store<H = H>>(&mut self, st: &S, s: &H, hash: u32) {
        let mut i = hash as usize & self.mask;
        let bytes = st.get(s);
        while let Some(k) = &self.slots[i].key {
            if self.slots[i].hash == hash && st.get(k) == bytes {
                self.slots[i].count += 1;
                return;
            }
            i = (i + 1) & self.mask;
        }
        self.slots[i] = Slot { key: Some(s.clone()), hash, count: 1 };
        self.used += 1;
        if self.used * 2 > self.mask + 1 {
            self.grow();
        }
    }
    fn get<S: Store<H = H>>(&self, st: &S, bytes: &[u8], hash: u32) -> u32 {
        let mut i = hash as usize & self.mask;
        while let Some(k) = &self.slots[i].key {
            if self.slots[i].hash == hash && st.get(k) == bytes {
                return self.slots[i].count;
            }
            i = (i + 1) & self.mask;
        }
        0
    }
}

fn to_upper(c: u8) -> u8 {
    c.to_ascii_uppercase()
}

fn vocab_word(mut k: u32, out: &mut Vec<u8>) {
    out.clear();
    loop {
        out.extend_from_slice(SYLLABLES[(k & 15) as usize]);
        k >>= 4;
        if k == 0 {
            break;
        }
    }
}

fn gen_text(rng: &mut Rng, text: &mut Vec<u8>, words: i64) {
    let mut w = Vec::with_capacity(64);
    let (mut in_sentence, mut sentence_len, mut sentences) = (0i64, 0i64, 0i64);
    for _ in 0..words {
        let r = rng.next();
        let k2 = ((r & 0xffff) * ((r >> 16) & 0xffff)) >> 16;
        let k = ((k2 * ((r >> 48) & 0xffff)) >> 16) as u32;
        vocab_word(k, &mut w);
        if in_sentence == 0 {
            sentence_len = 5 + ((r >> 32) % 12) as i64;
            w[0] = to_upper(w[0]);
        }
        text.extend_from_slice(&w);
        in_sentence += 1;
        if in_sentence == sentence_len {
            in_sentence = 0;
            sentences += 1;
            if sentences % 7 == 0 {
                text.extend_from_slice(b".\n\n");
            } else {
                text.extend_from_slice(b". ");
            }
        } else if (r >> 40) % 9 == 0 {
            text.extend_from_slice(b", ");
        } else {
            text.push(b' ');
        }
    }
}

fn tokenize<S: Store>(st: &mut S, text: &[u8], v: &mut Vec<Word<S::H>>, hist: &mut [i32]) {
    let mut p = 0;
    let end = text.len();
    let mut s = Vec::with_capacity(64);
    while p < end {
        while p < end && !text[p].is_ascii_alphabetic() {
            p += 1;
        }
        if p == end {
            break;
        }
        let start = p;
        while p < end && text[p].is_ascii_alphabetic() {
            p += 1;
        }
        let len = p - start;
        s.clear();
        let mut h: u32 = 2166136261;
        for &c in &text[start..p] {
            let c = c.to_ascii_lowercase();
            s.push(c);
            h = (h ^ c as u32).wrapping_mul(16777619);
        }
        hist[if len < MAX_LEN { len } else { MAX_LEN - 1 }] += 1;
        let handle = st.alloc(&s);
        v.push(Word { s: handle, len, hash: h, count: 0 });
    }
}

fn hash_bytes(p: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &c in p {
        h = (h ^ c as u64).wrapping_mul(0x100000001b3);
    }
    h
}

fn words_arg() -> i64 {
    let k = match std::env::args().nth(1) {
        None => 500000,
        Some(a) => {
            let mut v: i64 = 0;
            for b in a.trim_start().bytes().take_while(|b| b.is_ascii_digit()) {
                v = v.saturating_mul(10).saturating_add((b - b'0') as i64);
            }
            v
        }
    };
    if !(16..=100_000_000).contains(&k) {
        eprintln!("usage: strings [words >= 16]");
        std::process::exit(2);
    }
    k
}

pub fn main_with<S: Store>() {
    let words = words_arg();
    println!("strings: {} words, {} rounds", words, ROUNDS);
    let mut sum: u64 = 0xcbf29ce484222325;
    let mut mix = |v: u64| sum = (sum ^ v).wrapping_mul(0x100000001b3);
    for round in 0..ROUNDS {
        let mut rng = Rng(0x9E3779B97F4A7C15u64.wrapping_add(round as u64 * 104729));
        let mut st = S::new();
        let mut text = Vec::with_capacity(4096);
        gen_text(&mut rng, &mut text, words);

        let mut v: Vec<Word<S::H>> = Vec::new();
        let mut hist = vec![0i32; MAX_LEN];
        tokenize(&mut st, &text, &mut v, &mut hist);

        let mut t = Counts::new(1024);
        for w in &v {
            t.add(&st, &w.s, w.hash);
        }

        v.sort_unstable_by(|a, b| st.get(&a.s).cmp(st.get(&b.s)));

        let mut uniq: Vec<u32> = Vec::with_capacity(t.used);
        let mut mismatches = 0u64;
        let mut i = 0;
        while i < v.len() {
            let mut j = i + 1;
            let si = st.get(&v[i].s);
            while j < v.len() && v[j].hash == v[i].hash && st.get(&v[j].s) == si {
                j += 1;
            }
            let count = (j - i) as u32;
            if t.get(&st, si, v[i].hash) != count {
                mismatches += 1;
            }
            v[i].count = count;
            uniq.push(i as u32);
            i = j;
        }

        let mut out: Vec<u8> = Vec::with_capacity(4096);
        let mut col = 0usize;
        for &u in &uniq {
            let w = &v[u as usize];
            if col > 0 && col + 1 + w.len > WIDTH {
                out.push(b'\n');
                col = 0;
            } else if col > 0 {
                out.push(b' ');
                col += 1;
            }
            let at = out.len();
            out.extend_from_slice(st.get(&w.s));
            out[at] = to_upper(out[at]);
            col += w.len;
        }
        out.push(b'\n');
        for line in out.split_mut(|&c| c == b'\n') {
            line.reverse();
        }

        uniq.sort_unstable_by(|&a, &b| {
            let (x, y) = (&v[a as usize], &v[b as usize]);
            if x.count != y.count {
                if x.count > y.count {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            } else {
                st.get(&x.s).cmp(st.get(&y.s))
            }
        });
        for (u, &i) in uniq.iter().enumerate().take(TOP) {
            let w = &v[i as usize];
            let word = std::str::from_utf8(st.get(&w.s)).unwrap();
            let line = format!("{:>3} {:<24} {:>6} {:>2}\n", u + 1, word, w.count, w.len);
            out.extend_from_slice(line.as_bytes());
        }

        let out_hash = hash_bytes(&out);
        let top = &v[uniq[0] as usize];
        println!(
            "round {}: {} bytes of text, {} words, {} distinct, most frequent '{}' x{}, {} bytes out, {} mismatches",
            round,
            text.len(),
            v.len(),
            uniq.len(),
            std::str::from_utf8(st.get(&top.s)).unwrap(),
            top.count,
            out.len(),
            mismatches
        );
        for x in [text.len() as u64, v.len() as u64, uniq.len() as u64, mismatches, out_hash] {
            mix(x);
        }
        for &h in &hist {
            mix(h as i64 as u64);
        }

        drop(t);
        let mut freed = 0u64;
        for w in v.drain(..) {
            st.free(w.s);
            freed += 1;
        }
        mix(freed);
    }
    println!("checksum: {:016x}", sum);
}
