//! lru over an index + generation arena: entries live in the slots of one
//! Vec, every link (hash chain, next, prev, the bucket heads, head, tail)
//! is (index, generation), every access compares the link's generation
//! with the slot's (the arena analogue of a genref check), a freed slot's
//! generation rises before it goes on the free list.

use lru::*;

#[derive(Clone, Copy, PartialEq, Eq)]
struct Ref {
    index: u32,
    gen: u32,
}

const NIL: Ref = Ref { index: u32::MAX, gen: 0 };

impl Ref {
    fn is_nil(self) -> bool {
        self.index == u32::MAX
    }
}

struct Entry {
    key: u64,
    value: Vec<u8>,
    hnext: Ref,
    next: Ref,
    prev: Ref,
}

struct Slot {
    gen: u32, // odd: occupied, even: free
    e: Entry,
}

#[cold]
#[inline(never)]
fn use_after_free(r: Ref) -> ! {
    eprintln!("lru_arena: use after free of slot {} (generation {})", r.index, r.gen);
    std::process::exit(1);
}

struct ArenaLru {
    slots: Vec<Slot>,
    free: Vec<u32>,
    buckets: Vec<Ref>,
    bits: u32,
    count: usize,
    capacity: usize,
    head: Ref,
    tail: Ref,
}

impl ArenaLru {
    fn alloc(&mut self, e: Entry) -> Ref {
        if let Some(index) = self.free.pop() {
            let slot = &mut self.slots[index as usize];
            slot.gen = slot.gen.wrapping_add(1);
            slot.e = e;
            Ref { index, gen: slot.gen }
        } else {
            let index = self.slots.len() as u32;
            self.slots.push(Slot { gen: 1, e });
            Ref { index, gen: 1 }
        }
    }
    #[inline]
    fn at(&self, r: Ref) -> &Entry {
        let slot = &self.slots[r.index as usize];
        if slot.gen != r.gen {
            use_after_free(r);
        }
        &slot.e
    }
    #[inline]
    fn at_mut(&mut self, r: Ref) -> &mut Entry {
        let slot = &mut self.slots[r.index as usize];
        if slot.gen != r.gen {
            use_after_free(r);
        }
        &mut slot.e
    }
    fn release(&mut self, r: Ref) {
        let slot = &mut self.slots[r.index as usize];
        if slot.gen != r.gen {
            use_after_free(r);
        }
        slot.gen = slot.gen.wrapping_add(1);
        slot.e.value = Vec::new();
        self.free.push(r.index);
    }
    fn bucket_of(&self, key: u64) -> usize {
        (hash_key(key) >> (64 - self.bits)) as usize
    }
    fn find(&self, key: u64) -> Ref {
        let mut e = self.buckets[self.bucket_of(key)];
        while !e.is_nil() {
            let en = self.at(e);
            if en.key == key {
                return e;
            }
            e = en.hnext;
        }
        NIL
    }
    fn unlink(&mut self, e: Ref) {
        let (prev, next) = {
            let en = self.at(e);
            (en.prev, en.next)
        };
        if !prev.is_nil() {
            self.at_mut(prev).next = next;
        } else {
            self.head = next;
        }
        if !next.is_nil() {
            self.at_mut(next).prev = prev;
        } else {
            self.tail = prev;
        }
        let en = self.at_mut(e);
        en.prev = NIL;
        en.next = NIL;
    }
    fn push_front(&mut self, e: Ref) {
        let head = self.head;
        {
            let en = self.at_mut(e);
            en.prev = NIL;
            en.next = head;
        }
        if !head.is_nil() {
            self.at_mut(head).prev = e;
        } else {
            self.tail = e;
        }
        self.head = e;
    }
    fn touch(&mut self, e: Ref) {
        if self.head != e {
            self.unlink(e);
            self.push_front(e);
        }
    }
    fn remove(&mut self, e: Ref) {
        let (key, hnext) = {
            let en = self.at(e);
            (en.key, en.hnext)
        };
        let b = self.bucket_of(key);
        if self.buckets[b] == e {
            self.buckets[b] = hnext;
        } else {
            let mut p = self.buckets[b];
            while self.at(p).hnext != e {
                p = self.at(p).hnext;
            }
            self.at_mut(p).hnext = hnext;
        }
        self.unlink(e);
        self.count -= 1;
        self.release(e);
    }
    fn evict(&mut self) -> u64 {
        let e = self.tail;
        let key = self.at(e).key;
        self.remove(e);
        key
    }
}

impl Cache for ArenaLru {
    fn new(capacity: usize) -> Self {
        let mut bits = 4;
        while (1usize << bits) < capacity {
            bits += 1;
        }
        ArenaLru {
            slots: Vec::new(),
            free: Vec::new(),
            buckets: vec![NIL; 1 << bits],
            bits,
            count: 0,
            capacity,
            head: NIL,
            tail: NIL,
        }
    }
    fn get<R>(&mut self, key: u64, f: impl FnOnce(&[u8]) -> R) -> Option<R> {
        let e = self.find(key);
        if e.is_nil() {
            return None;
        }
        self.touch(e);
        Some(f(&self.at(e).value))
    }
    fn put(&mut self, key: u64, value: Vec<u8>, evicted: &mut u64) -> bool {
        let e = self.find(key);
        if !e.is_nil() {
            self.at_mut(e).value = value;
            self.touch(e);
            return false;
        }
        if self.count == self.capacity {
            *evicted = evicted.wrapping_add(self.evict());
        }
        let b = self.bucket_of(key);
        let hnext = self.buckets[b];
        let e = self.alloc(Entry { key, value, hnext, next: NIL, prev: NIL });
        self.buckets[b] = e;
        self.push_front(e);
        self.count += 1;
        true
    }
    fn delete(&mut self, key: u64) -> bool {
        let e = self.find(key);
        if e.is_nil() {
            return false;
        }
        self.remove(e);
        true
    }
    fn order(&self) -> u64 {
        let (mut order, mut n) = (0u64, 0u64);
        let mut e = self.head;
        while !e.is_nil() {
            let en = self.at(e);
            n += 1;
            order = order
                .wrapping_mul(31)
                .wrapping_add(en.key)
                .wrapping_add((*en.value.last().unwrap() as u64).wrapping_mul(n));
            e = en.next;
        }
        order
    }
    fn count(&self) -> usize {
        self.count
    }
    fn clear(&mut self) {
        while self.count > 0 {
            self.evict();
        }
    }
}

fn main() {
    main_with::<ArenaLru>();
}
