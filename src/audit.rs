//! Auditing a transcript offline, years later, without any private key:
//! read it record by record, verify every card, statement (with the proofs
//! it carries) and token against the cards the transcript declares (and, if
//! the auditor pins a set, only cards it trusts), and run the validator.
//!
//! SPEC.md section "Auditing a transcript". A record that does not verify
//! makes the whole transcript unverifiable: the audit stops with a
//! [`TranscriptError`] naming the record, rather than reporting on a
//! sequence that may have been tampered with.
//!
//! Records are decoded and their signatures checked in chunks, on several
//! threads if asked, with Ed25519 batch verification; the validator then
//! takes them in transcript order on the calling thread. Memory holds a
//! bounded number of chunks, never the transcript.

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use crate::Verified;
use crate::cose::SignatureCheck;
use crate::error::VerifyError;
use crate::ids::{PartyId, StatementId, UnixTime};
use crate::keys::{CardLookup, CardSet, PartyCard};
use crate::message::Kind;
use crate::statement::Statement;
use crate::timestamp::TimestampToken;
use crate::transcript::{RECORD_CARD, RawRecord, Record, TranscriptError, TranscriptReader};
use crate::validate::{Policy, Report, Validator};

/// What one record of an audited transcript was, for timelines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Record index (from 0, after the header).
    pub index: usize,
    /// What the record is.
    pub what: EntryKind,
    /// Signing time (statements), attested time (tokens), card time (cards).
    pub time: UnixTime,
    /// The signer.
    pub from: PartyId,
    /// The addressee (statements only).
    pub to: Option<PartyId>,
}

/// The type of an audited record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// A party card, with the party's name.
    Card(String),
    /// A statement of this kind, with its id.
    Statement(Kind, StatementId),
    /// A time-stamp token for this statement, with its serial.
    Token(StatementId, u64),
}

/// How an audit checks signatures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditOptions {
    /// Check Ed25519 signatures in batches (the default). A batch accepts
    /// every signature `verify_strict` accepts; see SPEC.md section 17 for
    /// the one kind of signature, made only by its own signer, that a batch
    /// may accept and `verify_strict` refuses. `false` checks each
    /// signature with `verify_strict`, the reference rule.
    pub batch: bool,
    /// Threads decoding and verifying records (1: the calling thread only).
    /// The default is the machine's available parallelism, at most 8.
    pub threads: usize,
}

impl Default for AuditOptions {
    fn default() -> Self {
        AuditOptions {
            batch: true,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get().min(8)),
        }
    }
}

/// Records per chunk handed to a verifying thread.
const CHUNK_RECORDS: usize = 64;
/// Bytes per chunk, at most (a chunk ends early at this size).
const CHUNK_BYTES: usize = 256 << 10;

/// The cards a transcript declares, with the auditor's pins.
#[derive(Clone, Default)]
struct Cards {
    declared: CardSet,
    trusted: Option<CardSet>,
}

impl CardLookup for Cards {
    fn card(&self, id: &PartyId) -> Option<&PartyCard> {
        self.declared
            .card(id)
            .or_else(|| self.trusted.as_ref().and_then(|t| t.card(id)))
    }
}

/// A verified record, ready for the validator.
// Moved once, from a worker to the validator; boxing would add an allocation.
#[allow(clippy::large_enum_variant)]
enum Checked {
    Statement(Verified<Statement>),
    Token(Verified<TimestampToken>),
}

struct Chunk {
    seq: u64,
    records: Vec<RawRecord>,
    cards: Arc<Cards>,
}

/// Decodes and verifies a chunk of statement and token records.
fn verify_chunk(chunk: &Chunk, batch: bool) -> Result<Vec<(usize, Checked)>, TranscriptError> {
    let mut items = Vec::with_capacity(chunk.records.len());
    let mut checks: Vec<(usize, SignatureCheck)> = Vec::with_capacity(chunk.records.len());
    for raw in &chunk.records {
        let index = raw.index;
        let unverifiable = |error: VerifyError| TranscriptError::Unverifiable { index, error };
        match raw.decode()? {
            Record::Statement(s) => {
                for c in s.signature_checks(&*chunk.cards).map_err(unverifiable)? {
                    checks.push((index, c));
                }
                items.push((index, Ok(s)));
            }
            Record::Token(t) => {
                checks.push((index, t.signature_check(&*chunk.cards).map_err(unverifiable)?));
                items.push((index, Err(t)));
            }
            Record::Card(_) => unreachable!("cards are handled in order by the reader"),
        }
    }
    let batch_ok = batch && {
        let messages: Vec<&[u8]> = checks.iter().map(|(_, c)| c.message.as_slice()).collect();
        let signatures: Vec<ed25519_dalek::Signature> = checks.iter().map(|(_, c)| c.signature).collect();
        let keys: Vec<ed25519_dalek::VerifyingKey> = checks.iter().map(|(_, c)| c.key).collect();
        ed25519_dalek::verify_batch(&messages, &signatures, &keys).is_ok()
    };
    if !batch_ok {
        // One by one: the reference rule, and it names the first bad record.
        for (index, c) in &checks {
            c.verify_strict()
                .map_err(|error| TranscriptError::Unverifiable { index: *index, error })?;
        }
    }
    Ok(items
        .into_iter()
        .map(|(i, x)| match x {
            Ok(s) => (i, Checked::Statement(s.into_verified())),
            Err(t) => (i, Checked::Token(t.into_verified())),
        })
        .collect())
}

