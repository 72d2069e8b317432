//! roguelike with idiomatic ownership: units are Rc<RefCell<Unit>>, owned
//! by the unit list and by the tile they stand on; a hunter holds a Weak to
//! its target and upgrades it each turn. A unit stands on a tile index.
//! The unit list is a Vec in order of birth whose dead entries become None
//! and are compacted at the end of each turn (roguelike.c: a linked list;
//! same order).

use roguelike::*;
use std::cell::RefCell;
use std::rc::{Rc, Weak};

struct Unit {
    id: u64,
    hp: i32,
    atk: i32,
    kills: u32,
    tile: usize,
    target: Weak<RefCell<Unit>>,
    slot: usize, // index in World::units
}

type UnitRc = Rc<RefCell<Unit>>;

struct Tile {
    wall: bool,
    visits: u32,
    occupant: Option<UnitRc>,
}

struct World {
    rng: Rng,
    grid: Vec<Tile>,
    units: Vec<Option<UnitRc>>,
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
        let u = Rc::new(RefCell::new(Unit {
            id,
            hp,
            atk,
            kills: 0,
            tile: where_,
            target: Weak::new(),
            slot: self.units.len(),
        }));
        self.grid[where_].occupant = Some(u.clone());
        self.units.push(Some(u));
        self.count += 1;
        self.st.spawned += 1;
    }

    fn spawn_some(&mut self, attempts: u32, limit: u32) {
        let mut a = 0;
        while a < attempts && self.count < limit {
            let i = self.rng.below((W * H) as u32) as usize;
            if !self.grid[i].wall && self.grid[i].occupant.is_none() {
                self.spawn(i);
            }
            a += 1;
        }
    }

    fn destroy(&mut self, u: &UnitRc) {
        let (tile, slot) = {
            let u = u.borrow();
            (u.tile, u.slot)
        };
        self.grid[tile].occupant = None;
        self.units[slot] = None;
        self.count -= 1;
    }

    fn find_nearest(&self, here: usize) -> Option<UnitRc> {
        let (x, y) = tile_xy(here);
        let mut best: Option<&UnitRc> = None;
        let mut best_d = SIGHT + 1;
        for yy in (y - SIGHT).max(0)..=(y + SIGHT).min(H as i32 - 1) {
            for xx in (x - SIGHT).max(0)..=(x + SIGHT).min(W as i32 - 1) {
                let t = &self.grid[yy as usize * W + xx as usize];
                let occ = match &t.occupant {
                    Some(o) if !(xx == x && yy == y) => o,
                    _ => continue,
                };
                let d = (xx - x).abs().max((yy - y).abs());
                if d < best_d {
                    best_d = d;
                    best = Some(occ);
                }
            }
        }
        best.cloned()
    }

    fn try_move(&mut self, u: &UnitRc, dx: i32, dy: i32) -> bool {
        let from = u.borrow().tile;
        let (x, y) = tile_xy(from);
        let (nx, ny) = (x + dx, y + dy);
        if nx < 0 || nx >= W as i32 || ny < 0 || ny >= H as i32 {
            return false;
        }
        let to = ny as usize * W + nx as usize;
        if self.grid[to].wall || self.grid[to].occupant.is_some() {
            return false;
        }
        let me = self.grid[from].occupant.take();
        self.grid[to].occupant = me;
        self.grid[to].visits += 1;
        u.borrow_mut().tile = to;
        self.st.moves += 1;
        true
    }

    fn act(&mut self, u: &UnitRc) {
        let mut target = u.borrow().target.upgrade();
        if let Some(t) = &target {
            if chebyshev(u.borrow().tile, t.borrow().tile) > LOSE_DIST {
                u.borrow_mut().target = Weak::new();
                self.st.lost += 1;
                target = None;
            }
        }
        if target.is_none() {
            target = self.find_nearest(u.borrow().tile);
            u.borrow_mut().target = match &target {
                Some(t) => {
                    self.st.retargets += 1;
                    Rc::downgrade(t)
                }
                None => Weak::new(),
            };
        }
        let t = match target {
            None => {
                let d = self.rng.below(8) as usize;
                self.try_move(u, DIR_X[d], DIR_Y[d]);
                return;
            }
            Some(t) => t,
        };
        let (here, there) = (u.borrow().tile, t.borrow().tile);
        if chebyshev(here, there) <= 1 {
            let atk = u.borrow().atk;
            let dmg = 1 + self.rng.below(atk as u32) as i32;
            let dead = {
                let mut t = t.borrow_mut();
                t.hp -= dmg;
                t.hp <= 0
            };
            self.st.attacks += 1;
            if dead {
                self.destroy(&t);
                self.st.killed += 1;
                let mut u = u.borrow_mut();
                u.kills += 1;
                u.hp = MAX_HP.min(u.hp + 3);
            }
            return;
        }
        let (ax, ay) = tile_xy(here);
        let (bx, by) = tile_xy(there);
        let (dx, dy) = ((bx - ax).signum(), (by - ay).signum());
        if self.try_move(u, dx, dy) {
            return;
        }
        if dx != 0 && dy != 0 && !self.try_move(u, dx, 0) {
            self.try_move(u, 0, dy);
        }
    }

    fn compact(&mut self) {
        self.units.retain(Option::is_some);
        for (i, u) in self.units.iter().enumerate() {
            u.as_ref().unwrap().borrow_mut().slot = i;
        }
    }
}

fn main() {
    let turns = turns_from_args();
    let mut rng = Rng::new();
    let grid = (0..W * H)
        .map(|_| Tile { wall: rng.below(8) == 0, visits: 0, occupant: None })
        .collect();
    let mut w = World {
        rng,
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
            let u = match &w.units[i] {
                Some(u) => u.clone(),
                None => continue, // killed earlier this turn
            };
            w.act(&u);
        }
        w.compact();
        w.spawn_some(SPAWN_ATTEMPTS, POPULATION);
    }

    let mut state = HASH_INIT;
    for u in w.units.iter().flatten() {
        let u = u.borrow();
        let (x, y) = tile_xy(u.tile);
        hash_add(&mut state, u.id);
        hash_add(&mut state, u.hp as i64 as u64);
        hash_add(&mut state, u.kills as u64);
        hash_add(&mut state, x as u64);
        hash_add(&mut state, y as u64);
        hash_add(&mut state, u.target.upgrade().map_or(0, |t| t.borrow().id));
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
