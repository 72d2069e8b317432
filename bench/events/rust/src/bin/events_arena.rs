//! events over an index + generation arena: targets live in one Vec of
//! slots, a subscription holds (index, generation), "alive" is a generation
//! comparison, and a freed slot's generation rises before it is reused.
//! Each topic's subscriptions are a Vec (events.c: a linked list; delivery
//! order does not change results).

use events::*;

#[derive(Clone, Copy)]
struct Handle {
    index: u32,
    gen: u32,
}

#[derive(Default)]
struct Target {
    id: u64,
    state: u64,
    received: u64,
}

struct Slot {
    gen: u32, // odd: occupied, even: free
    target: Target,
}

#[derive(Default)]
struct Arena {
    slots: Vec<Slot>,
    free: Vec<u32>,
}

#[cold]
#[inline(never)]
fn use_after_free(h: Handle) -> ! {
    eprintln!("arena: use-after-free of slot {} (generation {})", h.index, h.gen);
    std::process::exit(1);
}

impl Arena {
    fn alloc(&mut self, target: Target) -> Handle {
        if let Some(index) = self.free.pop() {
            let slot = &mut self.slots[index as usize];
            slot.gen = slot.gen.wrapping_add(1);
            slot.target = target;
            Handle { index, gen: slot.gen }
        } else {
            let index = self.slots.len() as u32;
            self.slots.push(Slot { gen: 1, target });
            Handle { index, gen: 1 }
        }
    }
    #[inline]
    fn alive(&self, h: Handle) -> bool {
        self.slots[h.index as usize].gen == h.gen
    }
    #[inline]
    fn get(&self, h: Handle) -> &Target {
        let slot = &self.slots[h.index as usize];
        if slot.gen != h.gen {
            use_after_free(h);
        }
        &slot.target
    }
    #[inline]
    fn get_mut(&mut self, h: Handle) -> &mut Target {
        let slot = &mut self.slots[h.index as usize];
        if slot.gen != h.gen {
            use_after_free(h);
        }
        &mut slot.target
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

struct Sub {
    tag: u64,
    target: Handle,
}

struct World {
    rng: Rng,
    arena: Arena,
    topics: Vec<Vec<Sub>>,
    live: Vec<Handle>,
    next_id: u64,
    st: Stats,
}

impl World {
    fn create_target(&mut self) {
        let id = self.next_id;
        self.next_id += 1;
        let t = self.arena.alloc(Target { id, state: 0, received: 0 });
        let n = 1 + self.rng.below(MAX_SUBS);
        for _ in 0..n {
            let topic = self.rng.below(NTOPICS);
            self.topics[topic as usize].push(Sub {
                tag: mix64(id.wrapping_mul(131).wrapping_add(topic as u64)),
                target: t,
            });
            self.st.subscribed += 1;
        }
        self.live.push(t);
        self.st.created += 1;
    }

    fn destroy_target(&mut self, index: usize) -> u64 {
        let t = self.live.swap_remove(index);
        let state = self.arena.get(t).state;
        self.arena.release(t);
        self.st.destroyed += 1;
        state
    }

    fn publish(&mut self, topic: u32, value: u64) {
        let st = &mut self.st;
        let arena = &mut self.arena;
        self.topics[topic as usize].retain(|s| {
            if arena.alive(s.target) {
                let t = arena.get_mut(s.target);
                t.state = t.state.wrapping_add(mix64(value ^ s.tag));
                t.received += 1;
                st.delivered += 1;
                true
            } else {
                st.pruned += 1;
                false
            }
        });
        st.published += 1;
    }

    fn audit(&self) -> u64 {
        let mut sum: u64 = 0;
        for &h in &self.live {
            let t = self.arena.get(h);
            sum = sum
                .wrapping_add(mix64(t.state ^ t.id))
                .wrapping_add(t.received);
        }
        sum
    }
}

fn main() {
    let steps = steps_from_args();
    let mut w = World {
        rng: Rng::new(),
        arena: Arena::default(),
        topics: (0..NTOPICS).map(|_| Vec::new()).collect(),
        live: Vec::with_capacity(MAX_LIVE as usize),
        next_id: 1,
        st: Stats::default(),
    };
    for _ in 0..INITIAL_TARGETS {
        w.create_target();
    }
    let mut audits: u64 = 0;
    let mut graveyard: u64 = 0;
    for step in 0..steps {
        let op = w.rng.below(16);
        if op < 6 {
            if w.rng.below(MAX_LIVE) >= w.live.len() as u32 {
                w.create_target();
            } else {
                let i = w.rng.below(w.live.len() as u32);
                graveyard = graveyard.wrapping_add(w.destroy_target(i as usize));
            }
        } else {
            let topic = w.rng.below(NTOPICS);
            let value = w.rng.next_u32() as u64;
            w.publish(topic, value);
        }
        if step % AUDIT_PERIOD == AUDIT_PERIOD - 1 {
            audits = audits.wrapping_mul(31).wrapping_add(w.audit());
        }
    }
    w.st.final_audit = w.audit();
    w.st.final_live = w.live.len() as u64;
    while !w.live.is_empty() {
        let i = w.live.len() - 1;
        graveyard = graveyard.wrapping_add(w.destroy_target(i));
    }
    for topic in 0..NTOPICS {
        w.publish(topic, 0);
    }
    w.st.audits = audits;
    w.st.graveyard = graveyard;
    w.st.report();
}
