//! Shared by both binaries: json.c's document generator, parser (over a
//! `Builder` that makes the tree), printing helpers and driver, bit for bit.

pub const ROUNDS: i32 = 4;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Null = 0,
    False,
    True,
    Num,
    Str,
    Arr,
    Obj,
}
pub const KINDS: usize = 7;

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

const SYLLABLES: [&str; 16] = [
    "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ber", "dan", "el", "for", "gan", "hul", "is",
    "or",
];
const KEYS: [&str; 12] =
    ["a", "b", "value", "list", "meta", "tmp", "label", "n", "items", "ok", "ref", "data"];

// ------------------------------------------------------------ generator

fn put_num(b: &mut Vec<u8>, v: i64) {
    b.extend_from_slice(v.to_string().as_bytes());
}

fn gen_ws(rng: &mut Rng, b: &mut Vec<u8>) {
    if rng.next() & 3 == 0 {
        b.push(b' ');
    }
}

fn gen_string(rng: &mut Rng, b: &mut Vec<u8>) {
    let r = rng.next();
    let words = 1 + (r & 3) as u32;
    b.push(b'"');
    for w in 0..words {
        if w > 0 {
            b.push(b' ');
        }
        for s in 0..1 + ((r >> (8 + 2 * w)) & 3) as u32 {
            b.extend_from_slice(SYLLABLES[((r >> (16 + 4 * w + s)) & 15) as usize].as_bytes());
        }
    }
    match (r >> 40) % 16 {
        0 => b.extend_from_slice(b"\\\"q\\\""),
        1 => b.extend_from_slice(b"\\\\"),
        2 => b.extend_from_slice(b"\\n"),
        3 => b.extend_from_slice(b"\\t"),
        _ => {}
    }
    b.push(b'"');
}

fn gen_value(rng: &mut Rng, b: &mut Vec<u8>, depth: i32) {
    let r = rng.next();
    let mut what = (r & 7) as u32;
    if depth == 0 && what >= 6 {
        what = 3;
    }
    match what {
        0 => b.extend_from_slice(b"null"),
        1 => b.extend_from_slice(b"true"),
        2 => b.extend_from_slice(b"false"),
        3 | 4 => put_num(b, ((r >> 8) % 2000001) as i64 - 1000000),
        5 => gen_string(rng, b),
        6 => {
            let n = (r >> 8) % 5;
            b.push(b'[');
            for i in 0..n {
                if i > 0 {
                    b.push(b',');
                    gen_ws(rng, b);
                }
                gen_value(rng, b, depth - 1);
            }
            b.push(b']');
        }
        _ => {
            let n = (r >> 8) % 5;
            b.push(b'{');
            for i in 0..n {
                if i > 0 {
                    b.push(b',');
                    gen_ws(rng, b);
                }
                b.push(b'"');
                b.extend_from_slice(KEYS[((r >> (12 + 4 * i)) % 12) as usize].as_bytes());
                b.extend_from_slice(b"\":");
                gen_ws(rng, b);
                gen_value(rng, b, depth - 1);
            }
            b.push(b'}');
        }
    }
}

fn gen_record(rng: &mut Rng, b: &mut Vec<u8>, id: i64) {
    let r = rng.next();
    b.extend_from_slice(b"{\"id\": ");
    put_num(b, id);
    b.extend_from_slice(b", \"name\": ");
    gen_string(rng, b);
    b.extend_from_slice(if r & 1 != 0 { b", \"active\": true" } else { b", \"active\": false" });
    b.extend_from_slice(b", \"score\": ");
    put_num(b, ((r >> 1) % 100000) as i64);
    b.extend_from_slice(b", \"tags\": [");
    for i in 0..(r >> 20) % 6 {
        if i > 0 {
            b.extend_from_slice(b", ");
        }
        gen_string(rng, b);
    }
    b.extend_from_slice(b"], \"pos\": {\"x\": ");
    put_num(b, ((r >> 24) % 1000) as i64 - 500);
    b.extend_from_slice(b", \"y\": ");
    put_num(b, ((r >> 34) % 1000) as i64 - 500);
    b.push(b'}');
    if (r >> 44) & 1 != 0 {
        b.extend_from_slice(b", \"tmp\": ");
        gen_value(rng, b, 2);
    }
    b.extend_from_slice(b", \"extra\": ");
    gen_value(rng, b, 3);
    b.push(b'}');
}

