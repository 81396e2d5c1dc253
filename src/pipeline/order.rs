//! Work over a list in parallel, a window at a time, with the results
//! handed on in list order on the calling thread: what lets `check` print
//! and `build` write as the groups come, whatever the number of threads.

use rayon::prelude::*;

/// Runs `work` over `items` in parallel, `window` items at a time, and
/// hands the results to `take` in item order on the calling thread; while
/// `take` runs over one window's results, the next window is worked on.
/// Holds at most two windows' results.
pub fn in_order<T: Sync, R: Send>(
    items: &[T],
    window: usize,
    work: impl Fn(usize, &T) -> R + Sync,
    take: impl FnMut(R),
) {
    in_order_prepared(
        items,
        window,
        |chunk| chunk.iter().map(|_| ()).collect(),
        |index, item, ()| work(index, item),
        take,
    );
}

/// [`in_order`], with `prepare` run on the calling thread over each
/// window's items, in order, before they are worked on: what it gives
/// for each item goes to `work` with the item. It prepares the next window
/// while the current one is worked on.
pub fn in_order_prepared<T: Sync, P: Send, R: Send>(
    items: &[T],
    window: usize,
    mut prepare: impl FnMut(&[T]) -> Vec<P>,
    work: impl Fn(usize, &T, P) -> R + Sync,
    mut take: impl FnMut(R),
) {
    let chunks: Vec<&[T]> = items.chunks(window.max(1)).collect();
    let mut prepared = chunks.first().map(|chunk| prepare(chunk));
    let mut done: Vec<R> = Vec::new();
    for (n, chunk) in chunks.iter().enumerate() {
        let start = n * window.max(1);
        let mine = prepared.take().unwrap_or_default();
        let mut next = Vec::with_capacity(chunk.len());
        rayon::in_place_scope(|scope| {
            scope.spawn(|_| {
                next = chunk
                    .par_iter()
                    .zip(mine)
                    .enumerate()
                    .map(|(i, (item, ready))| work(start + i, item, ready))
                    .collect()
            });
            done.drain(..).for_each(&mut take);
            prepared = chunks.get(n + 1).map(|chunk| prepare(chunk));
        });
        done = next;
    }
    done.into_iter().for_each(take);
}

#[cfg(test)]
mod tests {
    use super::{in_order, in_order_prepared};

    #[test]
    fn results_come_in_item_order_whatever_the_window() {
        let items: Vec<u64> = (0..1000).collect();
        for window in [0, 1, 3, 128, 999, 1000, 5000] {
            let mut seen = Vec::new();
            in_order(
                &items,
                window,
                |index, &i| {
                    assert_eq!(index as u64, i);
                    // Uneven work, so later items often finish first.
                    std::hint::black_box(
                        (0..(i * 7919) % 2000).fold(i, |a, b| a.wrapping_mul(31).wrapping_add(b)),
                    );
                    i * 2
                },
                |r| seen.push(r),
            );
            let expected: Vec<u64> = items.iter().map(|i| i * 2).collect();
            assert_eq!(seen, expected, "window {window}");
        }
        in_order(
            &[] as &[u64],
            4,
            |_, &i| i,
            |_| panic!("no items, no results"),
        );
    }

    #[test]
    fn each_window_is_prepared_in_order_and_its_items_get_theirs() {
        let items: Vec<u64> = (0..1000).collect();
        for window in [1, 3, 128, 1000, 5000] {
            let mut prepared = Vec::new();
            let mut seen = Vec::new();
            in_order_prepared(
                &items,
                window,
                |chunk| {
                    prepared.extend_from_slice(chunk);
                    chunk.iter().map(|i| i * 3).collect()
                },
                |index, &i, ready| {
                    assert_eq!((index as u64, ready), (i, i * 3));
                    i
                },
                |r| seen.push(r),
            );
            assert_eq!(prepared, items, "window {window}");
            assert_eq!(seen, items, "window {window}");
        }
    }
}
