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
//! bounded number of chunks, never the transcript. A batch applies the same
//! signature rule as every single check (SPEC.md section 4), so neither
//! batching nor threads nor where a record falls in a chunk changes a
//! verdict. A panic on a worker thread, or in the caller's `on_entry`,
//! reaches the caller as that panic, after every thread has stopped.

use std::collections::{BTreeMap, VecDeque};
use std::io::Read;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use crate::Verified;
use crate::cose::{self, SignatureCheck};
use crate::error::{KeyError, VerifyError};
use crate::ids::{PartyId, StatementId, UnixTime};
use crate::keys::{CardLookup, CardSet, PartyCard};
use crate::message::Kind;
use crate::statement::Statement;
use crate::timestamp::TimestampToken;
use crate::transcript::{
    RECORD_CARD, RECORD_STATEMENT, RECORD_TOKEN, RawRecord, Record, TranscriptError, TranscriptReader,
};
use crate::validate::{Policy, Report, Validator};

mod trust;

pub use trust::Trust;

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
    /// An RFC 3161 time-stamp token (SPEC.md 11.1), with its serial in
    /// hexadecimal and the subject of the TSA certificate that signed it.
    Rfc3161 {
        /// The serial number, hexadecimal.
        serial: String,
        /// The subject of the TSA certificate.
        authority: String,
    },
    /// An X.509 certificate or CRL record (SPEC.md 7.1); its time is the
    /// certificate's notBefore or the CRL's thisUpdate.
    X509(&'static str),
}

/// How an audit checks signatures. Neither option changes a verdict: only
/// how fast it comes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditOptions {
    /// Check a chunk's Ed25519 signatures together, in one batch equation
    /// (the default, about twice as fast), or one at a time. A performance
    /// knob only: both apply the one signature rule of SPEC.md section 4,
    /// and accept the same signatures (SPEC.md section 17). A chunk whose
    /// batch fails is checked one signature at a time either way, to name
    /// the first bad record.
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

