//! Structure-aware fuzzing of the validator with hostile but correctly
//! signed sequences.
//!
//! The input is decoded (with `arbitrary`) into a policy and a list of
//! operations: statements of any of the 15 kinds from any of the nine fixed
//! parties to any other, with small field values, answering earlier
//! statements (by position) or random ids; time-stamp tokens from the fixed
//! authority or from a party; receipts; records of the canned trades
//! ("canned"), or re-signed with a few fields changed ("resign"); replays;
//! cards; gaps in the record index; and holding a statement or token back
//! to feed it later (forward references). Each statement is built and
//! signed with the crate's API; an operation whose build fails is skipped.
//! Everything built is verified, so the validator must take any such
//! sequence, and `finish` (and the text and Mermaid renderings of its
//! report) must not panic.
//!
//! Used by `fuzz_targets/validator.rs`; `make_corpus` checks its seeds
//! against it.

use crate::{self as fx, BUYER_BANK, Rec, SELLER, TRADES, TSA};
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
    pub require_acceptance_timestamp: bool,
    pub require_receipts: bool,
    pub clock_skew: Num,
    pub reasonable_time: Num,
    pub documents_against: Option<bool>,
    pub cisg: Option<bool>,
    pub authorities: Option<Vec<u8>>,
    pub without_delay: Num,
    pub undue_delay: Num,
    pub transmission_time: Num,
    pub fixed_time_irrevocable: bool,
    pub reasonable_time_without_cisg: bool,
    /// A provider's or bank's partial view.
    pub viewer: Option<u8>,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Num {
    Default,
    Small(u16),
    Any(u64),
}

impl Num {
    pub fn get(self, default: u64) -> u64 {
        match self {
            Num::Default => default,
            Num::Small(n) => n.into(),
            Num::Any(n) => n,
        }
    }
}

#[derive(Arbitrary, Debug)]
pub enum Op {
    /// Feed record `k` (modulo) of canned trade `trade` (modulo).
    Canned { trade: u8, k: u8 },
    /// Feed the canned trade's records from `from` to `to`.
    CannedRange { trade: u8, from: u8, to: u8 },
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
    /// Re-sign statement `k` (modulo) of canned trade `trade` with a few
    /// changes: the shortest way to one wrong field deep in a contract.
    Resign {
        trade: u8,
        k: u8,
        tweaks: Vec<Tweak>,
        hold: bool,
    },
    /// Feed an earlier statement again.
    Replay(Ref),
    /// Feed a held item now.
    Release(u8),
    /// Tell the validator a party's name.
    Card(u8),
    /// Skip record indexes (as cards in a transcript do).
    Gap(u8),
}

/// One change to a re-signed statement of a canned trade.
#[derive(Arbitrary, Debug)]
pub enum Tweak {
    From(u8),
    To(u8),
    /// Relative to the original signing time.
    Time(Time),
    Answers(Vec<Ref>),
    /// A new body (relative times count from the signing time).
    Body(Box<Body>),
    /// The payment's amount, the notice's due amount, the offer's price, a
    /// price change in an acceptance, or the amount to collect.
    Amount(AmountIn),
    Payment {
        is_final: bool,
        instrument: u8,
        payer: u8,
        maturity: Option<Time>,
        tenor_days: Option<Num>,
        end_to_end_id: Option<Txt>,
        uetr: Option<UetrIn>,
    },
    /// A title transfer's document, a proof's document, or the first
    /// document of a collection instruction.
    Document {
        id: DocId,
        digest: DigestIn,
        issued_to: Option<u8>,
        title: Option<bool>,
    },
    /// What a proof states.
    Facts(FactsIn),
    Service(u8),
    /// The proofs a notice carries (its answers follow them).
    Proofs(Vec<Ref>),
    Terms(ChangesIn),
    Lapse(Option<Time>),
    Irrevocable(bool),
    /// An acceptance's non-material additions.
    Additions(Vec<Txt>),
    Collection {
        terms: u8,
        presenting_bank: Option<u8>,
        tenor_days: Option<Num>,
    },
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
    /// The most recent statement of a kind (code 1 to 15).
    LastOfKind(u8),
    /// The fixed offer of the default trade.
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
    AfterDays(u16),
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
            Time::AfterDays(d) => b.saturating_add(u64::from(d) * 86_400),
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
        additions: Vec<Txt>,
        note: Option<Txt>,
    },
    ServiceInstruction {
        service: u8,
        task: Txt,
    },
    ServiceProof {
        document: DocumentIn,
        facts: FactsIn,
        comment: Option<Txt>,
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
    Withdrawal {
        reason: Option<Txt>,
    },
    Objection {
        reason: Option<Txt>,
    },
    CollectionInstruction(CollectionIn),
}

