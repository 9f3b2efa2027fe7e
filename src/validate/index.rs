//! The index of statements seen and the queue of what waits for a
//! statement not seen yet (SPEC.md 18.2).
//!
//! The index keeps a fixed-size [`Entry`] per statement, never its bytes:
//! `CHAIN-DUPLICATE`, `CHAIN-EQUIVOCATION` and the evidence of 18.3 need
//! every earlier id.

use std::collections::{HashMap, HashSet, VecDeque};

use sha2::{Digest as _, Sha256};

use crate::Verified;
use crate::ids::{PartyId, StatementId, UnixTime};
use crate::message::{Kind, Message};
use crate::statement::Statement;
use crate::timestamp::TimestampToken;

/// Most statements or tokens held back while they wait for a statement they
/// refer to; beyond that (or beyond [`MAX_WAITING_BYTES`]), a forward
/// reference is reported as dangling at once.
pub const MAX_WAITING: usize = 1024;
/// Most bytes of statements and tokens held back waiting.
pub const MAX_WAITING_BYTES: usize = 4 << 20;

/// No time: above [`UnixTime::MAX`], so never a valid time.
const NONE: u64 = u64::MAX;

fn time_of(secs: u64) -> Option<UnixTime> {
    if secs == NONE { None } else { UnixTime::from_secs(secs) }
}

impl Entry {
    /// The earliest valid token's time.
    pub fn token(&self) -> Option<UnixTime> {
        time_of(self.token)
    }
    /// When its first valid receipt says it reached its addressee.
    pub fn receipt(&self) -> Option<UnixTime> {
        time_of(self.receipt)
    }
    /// Records a valid token's time (the earliest counts).
    pub fn stamped(&mut self, t: UnixTime) {
        self.token = self.token.min(t.as_secs());
    }
    /// Records a valid receipt's time (the first counts).
    pub fn received(&mut self, t: UnixTime) {
        if self.receipt == NONE {
            self.receipt = t.as_secs();
        }
    }
}

/// What the validator keeps of every statement.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry {
    /// Record index (for a carried proof, its notice's).
    pub index: u32,
    pub kind: Kind,
    /// The signing time it claims.
    pub time: UnixTime,
    /// The latest signing time among everything it depends on, transitively
    /// (SPEC.md 18.2 step 7).
    pub floor: UnixTime,
    pub sender: u32,
    pub recipient: u32,
    /// The earliest valid token's time ([`NONE`] if none): kept as seconds
    /// so that an entry stays small.
    token: u64,
    /// When its first valid receipt says it reached its addressee ([`NONE`]).
    receipt: u64,
    /// Known only as a proof carried in a notice.
    pub carried: bool,
}

/// Something waiting for statements not seen yet.
#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)]
pub(crate) enum Item {
    Statement(Verified<Statement>),
    Token(Verified<TimestampToken>),
}

impl Item {
    fn size(&self) -> usize {
        match self {
            Item::Statement(s) => s.as_bytes().len(),
            Item::Token(t) => t.as_bytes().len(),
        }
    }
}

/// The index, the parties it numbers, and the waiting queue.
#[derive(Clone, Debug, Default)]
pub(crate) struct Index {
    entries: HashMap<StatementId, Entry>,
    parties: Vec<PartyId>,
    party_no: HashMap<PartyId, u32>,
    places: HashMap<[u8; 16], u32>,
    waiting: Vec<(usize, Vec<StatementId>, Item)>,
    waiting_bytes: usize,
    ready: VecDeque<(usize, Item)>,
    /// Parties that signed, received or were copied on a statement.
    pub actors: HashSet<u32>,
}

impl Index {
    /// Every entry, in no particular order.
    pub fn entries(&self) -> impl Iterator<Item = (&StatementId, &Entry)> {
        self.entries.iter()
    }
    pub fn get(&self, id: &StatementId) -> Option<&Entry> {
        self.entries.get(id)
    }
    pub fn get_mut(&mut self, id: &StatementId) -> Option<&mut Entry> {
        self.entries.get_mut(id)
    }
    pub fn contains(&self, id: &StatementId) -> bool {
        self.entries.contains_key(id)
    }
    /// The party numbered `n`.
    pub fn party(&self, n: u32) -> PartyId {
        self.parties[n as usize]
    }
    /// The number of party `id`, numbering it if new.
    pub fn number(&mut self, id: PartyId) -> u32 {
        if let Some(n) = self.party_no.get(&id) {
            return *n;
        }
        let n = self.parties.len() as u32;
        self.parties.push(id);
        self.party_no.insert(id, n);
        n
    }
    /// Whether `id` signed, received or was copied on any statement.
    pub fn is_actor(&self, id: &PartyId) -> bool {
        self.party_no.get(id).is_some_and(|n| self.actors.contains(n))
    }