/// Decodes and verifies a chunk of statement and token records. An error
/// names the first record that fails, in transcript order: a record that
/// does not decode (or names an unknown signer) is reported only once the
/// signatures of the records before it have verified.
///
/// With `deferred`, a chunk whose records all decode has its signature
/// checks handed over instead of checked ([`audit_transcripts`] checks them
/// later, with other transcripts').
fn verify_chunk(
    chunk: &Chunk,
    batch: bool,
    deferred: Option<&Mutex<Vec<SignatureCheck>>>,
) -> Result<Vec<(usize, Checked)>, TranscriptError> {
    let mut items = Vec::with_capacity(chunk.records.len());
    let mut checks: Vec<(usize, SignatureCheck)> = Vec::with_capacity(chunk.records.len());
    let mut failure = None;
    for raw in &chunk.records {
        let index = raw.index;
        let unverifiable = |error: VerifyError| TranscriptError::Unverifiable { index, error };
        let decoded = raw.decode().and_then(|record| {
            match &record {
                Record::Statement(s) => checks.extend(
                    s.signature_checks(&*chunk.cards)
                        .map_err(unverifiable)?
                        .into_iter()
                        .map(|c| (index, c)),
                ),
                Record::Token(t) => checks.push((index, t.signature_check(&*chunk.cards).map_err(unverifiable)?)),
                _ => unreachable!("only statements and tokens are in a chunk"),
            }
            Ok(record)
        });
        match decoded {
            Ok(r) => items.push((index, r)),
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    match deferred {
        Some(sink) if failure.is_none() => sink
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(checks.into_iter().map(|(_, c)| c)),
        _ => check_signatures(&checks, batch && failure.is_none())
            .map_err(|(index, error)| TranscriptError::Unverifiable { index, error })?,
    }
    if let Some(e) = failure {
        return Err(e);
    }
    // Every signature has verified.
    Ok(items
        .into_iter()
        .map(|(i, r)| match r {
            Record::Statement(s) => (i, Checked::Statement(s.into_verified())),
            Record::Token(t) => (i, Checked::Token(t.into_verified())),
            _ => unreachable!("only statements and tokens are in a chunk"),
        })
        .collect())
}

/// The signature step of a chunk: every check, each tagged with its
/// record's index, under the rule of SPEC.md section 4; the index and error
/// of the first that fails. With `batch`, the signatures are first checked
/// together ([`cose::verify_batch`]); only if that fails are they checked
/// one by one, which names the first bad one. The verdict is the same
/// either way.
fn check_signatures(checks: &[(usize, SignatureCheck)], batch: bool) -> Result<(), (usize, VerifyError)> {
    if batch {
        let all: Vec<&SignatureCheck> = checks.iter().map(|(_, c)| c).collect();
        if cose::verify_batch(&all).is_ok() {
            return Ok(());
        }
    }
    for (index, c) in checks {
        c.verify().map_err(|error| (*index, error))?;
    }
    Ok(())
}

/// The signature step an audit applies to a chunk (SPEC.md section 17), for
/// raw Ed25519 `(public key, message, signature)` triples: each key must
/// pass [`crate::keys::check_signing_key`] and each signature be 64 bytes;
/// then the signatures are checked together in one batch and, if that
/// fails, one by one. `Err` names the first triple that fails, in order,
/// with what [`crate::keys::verify_ed25519`] says of it alone.
///
/// A triple's verdict is the one [`crate::keys::verify_ed25519`] gives it,
/// whatever else is in the batch and wherever it stands. Exposed so that
/// conformance tests can check exactly that.
pub fn verify_ed25519_batch(triples: &[(&[u8], &[u8], &[u8])]) -> Result<(), (usize, KeyError)> {
    let mut checks = Vec::with_capacity(triples.len());
    let mut failure = None;
    for (index, (key, message, signature)) in triples.iter().enumerate() {
        match SignatureCheck::from_raw(key, message, signature) {
            Ok(c) => checks.push((index, c)),
            Err(e) => {
                failure = Some((index, e));
                break;
            }
        }
    }
    // As in an audit: the triples before one that cannot be checked are
    // checked first (and alone if it fails: no batch then).
    check_signatures(&checks, failure.is_none()).map_err(|(index, _)| (index, KeyError::BadSignature))?;
    failure.map_or(Ok(()), Err)
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

/// [`audit_with`] under everything the auditor trusts ([`Trust`]): pinned
/// cards, certificate authorities for party identities, time-stamping
/// authorities for RFC 3161 tokens, and added certificates and CRLs. The
/// report says, per party, how its identity was established (SPEC.md 7.1).
pub fn audit_trusting<R: Read>(
    input: R,
    trust: &Trust,
    policy: Policy,
    options: AuditOptions,
    on_entry: impl FnMut(&Entry),
) -> Result<Report, TranscriptError> {
    run(input, trust, policy, options, None, None, on_entry)
}

/// [`audit`] with explicit [`AuditOptions`].
pub fn audit_with<R: Read>(
    input: R,
    trusted: Option<&CardSet>,
    policy: Policy,
    options: AuditOptions,
    on_entry: impl FnMut(&Entry),
) -> Result<Report, TranscriptError> {
    run(input, &Trust::pinned(trusted), policy, options, None, None, on_entry)
}

/// One transcript's audit as a value, to store or send on (its JSON is the
/// per-file object of SPEC.md section 14.3 without `file`).
#[derive(Clone, Debug, serde::Serialize)]
pub struct TranscriptAudit {
    /// No finding ([`Report::is_valid`]).
    pub valid: bool,
    /// Completed with no finding ([`Report::is_complete`]).
    pub complete: bool,
    /// The report.
    pub report: Report,
}

/// Audits one whole transcript held in memory, on the calling thread
/// only: the unit of work when an archive is spread over many workers or
/// machines, since every transcript's audit is independent of every
/// other's. The same verdict as [`audit`] (SPEC.md section 17).
pub fn audit_transcript(
    bytes: &[u8],
    trusted: Option<&CardSet>,
    policy: Policy,
) -> Result<TranscriptAudit, TranscriptError> {
    audit_transcript_trusting(bytes, &Trust::pinned(trusted), policy)
}

/// [`audit_transcript`] under everything the auditor trusts ([`Trust`]).
pub fn audit_transcript_trusting(
    bytes: &[u8],
    trust: &Trust,
    policy: Policy,
) -> Result<TranscriptAudit, TranscriptError> {
    let options = AuditOptions {
        threads: 1,
        ..AuditOptions::default()
    };
    run(bytes, trust, policy, options, None, None, |_| {}).map(TranscriptAudit::of)
}

impl TranscriptAudit {
    fn of(report: Report) -> TranscriptAudit {
        TranscriptAudit {
            valid: report.is_valid(),
            complete: report.is_complete(),
            report,
        }
    }
}

/// Audits several transcripts held in memory, on the calling thread,
/// checking the signatures of all of them in one batch: for an archive of
/// many small transcripts, where one transcript's few dozen signatures
/// make a small batch (SPEC.md section 17). Each result is exactly the one
/// [`audit_transcript_trusting`] gives that transcript alone: the
/// transcripts are validated with their signature checks set aside; if
/// every transcript read without error and the one batch of all their
/// checks holds, those reports stand; otherwise every transcript is
/// audited again on its own, which names the first bad record of each.
pub fn audit_transcripts(
    transcripts: &[&[u8]],
    trust: &Trust,
    policy: &Policy,
) -> Vec<Result<TranscriptAudit, TranscriptError>> {
    audit_transcripts_with_timelines(transcripts, trust, policy)
        .into_iter()
        .map(|r| r.map(|(report, _)| TranscriptAudit::of(report)))
        .collect()
}

/// [`audit_transcripts`], with each transcript's records as `on_entry` of
/// [`audit`] would have seen them (from the pass whose verdict stands).
pub fn audit_transcripts_with_timelines(
    transcripts: &[&[u8]],
    trust: &Trust,
    policy: &Policy,
) -> Vec<Result<(Report, Vec<Entry>), TranscriptError>> {
    let options = AuditOptions {
        threads: 1,
        ..AuditOptions::default()
    };
    // One transcript on this thread, its signature checks set aside into
    // `deferred` if given, with its timeline.
    let one = |bytes: &[u8], deferred: Option<Arc<Mutex<Vec<SignatureCheck>>>>| {
        let mut timeline = Vec::new();
        run(bytes, trust, policy.clone(), options.clone(), None, deferred, |e| {
            timeline.push(e.clone())
        })
        .map(|report| (report, timeline))
    };
    let sink = Arc::new(Mutex::new(Vec::new()));
    let mut first = Vec::with_capacity(transcripts.len());
    for bytes in transcripts {
        let Ok(done) = one(bytes, Some(sink.clone())) else {
            break;
        };
        first.push(done);
    }
    let checks = std::mem::take(&mut *sink.lock().unwrap_or_else(PoisonError::into_inner));
    let all: Vec<&SignatureCheck> = checks.iter().collect();
    if first.len() == transcripts.len() && cose::verify_batch(&all).is_ok() {
        return first.into_iter().map(Ok).collect();
    }
    transcripts.iter().map(|bytes| one(bytes, None)).collect()
}

/// Test hook, for `tests/audit_pipeline.rs` only: [`audit_with`], except
/// that verifying chunk number `chunk` (from 0, in transcript order)
/// panics, on whichever thread verifies it, so that a test can check that
/// such a panic reaches the caller instead of hanging the audit. Not part
/// of the API.
#[doc(hidden)]
pub fn audit_with_panic_at_chunk<R: Read>(
    input: R,
    trusted: Option<&CardSet>,
    policy: Policy,
    options: AuditOptions,
    chunk: u64,
    on_entry: impl FnMut(&Entry),
) -> Result<Report, TranscriptError> {
    run(
        input,
        &Trust::pinned(trusted),
        policy,
        options,
        Some(chunk),
        None,
        on_entry,
    )
}

fn run<R: Read>(
    input: R,
    trust: &Trust,
    policy: Policy,
    options: AuditOptions,
    panic_at: Option<u64>,
    deferred: Option<Arc<Mutex<Vec<SignatureCheck>>>>,
    mut on_entry: impl FnMut(&Entry),
) -> Result<Report, TranscriptError> {
    let mut reader = TranscriptReader::new(input)?;
    let mut state = AuditState {
        validator: Validator::new(reader.contract().clone(), policy),
        cards: Arc::new(Cards {
            declared: CardSet::new(),
            trusted: trust.cards.clone(),
        }),
        trust,
        collected: trust::Collected::new(trust),
    };
    if let Some(t) = &trust.cards {
        state.validator = state.validator.with_trusted_cards(t.clone());
    }
    // Without time-stamping roots an RFC 3161 record is refused before
    // its statement is looked up: no imprint need be kept.
    if trust.tsa.is_some() {
        state.validator = state.validator.with_rfc3161_imprints();
    }
    let threads = options.threads.max(1);
    let shared = Shared {
        panic_at,
        deferred,
        ..Shared::default()
    };
    std::thread::scope(|scope| {
        // Closes the queue however this closure ends, a panic included (in
        // `on_entry`, or in a chunk this thread verifies): the workers then
        // stop, and the scope joins them and passes the panic on, instead
        // of waiting for them for ever.
        let close = CloseOnDrop(&shared);
        // The calling thread reads, validates and, while it would otherwise
        // wait, verifies chunks too: `threads - 1` workers help it (none for
        // one thread: it then verifies every chunk itself).
        let workers: Vec<_> = (1..threads)
            .map(|_| {
                let shared = &shared;
                let batch = options.batch;
                scope.spawn(move || shared.work(batch))
            })
            .collect();
        let mut pipeline = Pipeline {
            shared: &shared,
            batch: options.batch,
            sent: 0,
            next: 0,
        };
        let in_flight = 2 * threads as u64;
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
                // Records other than statements and tokens are taken in
                // order on this thread.
                let in_order = raw
                    .as_ref()
                    .is_none_or(|r| r.kind != RECORD_STATEMENT && r.kind != RECORD_TOKEN);
                if (in_order || chunk.len() >= CHUNK_RECORDS || bytes >= CHUNK_BYTES) && !chunk.is_empty() {
                    pipeline.send(std::mem::take(&mut chunk), state.cards.clone());
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
                    Some(r) if r.kind != RECORD_STATEMENT && r.kind != RECORD_TOKEN => {
                        // An RFC 3161 token stamps a statement before it:
                        // everything before it is validated first.
                        pipeline.drain(&mut state, &mut on_entry)?;
                        state.in_order(&r, &mut on_entry)?;
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
        drop(close);
        // A worker's panic reaches the caller as itself, not as the error
        // it caused here ("audit worker stopped").
        for worker in workers {
            if let Err(panic) = worker.join() {
                std::panic::resume_unwind(panic);
            }
        }
        result
    })?;
    let identities = trust::identities(&state.collected, trust, &mut state.validator)?;
    let mut report = state.validator.finish();
    trust::into_report(&mut report, identities);
    Ok(report)
}

struct AuditState<'t> {
    validator: Validator,
    cards: Arc<Cards>,
    trust: &'t Trust,
    collected: trust::Collected,
}

impl AuditState<'_> {
    /// An RFC 3161 token, certificate or CRL record.
    fn in_order(&mut self, raw: &RawRecord, on_entry: &mut impl FnMut(&Entry)) -> Result<(), TranscriptError> {
        let index = raw.index;
        let (what, time) = match raw.decode()? {
            Record::Rfc3161(token) => {
                let authority = trust::rfc3161(index, &token, self.trust, &mut self.validator)?;
                let info = token.tst_info();
                (
                    EntryKind::Rfc3161 {
                        serial: info.serial_hex(),
                        authority,
                    },
                    info.gen_time,
                )
            }
            Record::Certificate(der) => {
                let time = crate::x509::certificate_start(&der);
                self.collected
                    .certificate(der)
                    .map_err(|error| TranscriptError::X509 { index, error })?;
                (EntryKind::X509("certificate"), time)
            }
            Record::Crl(der) => {
                let time = crate::x509::crl_issued(&der);
                self.collected
                    .crl(der)
                    .map_err(|error| TranscriptError::X509 { index, error })?;
                (EntryKind::X509("CRL"), time)
            }
            _ => unreachable!("only RFC 3161, certificate and CRL records are taken here"),
        };
        on_entry(&Entry {
            index,
            what,
            time,
            from: PartyId::from_bytes([0; 32]),
            to: None,
        });
        Ok(())
    }

    fn card(&mut self, raw: &RawRecord, on_entry: &mut impl FnMut(&Entry)) -> Result<(), TranscriptError> {
        let index = raw.index;
        // A copy of a trusted card, byte for byte, was verified when the
        // auditor's set was read: each distinct card is verified once per
        // set, however many transcripts declare it.
        let known = self
            .cards
            .trusted
            .as_ref()
            .and_then(|t| t.by_bytes(&raw.bytes))
            .cloned();
        let card = match known {
            Some(card) => card,
            None => match raw.decode()? {
                Record::Card(card) => card,
                _ => unreachable!("a card record"),
            },
        };
        let party = card.id();
        // With certificate authorities named, a card that is not pinned is
        // taken for now; at the end it must be certified (trust::identities).
        if let Some(t) = &self.cards.trusted
            && t.card(&party) != Some(&card)
            && self.trust.ca.is_none()
        {
            return Err(TranscriptError::Untrusted { index, party });
        }
        self.collected.card(index, &card);
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

/// Chunks waiting to be verified, and verified chunks waiting to be
/// validated, shared by the calling thread and the workers.
#[derive(Default)]
struct Shared {
    queue: Mutex<Queue>,
    /// Signalled when a job is queued or the queue closes.
    jobs_cv: Condvar,
    /// Signalled when a result is stored or a worker dies.
    results_cv: Condvar,
    /// The chunk whose verification panics ([`audit_with_panic_at_chunk`]).
    panic_at: Option<u64>,
    /// Where signature checks go instead of being checked
    /// ([`audit_transcripts`]).
    deferred: Option<Arc<Mutex<Vec<SignatureCheck>>>>,
}

#[derive(Default)]
struct Queue {
    jobs: VecDeque<Chunk>,
    results: BTreeMap<u64, ChunkResult>,
    closed: bool,
    /// A worker panicked: a result may never come.
    failed: bool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        // No code that can panic runs while the lock is held.
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A worker: verifies queued chunks until the queue closes.
    fn work(&self, batch: bool) {
        let _guard = FailGuard(self);
        loop {
            let chunk = {
                let mut q = self.lock();
                loop {
                    if let Some(c) = q.jobs.pop_front() {
                        break c;
                    }
                    if q.closed {
                        return;
                    }
                    q = self.jobs_cv.wait(q).unwrap_or_else(PoisonError::into_inner);
                }
            };
            self.finished(chunk.seq, self.verify(&chunk, batch, true));
        }
    }

    fn verify(&self, chunk: &Chunk, batch: bool, in_worker: bool) -> ChunkResult {
        if self.panic_at == Some(chunk.seq) {
            let on = if in_worker { "a worker" } else { "the calling thread" };
            panic!("injected panic verifying chunk {} on {on}", chunk.seq);
        }
        verify_chunk(chunk, batch, self.deferred.as_deref())
    }

    fn finished(&self, seq: u64, result: ChunkResult) {
        self.lock().results.insert(seq, result);
        self.results_cv.notify_all();
    }

    fn close(&self) {
        let mut q = self.lock();
        q.closed = true;
        q.jobs.clear();
        drop(q);
        self.jobs_cv.notify_all();
    }
}

/// Closes the queue when dropped, also while the calling thread unwinds.
struct CloseOnDrop<'a>(&'a Shared);

impl Drop for CloseOnDrop<'_> {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// Marks the queue failed if a worker unwinds, so the calling thread does
/// not wait for a result that will not come.
struct FailGuard<'a>(&'a Shared);

impl Drop for FailGuard<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.lock().failed = true;
            self.0.results_cv.notify_all();
        }
    }
}

