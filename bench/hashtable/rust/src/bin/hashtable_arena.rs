//! hashtable over an index + generation arena: entries live in one Vec of
//! slots, a link is (index, generation), every access compares the link's
//! generation with the slot's (the arena analogue of a genref check), a
//! freed slot's generation rises before it goes on the free list, and the
//! lookup cache holds links that may be stale: `alive()` asks.

use hashtable::*;

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

#[derive(Clone, Copy)]
struct Entry {
    key: u64,
    value: u64,
    next: Ref,
}

struct Slot {
    gen: u32, // odd: occupied, even: free
    e: Entry,
}

#[cold]
#[inline(never)]
fn use_after_free(r: Ref) -> ! {
    eprintln!("hashtable_arena: use after free of slot {} (generation {})", r.index, r.gen);
    std::process::exit(1);
}

struct ArenaTable {
    slots: Vec<Slot>,
    free: Vec<u32>,
    buckets: Vec<Ref>,
    bits: u32,
    count: usize,
    cache: Vec<Ref>,
}

impl ArenaTable {
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
    fn get(&self, r: Ref) -> &Entry {
        let slot = &self.slots[r.index as usize];
        if slot.gen != r.gen {
            use_after_free(r);
        }
        &slot.e
    }
    #[inline]
    fn get_mut(&mut self, r: Ref) -> &mut Entry {
        let slot = &mut self.slots[r.index as usize];
        if slot.gen != r.gen {
            use_after_free(r);
        }
        &mut slot.e
    }
    #[inline]
    fn alive(&self, r: Ref) -> bool {
        !r.is_nil() && self.slots[r.index as usize].gen == r.gen
    }
    fn release(&mut self, r: Ref) {
        let slot = &mut self.slots[r.index as usize];
        if slot.gen != r.gen {
            use_after_free(r);
        }
        slot.gen = slot.gen.wrapping_add(1);
        self.free.push(r.index);
    }
    fn bucket_of(&self, key: u64) -> usize {
        (hash_key(key) >> (64 - self.bits)) as usize
    }
    fn find_entry(&mut self, key: u64) -> Ref {
        let slot = cache_slot(key);
        let c = self.cache[slot];
        if self.alive(c) && self.get(c).key == key {
            return c;
        }
        let mut e = self.buckets[self.bucket_of(key)];
        while !e.is_nil() {
            let en = self.get(e);
            if en.key == key {
                self.cache[slot] = e;
                return e;
            }
            e = en.next;
        }
        NIL
    }
    fn grow(&mut self) {
        let old = std::mem::take(&mut self.buckets);
        self.bits += 1;
        self.buckets = vec![NIL; 1 << self.bits];
        for head in old {
            let mut e = head;
            while !e.is_nil() {
                let en = *self.get(e);
                let b = self.bucket_of(en.key);
                self.get_mut(e).next = self.buckets[b];
                self.buckets[b] = e;
                e = en.next;
            }
        }
    }
}

impl Table for ArenaTable {
    fn new() -> Self {
        ArenaTable {
            slots: Vec::new(),
            free: Vec::new(),
            buckets: vec![NIL; 16],
            bits: 4,
            count: 0,
            cache: vec![NIL; CACHE_SIZE],
        }
    }
    fn find(&mut self, key: u64) -> Option<u64> {
        let e = self.find_entry(key);
        if e.is_nil() {
            None
        } else {
            Some(self.get(e).value)
        }
    }
    fn put(&mut self, key: u64, value: u64) -> bool {
        let e = self.find_entry(key);
        if !e.is_nil() {
            self.get_mut(e).value = value;
            return false;
        }
        if self.count >= 1 << self.bits {
            self.grow();
        }
        let b = self.bucket_of(key);
        let next = self.buckets[b];
        self.buckets[b] = self.alloc(Entry { key, value, next });
        self.count += 1;
        true
    }
    fn delete(&mut self, key: u64) -> u64 {
        let b = self.bucket_of(key);
        let mut prev = NIL;
        let mut e = self.buckets[b];
        while !e.is_nil() {
            let en = *self.get(e);
            if en.key == key {
                if !prev.is_nil() {
                    self.get_mut(prev).next = en.next;
                } else {
                    self.buckets[b] = en.next;
                }
                self.release(e);
                self.count -= 1;
                return en.value + 1;
            }
            prev = e;
            e = en.next;
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
    main_with::<ArenaTable>();
}