fn gen_document(rng: &mut Rng, b: &mut Vec<u8>, records: i64) {
    b.extend_from_slice(b"[\n");
    for i in 0..records {
        if i > 0 {
            b.extend_from_slice(b",\n");
        }
        gen_record(rng, b, i);
    }
    b.extend_from_slice(b"\n]\n");
}

// --------------------------------------------------------------- parser

/// How a parsed document becomes a tree.
pub trait Builder {
    type N: Clone;
    /// A new node whose (weak) parent is `parent`.
    fn node(&mut self, kind: Kind, num: i64, s: Vec<u8>, parent: Option<&Self::N>) -> Self::N;
    /// Appends `child` (a member named `key` of an object) to `parent`.
    fn append(&mut self, parent: &Self::N, key: Option<Vec<u8>>, child: Self::N);
}

struct Parser<'a> {
    t: &'a [u8],
    p: usize,
}

impl<'a> Parser<'a> {
    fn at(&self) -> u8 {
        if self.p < self.t.len() {
            self.t[self.p]
        } else {
            0
        }
    }
    fn error(&self, what: &str) -> ! {
        let end = (self.p + 20).min(self.t.len());
        eprintln!("json: parse error: {} at '{}'", what, String::from_utf8_lossy(&self.t[self.p..end]));
        std::process::exit(1);
    }
    fn skip_ws(&mut self) {
        while matches!(self.at(), b' ' | b'\n' | b'\t' | b'\r') {
            self.p += 1;
        }
    }
    fn expect(&mut self, c: u8) {
        self.skip_ws();
        if self.at() != c {
            self.error("unexpected character");
        }
        self.p += 1;
    }
    fn string(&mut self) -> Vec<u8> {
        self.p += 1;
        let mut s = Vec::new();
        loop {
            let mut c = self.at();
            match c {
                0 => self.error("unterminated string"),
                b'"' => break,
                b'\\' => {
                    self.p += 1;
                    c = match self.at() {
                        b'n' => b'\n',
                        b't' => b'\t',
                        x => x,
                    };
                }
                _ => {}
            }
            s.push(c);
            self.p += 1;
        }
        self.p += 1;
        s
    }
    fn word(&mut self, w: &[u8]) -> bool {
        if self.t[self.p..].starts_with(w) {
            self.p += w.len();
            true
        } else {
            false
        }
    }
    fn value<B: Builder>(&mut self, b: &mut B, parent: Option<&B::N>) -> B::N {
        self.skip_ws();
        let c = self.at();
        if c == b'{' || c == b'[' {
            let obj = c == b'{';
            let close = if obj { b'}' } else { b']' };
            let n = b.node(if obj { Kind::Obj } else { Kind::Arr }, 0, Vec::new(), parent);
            self.p += 1;
            self.skip_ws();
            if self.at() == close {
                self.p += 1;
                return n;
            }
            loop {
                let mut key = None;
                if obj {
                    self.skip_ws();
                    if self.at() != b'"' {
                        self.error("expected a key");
                    }
                    key = Some(self.string());
                    self.expect(b':');
                }
                let child = self.value(b, Some(&n));
                b.append(&n, key, child);
                self.skip_ws();
                if self.at() == b',' {
                    self.p += 1;
                    continue;
                }
                self.expect(close);
                return n;
            }
        }
        if c == b'"' {
            let s = self.string();
            return b.node(Kind::Str, 0, s, parent);
        }
        if c == b'-' || c.is_ascii_digit() {
            let neg = c == b'-';
            if neg {
                self.p += 1;
            }
            let mut v: i64 = 0;
            while self.at().is_ascii_digit() {
                v = v * 10 + (self.at() - b'0') as i64;
                self.p += 1;
            }
            return b.node(Kind::Num, if neg { -v } else { v }, Vec::new(), parent);
        }
        if self.word(b"null") {
            return b.node(Kind::Null, 0, Vec::new(), parent);
        }
        if self.word(b"true") {
            return b.node(Kind::True, 0, Vec::new(), parent);
        }
        if self.word(b"false") {
            return b.node(Kind::False, 0, Vec::new(), parent);
        }
        self.error("unexpected value");
    }
}