/// The calling thread's side of the queue.
struct Pipeline<'a> {
    shared: &'a Shared,
    batch: bool,
    /// Chunks queued so far.
    sent: u64,
    /// The next chunk to validate.
    next: u64,
}

impl Pipeline<'_> {
    fn send(&mut self, records: Vec<RawRecord>, cards: Arc<Cards>) {
        let chunk = Chunk {
            seq: self.sent,
            records,
            cards,
        };
        self.sent += 1;
        self.shared.lock().jobs.push_back(chunk);
        self.shared.jobs_cv.notify_one();
    }

    /// Validates, in order, the chunks whose results have arrived; until
    /// the chunks before `until` are validated, verifies queued chunks on
    /// this thread, or waits for the workers.
    fn validate_ready(
        &mut self,
        state: &mut AuditState,
        on_entry: &mut impl FnMut(&Entry),
        until: u64,
    ) -> Result<(), TranscriptError> {
        loop {
            let mut ready = Vec::new();
            let job = {
                let mut q = self.shared.lock();
                while let Some(result) = q.results.remove(&(self.next + ready.len() as u64)) {
                    ready.push(result);
                }
                if !ready.is_empty() || self.next >= until || self.next == self.sent {
                    None
                } else if q.failed {
                    // A chunk a worker held will not come; the worker's
                    // panic is passed on once the workers are joined.
                    return Err(TranscriptError::Io(std::io::Error::other("audit worker stopped")));
                } else if let Some(job) = q.jobs.pop_front() {
                    Some(job)
                } else {
                    // A worker holds the chunks still missing.
                    drop(self.shared.results_cv.wait(q).unwrap_or_else(PoisonError::into_inner));
                    continue;
                }
            };
            if let Some(job) = job {
                self.shared
                    .finished(job.seq, self.shared.verify(&job, self.batch, false));
                continue;
            }
            if ready.is_empty() {
                return Ok(());
            }
            for result in ready {
                self.next += 1;
                state.validate(result?, on_entry);
            }
        }
    }

    fn drain(&mut self, state: &mut AuditState, on_entry: &mut impl FnMut(&Entry)) -> Result<(), TranscriptError> {
        self.validate_ready(state, on_entry, self.sent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ContractId;

    /// A worker that panics on the chunk the calling thread waits for: the
    /// wait ends with an error instead of lasting for ever, and the worker
    /// is joined with its panic (which `run` passes on).
    #[test]
    fn a_worker_panic_ends_the_calling_threads_wait() {
        let shared = Shared {
            panic_at: Some(0),
            ..Shared::default()
        };
        let contract = ContractId::new("C-1").unwrap();
        let trust = Trust::default();
        let mut state = AuditState {
            validator: Validator::new(contract, Policy::default()),
            cards: Arc::new(Cards::default()),
            trust: &trust,
            collected: trust::Collected::default(),
        };
        std::thread::scope(|scope| {
            let close = CloseOnDrop(&shared);
            let worker = scope.spawn(|| shared.work(true));
            let mut pipeline = Pipeline {
                shared: &shared,
                batch: true,
                sent: 0,
                next: 0,
            };
            pipeline.send(Vec::new(), state.cards.clone());
            // Until the worker has taken the chunk (the calling thread
            // would otherwise verify it itself).
            while !shared.lock().jobs.is_empty() {
                std::thread::yield_now();
            }
            let r = pipeline.drain(&mut state, &mut |_| {});
            assert!(matches!(r, Err(TranscriptError::Io(_))), "{r:?}");
            drop(close);
            assert!(worker.join().is_err());
        });
    }
}
