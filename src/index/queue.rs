//! The bound on the passages waiting for tantivy's writer. tantivy queues up to 10,000 *batches*
//! of documents between `IndexWriter::run` and its indexing threads, and a batch is a file's next
//! 256 passages or more, so its own bound is millions of passages: when the workers outpace the
//! indexing threads, the waiting documents grow with the corpus. Here every document sent holds a
//! [`Slot`] until an indexing thread has indexed it (and dropped it), and a worker waits for room
//! before it sends.

use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;
use tantivy::{Document, TantivyDocument};

/// How many passages may wait for the writer at once, across all workers: enough batches to keep
/// the indexing threads busy, and about 30 MB of documents.
pub const WAITING_AT_MOST: usize = 16_384;

/// How long a worker waits for room while no document is indexed before it sends anyway, so that
/// a writer that has stopped is found out rather than waited for.
const STALL: Duration = Duration::from_secs(1);

/// Counts the documents sent to the writer and not yet indexed.
#[derive(Debug)]
pub struct Queue {
    state: Mutex<State>,
    room: Condvar,
    limit: usize,
    stall: Duration,
}

/// The documents waiting, and the workers waiting for room. An indexed document wakes the
/// sleepers only once there is room for one of them: waking is a system call, and a worker woken
/// for less room than its batch needs only goes back to sleep.
#[derive(Debug, Default)]
struct State {
    waiting: usize,
    sleepers: usize,
    /// The smallest batch among the sleepers (at most: one that has gone may have been smaller,
    /// which wakes the others early, never late).
    need: usize,
    /// How many times sleepers were woken.
    wakes: u64,
}

impl State {
    /// Whether a sleeper may go now: there is room for the smallest batch, or nothing waits.
    fn has_room(&self, limit: usize) -> bool {
        self.waiting == 0 || self.waiting + self.need <= limit
    }
}

impl Queue {
    /// A queue that lets at most `limit` documents wait, shared by the workers.
    pub fn new(limit: usize) -> Arc<Queue> {
        Queue::with_stall(limit, STALL)
    }

    /// A queue whose workers send anyway after `stall` without progress.
    fn with_stall(limit: usize, stall: Duration) -> Arc<Queue> {
        Arc::new(Queue {
            state: Mutex::new(State::default()),
            room: Condvar::new(),
            limit,
            stall,
        })
    }

    /// Waits until `n` more documents may wait (or none are waiting, so that a batch larger
    /// than the limit still goes; an empty batch never waits), then counts them. Each of the `n` documents must be wrapped
    /// with one of the returned slots.
    pub fn admit(self: &Arc<Self>, n: usize) -> impl Iterator<Item = Slot> + '_ {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        while n > 0 && state.waiting > 0 && state.waiting + n > self.limit {
            let before = state.waiting;
            state.need = if state.sleepers == 0 {
                n
            } else {
                state.need.min(n)
            };
            state.sleepers += 1;
            let (woken, wait) = self
                .room
                .wait_timeout(state, self.stall)
                .unwrap_or_else(PoisonError::into_inner);
            state = woken;
            state.sleepers -= 1;
            if wait.timed_out() && state.waiting == before {
                // Nothing was indexed for a while: the writer is busy writing a segment, or it
                // has failed, in which case sending is what reports the failure.
                break;
            }
        }
        state.waiting += n;
        drop(state);
        (0..n).map(move |_| Slot(Arc::clone(self)))
    }

    /// How many documents are waiting, and how many workers wait for room.
    #[cfg(test)]
    fn counts(&self) -> (usize, usize) {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        (state.waiting, state.sleepers)
    }

    /// How many times sleeping workers were woken.
    #[cfg(test)]
    fn wakes(&self) -> u64 {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .wakes
    }

    fn release(&self) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.waiting = state.waiting.saturating_sub(1);
        if state.sleepers > 0 && state.has_room(self.limit) {
            state.wakes += 1;
            self.room.notify_all();
        }
    }
}

/// One waiting document's place in the [`Queue`], given back when it is dropped.
#[derive(Debug)]
pub struct Slot(Arc<Queue>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.release();
    }
}

/// A passage's document on its way to the writer, holding its [`Slot`] until tantivy has
/// indexed it. tantivy indexes any [`Document`] as it is, so this costs no copy.
pub struct Queued {
    doc: TantivyDocument,
    _slot: Slot,
}

impl Queued {
    /// Wraps a document with its slot.
    pub fn new(doc: TantivyDocument, slot: Slot) -> Queued {
        Queued { doc, _slot: slot }
    }
}

impl Document for Queued {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.doc.iter_fields_and_values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_count_the_waiting_documents_until_dropped() {
        let queue = Queue::new(10);
        let table = [(0, 0), (3, 3), (7, 10), (0, 10)];
        let mut held = Vec::new();
        for (n, expected) in table {
            held.extend(queue.admit(n));
            assert_eq!(queue.counts(), (expected, 0), "after admitting {n}");
        }
        held.truncate(4);
        assert_eq!(queue.counts().0, 4);
        drop(held);
        assert_eq!(queue.counts().0, 0);
    }

    #[test]
    fn a_batch_larger_than_the_limit_goes_when_nothing_waits() {
        // A worker that had to wait would wait for an hour here.
        let queue = Queue::with_stall(10, Duration::from_secs(3600));
        let held: Vec<Slot> = queue.admit(25).collect();
        assert_eq!(queue.counts(), (25, 0));
        // A file's last, empty batch goes at once, however many documents wait.
        assert_eq!(queue.admit(0).count(), 0);
        assert_eq!(queue.counts(), (25, 0));
        drop(held);
        assert_eq!(queue.counts(), (0, 0));
    }

    #[test]
    fn a_worker_waits_for_room_and_goes_once_documents_are_indexed() {
        let queue = Queue::with_stall(10, Duration::from_secs(3600));
        let held: Vec<Slot> = queue.admit(8).collect();
        let worker = {
            let queue = Arc::clone(&queue);
            std::thread::spawn(move || queue.admit(5).count())
        };
        // The worker is asleep, and its batch is not counted yet.
        while queue.counts().1 == 0 {
            std::thread::yield_now();
        }
        assert_eq!(queue.counts(), (8, 1));
        // Documents indexed one by one wake it only once its five fit: not at 7 or 6 waiting.
        let mut held = held;
        held.truncate(6);
        assert_eq!(queue.counts(), (6, 1));
        assert_eq!(queue.wakes(), 0);
        held.pop();
        assert_eq!(queue.wakes(), 1);
        drop(held);
        assert_eq!(worker.join().expect("the worker ends"), 5);
        // Its five slots were dropped as `count` consumed them.
        assert_eq!(queue.counts(), (0, 0));
    }

    #[test]
    fn a_worker_sends_anyway_when_nothing_is_indexed_for_a_while() {
        let queue = Queue::with_stall(10, Duration::from_millis(50));
        let held: Vec<Slot> = queue.admit(8).collect();
        // A writer that has stopped never drops these; the worker goes on by itself.
        let more: Vec<Slot> = queue.admit(5).collect();
        assert_eq!(queue.counts(), (13, 0));
        drop((held, more));
        assert_eq!(queue.counts(), (0, 0));
    }
}
