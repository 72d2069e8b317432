//! strings with each word's string an `Rc<[u8]>`, shared by the word array
//! and the hash of strings (freed when the last holder drops it).

use std::rc::Rc;
use strings::*;

struct RcStore;

impl Store for RcStore {
    type H = Rc<[u8]>;
    fn new() -> Self {
        RcStore
    }
    fn alloc(&mut self, bytes: &[u8]) -> Rc<[u8]> {
        Rc::from(bytes)
    }
    #[inline]
    fn get<'a>(&'a self, h: &'a Rc<[u8]>) -> &'a [u8] {
        h
    }
    fn free(&mut self, h: Rc<[u8]>) {
        drop(h);
    }
}

fn main() {
    main_with::<RcStore>();
}
