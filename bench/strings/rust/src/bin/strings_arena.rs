//! strings over an index + generation arena: every word's string lives in a
//! slot of one Vec, a handle is (index, generation), every access compares
//! the handle's generation with the slot's (the arena analogue of a genref
//! check), and a freed slot's generation rises before it is reused.

use strings::*;

#[derive(Clone, Copy)]
struct Ref {
    index: u32,
    gen: u32,
}

struct Slot {
    gen: u32, // odd: occupied, even: free
    bytes: Vec<u8>,
}

#[cold]
#[inline(never)]
fn use_after_free(r: Ref) -> ! {
    eprintln!("strings_arena: use after free of slot {} (generation {})", r.index, r.gen);
    std::process::exit(1);
}

struct Arena {
    slots: Vec<Slot>,
    free: Vec<u32>,
}

impl Store for Arena {
    type H = Ref;
    fn new() -> Self {
        Arena { slots: Vec::new(), free: Vec::new() }
    }
    fn alloc(&mut self, bytes: &[u8]) -> Ref {
        if let Some(index) = self.free.pop() {
            let slot = &mut self.slots[index as usize];
            slot.gen = slot.gen.wrapping_add(1);
            slot.bytes.clear();
            slot.bytes.extend_from_slice(bytes);
            Ref { index, gen: slot.gen }
        } else {
            let index = self.slots.len() as u32;
            self.slots.push(Slot { gen: 1, bytes: bytes.to_vec() });
            Ref { index, gen: 1 }
        }
    }
    #[inline]
    fn get<'a>(&'a self, r: &'a Ref) -> &'a [u8] {
        let slot = &self.slots[r.index as usize];
        if slot.gen != r.gen {
            use_after_free(*r);
        }
        &slot.bytes
    }
    fn free(&mut self, r: Ref) {
        let slot = &mut self.slots[r.index as usize];
        if slot.gen != r.gen {
            use_after_free(r);
        }
        slot.gen = slot.gen.wrapping_add(1);
        self.free.push(r.index);
    }
}

fn main() {
    main_with::<Arena>();
}