#[derive(Arbitrary, Debug)]
pub struct OfferIn {
    /// Start from the terms of this canned trade (modulo).
    trade: u8,
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
    payment: Option<ClauseIn>,
    documents: Option<Vec<RequirementIn>>,
    shipment: Option<(bool, Option<Time>)>,
    law: Option<(bool, Txt)>,
}

#[derive(Arbitrary, Debug)]
pub struct ClauseIn {
    terms: u8,
    method: Txt,
    channel: u8,
    tenor_days: Option<Num>,
    buyer_bank: Option<u8>,
    seller_bank: Option<u8>,
}

#[derive(Arbitrary, Debug)]
pub struct RequirementIn {
    document_type: u8,
    issuer: u8,
    title: bool,
}

#[derive(Arbitrary, Debug)]
pub struct GoodsIn {
    description: Txt,
    quantity: Num,
    unit: Txt,
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
    Insured,
    Small(u16),
    Any(u64),
}

#[derive(Arbitrary, Debug)]
pub struct PaymentIn {
    amount: AmountIn,
    end_to_end_id: Txt,
    uetr: UetrIn,
    instrument: u8,
    method: Txt,
    is_final: bool,
    payer: u8,
    maturity: Option<Time>,
    tenor_days: Option<Num>,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum UetrIn {
    Pool(u8),
    /// Any 16 bytes, made a version 4 UUID.
    Random([u8; 16]),
    /// Any 16 bytes as they are (mostly not a version 4 UUID: the build fails).
    Raw([u8; 16]),
}

#[derive(Arbitrary, Debug)]
pub struct DocumentIn {
    document_type: u8,
    id: DocId,
    digest: DigestIn,
    issued_to: Option<u8>,
    title: bool,
    issued: Time,
}

/// What a proof states: facts for the document's service with values
/// that fit the canned terms, or chosen.
#[derive(Arbitrary, Debug)]
pub enum FactsIn {
    Fitting,
    Carriage {
        quantities: Vec<Num>,
        shipped: Time,
        clean: bool,
    },
    Insurance {
        insured: AmountIn,
        cover_from: Time,
    },
    Inspection {
        passed: bool,
        inspected: Time,
    },
    Certification,
    Storage {
        quantities: Vec<Num>,
    },
}

#[derive(Arbitrary, Debug)]
pub struct DocRefIn {
    id: DocId,
    digest: DigestIn,
}

#[derive(Arbitrary, Debug)]
pub struct CollectionIn {
    documents: Vec<DocRefIn>,
    terms: u8,
    amount: AmountIn,
    presenting_bank: Option<u8>,
    tenor_days: Option<Num>,
}

#[derive(Arbitrary, Debug)]
pub enum DocId {
    Bill,
    /// The document a canned trade's proofs issue: type by code, number.
    Issued(u8, u8),
    Numbered(u8),
    Text(Txt),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum DigestIn {
    Bill,
    /// The digest the scenario gives document `Issued(type, number)`.
    Issued(u8, u8),
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
    "E2E-0001",
    "E2E-0002",
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
        let price = fx::scenario::PRICE;
        let minor = match self.minor {
            Minor::Price => price,
            Minor::HalfPrice => price / 2,
            Minor::Insured => price / 10 * 11,
            Minor::Small(n) => n.into(),
            Minor::Any(n) => n,
        };
        Amount::new(CURRENCIES[self.currency as usize % CURRENCIES.len()], minor).ok()
    }
}

impl UetrIn {
    fn get(self) -> Option<Uetr> {
        match self {
            UetrIn::Pool(n) => Some(Uetr::from_random([n % 4; 16])),
            UetrIn::Random(b) => Some(Uetr::from_random(b)),
            UetrIn::Raw(b) => Uetr::from_bytes(b).ok(),
        }
    }
}

fn pick<T: Copy>(all: &[T], i: u8) -> T {
    all[i as usize % all.len()]
}

fn pid(i: u8) -> PartyId {
    fx::p(i as usize).id()
}

/// The id the scenario gives document number `n` of a type.
fn issued_id(dt: DocumentType, n: u8) -> String {
    format!("{}-{:04}", dt.name().to_uppercase(), n % 4 + 1)
}

impl DocId {
    fn get(&self) -> String {
        match self {
            DocId::Bill => fx::BILL.id.clone(),
            DocId::Issued(t, n) => issued_id(pick(DocumentType::ALL, *t), *n),
            DocId::Numbered(n) => format!("DOC-{}", n % 4),
            DocId::Text(t) => t.get(),
        }
    }
}

impl DigestIn {
    fn get(self) -> Digest {
        match self {
            DigestIn::Bill => fx::BILL.digest,
            DigestIn::Issued(t, n) => Digest::of(issued_id(pick(DocumentType::ALL, t), n).as_bytes()),
            DigestIn::Of(n) => Digest::of(&[n % 4]),
        }
    }
}

impl DocRefIn {
    fn get(&self) -> DocumentRef {
        DocumentRef {
            id: self.id.get(),
            digest: self.digest.get(),
        }
    }
}

fn tenor(n: Option<Num>) -> Option<u64> {
    n.map(|n| n.get(90))
}

impl ClauseIn {
    fn get(&self) -> PaymentClause {
        PaymentClause {
            terms: pick(PaymentTerms::ALL, self.terms),
            method: self.method.get(),
            channel: pick(Channel::ALL, self.channel),
            tenor_days: tenor(self.tenor_days),
            buyer_bank: self.buyer_bank.map(pid),
            seller_bank: self.seller_bank.map(pid),
        }
    }
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
        c.payment = self.payment.as_ref().map(ClauseIn::get);
        if let Some(d) = &self.documents {
            c.documents = Some(
                d.iter()
                    .take(4)
                    .map(|r| DocumentRequirement {
                        document_type: pick(DocumentType::ALL, r.document_type),
                        issuer: pid(r.issuer),
                        title: r.title,
                    })
                    .collect(),
            );
        }
        c.shipment = self.shipment.map(|(partial, latest)| Shipment {
            partial,
            latest: latest.map(|l| l.at(fx::t(0))),
        });
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
            quantity: self.quantity.get(fx::scenario::QUANTITY),
            unit: self.unit.get(),
        }
    }
}

