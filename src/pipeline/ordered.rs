//! Parallel work over a list whose results are needed in list order: the
//! page groups of a tree, whose findings are printed and whose pages are
//! written in path order.
//!
//! Each worker thread takes the next item as soon as it is free, so no
//! thread waits for a slow item of a batch; the calling thread hands the
//! results on in order as they become ready. Memory stays bounded: at
//! most `ahead` items are prepared and not yet handed on.

use std::collections::{BTreeMap, VecDeque};
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::{mpsc, Condvar, Mutex, PoisonError};

/// The most items a worker takes at a time.
const BATCH: usize = 16;

/// Runs `work` over `items` in parallel and hands the results to `take`
/// in item order on the calling thread, while later items are worked on.
pub fn in_order<T: Sync, R: Send>(
    items: &[T],
    ahead: usize,
    work: impl Fn(usize, &T) -> R + Sync,
    take: impl FnMut(R),
) {
    in_order_prepared(
        items,
        ahead,
        |chunk| chunk.iter().map(|_| ()).collect(),
        |index, item, ()| work(index, item),
        take,
    );
}

/// [`in_order`], with `prepare` run on the calling thread over runs of
/// items, in order, before they are worked on: what it gives for each
/// item goes to `work` with the item. At most `ahead` items (and at
/// least one) are prepared and not yet taken.
pub fn in_order_prepared<T: Sync, P: Send, R: Send>(
    items: &[T],
    ahead: usize,
    mut prepare: impl FnMut(&[T]) -> Vec<P>,
    work: impl Fn(usize, &T, P) -> R + Sync,
    mut take: impl FnMut(R),
) {
    let ahead = ahead.max(1);
    // Prepared a quarter of the allowance at a time, so the queue is
    // topped up well before the workers run dry.
    let run = ahead.div_ceil(4);
    let queue = Queue::default();
    let panicked = Mutex::new(None);
    // Each worker takes up to `batch` items at a time and hands their
    // results on together: the calling thread wakes once per batch, not
    // once per item (a wake-up is a context switch on a busy machine).
    let batch = run.min(BATCH);
    let (sender, results) = mpsc::channel::<Vec<(usize, R)>>();
    // Threads of their own, as many as rayon's pool has (`-j`): the
    // pool stays free for what `take` does in parallel (the JSON report
    // renders a large batch of findings with rayon); workers that held the
    // pool's threads while `take` waited for it would never finish.
    std::thread::scope(|scope| {
        for _ in 0..rayon::current_num_threads() {
            let sender = sender.clone();
            let (queue, panicked, work) = (&queue, &panicked, &work);
            scope.spawn(move || {
                while let Some(taken) = queue.pop(batch) {
                    let mut done = Vec::with_capacity(taken.len());
                    let mut failed = false;
                    for (index, prepared) in taken {
                        let Some(item) = items.get(index) else { break };
                        match catch_unwind(AssertUnwindSafe(|| work(index, item, prepared))) {
                            Ok(result) => done.push((index, result)),
                            Err(payload) => {
                                // Nothing after this item can be handed on.
                                queue.abort();
                                let mut first =
                                    panicked.lock().unwrap_or_else(PoisonError::into_inner);
                                first.get_or_insert(payload);
                                failed = true;
                                break;
                            }
                        }
                    }
                    if sender.send(done).is_err() || failed {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let (mut prepared, mut taken) = (0, 0);
        let mut ready: BTreeMap<usize, R> = BTreeMap::new();
        while taken < items.len() {
            while prepared < items.len() && prepared - taken < ahead {
                let end = (prepared + run).min(items.len()).min(taken + ahead);
                let made = prepare(&items[prepared..end]);
                queue.push((prepared..end).zip(made));
                prepared = end;
            }
            if prepared == items.len() {
                queue.close();
            }
            let Ok(done) = results.recv() else {
                break;
            };
            ready.extend(done);
            while let Some(result) = ready.remove(&taken) {
                take(result);
                taken += 1;
            }
        }
        queue.close();
    });
    if let Some(payload) = panicked
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
    {
        resume_unwind(payload);
    }
}

/// The prepared items waiting for a worker, in order.
struct Queue<P> {
    state: Mutex<(VecDeque<(usize, P)>, bool)>,
    changed: Condvar,
}

impl<P> Default for Queue<P> {
    fn default() -> Self {
        Queue {
            state: Mutex::new((VecDeque::new(), false)),
            changed: Condvar::new(),
        }
    }
}

impl<P> Queue<P> {
    fn push(&self, items: impl Iterator<Item = (usize, P)>) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.0.extend(items);
        self.changed.notify_all();
    }

    /// No more items: workers stop once the queue is empty.
    fn close(&self) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.1 = true;
        self.changed.notify_all();
    }

    /// No more items, and none of those waiting is worked on.
    fn abort(&self) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.0.clear();
        state.1 = true;
        self.changed.notify_all();
    }

    /// The next items, at most `most` (and at least one), waiting for
    /// one; `None` once closed and empty.
    fn pop(&self, most: usize) -> Option<Vec<(usize, P)>> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if !state.0.is_empty() {
                let end = most.max(1).min(state.0.len());
                return Some(state.0.drain(..end).collect());
            }
            if state.1 {
                return None;
            }
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{in_order, in_order_prepared};

    #[test]
    fn results_come_in_item_order_whatever_the_allowance() {
        let items: Vec<u64> = (0..1000).collect();
        for ahead in [0, 1, 3, 128, 999, 1000, 5000] {
            let mut seen = Vec::new();
            in_order(
                &items,
                ahead,
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
            assert_eq!(seen, expected, "ahead {ahead}");
        }
        in_order(
            &[] as &[u64],
            4,
            |_, &i| i,
            |_| panic!("no items, no results"),
        );
    }

    #[test]
    fn items_are_prepared_in_order_and_get_theirs() {
        let items: Vec<u64> = (0..1000).collect();
        for ahead in [1, 3, 128, 1000, 5000] {
            let mut prepared = Vec::new();
            let mut seen = Vec::new();
            in_order_prepared(
                &items,
                ahead,
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
            assert_eq!(prepared, items, "ahead {ahead}");
            assert_eq!(seen, items, "ahead {ahead}");
        }
    }

    #[test]
    fn a_panic_in_work_reaches_the_caller_and_stops_the_rest() {
        let items: Vec<u64> = (0..1000).collect();
        let mut seen = Vec::new();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            in_order(
                &items,
                16,
                |_, &i| {
                    assert!(i != 100, "item 100");
                    i
                },
                |r| seen.push(r),
            )
        }));
        assert!(outcome.is_err());
        assert_eq!(seen, (0..100).collect::<Vec<_>>());
    }
}
