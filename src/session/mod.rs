//! A party's side of the procedure (SPEC.md section 19), sans-IO.
//!
//! A [`Session`] is one party's view of one contract. It is fed what
//! arrives ([`Session::receive`]: [`Parcel`] bytes), archives it in the
//! party's transcript (any [`Write`]), keeps the party's [`Validator`] in
//! step, holds back a statement that arrives before one it answers, and
//! builds the party's own messages ([`Session::send`] and the named
//! builders), refusing before it signs any message that would make the
//! party itself break a rule: the validator is run forward on the draft.
//! Time comes in as a parameter; the caller moves the bytes.

mod builders;
mod next;
pub mod parcel;
mod succession;

use std::collections::{HashMap, HashSet};
use std::io::Write;

use rand_core::CryptoRng;
use sha2::{Digest as _, Sha256};
use thiserror::Error;

use crate::Verified;
use crate::envelope::{EnvelopeHeader, Opener, seal_presented};
use crate::error::{BuildError, DecodeError, OpenError, SealError, VerifyError};
use crate::ids::{ContractId, PartyId, StatementId, UnixTime};
use crate::keys::{CardLookup, CardSet, PartyCard, PartySecret};
use crate::message::{Kind, Message};
use crate::statement::Statement;
use crate::timestamp::{TimestampRequest, TimestampToken};
use crate::transcript::{MAX_RECORDS, Record, TranscriptError, TranscriptReader, TranscriptWriter};
use crate::validate::{Finding, Policy, Report, Status, Validator};

pub use next::{Awaited, Step};
pub use parcel::Parcel;

/// Most statements held back, waiting for a statement they answer.
pub const MAX_HELD_BACK: usize = 256;
/// Most of those held back only because their signer is a key the
/// contract does not know (SPEC.md 19.3).
pub const MAX_UNKNOWN_HELD: usize = 32;

