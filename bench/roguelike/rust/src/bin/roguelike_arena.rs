//! roguelike over an index + generation arena: units live in one Vec of
//! slots; a tile's occupant and a hunter's target are (index, generation)
//! handles; "alive" is a generation comparison and every access through a
//! handle checks it; a freed slot's generation rises before reuse. The unit
//! list is a Vec of handles in order of birth whose dead entries become None
//! and are compacted at the end of each turn (roguelike.c: a linked list;
//! same order).

use roguelike::*;

#[derive(Clone, Copy, PartialEq, Eq)]
struct Handle {
    index: u32,
    gen: u32,
}

const NULL: Handle = Handle { index: u32::MAX, gen: 0 };

struct Unit {
    id: u64,
    hp: i32,
    atk: i32,
    kills: u32,
    tile: usize,
    target: Handle,
    slot: usize, // index in World::units
}

struct Slot {
    gen: u32, // odd: occupied, even: free
    unit: Unit,
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
    fn alloc(&mut self, unit: Unit) -> Handle {
        if let Some(index) = self.free.pop() {
            let slot = &mut self.slots[index as usize];
            slot.gen = slot.gen.wrapping_add(1);
            slot.unit = unit;
            Handle { index, gen: slot.gen }
        } else {
            let index = self.slots.len() as u32;
            self.slots.push(Slot { gen: 1, unit });
            Handle { index, gen: 1 }
        }
    }
    #[inline]
    fn alive(&self, h: Handle) -> bool {
        h != NULL && self.slots[h.index as usize].gen == h.gen
    }
    #[inline]
    fn get(&self, h: Handle) -> &Unit {
        let slot = &self.slots[h.index as usize];
        if slot.gen != h.gen {
            use_after_free(h);
        }
        &slot.unit
    }
    #[inline]
    fn get_mut(&mut self, h: Handle) -> &mut Unit {
        let slot = &mut self.slots[h.index as usize];
        if slot.gen != h.gen {
            use_after_free(h);
        }
        &mut slot.unit
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

struct Tile {
    wall: bool,
    visits: u32,
    occupant: Handle, // NULL: free
}

struct World {
    rng: Rng,
    arena: Arena,
    grid: Vec<Tile>,
    units: Vec<Option<Handle>>,
    count: u32,
    next_id: u64,
    st: Stats,
}

impl World {
    fn spawn(&mut self, where_: usize) {
        let id = self.next_id;
        self.next_id += 1;
        let hp = 30 + self.rng.below(30) as i32;
        let atk = 2 + self.rng.below(4) as i32;
        let slot = self.units.len();
        let u = self.arena.alloc(Unit { id, hp, atk, kills: 0, tile: where_, target: NULL, slot });
        self.grid[where_].occupant = u;
        self.units.push(Some(u));
        self.count += 1;
        self.st.spawned += 1;
    }

    fn spawn_some(&mut self, attempts: u32, limit: u32) {
        let mut a = 0;
        while a < attempts && self.count < limit {
            let i = self.rng.below((W * H) as u32) as usize;
            if !self.grid[i].wall && self.grid[i].occupant == NULL {
                self.spawn(i);
            }
            a += 1;
        }
    }

    fn destroy(&mut self, h: Handle) {
        let u = self.arena.get(h);
        let (tile, slot) = (u.tile, u.slot);
        self.grid[tile].occupant = NULL;
        self.units[slot] = None;
        self.arena.release(h);
        self.count -= 1;
    }

    fn find_nearest(&self, here: usize) -> Handle {
        let (x, y) = tile_xy(here);
        let mut best = NULL;
        let mut best_d = SIGHT + 1;
        for yy in (y - SIGHT).max(0)..=(y + SIGHT).min(H as i32 - 1) {
            for xx in (x - SIGHT).max(0)..=(x + SIGHT).min(W as i32 - 1) {
                let t = &self.grid[yy as usize * W + xx as usize];
                if t.occupant == NULL || (xx == x && yy == y) {
                    continue;
                }
                let d = (xx - x).abs().max((yy - y).abs());
                if d < best_d {
                    best_d = d;
                    best = t.occupant;
                }
            }
        }
        best
    }

    fn try_move(&mut self, h: Handle, dx: i32, dy: i32) -> bool {
        let from = self.arena.get(h).tile;
        let (x, y) = tile_xy(from);
        let (nx, ny) = (x + dx, y + dy);
        if nx < 0 || nx >= W as i32 || ny < 0 || ny >= H as i32 {
            return false;
        }
        let to = ny as usize * W + nx as usize;
        if self.grid[to].wall || self.grid[to].occupant != NULL {
            return false;
        }
        self.grid[from].occupant = NULL;
        self.grid[to].occupant = h;
        self.grid[to].visits += 1;
        self.arena.get_mut(h).tile = to;
        self.st.moves += 1;
        true
    }

    fn act(&mut self, h: Handle) {
        let target = self.arena.get(h).target;
        if self.arena.alive(target)
            && chebyshev(self.arena.get(h).tile, self.arena.get(target).tile) > LOSE_DIST
        {
            self.arena.get_mut(h).target = NULL;
            self.st.lost += 1;
        }
        if !self.arena.alive(self.arena.get(h).target) {
            let t = self.find_nearest(self.arena.get(h).tile);
            self.arena.get_mut(h).target = t;
            if t != NULL {
                self.st.retargets += 1;
            }
        }
        let t = self.arena.get(h).target;
        if !self.arena.alive(t) {
            let d = self.rng.below(8) as usize;
            self.try_move(h, DIR_X[d], DIR_Y[d]);
            return;
        }
        let (here, there) = (self.arena.get(h).tile, self.arena.get(t).tile);
        if chebyshev(here, there) <= 1 {
            let atk = self.arena.get(h).atk;
            let dmg = 1 + self.rng.below(atk as u32) as i32;
            let victim = self.arena.get_mut(t);
            victim.hp -= dmg;
            let dead = victim.hp <= 0;
            self.st.attacks += 1;
            if dead {
                self.destroy(t);
                self.st.killed += 1;
                let u = self.arena.get_mut(h);
                u.kills += 1;
                u.hp = MAX_HP.min(u.hp + 3);
            }
            return;
        }
        let (ax, ay) = tile_xy(here);
        let (bx, by) = tile_xy(there);
        let (dx, dy) = ((bx - ax).signum(), (by - ay).signum());
        if self.try_move(h, dx, dy) {
            return;
        }
        if dx != 0 && dy != 0 && !self.try_move(h, dx, 0) {
            self.try_move(h, 0, dy);
        }
    }

    fn compact(&mut self) {
        self.units.retain(Option::is_some);
        for i in 0..self.units.len() {
            let h = self.units[i].unwrap();
            self.arena.get_mut(h).slot = i;
        }
    }
}

fn main() {
    let turns = turns_from_args();
    let mut rng = Rng::new();
    let grid = (0..W * H)
        .map(|_| Tile { wall: rng.below(8) == 0, visits: 0, occupant: NULL })
        .collect();
    let mut w = World {
        rng,
        arena: Arena::default(),
        grid,
        units: Vec::new(),
        count: 0,
        next_id: 1,
        st: Stats::default(),
    };
    while w.count < INITIAL_UNITS {
        w.spawn_some(1, INITIAL_UNITS);
    }
    for _ in 0..turns {
        for i in 0..w.units.len() {
            if let Some(h) = w.units[i] {
                w.act(h);
            } // None: killed earlier this turn
        }
        w.compact();
        w.spawn_some(SPAWN_ATTEMPTS, POPULATION);
    }

    let mut state = HASH_INIT;
    for &h in w.units.iter().flatten() {
        let u = w.arena.get(h);
        let (x, y) = tile_xy(u.tile);
        hash_add(&mut state, u.id);
        hash_add(&mut state, u.hp as i64 as u64);
        hash_add(&mut state, u.kills as u64);
        hash_add(&mut state, x as u64);
        hash_add(&mut state, y as u64);
        let t = u.target;
        hash_add(&mut state, if w.arena.alive(t) { w.arena.get(t).id } else { 0 });
    }
    let mut tiles = HASH_INIT;
    for t in &w.grid {
        hash_add(&mut tiles, t.visits as u64);
    }
    w.st.turns = turns;
    w.st.alive = w.count as u64;
    w.st.state = state;
    w.st.tiles = tiles;
    w.st.report();
}
