//! lru with the idiomatic Rust list: `Rc<RefCell<Entry>>` entries, a strong
//! `next` (towards the least recently used), a `Weak` prev, a std
//! `HashMap` from key to entry (hashed with lru.c's hash_key).

use lru::*;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::{Rc, Weak};

#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("keys are u64")
    }
    fn write_u64(&mut self, k: u64) {
        self.0 = hash_key(k);
    }
}

struct Entry {
    key: u64,
    value: Vec<u8>,
    next: Option<EntryRef>,
    prev: Weak<RefCell<Entry>>,
}

type EntryRef = Rc<RefCell<Entry>>;

struct RcLru {
    map: HashMap<u64, EntryRef, BuildHasherDefault<KeyHasher>>,
    capacity: usize,
    head: Option<EntryRef>,
    tail: Weak<RefCell<Entry>>,
}

impl RcLru {
    fn unlink(&mut self, e: &EntryRef) {
        let (prev, next) = {
            let mut en = e.borrow_mut();
            (std::mem::take(&mut en.prev), en.next.take())
        };
        match prev.upgrade() {
            Some(p) => p.borrow_mut().next = next.clone(),
            None => self.head = next.clone(),
        }
        match next {
            Some(n) => n.borrow_mut().prev = prev,
            None => self.tail = prev,
        }
    }
    fn push_front(&mut self, e: &EntryRef) {
        let old = self.head.take();
        match &old {
            Some(h) => h.borrow_mut().prev = Rc::downgrade(e),
            None => self.tail = Rc::downgrade(e),
        }
        {
            let mut en = e.borrow_mut();
            en.prev = Weak::new();
            en.next = old;
        }
        self.head = Some(e.clone());
    }
    fn touch(&mut self, e: &EntryRef) {
        if !self.head.as_ref().is_some_and(|h| Rc::ptr_eq(h, e)) {
            self.unlink(e);
            self.push_front(e);
        }
    }
    fn evict(&mut self) -> u64 {
        let e = self.tail.upgrade().expect("evict from an empty cache");
        let key = e.borrow().key;
        self.map.remove(&key);
        self.unlink(&e);
        key
    }
}

impl Cache for RcLru {
    fn new(capacity: usize) -> Self {
        RcLru {
            map: HashMap::with_capacity_and_hasher(capacity, Default::default()),
            capacity,
            head: None,
            tail: Weak::new(),
        }
    }
    fn get<R>(&mut self, key: u64, f: impl FnOnce(&[u8]) -> R) -> Option<R> {
        let e = self.map.get(&key)?.clone();
        self.touch(&e);
        let r = f(&e.borrow().value);
        Some(r)
    }
    fn put(&mut self, key: u64, value: Vec<u8>, evicted: &mut u64) -> bool {
        if let Some(e) = self.map.get(&key).cloned() {
            e.borrow_mut().value = value;
            self.touch(&e);
            return false;
        }
        if self.map.len() == self.capacity {
            *evicted = evicted.wrapping_add(self.evict());
        }
        let e = Rc::new(RefCell::new(Entry { key, value, next: None, prev: Weak::new() }));
        self.push_front(&e);
        self.map.insert(key, e);
        true
    }
    fn delete(&mut self, key: u64) -> bool {
        match self.map.remove(&key) {
            Some(e) => {
                self.unlink(&e);
                true
            }
            None => false,
        }
    }
    fn order(&self) -> u64 {
        let (mut order, mut n) = (0u64, 0u64);
        let mut e = self.head.clone();
        while let Some(x) = e {
            let en = x.borrow();
            n += 1;
            order = order
                .wrapping_mul(31)
                .wrapping_add(en.key)
                .wrapping_add((*en.value.last().unwrap() as u64).wrapping_mul(n));
            e = en.next.clone();
        }
        order
    }
    fn count(&self) -> usize {
        self.map.len()
    }
    fn clear(&mut self) {
        while !self.map.is_empty() {
            self.evict();
        }
    }
}

fn main() {
    main_with::<RcLru>();
}
