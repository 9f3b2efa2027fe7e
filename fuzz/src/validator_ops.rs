//! Structure-aware fuzzing of the validator with hostile but correctly
//! signed sequences.
//!
//! The input is decoded (with `arbitrary`) into a policy and a list of
//! operations: statements of any of the 12 kinds from any of the seven fixed
//! parties to any other, with small field values, answering earlier
//! statements (by position) or random ids; time-stamp tokens from the fixed
//! authority or from a party; receipts; records of the seven-step trade
//! ("canned"), or re-signed with a few fields changed ("resign"); replays;
//! cards; gaps in the record index; and holding a statement or token back
//! to feed it later (forward references). Each
//! statement is built and signed with the crate's API; an operation whose
//! build fails is skipped. Everything built is verified, so the validator
//! must take any such sequence, and `finish` (and the text and Mermaid
//! renderings of its report) must not panic.
//!
//! Used by `fuzz_targets/validator.rs`; `make_corpus` checks its seeds
//! against it.

use crate::{self as fx, HAPPY, Rec, SELLER, TSA};
use arbitrary::{Arbitrary, Unstructured};
use econtract::*;

/// Most operations taken from one input.
const MAX_OPS: usize = 64;

#[derive(Arbitrary, Debug)]
pub struct Input {
    pub policy: Option<PolicyIn>,
    pub ops: Vec<Op>,
}

#[derive(Arbitrary, Debug)]
pub struct PolicyIn {
    require_acceptance_timestamp: bool,
    require_receipts: bool,
    clock_skew: Num,
    reasonable_time: Num,
    documents_against: Option<bool>,
    cisg: Option<bool>,
    authorities: Option<Vec<u8>>,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Num {
    Default,
    Small(u16),
    Any(u64),
}

impl Num {
    fn get(self, default: u64) -> u64 {
        match self {
            Num::Default => default,
            Num::Small(n) => n.into(),
            Num::Any(n) => n,
        }
    }
}

#[derive(Arbitrary, Debug)]
pub enum Op {
    /// Feed record `n` (modulo) of the seven-step trade.
    Canned(u8),
    /// Feed the seven-step trade's records from `from` to `to`.
    CannedRange(u8, u8),
    /// Sign and feed a statement.
    Send(Box<SendOp>),
    /// Obtain and feed a time-stamp token.
    Token(TokenOp),
    /// A receipt of an earlier statement by its recipient (or a copy holder,
    /// or anyone), addressed back to its sender.
    ReceiptOf {
        target: Ref,
        by: Option<u8>,
        received: Time,
        delay: u16,
        hold: bool,
    },
    /// Re-sign statement `canned` (modulo) of the seven-step trade with a
    /// few changes: the shortest way to one wrong field deep in a contract.
    Resign { canned: u8, tweaks: Vec<Tweak>, hold: bool },
    /// Feed an earlier statement again.
    Replay(Ref),
    /// Feed a held item now.
    Release(u8),
    /// Tell the validator a party's name.
    Card(u8),
    /// Skip record indexes (as cards in a transcript do).
    Gap(u8),
}

/// One change to a re-signed statement of the trade.
#[derive(Arbitrary, Debug)]
pub enum Tweak {
    From(u8),
    To(u8),
    /// Relative to the original signing time.
    Time(Time),
    Answers(Vec<Ref>),
    /// A new body (relative times count from the signing time).
    Body(Box<Body>),
    /// The payment's amount, the notice's due amount, the offer's price, or
    /// a price change in an acceptance.
    Amount(AmountIn),
    Payment {
        is_final: bool,
        instrument: u8,
        maturity: Option<Time>,
        end_to_end_id: Option<Txt>,
    },
    /// A title transfer's document, or a proof's title document.
    Document {
        id: DocId,
        digest: DigestIn,
        holder: Option<u8>,
    },
    NoDocument,
    Service(u8),
    /// The proofs a notice carries (its answers follow them).
    Proofs(Vec<Ref>),
    Terms(ChangesIn),
    Lapse(Option<Time>),
}

#[derive(Arbitrary, Debug)]
pub struct SendOp {
    from: u8,
    to: u8,
    time: Time,
    answers: Vec<Ref>,
    copy_to: Option<u8>,
    other_contract: bool,
    hold: bool,
    body: Body,
}

#[derive(Arbitrary, Debug)]
pub struct TokenOp {
    target: Ref,
    /// `None`: the time-stamp authority; otherwise that party acts as one.
    authority: Option<u8>,
    time: Time,
    serial: Num,
    nonce: Option<u8>,
    hold: bool,
}

/// An earlier statement, or an id that names none.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Ref {
    /// The k-th most recent statement built (0: the last one).
    Prev(u8),
    /// The k-th statement built, from the first.
    Nth(u8),
    /// The most recent statement of a kind (code 1 to 12).
    LastOfKind(u8),
    /// The fixed offer of the trade.
    Offer,
    Random([u8; 32]),
}