/// What a session refused, or could not do.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum SessionError {
    /// A parcel, card or token is malformed.
    #[error("malformed input: {0}")]
    Decode(#[from] DecodeError),
    /// The envelope cannot be opened or its statement does not verify.
    #[error("cannot open the parcel: {0}")]
    Open(#[from] OpenError),
    /// A token or card does not verify.
    #[error("does not verify: {0}")]
    Verify(#[from] VerifyError),
    /// A card in a parcel is invalid.
    #[error("invalid party card: {0}")]
    Card(#[from] crate::error::KeyError),
    /// A parcel carries a token for another statement.
    #[error("a token in the parcel stamps {found}, not the statement it carries ({expected})")]
    TokenMismatch {
        /// The statement in the parcel.
        expected: StatementId,
        /// The statement the token stamps.
        found: StatementId,
    },
    /// A parcel carries a second, different card for a known party.
    #[error("a second, different card for party {0}")]
    CardConflict(PartyId),
    /// The draft names a statement the session does not hold.
    #[error("the session holds no statement {0}")]
    Unknown(StatementId),
    /// The party's draft would break a rule: it is not signed.
    #[error("refused: {} would be broken: {}", .finding.rule.id(), .finding.message)]
    Refused {
        /// The first finding the draft would cause (every one is in `all`).
        finding: Finding,
        /// Every finding the draft would cause.
        all: Vec<Finding>,
    },
    /// Signing failed.
    #[error("cannot sign: {0}")]
    Build(#[from] BuildError),
    /// Sealing failed.
    #[error("cannot seal: {0}")]
    Seal(#[from] SealError),
    /// Too many statements are held back.
    #[error(
        "too many statements are held back (at most {MAX_HELD_BACK}, and {MAX_UNKNOWN_HELD} of keys the contract does not know)"
    )]
    TooManyHeldBack,
    /// The transcript cannot be read back or written.
    #[error("transcript: {0}")]
    Transcript(#[from] TranscriptError),
    /// The transcript ends inside a record: truncate it to `offset` bytes
    /// (the end of the last whole record) and restore again.
    #[error("the transcript ends inside record {index}: truncate it to {offset} bytes and restore again")]
    TornTail {
        /// The partial record.
        index: usize,
        /// Where the whole records end.
        offset: u64,
    },
    /// The step needs a concluded contract, and the party's archive does not
    /// show one.
    #[error("the contract is not concluded in this party's archive (status {0:?})")]
    NotConcluded(Status),
    /// The transcript is not this party's for this contract.
    #[error("the transcript is {0}")]
    NotMine(String),
    /// A key retirement names no party to send it to.
    #[error("a key retirement goes to at least one party: name the counterparties that must learn the successor")]
    NoRecipients,
    /// A former key given to a restored session is not one this party
    /// retired in favour of its current key.
    #[error("key {0} is not a key this party retired in this transcript")]
    NotFormerKey(PartyId),
    /// Writing the transcript failed.
    #[error("cannot write the transcript: {0}")]
    Io(#[from] std::io::Error),
}

/// Something a session did or saw.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// A card was archived, at record `index`.
    Card {
        /// Record index.
        index: usize,
        /// The party.
        party: PartyId,
    },
    /// A statement was verified and archived, at record `index`.
    Statement {
        /// Record index.
        index: usize,
        /// Its id.
        id: StatementId,
        /// Its kind.
        kind: Kind,
        /// Its sender.
        from: PartyId,
    },
    /// A token was verified and archived, at record `index`.
    Token {
        /// Record index.
        index: usize,
        /// The statement it stamps.
        stamps: StatementId,
    },
    /// A statement arrived before a statement it answers: it is held back,
    /// unarchived, until they have arrived.
    HeldBack {
        /// Its id.
        id: StatementId,
        /// The statements it waits for.
        missing: Vec<StatementId>,
        /// Set when its signer is a key the contract does not know and the
        /// statement would break a rule as that key's: it waits for a
        /// retirement naming the key as a successor (SPEC.md 19.8).
        unknown_signer: Option<PartyId>,
    },
    /// A statement that is already archived arrived again (nothing archived
    /// but tokens it did not have).
    Duplicate {
        /// Its id.
        id: StatementId,
    },
    /// The contract's status changed.
    Status {
        /// Before.
        before: Status,
        /// After.
        after: Status,
    },
    /// What arrived breaks a rule (another party's doing: the session's own
    /// drafts are refused instead).
    Finding(Finding),
}

/// A message the session built, signed and archived, ready to travel.
#[derive(Clone, Debug)]
pub struct Outgoing {
    /// The statement's id.
    pub id: StatementId,
    /// Its kind.
    pub kind: Kind,
    /// Its recipient.
    pub to: PartyId,
    /// The parcel for the recipient ([`Parcel::to_bytes`]).
    pub parcel: Vec<u8>,
}

/// One party's side of one contract.
pub struct Session<W: Write> {
    me: PartySecret,
    /// Keys the party retired: envelopes sealed to them still open.
    former: Vec<PartySecret>,
    contract: ContractId,
    validator: Validator,
    sink: TranscriptWriter<W>,
    next: usize,
    cards: CardSet,
    held: HashMap<StatementId, Verified<Statement>>,
    tokens: HashMap<StatementId, Vec<Verified<TimestampToken>>>,
    token_digests: HashSet<[u8; 32]>,
    waiting: Vec<(Verified<Statement>, Vec<Verified<TimestampToken>>)>,
    /// Record indexes of the statements the party signed.
    own: HashSet<usize>,
    /// The party keeps a partial view (a provider's or a bank's archive, the
    /// policy's `viewer`): what arrives is archived at once, since the
    /// statements it answers may never reach this party (the validator
    /// tells what lies outside the view).
    partial: bool,
}

impl<W: Write> std::fmt::Debug for Session<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("party", &self.me.id())
            .field("contract", &self.contract)
            .field("records", &self.next)
            .field("status", &self.validator.status())
            .finish_non_exhaustive()
    }
}

/// The lookups of a receive: archived cards, then cards the parcel brings.
struct Both<'a>(&'a CardSet, &'a CardSet);

impl CardLookup for Both<'_> {
    fn card(&self, id: &PartyId) -> Option<&PartyCard> {
        self.0.card(id).or_else(|| self.1.card(id))
    }
}

fn token_digest(t: &TimestampToken) -> [u8; 32] {
    Sha256::digest(t.as_bytes()).into()
}

impl<W: Write> Session<W> {
    /// Starts `me`'s transcript of `contract` in `out`: the header, `me`'s
    /// card and the cards of the parties `me` knows (counterparties, the
    /// time-stamp authority).
    pub fn new(
        me: PartySecret,
        contract: ContractId,
        policy: Policy,
        known: &CardSet,
        out: W,
    ) -> Result<Self, SessionError> {
        let sink = TranscriptWriter::create(out, &contract)?;
        let mut s = Session::empty(me, contract, policy, sink);
        let mine = s.me.card().clone();
        s.archive_card(&mine)?;
        for c in known.iter() {
            if c.id() != mine.id() {
                s.archive_card(c)?;
            }
        }
        s.sink.flush()?;
        Ok(s)
    }

    /// Restores `me`'s session from its transcript's bytes; `out` continues
    /// the same transcript (a file opened for appending). Statements and
    /// tokens are verified against the transcript's own cards. A torn last
    /// record is [`SessionError::TornTail`]: truncate the file to its
    /// `offset` and restore again.
    pub fn restore(me: PartySecret, policy: Policy, transcript: &[u8], out: W) -> Result<Self, SessionError> {
        let mut reader = TranscriptReader::new(transcript)?;
        let contract = reader.contract().clone();
        let viewer = policy.viewer;
        let mut s = Session::empty(me, contract, policy, TranscriptWriter::append(out));
        let mut signers = Vec::new();
        loop {
            let record = match reader.next_record() {
                Ok(None) => break,
                Ok(Some((_, r))) => r,
                Err(TranscriptError::TornTail { index, offset }) => {
                    return Err(SessionError::TornTail { index, offset });
                }
                Err(e) => return Err(e.into()),
            };
            let index = s.next;
            s.next += 1;
            match record {
                Record::Card(c) => {
                    if !s.cards.insert(c.clone()) {
                        return Err(SessionError::CardConflict(c.id()));
                    }
                    s.validator.card(&c);
                }
                Record::Statement(st) => {
                    let v = st.verify(&s.cards)?;
                    s.validator.statement(index, &v);
                    signers.push((index, v.sender()));
                    s.held.insert(v.id(), v);
                }
                Record::Token(t) => {
                    let v = t.verify(&s.cards)?;
                    s.validator.token(index, &v);
                    s.token_digests.insert(token_digest(&v));
                    s.tokens.entry(v.imprint()).or_default().push(v);
                }
                // Evidence for auditors (SPEC.md 7.1, 11.1): a session
                // keeps it in the archive and does not check it.
                Record::Rfc3161(_) | Record::Certificate(_) | Record::Crl(_) => {}
            }
        }
        if s.cards.card(&s.me.id()) != Some(s.me.card()) {
            return Err(SessionError::NotMine(format!(
                "not {}'s: it does not hold that party's card",
                s.me.name()
            )));
        }
        if s.current_key(s.me.id()) != s.me.id() {
            return Err(SessionError::NotMine(format!(
                "signed on by a successor of key {}: restore with the successor's key (and give this one with with_former_key)",
                s.me.id()
            )));
        }
        // Whose statements are the party's own, and whether it keeps a
        // partial view, are read through its successions.
        s.own = signers
            .into_iter()
            .filter(|(_, p)| s.is_me(*p))
            .map(|(i, _)| i)
            .collect();
        s.partial = viewer.is_some_and(|v| s.is_me(v));
        Ok(s)
    }

    /// A session with nothing archived yet, writing to `sink`.
    fn empty(me: PartySecret, contract: ContractId, policy: Policy, sink: TranscriptWriter<W>) -> Self {
        Session {
            former: Vec::new(),
            own: HashSet::new(),
            partial: policy.viewer == Some(me.id()),
            validator: Validator::new(contract.clone(), policy),
            me,
            contract,
            sink,
            next: 0,
            cards: CardSet::new(),
            held: HashMap::new(),
            tokens: HashMap::new(),
            token_digests: HashSet::new(),
            waiting: Vec::new(),
        }
    }

    /// The party.
    pub fn party(&self) -> &PartySecret {
        &self.me
    }

    /// The contract.
    pub fn contract(&self) -> &ContractId {
        &self.contract
    }

    /// Records archived so far.
    pub fn records(&self) -> usize {
        self.next
    }

    /// A statement the session holds (archived).
    pub fn statement(&self, id: &StatementId) -> Option<&Verified<Statement>> {
        self.held.get(id)
    }

    /// Statements held back, and what each waits for.
    pub fn held_back(&self) -> Vec<(StatementId, Vec<StatementId>)> {
        self.waiting.iter().map(|(s, _)| (s.id(), self.missing(s))).collect()
    }

    /// Where the contract stands, as of `now` (an offer unanswered past its
    /// lapse time is lapsed).
    pub fn status_at(&self, now: UnixTime) -> Status {
        self.validator.report_at(now).status
    }

    /// The report on the party's own archive as of `now`: what an auditor of
    /// this transcript would be told.
    pub fn report_at(&self, now: UnixTime) -> Report {
        self.validator.report_at(now)
    }

    /// Gives back the transcript's writer.
    pub fn into_inner(self) -> Result<W, SessionError> {
        Ok(self.sink.finish()?)
    }

    /// The statements `s` answers that the session does not hold (a
    /// notice's carried proofs travel inside it and are not missing).
    fn missing(&self, s: &Statement) -> Vec<StatementId> {
        let carried: Vec<StatementId> = match s.message() {
            Message::PerformanceNotice(n) => n.proofs.iter().map(Statement::id).collect(),
            _ => Vec::new(),
        };
        s.answers()
            .iter()
            .filter(|a| !self.held.contains_key(a) && !carried.contains(a))
            .copied()
            .collect()
    }

    /// The statements `s` answers that hold it back: none in a partial
    /// session, which archives at once.
    fn blocking(&self, s: &Statement) -> Vec<StatementId> {
        if self.partial { Vec::new() } else { self.missing(s) }
    }

    /// Whether a held-back statement can be archived now.
    fn ready(&self, s: &Verified<Statement>) -> bool {
        self.blocking(s).is_empty() && self.unknown_signer(s, &CardSet::new()).is_none()
    }

    fn archive_card(&mut self, c: &PartyCard) -> Result<Event, SessionError> {
        self.room(1)?;
        self.sink.card(c)?;
        self.cards.insert(c.clone());
        self.validator.card(c);
        let index = self.next;
        self.next += 1;
        Ok(Event::Card { index, party: c.id() })
    }

    fn archive_statement(&mut self, s: &Verified<Statement>) -> Result<Event, SessionError> {
        self.room(1)?;
        self.sink.statement(s)?;
        let index = self.next;
        self.next += 1;
        self.validator.statement(index, s);
        self.held.insert(s.id(), s.clone());
        if self.is_me(s.sender()) {
            self.own.insert(index);
        }
        // A notice's carried proofs were verified with it: they are held too
        // (a payment answers them through the notice).
        if let Message::PerformanceNotice(n) = s.message() {
            for p in &n.proofs {
                self.held.entry(p.id()).or_insert_with(|| p.clone().into_verified());
            }
        }
        Ok(Event::Statement {
            index,
            id: s.id(),
            kind: s.kind(),
            from: s.sender(),
        })
    }

    fn archive_token(&mut self, t: &Verified<TimestampToken>) -> Result<Option<Event>, SessionError> {
        self.room(1)?;
        if !self.token_digests.insert(token_digest(t)) {
            return Ok(None);
        }
        self.sink.token(t)?;
        let index = self.next;
        self.next += 1;
        self.validator.token(index, t);
        self.tokens.entry(t.imprint()).or_default().push(t.clone());
        Ok(Some(Event::Token {
            index,
            stamps: t.imprint(),
        }))
    }

    /// Refuses to archive `records` more when the transcript would exceed
    /// [`MAX_RECORDS`] (a transcript no reader would take back).
    fn room(&self, records: usize) -> Result<(), SessionError> {
        if self.next.saturating_add(records) > MAX_RECORDS {
            return Err(SessionError::Transcript(TranscriptError::TooManyRecords));
        }
        Ok(())
    }

    /// Runs `f`, then adds the status change and the new findings to its
    /// events, and flushes the transcript.
    fn observed(
        &mut self,
        f: impl FnOnce(&mut Self, &mut Vec<Event>) -> Result<(), SessionError>,
    ) -> Result<Vec<Event>, SessionError> {
        let before = self.validator.status();
        let seen = self.validator.findings().len();
        let mut events = Vec::new();
        f(self, &mut events)?;
        let after = self.validator.status();
        if after != before {
            events.push(Event::Status { before, after });
        }
        events.extend(self.validator.findings()[seen..].iter().cloned().map(Event::Finding));
        self.sink.flush()?;
        Ok(events)
    }

    /// Takes in a parcel that arrived: its cards, its statement (addressed
    /// to this party, copied to it, or presented to it by a third party) and
    /// its tokens, each verified, then archived in order; a statement that
    /// answers one not yet held is held back until that one arrives.
    pub fn receive(&mut self, parcel: &[u8]) -> Result<Vec<Event>, SessionError> {
        let p = Parcel::from_bytes(parcel)?;
        let mut staged = CardSet::new();
        for bytes in &p.cards {
            let c = PartyCard::from_bytes(bytes)?;
            match self.cards.card(&c.id()) {
                Some(known) if *known == c => {}
                Some(_) => return Err(SessionError::CardConflict(c.id())),
                None => {
                    if !staged.insert(c.clone()) {
                        return Err(SessionError::CardConflict(c.id()));
                    }
                }
            }
        }
        let lookup = Both(&self.cards, &staged);
        // Sealed to the party's current key, or to one it retired.
        let recipient = EnvelopeHeader::decode(&p.envelope)?.recipient();
        let key = std::iter::once(&self.me)
            .chain(&self.former)
            .find(|k| k.id() == recipient)
            .unwrap_or(&self.me);
        let s = Opener::new(key)
            .contract(&self.contract)
            .allow_presented()
            .open(&p.envelope, &lookup)?;
        let mut tokens = Vec::new();
        for bytes in &p.tokens {
            let t = TimestampToken::decode(bytes)?.verify(&lookup)?;
            if t.imprint() != s.id() {
                return Err(SessionError::TokenMismatch {
                    expected: s.id(),
                    found: t.imprint(),
                });
            }
            tokens.push(t);
        }
        let duplicate = self.held.contains_key(&s.id()) || self.waiting.iter().any(|(w, _)| w.id() == s.id());
        let unknown = if duplicate {
            None
        } else {
            self.unknown_signer(&s, &staged)
        };
        let hold = !self.blocking(&s).is_empty() || unknown.is_some();
        if !duplicate && hold && self.waiting.len() >= MAX_HELD_BACK {
            return Err(SessionError::TooManyHeldBack);
        }
        // Statements of unknown signers have a smaller quota of their own,
        // so that a stranger's cannot crowd out the parties'.
        let unknown_held = self.waiting.iter().filter(|(w, _)| self.blocking(w).is_empty()).count();
        if !duplicate && unknown.is_some() && self.blocking(&s).is_empty() && unknown_held >= MAX_UNKNOWN_HELD {
            return Err(SessionError::TooManyHeldBack);
        }
        // Everything this parcel can add, and what it can release, fits.
        let released: usize = self.waiting.iter().map(|(_, t)| 1 + t.len()).sum();
        self.room(staged.len() + 1 + tokens.len() + released)?;
        self.observed(|me, events| {
            for c in staged.iter() {
                events.push(me.archive_card(c)?);
            }
            if duplicate {
                events.push(Event::Duplicate { id: s.id() });
                if me.held.contains_key(&s.id()) {
                    for t in &tokens {
                        events.extend(me.archive_token(t)?);
                    }
                }
                return Ok(());
            }
            if hold {
                let missing = me.blocking(&s);
                events.push(Event::HeldBack {
                    id: s.id(),
                    missing,
                    unknown_signer: unknown,
                });
                me.waiting.push((s, tokens));
                return Ok(());
            }
            events.push(me.archive_statement(&s)?);
            for t in &tokens {
                events.extend(me.archive_token(t)?);
            }
            // Release what waited for it (and for what that releases).
            while let Some(i) = me.waiting.iter().position(|(w, _)| me.ready(w)) {
                let (w, ts) = me.waiting.remove(i);
                events.push(me.archive_statement(&w)?);
                for t in &ts {
                    events.extend(me.archive_token(t)?);
                }
            }
            Ok(())
        })
    }

    /// The request for a token for statement `id`, to send to a time-stamp
    /// authority (local or remote); its answer goes to
    /// [`Session::add_token`].
    pub fn timestamp_request(&self, id: StatementId, nonce: Option<Vec<u8>>) -> Result<TimestampRequest, SessionError> {
        if !self.held.contains_key(&id) {
            return Err(SessionError::Unknown(id));
        }
        Ok(TimestampRequest { imprint: id, nonce })
    }

    /// Archives a token an authority issued (its card must be archived).
    pub fn add_token(&mut self, token: &[u8]) -> Result<Vec<Event>, SessionError> {
        let t = TimestampToken::decode(token)?.verify(&self.cards)?;
        if !self.held.contains_key(&t.imprint()) {
            return Err(SessionError::Unknown(t.imprint()));
        }
        self.observed(|me, events| {
            events.extend(me.archive_token(&t)?);
            Ok(())
        })
    }

    /// Signs `message` to `to`, answering `answers`, as of `now`; refuses it
    /// unsigned if the validator, run forward on the draft, finds that it
    /// breaks a rule; otherwise archives it and returns its parcel.
    pub fn send<R: CryptoRng + ?Sized>(
        &mut self,
        to: &PartyCard,
        message: impl Into<Message>,
        answers: &[StatementId],
        now: UnixTime,
        rng: &mut R,
    ) -> Result<Outgoing, SessionError> {
        self.send_with_copies(to, &[], message, answers, now, rng)
    }

    /// As [`Session::send`], naming `copies` as copy holders (their parcels
    /// come from [`Session::present`]).
    pub fn send_with_copies<R: CryptoRng + ?Sized>(
        &mut self,
        to: &PartyCard,
        copies: &[PartyCard],
        message: impl Into<Message>,
        answers: &[StatementId],
        now: UnixTime,
        rng: &mut R,
    ) -> Result<Outgoing, SessionError> {
        if let Some(a) = answers.iter().find(|a| !self.held.contains_key(a)) {
            return Err(SessionError::Unknown(*a));
        }
        self.room(2)?;
        let mut b = Statement::build(&self.me, to, &self.contract, now, message.into()).proof_cards(&self.cards);
        for a in answers {
            b = b.answers(*a);
        }
        for c in copies {
            b = b.copy_to(c);
        }
        let s = b.sign()?;
        // The draft, run forward: every finding it would cause at its own
        // record refuses it.
        // Twice: on the evidence as it stands, and on the worst case for
        // what the party cannot know yet, that every statement it is still
        // waiting to hear about reached its addressee at once.
        let index = self.next + usize::from(self.cards.card(&to.id()).is_none());
        let mut all: Vec<Finding> = Vec::new();
        // The worst case leaves out `FORM-TIMESTAMP`: a token can only be
        // obtained for a statement once it is signed.
        // A finding counts against the draft when it is new and falls on the
        // draft or on one of the party's own earlier statements (a receipt
        // can make the party's own acceptance premature).
        for (worst, mut ahead) in [
            (false, self.validator.clone()),
            (true, self.validator.assuming_immediate_reach()),
        ] {
            let before: Vec<(crate::validate::Rule, usize)> = ahead
                .report_at(now)
                .findings
                .iter()
                .map(|f| (f.rule, f.index))
                .collect();
            if self.cards.card(&to.id()).is_none() {
                ahead.card(to);
            }
            ahead.statement(index, &s);
            let here = |f: &Finding| {
                (f.index == index || self.own.contains(&f.index))
                    && !before.contains(&(f.rule, f.index))
                    && !(worst && f.rule == crate::validate::Rule::FormTimestamp)
            };
            for f in ahead.report_at(now).findings.into_iter().filter(here) {
                if !all.iter().any(|g| g.rule == f.rule) {
                    all.push(f);
                }
            }
        }
        if let Some(finding) = all.first().cloned() {
            return Err(SessionError::Refused { finding, all });
        }
        let out = Outgoing {
            id: s.id(),
            kind: s.kind(),
            to: to.id(),
            parcel: self.parcel(&s, to, rng)?,
        };
        self.observed(|me, events| {
            if me.cards.card(&to.id()).is_none() {
                events.push(me.archive_card(to)?);
            }
            events.push(me.archive_statement(&s)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// A parcel presenting a statement the session holds (signed by anyone)
    /// to a third party, unchanged, with its tokens and the cards needed to
    /// verify it: a bank presenting the buyer's acceptance of a draft, a
    /// seller forwarding a carrier's proof.
    pub fn present<R: CryptoRng + ?Sized>(
        &self,
        id: StatementId,
        to: &PartyCard,
        rng: &mut R,
    ) -> Result<Vec<u8>, SessionError> {
        let s = self.held.get(&id).ok_or(SessionError::Unknown(id))?;
        self.parcel(s, to, rng)
    }

    /// `s` sealed to `to` in a parcel with its archived tokens and the
    /// cards that verify it: its signer's, its carried proofs' providers',
    /// its tokens' authorities' (those the session has).
    fn parcel<R: CryptoRng + ?Sized>(
        &self,
        s: &Verified<Statement>,
        to: &PartyCard,
        rng: &mut R,
    ) -> Result<Vec<u8>, SessionError> {
        let envelope = seal_presented(s, to, rng)?;
        let tokens: &[Verified<TimestampToken>] = self.tokens.get(&s.id()).map_or(&[], Vec::as_slice);
        // A notice's carried proofs' providers; a retirement's successor.
        let proofs = match s.message() {
            Message::PerformanceNotice(n) => n.proofs.iter().map(Statement::sender).collect(),
            Message::KeyRetirement(r) => vec![r.successor],
            _ => Vec::new(),
        };
        let mut cards: Vec<Vec<u8>> = Vec::new();
        let signers = std::iter::once(s.sender())
            .chain(proofs)
            .chain(tokens.iter().map(|t| t.authority()));
        for c in signers.filter_map(|p| self.cards.card(&p)) {
            if !cards.iter().any(|b| b == c.as_bytes()) {
                cards.push(c.as_bytes().to_vec());
            }
        }
        Ok(Parcel {
            envelope,
            tokens: tokens.iter().map(|t| t.as_bytes().to_vec()).collect(),
            cards,
        }
        .to_bytes())
    }

    /// The card of a party the session knows.
    pub fn card(&self, party: &PartyId) -> Option<&PartyCard> {
        self.cards.card(party)
    }
}