    /// The statements `s` answers that are not in the index.
    pub fn missing(&self, s: &Statement) -> Vec<StatementId> {
        s.answers().iter().filter(|a| !self.contains(a)).copied().collect()
    }

    /// The latest time among what `s` answers and their floors.
    pub fn floor_of(&self, s: &Statement) -> UnixTime {
        s.answers()
            .iter()
            .filter_map(|a| self.entries.get(a))
            .map(|e| e.time.max(e.floor))
            .max()
            .unwrap_or(UnixTime::EPOCH)
    }

    /// Enters `s`; its floor is [`Index::floor_of`] it. What waited only
    /// for `s` becomes ready.
    pub fn register(&mut self, index: usize, s: &Statement, carried: bool) -> Entry {
        let floor = self.floor_of(s);
        let sender = self.number(s.sender());
        let recipient = self.number(s.recipient());
        self.actors.insert(sender);
        self.actors.insert(recipient);
        for c in s.copies() {
            let c = self.number(*c);
            self.actors.insert(c);
        }
        let e = Entry {
            index: u32::try_from(index).unwrap_or(u32::MAX),
            kind: s.kind(),
            time: s.time(),
            floor,
            sender,
            recipient,
            token: NONE,
            receipt: NONE,
            carried,
        };
        self.entries.insert(s.id(), e);
        self.release(s.id());
        e
    }

    /// Holds `item` (read at `index`) until every id in `missing` is in the
    /// index. Returns false, dropping it, when the queue is full.
    #[must_use]
    pub fn wait(&mut self, index: usize, missing: Vec<StatementId>, item: Item) -> bool {
        if self.waiting.len() >= MAX_WAITING || self.waiting_bytes + item.size() > MAX_WAITING_BYTES {
            return false;
        }
        self.waiting_bytes += item.size();
        self.waiting.push((index, missing, item));
        true
    }

    fn release(&mut self, id: StatementId) {
        if self.waiting.is_empty() {
            return;
        }
        let mut i = 0;
        while i < self.waiting.len() {
            let (_, missing, _) = &mut self.waiting[i];
            missing.retain(|m| *m != id);
            if missing.is_empty() {
                let (index, _, item) = self.waiting.remove(i);
                self.waiting_bytes -= item.size();
                self.ready.push_back((index, item));
            } else {
                i += 1;
            }
        }
    }

    /// The next item whose wait is over, in the order they became ready.
    pub fn next_ready(&mut self) -> Option<(usize, Item)> {
        self.ready.pop_front()
    }

    /// Everything still waiting, in record order, emptying the queue.
    pub fn drain_waiting(&mut self) -> Vec<(usize, Vec<StatementId>, Item)> {
        self.waiting_bytes = 0;
        let mut w = std::mem::take(&mut self.waiting);
        w.sort_by_key(|(i, _, _)| *i);
        w
    }

    /// Records `s`'s place (SPEC.md 18.2 step 6); returns the record index
    /// of an earlier statement in the same place, if any.
    pub fn place(&mut self, index: usize, s: &Statement) -> Option<u32> {
        // A new offer after an earlier one ended is no equivocation, and two
        // transfers from one state are TITLE-DOUBLE.
        if matches!(s.kind(), Kind::Offer | Kind::TitleTransfer) {
            return None;
        }
        let mut h = Sha256::new();
        h.update(s.sender().as_bytes());
        h.update(s.recipient().as_bytes());
        h.update(s.kind().code().to_be_bytes());
        for a in s.answers() {
            h.update(a.as_bytes());
        }
        match s.message() {
            Message::ServiceInstruction(i) => h.update(i.service.name()),
            Message::ServiceProof(p) => {
                h.update((p.document.id.len() as u64).to_be_bytes());
                h.update(p.document.id.as_bytes());
            }
            _ => {}
        }
        let d = h.finalize();
        let mut key = [0u8; 16];
        key.copy_from_slice(&d[..16]);
        match self.places.get(&key) {
            Some(other) => Some(*other),
            None => {
                self.places.insert(key, u32::try_from(index).unwrap_or(u32::MAX));
                None
            }
        }
    }
}