/// A time, absolute or relative to a base (the previous statement's time,
/// or for tokens and receipts the target's time).
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Time {
    After(u16),
    Before(u16),
    AfterHours(u16),
    BeforeHours(u16),
    FromT0(u32),
    Zero,
    Max,
    Any(u64),
}

impl Time {
    fn at(self, base: UnixTime) -> UnixTime {
        let b = base.as_secs();
        let secs = match self {
            Time::After(d) => b.saturating_add(d.into()),
            Time::Before(d) => b.saturating_sub(d.into()),
            Time::AfterHours(h) => b.saturating_add(u64::from(h) * 3600),
            Time::BeforeHours(h) => b.saturating_sub(u64::from(h) * 3600),
            Time::FromT0(s) => fx::T0 + u64::from(s),
            Time::Zero => 0,
            Time::Max => UnixTime::MAX.as_secs(),
            Time::Any(s) => s,
        };
        UnixTime::from_secs(secs).unwrap_or(UnixTime::MAX)
    }
}

#[derive(Arbitrary, Debug)]
pub enum Body {
    Offer(OfferIn),
    Acceptance {
        changes: Option<ChangesIn>,
        note: Option<Txt>,
    },
    ServiceInstruction {
        service: u8,
        task: Txt,
    },
    ServiceProof {
        service: u8,
        report: Txt,
        document: Option<TitleDocIn>,
    },
    PerformanceNotice {
        due: AmountIn,
        proofs: Vec<Ref>,
        auto_answers: bool,
    },
    Payment(PaymentIn),
    TitleTransfer {
        document: DocRefIn,
    },
    Receipt {
        received: Time,
    },
    Rejection {
        reason: Option<Txt>,
    },
    Revocation {
        reason: Option<Txt>,
    },
    CounterOffer(OfferIn),
    Confirmation {
        note: Option<Txt>,
    },
}

#[derive(Arbitrary, Debug)]
pub struct OfferIn {
    seller: Option<u8>,
    buyer: Option<u8>,
    changes: Option<ChangesIn>,
    lapse: Option<Time>,
    irrevocable: bool,
}

#[derive(Arbitrary, Debug)]
pub struct ChangesIn {
    goods: Option<Vec<GoodsIn>>,
    price: Option<AmountIn>,
    incoterm: Option<u8>,
    place: Option<Txt>,
    payment: Option<(u8, Txt)>,
    services: Option<Vec<ServiceIn>>,
    law: Option<(bool, Txt)>,
}

#[derive(Arbitrary, Debug)]
pub struct GoodsIn {
    description: Txt,
    quantity: Num,
    unit: Txt,
}

