//! events with idiomatic ownership: the live table owns each target
//! (Rc<RefCell<_>>), subscriptions hold a Weak and upgrade it to deliver;
//! a failed upgrade prunes the subscription. Each topic's subscriptions are
//! a Vec (events.c: a linked list; delivery order does not change results).

use events::*;
use std::cell::RefCell;
use std::rc::{Rc, Weak};

struct Target {
    id: u64,
    state: u64,
    received: u64,
}

struct Sub {
    tag: u64,
    target: Weak<RefCell<Target>>,
}

struct World {
    rng: Rng,
    topics: Vec<Vec<Sub>>,
    live: Vec<Rc<RefCell<Target>>>,
    next_id: u64,
    st: Stats,
}

impl World {
    fn create_target(&mut self) {
        let id = self.next_id;
        self.next_id += 1;
        let t = Rc::new(RefCell::new(Target { id, state: 0, received: 0 }));
        let n = 1 + self.rng.below(MAX_SUBS);
        for _ in 0..n {
            let topic = self.rng.below(NTOPICS);
            self.topics[topic as usize].push(Sub {
                tag: mix64(id.wrapping_mul(131).wrapping_add(topic as u64)),
                target: Rc::downgrade(&t),
            });
            self.st.subscribed += 1;
        }
        self.live.push(t);
        self.st.created += 1;
    }

    fn destroy_target(&mut self, index: usize) -> u64 {
        let t = self.live.swap_remove(index); // the last strong reference
        self.st.destroyed += 1;
        let state = t.borrow().state;
        state
    }

    fn publish(&mut self, topic: u32, value: u64) {
        let st = &mut self.st;
        self.topics[topic as usize].retain(|s| match s.target.upgrade() {
            Some(t) => {
                let mut t = t.borrow_mut();
                t.state = t.state.wrapping_add(mix64(value ^ s.tag));
                t.received += 1;
                st.delivered += 1;
                true
            }
            None => {
                st.pruned += 1;
                false
            }
        });
        st.published += 1;
    }

    fn audit(&self) -> u64 {
        let mut sum: u64 = 0;
        for t in &self.live {
            let t = t.borrow();
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
