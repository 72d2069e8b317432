//! binarytrees with idiomatic ownership: each node owns its children in a
//! Box; dropping the root frees the tree.

use binarytrees::run;

struct Node {
    item: u64,
    children: Option<(Box<Node>, Box<Node>)>,
}

fn bottom_up_tree(item: u64, depth: i32) -> Box<Node> {
    let children = if depth > 0 {
        Some((
            bottom_up_tree(item.wrapping_mul(2).wrapping_sub(1), depth - 1),
            bottom_up_tree(item.wrapping_mul(2), depth - 1),
        ))
    } else {
        None
    };
    Box::new(Node { item, children })
}

fn item_check(n: &Node) -> u64 {
    match &n.children {
        None => n.item,
        Some((l, r)) => n
            .item
            .wrapping_add(item_check(l))
            .wrapping_sub(item_check(r)),
    }
}

fn main() {
    run(bottom_up_tree, |t| item_check(t), drop);
}