impl OfferIn {
    fn get(&self, base: UnixTime) -> Option<Offer> {
        let mut terms = fx::terms_of(self.trade as usize);
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

fn quantities(q: &[Num]) -> Vec<u64> {
    q.iter().take(4).map(|n| n.get(fx::scenario::QUANTITY)).collect()
}

impl FactsIn {
    /// The facts, for a document of type `dt`, at `time`.
    fn get(&self, dt: DocumentType, time: UnixTime) -> Option<Facts> {
        Some(match self {
            FactsIn::Fitting => match dt.service() {
                ServiceKind::Carriage => Facts::Carriage {
                    quantities: vec![fx::scenario::QUANTITY],
                    shipped: time,
                    clean: true,
                },
                ServiceKind::Insurance => Facts::Insurance {
                    insured: Amount::new("USD", fx::scenario::PRICE / 10 * 11).ok()?,
                    cover_from: time,
                },
                ServiceKind::Inspection => Facts::Inspection {
                    result: InspectionResult::Passed,
                    inspected: time,
                },
                ServiceKind::Certification => Facts::Certification {},
                ServiceKind::Storage => Facts::Storage {
                    quantities: vec![fx::scenario::QUANTITY],
                },
            },
            FactsIn::Carriage {
                quantities: q,
                shipped,
                clean,
            } => Facts::Carriage {
                quantities: quantities(q),
                shipped: shipped.at(time),
                clean: *clean,
            },
            FactsIn::Insurance { insured, cover_from } => Facts::Insurance {
                insured: insured.get()?,
                cover_from: cover_from.at(time),
            },
            FactsIn::Inspection { passed, inspected } => Facts::Inspection {
                result: if *passed {
                    InspectionResult::Passed
                } else {
                    InspectionResult::Failed
                },
                inspected: inspected.at(time),
            },
            FactsIn::Certification => Facts::Certification {},
            FactsIn::Storage { quantities: q } => Facts::Storage {
                quantities: quantities(q),
            },
        })
    }
}

impl DocumentIn {
    fn get(&self, time: UnixTime) -> Document {
        Document {
            document_type: pick(DocumentType::ALL, self.document_type),
            id: self.id.get(),
            digest: self.digest.get(),
            issued_to: self.issued_to.map_or(fx::p(SELLER).id(), pid),
            title: self.title,
            issued: self.issued.at(time),
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

fn trade(k: u8) -> &'static [Rec] {
    &TRADES[k as usize % TRADES.len()]
}

impl Run {
    fn resolve(&self, r: Ref) -> (StatementId, Option<&Verified<Statement>>) {
        let n = self.built.len();
        let found = match r {
            Ref::Prev(k) if n > 0 => self.built.get(n - 1 - (k as usize % n)),
            Ref::Nth(k) if n > 0 => self.built.get(k as usize % n),
            Ref::LastOfKind(k) => {
                let code = (k as usize % Kind::ALL.len()) as u64 + 1;
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

    fn proofs(&self, refs: &[Ref]) -> Vec<Statement> {
        refs.iter()
            .take(4)
            .filter_map(|r| self.resolve(*r).1.map(|s| s.clone().into_inner()))
            .collect()
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

    fn canned(&mut self, t: u8, k: usize) {
        let recs = trade(t);
        match &recs[k % recs.len()] {
            Rec::Card(c) => {
                self.validator.card(c);
                self.index += 1;
            }
            Rec::St(s) => self.statement(s.clone(), false),
            Rec::Tok(tok) => self.feed(Held::Tok(tok.clone()), false),
        }
    }

    /// The message a `Body` describes; `base` is the time relative times
    /// count from, `time` the statement's signing time.
    fn message(&self, body: &Body, base: UnixTime, time: UnixTime) -> Option<Message> {
        let text = |t: &Option<Txt>| t.as_ref().map(Txt::get);
        Some(match body {
            Body::Offer(o) => o.get(base)?.into(),
            Body::CounterOffer(o) => Message::CounterOffer(o.get(base)?),
            Body::Acceptance {
                changes,
                additions,
                note,
            } => Acceptance {
                changes: match changes {
                    Some(c) => Some(c.get()?),
                    None => None,
                },
                additions: additions.iter().take(4).map(Txt::get).collect(),
                note: text(note),
            }
            .into(),
            Body::ServiceInstruction { service, task } => ServiceInstruction {
                service: pick(ServiceKind::ALL, *service),
                task: task.get(),
            }
            .into(),
            Body::ServiceProof {
                document,
                facts,
                comment,
            } => {
                let document = document.get(time);
                ServiceProof {
                    facts: facts.get(document.document_type, time)?,
                    document,
                    comment: text(comment),
                }
                .into()
            }
            Body::PerformanceNotice { due, proofs, .. } => PerformanceNotice {
                due: due.get()?,
                proofs: self.proofs(proofs),
            }
            .into(),
            Body::Payment(p) => Payment {
                amount: p.amount.get()?,
                end_to_end_id: p.end_to_end_id.get(),
                uetr: p.uetr.get()?,
                instrument: pick(Instrument::ALL, p.instrument),
                method: p.method.get(),
                is_final: p.is_final,
                payer: pick(PayerRole::ALL, p.payer),
                maturity: p.maturity.map(|m| m.at(time)),
                tenor_days: tenor(p.tenor_days),
            }
            .into(),
            Body::TitleTransfer { document } => TitleTransfer {
                document: document.get(),
            }
            .into(),
            Body::Receipt { received } => Receipt {
                received: received.at(time),
            }
            .into(),
            Body::Rejection { reason } => Rejection { reason: text(reason) }.into(),
            Body::Revocation { reason } => Revocation { reason: text(reason) }.into(),
            Body::Confirmation { note } => Confirmation { note: text(note) }.into(),
            Body::Withdrawal { reason } => Withdrawal { reason: text(reason) }.into(),
            Body::Objection { reason } => Objection { reason: text(reason) }.into(),
            Body::CollectionInstruction(c) => CollectionInstruction {
                documents: c.documents.iter().take(4).map(DocRefIn::get).collect(),
                terms: pick(PaymentTerms::ALL, c.terms),
                amount: c.amount.get()?,
                presenting_bank: pid(c.presenting_bank.unwrap_or(BUYER_BANK as u8)),
                tenor_days: tenor(c.tenor_days),
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

    /// Re-signs statement `k` of canned trade `t` (its sender, recipient,
    /// time, answers and body) with up to four changes.
    fn resign(&mut self, t: u8, k: u8, tweaks: &[Tweak], hold: bool) -> Option<()> {
        let canned: Vec<&Verified<Statement>> = trade(t)
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
        for tw in tweaks.iter().take(4) {
            match tw {
                Tweak::From(i) => from = *i as usize % fx::CAST.len(),
                Tweak::To(i) => to = *i as usize % fx::CAST.len(),
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
                        Message::CollectionInstruction(c) => c.amount = a,
                        _ => {}
                    }
                }
                Tweak::Payment {
                    is_final,
                    instrument,
                    payer,
                    maturity,
                    tenor_days,
                    end_to_end_id,
                    uetr,
                } => {
                    if let Message::Payment(p) = &mut m {
                        p.is_final = *is_final;
                        p.instrument = pick(Instrument::ALL, *instrument);
                        p.payer = pick(PayerRole::ALL, *payer);
                        p.maturity = maturity.map(|t| t.at(time));
                        p.tenor_days = tenor(*tenor_days);
                        if let Some(e) = end_to_end_id {
                            p.end_to_end_id = e.get();
                        }
                        if let Some(u) = uetr {
                            p.uetr = u.get()?;
                        }
                    }
                }
                Tweak::Document {
                    id,
                    digest,
                    issued_to,
                    title,
                } => match &mut m {
                    Message::TitleTransfer(x) => {
                        x.document.id = id.get();
                        x.document.digest = digest.get();
                    }
                    Message::ServiceProof(p) => {
                        p.document.id = id.get();
                        p.document.digest = digest.get();
                        if let Some(h) = issued_to {
                            p.document.issued_to = pid(*h);
                        }
                        if let Some(t) = title {
                            p.document.title = *t;
                        }
                    }
                    Message::CollectionInstruction(c) => {
                        if let Some(d) = c.documents.first_mut() {
                            d.id = id.get();
                            d.digest = digest.get();
                        }
                    }
                    _ => {}
                },
                Tweak::Facts(f) => {
                    if let Message::ServiceProof(p) = &mut m {
                        p.facts = f.get(p.document.document_type, time)?;
                    }
                }
                Tweak::Service(k) => {
                    if let Message::ServiceInstruction(i) = &mut m {
                        i.service = pick(ServiceKind::ALL, *k);
                    }
                }
                Tweak::Proofs(refs) => {
                    if let Message::PerformanceNotice(n) = &mut m {
                        n.proofs = self.proofs(refs);
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
                Tweak::Irrevocable(i) => {
                    if let Message::Offer(o) | Message::CounterOffer(o) = &mut m {
                        o.irrevocable = *i;
                    }
                }
                Tweak::Additions(a) => {
                    if let Message::Acceptance(x) = &mut m {
                        x.additions = a.iter().take(4).map(Txt::get).collect();
                    }
                }
                Tweak::Collection {
                    terms,
                    presenting_bank,
                    tenor_days,
                } => {
                    if let Message::CollectionInstruction(c) = &mut m {
                        c.terms = pick(PaymentTerms::ALL, *terms);
                        if let Some(b) = presenting_bank {
                            c.presenting_bank = pid(*b);
                        }
                        c.tenor_days = tenor(*tenor_days);
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
        let who = op.authority.map_or(TSA, |a| a as usize % fx::CAST.len());
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

/// The policy an input asks for.
pub fn policy(input: &Input) -> Policy {
    let mut policy = Policy::default();
    if let Some(p) = &input.policy {
        policy.require_acceptance_timestamp = p.require_acceptance_timestamp;
        policy.require_receipts = p.require_receipts;
        policy.clock_skew = p.clock_skew.get(policy.clock_skew);
        policy.reasonable_time = p.reasonable_time.get(policy.reasonable_time);
        policy.without_delay = p.without_delay.get(policy.without_delay);
        policy.undue_delay = p.undue_delay.get(policy.undue_delay);
        policy.transmission_time = p.transmission_time.get(policy.transmission_time);
        policy.fixed_time_irrevocable = p.fixed_time_irrevocable;
        policy.reasonable_time_without_cisg = p.reasonable_time_without_cisg;
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
        policy.viewer = p.viewer.map(pid);
    }
    policy
}

/// Runs the operations; returns the validator's report.
pub fn run(input: &Input) -> Report {
    let mut r = Run {
        validator: Validator::new(fx::contract(), policy(input)),
        built: Vec::new(),
        held: Vec::new(),
        index: 0,
        last_time: fx::t(0),
    };
    for op in input.ops.iter().take(MAX_OPS) {
        match op {
            Op::Canned { trade, k } => r.canned(*trade, *k as usize),
            Op::CannedRange { trade: t, from, to } => {
                let last = trade(*t).len() - 1;
                for k in (*from as usize)..=(*to as usize).min(last) {
                    r.canned(*t, k);
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
            Op::Resign { trade, k, tweaks, hold } => {
                let _ = r.resign(*trade, *k, tweaks, *hold);
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