pub fn parse<B: Builder>(b: &mut B, text: &[u8]) -> B::N {
    let mut ps = Parser { t: text, p: 0 };
    let root = ps.value(b, None);
    ps.skip_ws();
    if ps.p != text.len() {
        ps.error("trailing text");
    }
    root
}

// ---------------------------------------------------------------- print

pub fn print_string(b: &mut Vec<u8>, s: &[u8]) {
    b.push(b'"');
    for &c in s {
        match c {
            b'"' | b'\\' => {
                b.push(b'\\');
                b.push(c);
            }
            b'\n' => b.extend_from_slice(b"\\n"),
            b'\t' => b.extend_from_slice(b"\\t"),
            _ => b.push(c),
        }
    }
    b.push(b'"');
}

pub fn print_num(b: &mut Vec<u8>, v: i64) {
    put_num(b, v);
}

fn hash_bytes(p: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &c in p {
        h = (h ^ c as u64).wrapping_mul(0x100000001b3);
    }
    h
}

// --------------------------------------------------------------- driver

#[derive(Default)]
pub struct Stats {
    pub kinds: [u64; KINDS],
    pub num_sum: u64,
    pub str_bytes: u64,
    pub key_bytes: u64,
    pub depth_sum: u64,
    pub max_depth: i32,
}

/// One implementation of json.c's tree.
pub trait Doc: Builder + Sized {
    fn new() -> Self;
    fn walk(&self, n: &Self::N, depth: i32, st: &mut Stats);
    /// For each record: id * 31 + pos.x summed, tags counted, score doubled.
    fn query(&mut self, root: &Self::N) -> (u64, u64);
    fn remove_members(&mut self, n: &Self::N, key: &[u8]) -> i64;
    fn print(&self, n: &Self::N, out: &mut Vec<u8>);
    fn count(&self, n: &Self::N) -> usize;
    fn free(&mut self, n: Self::N);
}

fn records_arg() -> i64 {
    let k = match std::env::args().nth(1) {
        None => 30000,
        Some(a) => {
            let mut v: i64 = 0;
            for b in a.trim_start().bytes().take_while(|b| b.is_ascii_digit()) {
                v = v.saturating_mul(10).saturating_add((b - b'0') as i64);
            }
            v
        }
    };
    if !(1..=100_000_000).contains(&k) {
        eprintln!("usage: json [records >= 1]");
        std::process::exit(2);
    }
    k
}

pub fn main_with<D: Doc>() {
    let records = records_arg();
    println!("json: {} records, {} rounds", records, ROUNDS);
    let mut sum: u64 = 0xcbf29ce484222325;
    let mut mix = |v: u64| sum = (sum ^ v).wrapping_mul(0x100000001b3);
    let mut d = D::new();
    for round in 0..ROUNDS {
        let mut rng = Rng(0x6A09E667F3BCC908u64.wrapping_add(round as u64 * 7919));
        let mut text = Vec::with_capacity(4096);
        gen_document(&mut rng, &mut text, records);
        let root = parse(&mut d, &text);
        let mut st = Stats::default();
        d.walk(&root, 0, &mut st);
        let (q, tags) = d.query(&root);
        let removed = d.remove_members(&root, b"tmp");
        let mut out = Vec::with_capacity(4096);
        d.print(&root, &mut out);
        let again = parse(&mut d, &out);
        let mut out2 = Vec::with_capacity(4096);
        d.print(&again, &mut out2);
        let same = out == out2;
        println!(
            "round {}: {} bytes in, {} records, {} nodes ({} strings, {} numbers), depth {}, {} removed, {} bytes out, reprint {}",
            round,
            text.len(),
            d.count(&root),
            st.kinds.iter().sum::<u64>(),
            st.kinds[Kind::Str as usize],
            st.kinds[Kind::Num as usize],
            st.max_depth,
            removed,
            out.len(),
            if same { "identical" } else { "DIFFERS" }
        );
        for k in st.kinds {
            mix(k);
        }
        for v in [st.num_sum, st.str_bytes, st.key_bytes, st.depth_sum, st.max_depth as u64, q, tags] {
            mix(v);
        }
        mix(removed as u64);
        mix(same as u64);
        out.push(0); // json.c hashes its print with the terminating NUL
        mix(hash_bytes(&out));
        d.free(again);
        d.free(root);
    }
    println!("checksum: {:016x}", sum);
}
