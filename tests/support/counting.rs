//! An allocator that counts the heap bytes live and their peak, for the
//! memory test (`tests/memory.rs`) and the corpus benchmark's heap figures
//! (`benches/corpus.rs`), each of which makes it its global allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicUsize, Ordering};

/// The system allocator, counting the bytes live and their peak while
/// [`peak_of`] runs; otherwise it costs one load per call.
pub struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
/// Since counting started: blocks made before and freed since count
/// negative.
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);
/// Blocks allocated or grown since counting started.
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    if COUNTING.load(Ordering::Relaxed) {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        let by = by as isize;
        let live = LIVE.fetch_add(by, Ordering::Relaxed) + by;
        PEAK.fetch_max(live, Ordering::Relaxed);
    }
}

fn shrank(by: usize) {
    if COUNTING.load(Ordering::Relaxed) {
        LIVE.fetch_sub(by as isize, Ordering::Relaxed);
    }
}

// SAFETY: every call is passed on to `System` as it came.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let block = System.alloc(layout);
        if !block.is_null() {
            grew(layout.size());
        }
        block
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let block = System.alloc_zeroed(layout);
        if !block.is_null() {
            grew(layout.size());
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        System.dealloc(block, layout);
        shrank(layout.size());
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        let moved = System.realloc(block, layout, size);
        if !moved.is_null() {
            if size > layout.size() {
                grew(size - layout.size());
            } else {
                shrank(layout.size() - size);
            }
        }
        moved
    }
}

/// The most heap `work` held at once beyond what was live before it.
/// Not to be nested, nor run on two threads at once.
pub fn peak_of(work: impl FnOnce()) -> usize {
    counts_of(work).0
}

/// The peak heap of `work` (as [`peak_of`]) and how many blocks it
/// allocated or grew: a measure of work that no machine's speed changes.
pub fn counts_of(work: impl FnOnce()) -> (usize, usize) {
    LIVE.store(0, Ordering::Relaxed);
    PEAK.store(0, Ordering::Relaxed);
    ALLOCATIONS.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    work();
    COUNTING.store(false, Ordering::Relaxed);
    (
        PEAK.load(Ordering::Relaxed).max(0) as usize,
        ALLOCATIONS.load(Ordering::Relaxed),
    )
}
