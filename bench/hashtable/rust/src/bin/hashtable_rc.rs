//! hashtable with idiomatic shared ownership: entries are
//! `Rc<RefCell<Entry>>` chained through `Option<Rc<..>>`, and the lookup
//! cache holds `Weak` references: a delete does not touch the cache, and
//! `upgrade()` says whether a cached entry is still there.

use hashtable::*;
use std::cell::RefCell;
use std::rc::{Rc, Weak};

type ERef = Rc<RefCell<Entry>>;

struct Entry {
    key: u64,
    value: u64,
    next: Option<ERef>,
}

struct RcTable {
    buckets: Vec<Option<ERef>>,
    bits: u32,
    count: usize,
    cache: Vec<Weak<RefCell<Entry>>>,
}

impl RcTable {
    fn bucket_of(&self, key: u64) -> usize {
        (hash_key(key) >> (64 - self.bits)) as usize
    }
    fn find_entry(&mut self, key: u64) -> Option<ERef> {
        let slot = cache_slot(key);
        if let Some(c) = self.cache[slot].upgrade() {
            if c.borrow().key == key {
                return Some(c);
            }
        }
        let mut e = self.buckets[self.bucket_of(key)].clone();
        while let Some(entry) = e {
            if entry.borrow().key == key {
                self.cache[slot] = Rc::downgrade(&entry);
                return Some(entry);
            }
            e = entry.borrow().next.clone();
        }
        None
    }
    fn grow(&mut self) {
        let old = std::mem::take(&mut self.buckets);
        self.bits += 1;
        self.buckets = vec![None; 1 << self.bits];
        for mut e in old {
            while let Some(entry) = e {
                let b = self.bucket_of(entry.borrow().key);
                let mut eb = entry.borrow_mut();
                e = eb.next.take();
                eb.next = self.buckets[b].take();
                drop(eb);
                self.buckets[b] = Some(entry);
            }
        }
    }
}

impl Drop for RcTable {
    fn drop(&mut self) {
        // Unlink iteratively: a long chain would recurse in drop.
        for b in self.buckets.iter_mut() {
            let mut e = b.take();
            while let Some(entry) = e {
                e = entry.borrow_mut().next.take();
            }
        }
    }
}

impl Table for RcTable {
    fn new() -> Self {
        RcTable { buckets: vec![None; 16], bits: 4, count: 0, cache: vec![Weak::new(); CACHE_SIZE] }
    }
    fn find(&mut self, key: u64) -> Option<u64> {
        self.find_entry(key).map(|e| e.borrow().value)
    }
    fn put(&mut self, key: u64, value: u64) -> bool {
        if let Some(e) = self.find_entry(key) {
            e.borrow_mut().value = value;
            return false;
        }
        if self.count >= 1 << self.bits {
            self.grow();
        }
        let b = self.bucket_of(key);
        let next = self.buckets[b].take();
        self.buckets[b] = Some(Rc::new(RefCell::new(Entry { key, value, next })));
        self.count += 1;
        true
    }
    fn delete(&mut self, key: u64) -> u64 {
        let b = self.bucket_of(key);
        let mut prev: Option<ERef> = None;
        let mut e = self.buckets[b].clone();
        while let Some(entry) = e {
            if entry.borrow().key == key {
                let next = entry.borrow_mut().next.take();
                match prev {
                    Some(p) => p.borrow_mut().next = next,
                    None => self.buckets[b] = next,
                }
                self.count -= 1;
                let v = entry.borrow().value + 1;
                return v; // `entry` dropped here: the last strong reference
            }
            e = entry.borrow().next.clone();
            prev = Some(entry);
        }
        0
    }
    fn count(&self) -> usize {
        self.count
    }
    fn buckets(&self) -> usize {
        1 << self.bits
    }
}

fn main() {
    main_with::<RcTable>();
}
