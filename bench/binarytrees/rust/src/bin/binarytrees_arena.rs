//! binarytrees over an index + generation arena: nodes live in one Vec of
//! slots, a link is (index, generation), every access compares the link's
//! generation with the slot's (the arena analogue of a genref check), and a
//! freed slot's generation rises before it goes on the free list.

use binarytrees::run;

#[derive(Clone, Copy, PartialEq, Eq)]
struct Handle {
    index: u32,
    gen: u32,
}

const NULL: Handle = Handle { index: u32::MAX, gen: 0 };

#[derive(Clone, Copy)]
struct Node {
    item: u64,
    left: Handle,
    right: Handle,
}

struct Slot {
    gen: u32, // odd: occupied, even: free
    node: Node,
}

struct Arena {
    slots: Vec<Slot>,
    free: Vec<u32>,
}

impl Arena {
    fn new() -> Arena {
        Arena { slots: Vec::new(), free: Vec::new() }
    }

    fn alloc(&mut self, node: Node) -> Handle {
        if let Some(index) = self.free.pop() {
            let slot = &mut self.slots[index as usize];
            slot.gen = slot.gen.wrapping_add(1);
            slot.node = node;
            Handle { index, gen: slot.gen }
        } else {
            let index = self.slots.len() as u32;
            self.slots.push(Slot { gen: 1, node });
            Handle { index, gen: 1 }
        }
    }

    #[inline]
    fn get(&self, h: Handle) -> &Node {
        let slot = &self.slots[h.index as usize];
        if slot.gen != h.gen {
            use_after_free(h);
        }
        &slot.node
    }

    fn release(&mut self, h: Handle) {
        let slot = &mut self.slots[h.index as usize];
        if slot.gen != h.gen {
            use_after_free(h);
        }
        slot.gen = slot.gen.wrapping_add(1);
        self.free.push(h.index);
    }
}

#[cold]
#[inline(never)]
fn use_after_free(h: Handle) -> ! {
    eprintln!("arena: use-after-free of slot {} (generation {})", h.index, h.gen);
    std::process::exit(1);
}

fn bottom_up_tree(a: &mut Arena, item: u64, depth: i32) -> Handle {
    let (left, right) = if depth > 0 {
        (
            bottom_up_tree(a, item.wrapping_mul(2).wrapping_sub(1), depth - 1),
            bottom_up_tree(a, item.wrapping_mul(2), depth - 1),
        )
    } else {
        (NULL, NULL)
    };
    a.alloc(Node { item, left, right })
}

fn item_check(a: &Arena, h: Handle) -> u64 {
    let n = a.get(h);
    if n.left == NULL {
        return n.item;
    }
    n.item
        .wrapping_add(item_check(a, n.left))
        .wrapping_sub(item_check(a, n.right))
}

fn free_tree(a: &mut Arena, h: Handle) {
    let n = *a.get(h);
    if n.left != NULL {
        free_tree(a, n.left);
        free_tree(a, n.right);
    }
    a.release(h);
}

fn main() {
    let arena = std::cell::RefCell::new(Arena::new());
    run(
        |item, depth| bottom_up_tree(&mut arena.borrow_mut(), item, depth),
        |&t| item_check(&arena.borrow(), t),
        |t| free_tree(&mut arena.borrow_mut(), t),
    );
}