#[derive(Arbitrary, Debug)]
pub struct ServiceIn {
    provider: u8,
    service: u8,
    task: Txt,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct AmountIn {
    currency: u8,
    minor: Minor,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Minor {
    Price,
    HalfPrice,
    Small(u16),
    Any(u64),
}

#[derive(Arbitrary, Debug)]
pub struct PaymentIn {
    amount: AmountIn,
    end_to_end_id: Txt,
    instrument: u8,
    method: Txt,
    is_final: bool,
    maturity: Option<Time>,
    on_behalf_of: Option<u8>,
}

#[derive(Arbitrary, Debug)]
pub struct TitleDocIn {
    document_type: u8,
    id: DocId,
    digest: DigestIn,
    holder: Option<u8>,
}

#[derive(Arbitrary, Debug)]
pub struct DocRefIn {
    id: DocId,
    digest: DigestIn,
}

#[derive(Arbitrary, Debug)]
pub enum DocId {
    Bill,
    Numbered(u8),
    Text(Txt),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum DigestIn {
    Bill,
    Of(u8),
}

/// Free text: from a small pool, or arbitrary.
#[derive(Arbitrary, Debug)]
pub enum Txt {
    Pool(u8),
    Raw(String),
}

const POOL: [&str; 8] = [
    "",
    "x",
    "KGM",
    "USD",
    "E2E-1",
    "E2E-2",
    "Rotterdam",
    "Arabica green coffee",
];

impl Txt {
    fn get(&self) -> String {
        match self {
            Txt::Pool(i) => POOL[*i as usize % POOL.len()].to_owned(),
            Txt::Raw(s) => s.clone(),
        }
    }
}

const CURRENCIES: [&str; 4] = ["USD", "EUR", "JPY", "CHF"];

impl AmountIn {
    fn get(self) -> Option<Amount> {
        let price = 9_600_000;
        let minor = match self.minor {
            Minor::Price => price,
            Minor::HalfPrice => price / 2,
            Minor::Small(n) => n.into(),
            Minor::Any(n) => n,
        };
        Amount::new(CURRENCIES[self.currency as usize % CURRENCIES.len()], minor).ok()
    }
}

fn pick<T: Copy>(all: &[T], i: u8) -> T {
    all[i as usize % all.len()]
}

fn pid(i: u8) -> PartyId {
    fx::p(i as usize).id()
}

impl ChangesIn {
    fn get(&self) -> Option<TermsChanges> {
        let mut c = TermsChanges::default();
        if let Some(g) = &self.goods {
            c.goods = Some(g.iter().take(4).map(GoodsIn::get).collect());
        }
        if let Some(a) = self.price {
            c.price = Some(a.get()?);
        }
        c.incoterm = self.incoterm.map(|i| pick(Incoterm::ALL, i));
        c.place = self.place.as_ref().map(Txt::get);
        c.payment = self.payment.as_ref().map(|(t, m)| PaymentClause {
            terms: pick(PaymentTerms::ALL, *t),
            method: m.get(),
        });
        if let Some(s) = &self.services {
            c.services = Some(s.iter().take(4).map(ServiceIn::get).collect());
        }
        c.law = self.law.as_ref().map(|(cisg, g)| Law {
            cisg: *cisg,
            governing: g.get(),
        });
        Some(c)
    }
}

impl GoodsIn {
    fn get(&self) -> GoodsLine {
        GoodsLine {
            description: self.description.get(),
            quantity: self.quantity.get(19_200),
            unit: self.unit.get(),
        }
    }
}

impl ServiceIn {
    fn get(&self) -> Service {
        Service {
            provider: pid(self.provider),
            service: pick(ServiceKind::ALL, self.service),
            task: self.task.get(),
        }
    }
}

impl OfferIn {
    fn get(&self, base: UnixTime) -> Option<Offer> {
        let mut terms = fx::terms();
        if let Some(c) = &self.changes {
            terms = c.get()?.apply(&terms);
        }
        if let Some(s) = self.seller {
            terms.seller = pid(s);
        }
        if let Some(b) = self.buyer {
            terms.buyer = pid(b);
        }
        Some(Offer {
            terms,
            lapse: self.lapse.map(|l| l.at(base)),
            irrevocable: self.irrevocable,
        })
    }
}

impl DocId {
    fn get(&self) -> String {
        match self {
            DocId::Bill => fx::bill_of_lading().id,
            DocId::Numbered(n) => format!("DOC-{}", n % 4),
            DocId::Text(t) => t.get(),
        }
    }
}

impl DigestIn {
    fn get(self) -> Digest {
        match self {
            DigestIn::Bill => fx::bill_of_lading().digest,
            DigestIn::Of(n) => Digest::of(&[n % 4]),
        }
    }
}

/// What the harness has built and fed so far.
pub struct Run {
    validator: Validator,
    /// Every statement built or fed, in order: what `Ref`s point into.
    built: Vec<Verified<Statement>>,
    held: Vec<Held>,
    index: usize,
    /// The time of the last statement built.
    last_time: UnixTime,
}

#[allow(clippy::large_enum_variant)]
pub enum Held {
    St(Verified<Statement>),
    Tok(Verified<TimestampToken>),
}

impl Run {
    fn resolve(&self, r: Ref) -> (StatementId, Option<&Verified<Statement>>) {
        let n = self.built.len();
        let found = match r {
            Ref::Prev(k) if n > 0 => self.built.get(n - 1 - (k as usize % n)),
            Ref::Nth(k) if n > 0 => self.built.get(k as usize % n),
            Ref::LastOfKind(k) => {
                let code = u64::from(k % 12) + 1;
                self.built.iter().rev().find(|s| s.kind().code() == code)
            }
            Ref::Offer => return (fx::OFFER.id(), Some(&*fx::OFFER)),
            Ref::Random(b) => return (StatementId::from_bytes(b), None),
            _ => None,
        };
        match found {
            Some(s) => (s.id(), Some(s)),
            None => (StatementId::from_bytes([0; 32]), None),
        }
    }

    fn feed(&mut self, h: Held, hold: bool) {
        if hold && self.held.len() < 16 {
            self.held.push(h);
            return;
        }
        let i = self.index;
        self.index += 1;
        match h {
            Held::St(s) => self.validator.statement(i, &s),
            Held::Tok(t) => self.validator.token(i, &t),
        }
    }

    fn statement(&mut self, s: Verified<Statement>, hold: bool) {
        self.last_time = s.time();
        self.built.push(s.clone());
        self.feed(Held::St(s), hold);
    }

    fn canned(&mut self, k: usize) {
        match &HAPPY[k % HAPPY.len()] {
            Rec::Card(c) => {
                self.validator.card(c);
                self.index += 1;
            }
            Rec::St(s) => self.statement(s.clone(), false),
            Rec::Tok(t) => self.feed(Held::Tok(t.clone()), false),
        }
    }

    /// The message a `Body` describes; `base` is the time relative times
    /// count from, `time` the statement's signing time.
    fn message(&self, body: &Body, base: UnixTime, time: UnixTime) -> Option<Message> {
        Some(match body {
            Body::Offer(o) => o.get(base)?.into(),
            Body::CounterOffer(o) => Message::CounterOffer(o.get(base)?),
            Body::Acceptance { changes, note } => Acceptance {
                changes: match changes {
                    Some(c) => Some(c.get()?),
                    None => None,
                },
                note: note.as_ref().map(Txt::get),
            }
            .into(),
            Body::ServiceInstruction { service, task } => ServiceInstruction {
                service: pick(ServiceKind::ALL, *service),
                task: task.get(),
            }
            .into(),
            Body::ServiceProof {
                service,
                report,
                document,
            } => ServiceProof {
                service: pick(ServiceKind::ALL, *service),
                report: report.get(),
                document: document.as_ref().map(|d| TitleDocument {
                    document_type: pick(DocumentType::ALL, d.document_type),
                    id: d.id.get(),
                    digest: d.digest.get(),
                    holder: d.holder.map_or(fx::p(SELLER).id(), pid),
                }),
            }
            .into(),
            Body::PerformanceNotice { due, proofs, .. } => PerformanceNotice {
                due: due.get()?,
                proofs: proofs
                    .iter()
                    .take(4)
                    .filter_map(|r| self.resolve(*r).1.map(|s| s.clone().into_inner()))
                    .collect(),
            }
            .into(),
            Body::Payment(p) => Payment {
                amount: p.amount.get()?,
                end_to_end_id: p.end_to_end_id.get(),
                instrument: pick(Instrument::ALL, p.instrument),
                method: p.method.get(),
                is_final: p.is_final,
                maturity: p.maturity.map(|m| m.at(time)),
                on_behalf_of: p.on_behalf_of.map(pid),
            }
            .into(),
            Body::TitleTransfer { document } => TitleTransfer {
                document: DocumentRef {
                    id: document.id.get(),
                    digest: document.digest.get(),
                },
            }
            .into(),
            Body::Receipt { received } => Receipt {
                received: received.at(time),
            }
            .into(),
            Body::Rejection { reason } => Rejection {
                reason: reason.as_ref().map(Txt::get),
            }
            .into(),
            Body::Revocation { reason } => Revocation {
                reason: reason.as_ref().map(Txt::get),
            }
            .into(),
            Body::Confirmation { note } => Confirmation {
                note: note.as_ref().map(Txt::get),
            }
            .into(),
        })
    }

    fn send(&mut self, op: &SendOp) -> Option<()> {
        let from = fx::p(op.from as usize);
        let to = fx::p(op.to as usize);
        let base = self.last_time;
        let time = op.time.at(base);
        let message = self.message(&op.body, base, time)?;
        let contract = if op.other_contract {
            fx::other_contract()
        } else {
            fx::contract()
        };
        let mut b = Statement::build(from, to.card(), &contract, time, message).proof_cards(&*fx::CARDS);
        // A notice may leave its answers to the builder (the carried proofs).
        let auto = matches!(op.body, Body::PerformanceNotice { auto_answers: true, .. });
        if !auto {
            for r in op.answers.iter().take(4) {
                b = b.answers(self.resolve(*r).0);
            }
        }
        if let Some(c) = op.copy_to {
            b = b.copy_to(fx::p(c as usize).card());
        }
        let s = b.sign().ok()?;
        self.statement(s, op.hold);
        Some(())
    }

    /// Re-signs statement `k` of the seven-step trade (its sender,
    /// recipient, time, answers and body) with up to four changes.
    fn resign(&mut self, k: u8, tweaks: &[Tweak], hold: bool) -> Option<()> {
        let canned: Vec<&Verified<Statement>> = HAPPY
            .iter()
            .filter_map(|r| match r {
                Rec::St(s) => Some(s),
                _ => None,
            })
            .collect();
        let s = canned[k as usize % canned.len()];
        let index_of = |id: PartyId| fx::CAST.iter().position(|p| p.id() == id);
        let mut from = index_of(s.sender())?;
        let mut to = index_of(s.recipient())?;
        let mut time = s.time();
        let mut answers = s.answers().to_vec();
        let mut m = s.message().clone();
        for t in tweaks.iter().take(4) {
            match t {
                Tweak::From(i) => from = *i as usize % fx::NAMES.len(),
                Tweak::To(i) => to = *i as usize % fx::NAMES.len(),
                Tweak::Time(t) => time = t.at(time),
                Tweak::Answers(refs) => answers = refs.iter().take(4).map(|r| self.resolve(*r).0).collect(),
                Tweak::Body(b) => m = self.message(b, time, time)?,
                Tweak::Amount(a) => {
                    let a = a.get()?;
                    match &mut m {
                        Message::Payment(p) => p.amount = a,
                        Message::PerformanceNotice(n) => n.due = a,
                        Message::Offer(o) | Message::CounterOffer(o) => o.terms.price = a,
                        Message::Acceptance(x) => x.changes.get_or_insert_with(TermsChanges::default).price = Some(a),
                        _ => {}
                    }
                }
                Tweak::Payment {
                    is_final,
                    instrument,
                    maturity,
                    end_to_end_id,
                } => {
                    if let Message::Payment(p) = &mut m {
                        p.is_final = *is_final;
                        p.instrument = pick(Instrument::ALL, *instrument);
                        p.maturity = maturity.map(|t| t.at(time));
                        if let Some(e) = end_to_end_id {
                            p.end_to_end_id = e.get();
                        }
                    }
                }
                Tweak::Document { id, digest, holder } => match &mut m {
                    Message::TitleTransfer(x) => {
                        x.document.id = id.get();
                        x.document.digest = digest.get();
                    }
                    Message::ServiceProof(p) => {
                        let d = p.document.get_or_insert_with(fx::bill_of_lading);
                        d.id = id.get();
                        d.digest = digest.get();
                        if let Some(h) = holder {
                            d.holder = pid(*h);
                        }
                    }
                    _ => {}
                },
                Tweak::NoDocument => {
                    if let Message::ServiceProof(p) = &mut m {
                        p.document = None;
                    }
                }
                Tweak::Service(k) => match &mut m {
                    Message::ServiceInstruction(i) => i.service = pick(ServiceKind::ALL, *k),
                    Message::ServiceProof(p) => p.service = pick(ServiceKind::ALL, *k),
                    _ => {}
                },
                Tweak::Proofs(refs) => {
                    if let Message::PerformanceNotice(n) = &mut m {
                        n.proofs = refs
                            .iter()
                            .take(4)
                            .filter_map(|r| self.resolve(*r).1.map(|s| s.clone().into_inner()))
                            .collect();
                        answers.clear();
                    }
                }
                Tweak::Terms(c) => {
                    if let Message::Offer(o) | Message::CounterOffer(o) = &mut m {
                        o.terms = c.get()?.apply(&o.terms);
                    }
                }
                Tweak::Lapse(l) => {
                    if let Message::Offer(o) | Message::CounterOffer(o) = &mut m {
                        o.lapse = l.map(|l| l.at(time));
                    }
                }
            }
        }
        let mut b = Statement::build(fx::p(from), fx::p(to).card(), &fx::contract(), time, m).proof_cards(&*fx::CARDS);
        for a in answers {
            b = b.answers(a);
        }
        let st = b.sign().ok()?;
        self.statement(st, hold);
        Some(())
    }

    fn token(&mut self, op: &TokenOp) -> Option<()> {
        let (imprint, target) = self.resolve(op.target);
        let base = target.map_or(self.last_time, |s| s.time());
        let who = op.authority.map_or(TSA, |a| a as usize % fx::NAMES.len());
        let mut authority = fx::authority(who, op.serial.get(1), op.time.at(base));
        let nonce = op.nonce.map(|n| vec![n; (n as usize % 40) + 1]);
        let t = authority.stamp(imprint, nonce.as_deref()).ok()?;
        self.feed(Held::Tok(t), op.hold);
        Some(())
    }

    fn receipt_of(&mut self, target: Ref, by: Option<u8>, received: Time, delay: u16, hold: bool) -> Option<()> {
        let (id, s) = self.resolve(target);
        let s = s?;
        let by = match by {
            Some(b) => fx::p(b as usize),
            None => fx::CAST.iter().find(|p| p.id() == s.recipient())?,
        };
        let to = fx::CAST.iter().find(|p| p.id() == s.sender())?;
        let received = received.at(s.time());
        let r = Statement::build(
            by,
            to.card(),
            &fx::contract(),
            received.plus(delay.into()),
            Receipt { received },
        )
        .answers(id)
        .sign()
        .ok()?;
        self.statement(r, hold);
        Some(())
    }
}

/// Runs the operations; returns the validator's report.
pub fn run(input: &Input) -> Report {
    let mut policy = Policy::default();
    if let Some(p) = &input.policy {
        policy.require_acceptance_timestamp = p.require_acceptance_timestamp;
        policy.require_receipts = p.require_receipts;
        policy.clock_skew = p.clock_skew.get(policy.clock_skew);
        policy.reasonable_time = p.reasonable_time.get(policy.reasonable_time);
        policy.documents_against = p.documents_against.map(|d| {
            if d {
                PaymentTerms::DocumentsAgainstAcceptance
            } else {
                PaymentTerms::DocumentsAgainstPayment
            }
        });
        policy.cisg = p.cisg;
        policy.authorities = p
            .authorities
            .as_ref()
            .map(|a| a.iter().take(8).map(|&i| pid(i)).collect());
    }
    let mut r = Run {
        validator: Validator::new(fx::contract(), policy),
        built: Vec::new(),
        held: Vec::new(),
        index: 0,
        last_time: fx::t(0),
    };
    for op in input.ops.iter().take(MAX_OPS) {
        match op {
            Op::Canned(k) => r.canned(*k as usize),
            Op::CannedRange(a, b) => {
                for k in (*a as usize)..=(*b as usize).min(HAPPY.len() - 1) {
                    r.canned(k);
                }
            }
            Op::Send(s) => {
                let _ = r.send(s);
            }
            Op::Token(t) => {
                let _ = r.token(t);
            }
            Op::ReceiptOf {
                target,
                by,
                received,
                delay,
                hold,
            } => {
                let _ = r.receipt_of(*target, *by, *received, *delay, *hold);
            }
            Op::Resign { canned, tweaks, hold } => {
                let _ = r.resign(*canned, tweaks, *hold);
            }
            Op::Replay(x) => {
                if let (_, Some(s)) = r.resolve(*x) {
                    let s = s.clone();
                    r.feed(Held::St(s), false);
                }
            }
            Op::Release(k) => {
                if !r.held.is_empty() {
                    let h = r.held.remove(*k as usize % r.held.len());
                    r.feed(h, false);
                }
            }
            Op::Card(k) => r.validator.card(fx::p(*k as usize).card()),
            Op::Gap(n) => r.index += *n as usize,
        }
        let _ = r.validator.status();
        let _ = r.validator.findings();
    }
    // Whatever is still held is never delivered: a withheld statement.
    let report = r.validator.finish();
    let _ = (report.is_valid(), report.is_complete(), report.rules());
    let _ = econtract::render::text(&report, &[]);
    let _ = econtract::render::mermaid(&report, &[]);
    report
}

/// Decodes `data` as operations and runs them; `None` if `data` does not
/// decode.
pub fn run_bytes(data: &[u8]) -> Option<Report> {
    Input::arbitrary_take_rest(Unstructured::new(data))
        .ok()
        .map(|i| run(&i))
}