/// Audits the transcript read from `input` with the default
/// [`AuditOptions`]: every record is verified, then fed to a [`Validator`]
/// under `policy`; `on_entry` sees each record, in order, once verified (for
/// a timeline or progress).
///
/// `trusted`, if given, is the set of cards the auditor trusts: a declared
/// card outside it makes the transcript unverifiable, and a card it holds
/// need not be declared.
pub fn audit<R: Read>(
    input: R,
    trusted: Option<&CardSet>,
    policy: Policy,
    on_entry: impl FnMut(&Entry),
) -> Result<Report, TranscriptError> {
    audit_with(input, trusted, policy, AuditOptions::default(), on_entry)
}

/// [`audit`] with explicit [`AuditOptions`].
pub fn audit_with<R: Read>(
    input: R,
    trusted: Option<&CardSet>,
    policy: Policy,
    options: AuditOptions,
    mut on_entry: impl FnMut(&Entry),
) -> Result<Report, TranscriptError> {
    let mut reader = TranscriptReader::new(input)?;
    let mut state = AuditState {
        validator: Validator::new(reader.contract().clone(), policy),
        cards: Arc::new(Cards {
            declared: CardSet::new(),
            trusted: trusted.cloned(),
        }),
        trusted,
    };
    if let Some(t) = trusted {
        for c in t.iter() {
            state.validator.card(c);
        }
    }
    let threads = options.threads.max(1);
    if threads == 1 {
        let mut chunk = Vec::new();
        loop {
            let raw = reader.next_raw()?;
            let card_or_end = raw.as_ref().is_none_or(|r| r.kind == RECORD_CARD);
            if card_or_end || chunk.len() >= CHUNK_RECORDS {
                let c = Chunk {
                    seq: 0,
                    records: std::mem::take(&mut chunk),
                    cards: state.cards.clone(),
                };
                state.validate(verify_chunk(&c, options.batch)?, &mut on_entry);
            }
            match raw {
                None => break,
                Some(r) if r.kind == RECORD_CARD => state.card(&r, &mut on_entry)?,
                Some(r) => chunk.push(r),
            }
        }
        return Ok(state.validator.finish());
    }
    std::thread::scope(|scope| {
        let (job_tx, job_rx) = mpsc::sync_channel::<Chunk>(threads);
        let job_rx = Arc::new(Mutex::new(job_rx));
        let (res_tx, res_rx) = mpsc::channel();
        for _ in 0..threads {
            let job_rx = Arc::clone(&job_rx);
            let res_tx = res_tx.clone();
            let batch = options.batch;
            scope.spawn(move || {
                loop {
                    let job = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok(chunk) = job else { return };
                    if res_tx.send((chunk.seq, verify_chunk(&chunk, batch))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(res_tx);
        let in_flight = 2 * threads as u64;
        let mut pipeline = Pipeline {
            job_tx: Some(job_tx),
            res_rx,
            done: BTreeMap::new(),
            sent: 0,
            next: 0,
        };
        let result = (|| {
            let mut chunk = Vec::new();
            let mut bytes = 0;
            loop {
                let raw = match reader.next_raw() {
                    Ok(r) => r,
                    // An earlier record's failure takes precedence.
                    Err(e) => {
                        pipeline.drain(&mut state, &mut on_entry)?;
                        return Err(e);
                    }
                };
                let card_or_end = raw.as_ref().is_none_or(|r| r.kind == RECORD_CARD);
                if (card_or_end || chunk.len() >= CHUNK_RECORDS || bytes >= CHUNK_BYTES) && !chunk.is_empty() {
                    pipeline.send(std::mem::take(&mut chunk), state.cards.clone())?;
                    bytes = 0;
                }
                match raw {
                    None => break,
                    Some(r) if r.kind == RECORD_CARD => {
                        // Cards change what later records verify against:
                        // everything before them is finished first.
                        pipeline.drain(&mut state, &mut on_entry)?;
                        state.card(&r, &mut on_entry)?;
                    }
                    Some(r) => {
                        bytes += r.bytes.len();
                        chunk.push(r);
                    }
                }
                // At most `in_flight` chunks between reader and validator.
                let until = pipeline.sent.saturating_sub(in_flight);
                pipeline.validate_ready(&mut state, &mut on_entry, until)?;
            }
            pipeline.drain(&mut state, &mut on_entry)
        })();
        // Closing the job channel stops the workers.
        pipeline.job_tx = None;
        result
    })?;
    Ok(state.validator.finish())
}

struct AuditState<'a> {
    validator: Validator,
    cards: Arc<Cards>,
    trusted: Option<&'a CardSet>,
}

impl AuditState<'_> {
    fn card(&mut self, raw: &RawRecord, on_entry: &mut impl FnMut(&Entry)) -> Result<(), TranscriptError> {
        let index = raw.index;
        let Record::Card(card) = raw.decode()? else {
            unreachable!("a card record")
        };
        let party = card.id();
        if let Some(t) = self.trusted {
            if t.card(&party) != Some(&card) {
                return Err(TranscriptError::Untrusted { index, party });
            }
        }
        if !Arc::make_mut(&mut self.cards).declared.insert(card.clone()) {
            return Err(TranscriptError::CardConflict { index, party });
        }
        on_entry(&Entry {
            index,
            what: EntryKind::Card(card.name().to_owned()),
            time: card.created(),
            from: party,
            to: None,
        });
        self.validator.card(&card);
        Ok(())
    }

    fn validate(&mut self, items: Vec<(usize, Checked)>, on_entry: &mut impl FnMut(&Entry)) {
        for (index, item) in items {
            match item {
                Checked::Statement(s) => {
                    on_entry(&Entry {
                        index,
                        what: EntryKind::Statement(s.kind(), s.id()),
                        time: s.time(),
                        from: s.sender(),
                        to: Some(s.recipient()),
                    });
                    self.validator.statement(index, &s);
                }
                Checked::Token(t) => {
                    on_entry(&Entry {
                        index,
                        what: EntryKind::Token(t.imprint(), t.serial()),
                        time: t.time(),
                        from: t.authority(),
                        to: None,
                    });
                    self.validator.token(index, &t);
                }
            }
        }
    }
}

type ChunkResult = Result<Vec<(usize, Checked)>, TranscriptError>;

/// Chunks in flight between the reader, the workers and the validator.
struct Pipeline {
    job_tx: Option<mpsc::SyncSender<Chunk>>,
    res_rx: mpsc::Receiver<(u64, ChunkResult)>,
    done: BTreeMap<u64, ChunkResult>,
    sent: u64,
    next: u64,
}

impl Pipeline {
    fn send(&mut self, records: Vec<RawRecord>, cards: Arc<Cards>) -> Result<(), TranscriptError> {
        let chunk = Chunk {
            seq: self.sent,
            records,
            cards,
        };
        self.sent += 1;
        let sent = self.job_tx.as_ref().map(|tx| tx.send(chunk));
        match sent {
            Some(Ok(())) => Ok(()),
            _ => Err(TranscriptError::Io(std::io::Error::other("audit worker stopped"))),
        }
    }

    /// Validates, in order, the chunks whose results have arrived, waiting
    /// until at least the chunks before `until` are validated.
    fn validate_ready(
        &mut self,
        state: &mut AuditState<'_>,
        on_entry: &mut impl FnMut(&Entry),
        until: u64,
    ) -> Result<(), TranscriptError> {
        loop {
            while let Some(result) = self.done.remove(&self.next) {
                self.next += 1;
                state.validate(result?, on_entry);
            }
            if self.next == self.sent {
                return Ok(());
            }
            let wait = self.next < until;
            let got = if wait {
                self.res_rx.recv().ok()
            } else {
                self.res_rx.try_recv().ok()
            };
            match got {
                Some((seq, r)) => {
                    self.done.insert(seq, r);
                }
                None if wait => {
                    return Err(TranscriptError::Io(std::io::Error::other("audit worker stopped")));
                }
                None => return Ok(()),
            }
        }
    }

    fn drain(&mut self, state: &mut AuditState<'_>, on_entry: &mut impl FnMut(&Entry)) -> Result<(), TranscriptError> {
        self.validate_ready(state, on_entry, self.sent)
    }
}
