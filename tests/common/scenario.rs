//! A scenario builder for contract transcripts: a cast with fixed keys, the
//! happy path of every trade variant step by step, and the means to change
//! any step. Used by the tests, the testkit generator and the examples
//! (through `#[path]`), so every transcript in the repo is built one way.
#![allow(dead_code)]

use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;

use econtract::*;

/// The start of every scenario: 2026-03-01T09:00:00Z.
pub const T0: u64 = 1_772_355_600;
/// One hour, in seconds.
pub const H: u64 = 3600;
/// One day, in seconds.
pub const DAY: u64 = 86_400;

/// `T0 + secs`.
pub fn t(secs: u64) -> UnixTime {
    UnixTime::from_secs(T0 + secs).expect("a time before 9999")
}

/// Who does something.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Who {
    Seller,
    Buyer,
    Carrier,
    Insurer,
    Inspector,
    SellerBank,
    BuyerBank,
    Tsa,
    Stranger,
}

impl Who {
    pub const ALL: [Who; 9] = [
        Who::Seller,
        Who::Buyer,
        Who::Carrier,
        Who::Insurer,
        Who::Inspector,
        Who::SellerBank,
        Who::BuyerBank,
        Who::Tsa,
        Who::Stranger,
    ];
    fn name(self) -> &'static str {
        match self {
            Who::Seller => "Santos Coffee Exports Ltda",
            Who::Buyer => "Rotterdam Roasters B.V.",
            Who::Carrier => "Atlantic Ocean Lines SA",
            Who::Insurer => "Marine Cargo Insurance plc",
            Who::Inspector => "Independent Inspection AG",
            Who::SellerBank => "Banco Exportador S.A.",
            Who::BuyerBank => "Handelsbank N.V.",
            Who::Tsa => "Trusted Time-Stamping Ltd",
            Who::Stranger => "Unrelated Trading LLC",
        }
    }
    fn seed(self) -> u8 {
        self as u8 + 1
    }
}

/// A party with fixed keys.
pub fn party(w: Who) -> PartySecret {
    PartySecret::from_secrets(w.name(), &[w.seed(); 32], &[w.seed().wrapping_add(100); 32], t(0)).expect("fixed keys")
}

/// The trade variant a scenario follows.
#[derive(Clone, Debug)]
pub struct Variant {
    pub incoterm: Incoterm,
    pub against: PaymentTerms,
    pub channel: Channel,
    /// In a collection, whether the seller goes through its own bank.
    pub via_seller_bank: bool,
    /// Whether the buyer's bank pays (direct channel).
    pub bank_pays: bool,
    /// Payments towards the price (funds), in equal parts.
    pub instalments: u64,
    /// Shipments, in equal parts (more than one needs `partial`).
    pub shipments: u64,
    pub partial: bool,
    /// An inspection certificate is required.
    pub inspection: bool,
    pub cisg: bool,
    /// The transport document required.
    pub transport: Option<DocumentType>,
}

impl Default for Variant {
    fn default() -> Variant {
        Variant {
            incoterm: Incoterm::Cif,
            against: PaymentTerms::DocumentsAgainstPayment,
            channel: Channel::Direct,
            via_seller_bank: false,
            bank_pays: false,
            instalments: 1,
            shipments: 1,
            partial: false,
            inspection: false,
            cisg: true,
            transport: Some(DocumentType::BillOfLading),
        }
    }
}

/// A statement's id by name, or a raw id.
pub trait Ref {
    fn id_in(&self, s: &Scenario) -> StatementId;
}
impl Ref for &str {
    fn id_in(&self, s: &Scenario) -> StatementId {
        s.id(self)
    }
}
impl Ref for StatementId {
    fn id_in(&self, _: &Scenario) -> StatementId {
        *self
    }
}

/// One transcript record.
#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Rec {
    Card(PartyCard),
    St(Verified<Statement>),
    Tok(Verified<TimestampToken>),
}

#[derive(Clone)]
struct ClockCell(Rc<Cell<u64>>);
impl Clock for ClockCell {
    fn now(&self) -> UnixTime {
        t(self.0.get())
    }
}

pub const PRICE: u64 = 9_600_000;
pub const QUANTITY: u64 = 19_200;

pub struct Scenario {
    pub parties: BTreeMap<Who, PartySecret>,
    pub contract: ContractId,
    pub variant: Variant,
    pub terms: Terms,
    pub records: Vec<Rec>,
    pub names: BTreeMap<String, StatementId>,
    /// Time-stamp every statement except receipts.
    pub stamp: bool,
    /// Delay of each token after its statement, seconds.
    pub stamp_delay: u64,
    /// Receipt every formation statement, this long after it.
    pub receipt_delay: Option<u64>,
    /// Seconds added to every time the happy-path steps use (so a test can
    /// negotiate first and then run the steps).
    pub base: u64,
    clock: Rc<Cell<u64>>,
    tsa: LocalAuthority<ClockCell>,
    e2e: u64,
    /// Keys retired (`retire`): who held them, and their cards.
    pub former: Vec<(Who, PartyCard)>,
}

impl Scenario {
    /// A scenario of `variant`, with every party's card recorded.
    pub fn new(variant: Variant) -> Scenario {
        let parties: BTreeMap<Who, PartySecret> = Who::ALL.iter().map(|w| (*w, party(*w))).collect();
        let clock = Rc::new(Cell::new(0u64));
        let tsa = LocalAuthority::new(party(Who::Tsa), ClockCell(clock.clone()), 1);
        let mut s = Scenario {
            terms: terms_of(&parties, &variant),
            parties,
            contract: ContractId::new("EC-2026-0042").expect("contract id"),
            variant,
            records: Vec::new(),
            names: BTreeMap::new(),
            stamp: true,
            stamp_delay: 60,
            receipt_delay: Some(600),
            base: 0,
            clock,
            tsa,
            e2e: 0,
            former: Vec::new(),
        };
        for w in Who::ALL {
            let card = s.p(w).card().clone();
            s.records.push(Rec::Card(card));
        }
        s
    }

    /// A copy of this scenario whose time-stamp authority goes on from the
    /// same serial, so the two can diverge from here.
    pub fn fork(&self) -> Scenario {
        let clock = Rc::new(Cell::new(self.clock.get()));
        let tsa = LocalAuthority::new(party(Who::Tsa), ClockCell(clock.clone()), self.tsa.next_serial());
        Scenario {
            parties: self.parties.keys().map(|w| (*w, party(*w))).collect(),
            contract: self.contract.clone(),
            variant: self.variant.clone(),
            terms: self.terms.clone(),
            records: self.records.clone(),
            names: self.names.clone(),
            stamp: self.stamp,
            stamp_delay: self.stamp_delay,
            receipt_delay: self.receipt_delay,
            base: self.base,
            clock,
            tsa,
            e2e: self.e2e,
            former: self.former.clone(),
        }
    }

    pub fn p(&self, w: Who) -> &PartySecret {
        &self.parties[&w]
    }

    pub fn pid(&self, w: Who) -> PartyId {
        self.p(w).id()
    }

    pub fn id(&self, name: &str) -> StatementId {
        *self
            .names
            .get(name)
            .unwrap_or_else(|| panic!("no statement named {name}"))
    }

    pub fn statement(&self, name: &str) -> Verified<Statement> {
        let id = self.id(name);
        self.records
            .iter()
            .find_map(|r| match r {
                Rec::St(s) if s.id() == id => Some(s.clone()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{name} is not a record"))
    }

    /// The record index (from 0 after the header) of statement `name`.
    pub fn index_of(&self, name: &str) -> usize {
        let id = self.id(name);
        self.records
            .iter()
            .position(|r| matches!(r, Rec::St(s) if s.id() == id))
            .expect("recorded")
    }

    /// Signs a statement without recording it.
    pub fn sign(
        &self,
        from: Who,
        to: Who,
        at: u64,
        msg: impl Into<Message>,
        answers: &[StatementId],
    ) -> Verified<Statement> {
        let cards = self.cards();
        let mut b =
            Statement::build(self.p(from), self.p(to).card(), &self.contract, t(at), msg.into()).proof_cards(&cards);
        for a in answers {
            b = b.answers(*a);
        }
        b.sign().expect("signs")
    }

    /// Signs and records a statement named `name`, with its token and, for
    /// a formation statement, its addressee's receipt.
    pub fn send(
        &mut self,
        name: &str,
        from: Who,
        to: Who,
        at: u64,
        msg: impl Into<Message>,
        answers: &[&str],
    ) -> StatementId {
        let ids: Vec<StatementId> = answers.iter().map(|a| self.id(a)).collect();
        let st = self.sign(from, to, at, msg, &ids);
        self.push(name, st, at)
    }

    /// Records a signed statement (and its token and receipt as `send` does).
    pub fn push(&mut self, name: &str, st: Verified<Statement>, at: u64) -> StatementId {
        let id = st.id();
        let formation = matches!(
            st.kind(),
            Kind::Offer
                | Kind::Acceptance
                | Kind::Rejection
                | Kind::Revocation
                | Kind::CounterOffer
                | Kind::Confirmation
                | Kind::Withdrawal
                | Kind::Objection
        );
        let (from, to) = (st.sender(), st.recipient());
        self.records.push(Rec::St(st));
        self.names.insert(name.to_owned(), id);
        if self.stamp {
            self.token(id, at + self.stamp_delay);
        }
        if formation && let Some(d) = self.receipt_delay {
            let (rw, sw) = (self.who(to), self.who(from));
            self.receipt_by(&format!("{name}.receipt"), id, rw, sw, at + d);
        }
        id
    }

    fn who(&self, id: PartyId) -> Who {
        self.parties
            .iter()
            .map(|(w, p)| (*w, p.id()))
            .chain(self.former.iter().map(|(w, c)| (*w, c.id())))
            .find(|(_, p)| *p == id)
            .expect("a cast member")
            .0
    }

    /// The successor key `w` would take in `retire`: same name, new keys,
    /// its card created at `T0 + at`.
    pub fn successor(w: Who, at: u64) -> PartySecret {
        let seed = w.seed().wrapping_add(50);
        PartySecret::from_secrets(w.name(), &[seed; 32], &[seed.wrapping_add(100); 32], t(at)).expect("fixed keys")
    }

    /// `w` retires its key at `at` in one key retirement to each of `to`
    /// naming a fresh successor (`Scenario::successor`), whose card is
    /// recorded first; from here on `w` signs with the successor's key.
    /// Each retirement is named `retirement.<to>`.
    pub fn retire(&mut self, w: Who, to: &[Who], at: u64) {
        let next = Scenario::successor(w, at);
        self.records.push(Rec::Card(next.card().clone()));
        for r in to {
            let body = KeyRetirement {
                successor: next.id(),
                note: Some("signing key rotated".into()),
            };
            let st = self.sign(w, *r, at, body, &[]);
            self.push(&format!("retirement.{r:?}").to_lowercase(), st, at);
        }
        self.former.push((w, self.p(w).card().clone()));
        self.parties.insert(w, next);
    }

    /// Records the authority's token for `target`, issued at `at`.
    pub fn token(&mut self, target: impl Ref, at: u64) {
        let id = target.id_in(self);
        self.clock.set(at);
        let tok = self.tsa.stamp(id, None).expect("stamps");
        self.records.push(Rec::Tok(tok));
    }

    /// Records a token for `target` issued by `by` (for TIME-AUTHORITY cases).
    pub fn token_by(&mut self, by: Who, target: impl Ref, at: u64, serial: u64) {
        let id = target.id_in(self);
        let clock = Rc::new(Cell::new(at));
        let mut a = LocalAuthority::new(party(by), ClockCell(clock), serial);
        let tok = a.stamp(id, None).expect("stamps");
        self.records.push(Rec::Tok(tok));
    }

    /// Records a receipt by `by` to `to` for `target`, received at `at`.
    pub fn receipt_by(&mut self, name: &str, target: StatementId, by: Who, to: Who, at: u64) -> StatementId {
        let st = self.sign(by, to, at, Receipt { received: t(at) }, &[target]);
        let id = st.id();
        self.records.push(Rec::St(st));
        self.names.insert(name.to_owned(), id);
        id
    }

    /// Records the addressee's receipt of `target` (by name), received at `at`.
    pub fn receipt(&mut self, target: &str, at: u64) -> StatementId {
        let st = self.statement(target);
        let (by, to) = (self.who(st.recipient()), self.who(st.sender()));
        self.receipt_by(&format!("{target}.receipt"), st.id(), by, to, at)
    }

    pub fn cards(&self) -> CardSet {
        self.parties
            .values()
            .map(|p| p.card().clone())
            .chain(self.former.iter().map(|(_, c)| c.clone()))
            .collect()
    }

    /// The transcript's bytes.
    pub fn bytes(&self) -> Vec<u8> {
        bytes_of(&self.contract, &self.records)
    }

    /// The records a party's own archive holds: every card, the statements
    /// it sent, received or was copied on, their tokens, and the receipts
    /// of those statements.
    pub fn archive_of(&self, w: Who) -> Vec<Rec> {
        let me = self.pid(w);
        let mut mine = std::collections::HashSet::new();
        let mut out = Vec::new();
        for r in &self.records {
            match r {
                Rec::Card(_) => out.push(r.clone()),
                Rec::St(s) => {
                    let answers_mine = s.kind() == Kind::Receipt && s.answers().iter().any(|a| mine.contains(a));
                    if s.sender() == me || s.recipient() == me || s.copies().contains(&me) || answers_mine {
                        mine.insert(s.id());
                        out.push(r.clone());
                    }
                }
                Rec::Tok(t) if mine.contains(&t.imprint()) => out.push(r.clone()),
                Rec::Tok(_) => {}
            }
        }
        out
    }

    /// Audits the transcript with every card trusted.
    pub fn audit(&self, policy: Policy) -> Report {
        audit_records(&self.contract, &self.records, &self.cards(), policy)
    }

    // -- the happy path, step by step ---------------------------------------

    /// The offer (seller to buyer), lapsing after 7 days.
    pub fn offer(&mut self) -> &mut Self {
        let o = Offer {
            terms: self.terms.clone(),
            lapse: Some(t(self.base + 7 * DAY)),
            irrevocable: false,
        };
        self.send("offer", Who::Seller, Who::Buyer, self.base, o, &[]);
        self
    }

    /// The buyer's acceptance.
    pub fn accept(&mut self) -> &mut Self {
        self.send(
            "acceptance",
            Who::Buyer,
            Who::Seller,
            self.base + H,
            Acceptance::default(),
            &["offer"],
        );
        self
    }

    /// Who instructs the carrier under this variant's Incoterm.
    pub fn carriage_instructor(&self) -> Who {
        if self.variant.incoterm.seller_contracts_carriage() {
            Who::Seller
        } else {
            Who::Buyer
        }
    }

    /// Instructions for every document the terms require.
    pub fn instruct(&mut self) -> &mut Self {
        let mut at = self.base + 2 * H;
        for (service, who) in self.required_services() {
            let from = if service == ServiceKind::Carriage {
                self.carriage_instructor()
            } else {
                Who::Seller
            };
            let i = ServiceInstruction {
                service,
                task: format!("{service} as the contract requires"),
            };
            self.send(&format!("instruct.{service}"), from, who, at, i, &["acceptance"]);
            at += 60;
        }
        self
    }

    /// The services required, with their providers, in the terms' order.
    pub fn required_services(&self) -> Vec<(ServiceKind, Who)> {
        self.terms
            .documents
            .iter()
            .map(|d| (d.document_type.service(), self.who(d.issuer)))
            .collect()
    }

    /// The document a provider issues, numbered `n`.
    pub fn document(&self, dt: DocumentType, n: u64, title: bool, at: u64) -> Document {
        let id = format!("{}-{n:04}", dt.name().to_uppercase());
        Document {
            document_type: dt,
            digest: Digest::of(id.as_bytes()),
            id,
            issued_to: self.pid(Who::Seller),
            title,
            issued: t(at),
        }
    }

    /// The proof of `service`: for carriage, shipment `n` of
    /// `variant.shipments` (quantities split evenly).
    pub fn proof_body(&self, service: ServiceKind, n: u64, at: u64) -> ServiceProof {
        let req = self
            .terms
            .documents
            .iter()
            .find(|d| d.document_type.service() == service)
            .expect("required")
            .clone();
        let facts = match service {
            ServiceKind::Carriage => {
                let lots = self.variant.shipments;
                let base = QUANTITY / lots;
                let q = if n + 1 == lots {
                    QUANTITY - base * (lots - 1)
                } else {
                    base
                };
                Facts::Carriage {
                    quantities: vec![q],
                    shipped: t(at),
                    clean: true,
                }
            }
            ServiceKind::Insurance => Facts::Insurance {
                insured: Amount::new("USD", PRICE / 10 * 11).expect("amount"),
                cover_from: t(self.base + 20 * H),
            },
            ServiceKind::Inspection => Facts::Inspection {
                result: InspectionResult::Passed,
                inspected: t(at),
            },
            ServiceKind::Certification => Facts::Certification {},
            ServiceKind::Storage => Facts::Storage {
                quantities: vec![QUANTITY],
            },
        };
        ServiceProof {
            document: self.document(req.document_type, n + 1, req.title, at),
            facts,
            comment: None,
        }
    }

    /// Every proof: insurance and inspection first, then each shipment.
    pub fn prove(&mut self) -> &mut Self {
        let services = self.required_services();
        let mut at = self.base + 20 * H;
        for (service, who) in services.iter().copied().filter(|(s, _)| *s != ServiceKind::Carriage) {
            let body = self.proof_body(service, 0, at);
            self.send(
                &format!("proof.{service}"),
                who,
                Who::Seller,
                at,
                body,
                &[&format!("instruct.{service}")],
            );
            at += 60;
        }
        if let Some((_, who)) = services.iter().find(|(s, _)| *s == ServiceKind::Carriage) {
            for n in 0..self.variant.shipments {
                let at = self.base + 24 * H + n * DAY;
                let body = self.proof_body(ServiceKind::Carriage, n, at);
                self.send(
                    &format!("proof.carriage.{n}"),
                    *who,
                    Who::Seller,
                    at,
                    body,
                    &["instruct.carriage"],
                );
            }
        }
        self
    }

    /// The names of every proof recorded, in record order.
    pub fn proof_names(&self) -> Vec<String> {
        let mut names: Vec<(usize, String)> = self
            .names
            .keys()
            .filter(|n| n.starts_with("proof.") && !n.ends_with(".receipt"))
            .map(|n| (self.index_of(n), n.clone()))
            .collect();
        names.sort();
        names.into_iter().map(|(_, n)| n).collect()
    }

    /// The notice, carrying every proof.
    pub fn notify(&mut self) -> &mut Self {
        let proofs: Vec<Statement> = self
            .proof_names()
            .iter()
            .map(|n| self.statement(n).into_inner())
            .collect();
        let names = self.proof_names();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let n = PerformanceNotice {
            due: self.terms.price,
            proofs,
        };
        let at = self.notice_time();
        self.send("notice", Who::Seller, Who::Buyer, at, n, &refs);
        self
    }

    /// A payment body of `minor` units.
    pub fn payment_body(&mut self, minor: u64, is_final: bool, payer: PayerRole) -> Payment {
        self.e2e += 1;
        let mut u = [0u8; 16];
        u[..8].copy_from_slice(&self.e2e.to_be_bytes());
        u[8..].copy_from_slice(&(self.e2e ^ 0x5a5a).to_be_bytes());
        Payment {
            amount: Amount::new("USD", minor).expect("amount"),
            end_to_end_id: format!("E2E-{:04}", self.e2e),
            uetr: Uetr::from_random(u),
            instrument: Instrument::FundsTransfer,
            method: "SWIFT gpi credit transfer".into(),
            is_final,
            payer,
            maturity: None,
            tenor_days: None,
        }
    }

    fn notice_time(&self) -> u64 {
        self.base + 24 * H + self.variant.shipments * DAY + 6 * H
    }

    fn payee(&self) -> Who {
        if self.variant.channel == Channel::Collection {
            Who::BuyerBank
        } else {
            Who::Seller
        }
    }

    /// Documents to the bank (a collection), or nothing (direct).
    pub fn collect(&mut self) -> &mut Self {
        if self.variant.channel != Channel::Collection {
            return self;
        }
        let names = self.proof_names();
        let docs: Vec<DocumentRef> = names
            .iter()
            .map(|n| match self.statement(n).message() {
                Message::ServiceProof(p) => DocumentRef {
                    id: p.document.id.clone(),
                    digest: p.document.digest,
                },
                _ => unreachable!(),
            })
            .collect();
        let c = CollectionInstruction {
            documents: docs,
            terms: self.variant.against,
            amount: self.terms.price,
            presenting_bank: self.pid(Who::BuyerBank),
            tenor_days: self.terms.payment.tenor_days,
        };
        let at = self.notice_time() + H;
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let to = if self.variant.via_seller_bank {
            Who::SellerBank
        } else {
            Who::BuyerBank
        };
        self.send("collection", Who::Seller, to, at, c, &refs);
        if self.variant.via_seller_bank {
            for (k, doc) in self.title_docs().into_iter().enumerate() {
                let x = TitleTransfer { document: doc };
                self.send(
                    &format!("forward.{k}"),
                    Who::SellerBank,
                    Who::BuyerBank,
                    at + H + k as u64 * 60,
                    x,
                    &["collection"],
                );
            }
        }
        self
    }

    /// The title documents issued, in proof order.
    pub fn title_docs(&self) -> Vec<DocumentRef> {
        self.proof_names()
            .iter()
            .filter_map(|n| match self.statement(n).message() {
                Message::ServiceProof(p) if p.document.title => Some(DocumentRef {
                    id: p.document.id.clone(),
                    digest: p.document.digest,
                }),
                _ => None,
            })
            .collect()
    }

    /// The buyer's payments (or, under D/A, its acceptance of the draft).
    pub fn pay(&mut self) -> &mut Self {
        let at = self.notice_time() + 4 * H;
        let payer_who = if self.variant.bank_pays {
            Who::BuyerBank
        } else {
            Who::Buyer
        };
        let payer = if self.variant.bank_pays {
            PayerRole::BuyerBank
        } else {
            PayerRole::Buyer
        };
        let to = self.payee();
        if self.variant.against == PaymentTerms::DocumentsAgainstAcceptance {
            let mut d = self.payment_body(PRICE, false, PayerRole::Buyer);
            let tenor = self.terms.payment.tenor_days.unwrap_or(90);
            d.instrument = Instrument::AcceptedDraft;
            d.tenor_days = Some(tenor);
            d.maturity = Some(t(at + tenor * DAY));
            self.send("draft", Who::Buyer, to, at, d, &["notice"]);
            return self;
        }
        self.instalments(payer_who, payer, to, at, None);
        self
    }

    fn instalments(&mut self, from: Who, payer: PayerRole, to: Who, at: u64, after: Option<&str>) {
        let n = self.variant.instalments;
        let part = PRICE / n;
        let mut prev: Option<String> = after.map(str::to_owned);
        for k in 0..n {
            let minor = if k + 1 == n { PRICE - part * (n - 1) } else { part };
            let p = self.payment_body(minor, k + 1 == n, payer);
            let name = format!("pay.{k}");
            let answers: Vec<String> = std::iter::once("notice".to_owned()).chain(prev.clone()).collect();
            let refs: Vec<&str> = answers.iter().map(String::as_str).collect();
            self.send(&name, from, to, at + k * DAY, p, &refs);
            prev = Some(name);
        }
    }

    /// Title to the buyer: the seller's transfer (direct) or the presenting
    /// bank's release (collection), one per title document.
    pub fn transfer(&mut self) -> &mut Self {
        let at = self.notice_time() + 4 * H + self.variant.instalments * DAY;
        let entitling = if self.variant.against == PaymentTerms::DocumentsAgainstAcceptance {
            "draft".to_owned()
        } else {
            format!("pay.{}", self.variant.instalments - 1)
        };
        let proofs: Vec<String> = self.proof_names();
        for (k, doc) in self.title_docs().into_iter().enumerate() {
            let x = TitleTransfer { document: doc.clone() };
            let link = if self.variant.channel == Channel::Collection {
                if self.variant.via_seller_bank {
                    format!("forward.{k}")
                } else {
                    "collection".to_owned()
                }
            } else {
                proofs
                    .iter()
                    .find(
                        |n| matches!(self.statement(n).message(), Message::ServiceProof(p) if p.document.id == doc.id),
                    )
                    .expect("issuing proof")
                    .clone()
            };
            let from = if self.variant.channel == Channel::Collection {
                Who::BuyerBank
            } else {
                Who::Seller
            };
            self.send(
                &format!("title.{k}"),
                from,
                Who::Buyer,
                at + k as u64 * 60,
                x,
                &[&link, &entitling],
            );
        }
        self
    }

    /// Under D/A: the buyer pays the draft at maturity (its instalments).
    pub fn pay_draft(&mut self) -> &mut Self {
        if self.variant.against != PaymentTerms::DocumentsAgainstAcceptance {
            return self;
        }
        let tenor = self.terms.payment.tenor_days.unwrap_or(90);
        let at = self.notice_time() + 4 * H + tenor * DAY;
        let to = self.payee();
        self.instalments(Who::Buyer, PayerRole::Buyer, to, at, Some("draft"));
        self
    }

    /// In a collection, the presenting bank remits what the buyer paid.
    pub fn remit(&mut self) -> &mut Self {
        if self.variant.channel != Channel::Collection {
            return self;
        }
        let pays: Vec<String> = self
            .names
            .keys()
            .filter(|n| n.starts_with("pay.") && !n.ends_with(".receipt"))
            .cloned()
            .collect();
        let to = if self.variant.via_seller_bank {
            Who::SellerBank
        } else {
            Who::Seller
        };
        for (k, p) in pays.iter().enumerate() {
            let st = self.statement(p);
            let Message::Payment(body) = st.message() else { continue };
            let minor = body.amount.minor;
            let r = self.payment_body(minor, false, PayerRole::CollectingBank);
            let at = st.time().as_secs() - T0 + 2 * H;
            self.send(&format!("remit.{k}"), Who::BuyerBank, to, at, r, &[p]);
        }
        self
    }

    /// Gives `w` a new card with the same keys, created at `T0 + created`,
    /// in place of its card record (for `TIME-KEY` cases). Its party id is
    /// unchanged, so the terms and every statement stay as they are.
    pub fn recreate(&mut self, w: Who, created: u64) {
        let old = self.pid(w);
        let p = PartySecret::from_secrets(w.name(), &[w.seed(); 32], &[w.seed().wrapping_add(100); 32], t(created))
            .expect("fixed keys");
        for r in &mut self.records {
            if matches!(r, Rec::Card(c) if c.id() == old) {
                *r = Rec::Card(p.card().clone());
            }
        }
        self.parties.insert(w, p);
    }

    /// The cast member with party id `id`.
    pub fn who_is(&self, id: PartyId) -> Who {
        self.who(id)
    }

    /// The whole contract, offer to title (and draft payment, remittance).
    pub fn complete(variant: Variant) -> Scenario {
        let mut s = Scenario::new(variant);
        s.offer()
            .accept()
            .instruct()
            .prove()
            .notify()
            .collect()
            .pay()
            .transfer()
            .pay_draft()
            .remit();
        s
    }
}

/// The terms of a variant.
pub fn terms_of(parties: &BTreeMap<Who, PartySecret>, v: &Variant) -> Terms {
    let id = |w: Who| parties[&w].id();
    let mut documents = Vec::new();
    if let Some(dt) = v.transport {
        documents.push(DocumentRequirement {
            document_type: dt,
            issuer: id(Who::Carrier),
            title: dt.can_be_title(),
        });
    }
    if v.incoterm.seller_insures() {
        documents.push(DocumentRequirement {
            document_type: DocumentType::InsuranceDocument,
            issuer: id(Who::Insurer),
            title: false,
        });
    }
    if v.inspection {
        documents.push(DocumentRequirement {
            document_type: DocumentType::InspectionCertificate,
            issuer: id(Who::Inspector),
            title: false,
        });
    }
    let collection = v.channel == Channel::Collection;
    Terms {
        seller: id(Who::Seller),
        buyer: id(Who::Buyer),
        goods: vec![GoodsLine {
            description: "Arabica green coffee beans, grade 1, crop 2025".into(),
            quantity: QUANTITY,
            unit: "KGM".into(),
        }],
        price: Amount::new("USD", PRICE).expect("amount"),
        incoterm: v.incoterm,
        place: "Rotterdam".into(),
        payment: PaymentClause {
            terms: v.against,
            method: "SWIFT gpi credit transfer".into(),
            channel: v.channel,
            tenor_days: (v.against == PaymentTerms::DocumentsAgainstAcceptance).then_some(90),
            buyer_bank: (collection || v.bank_pays).then(|| id(Who::BuyerBank)),
            seller_bank: (collection && v.via_seller_bank).then(|| id(Who::SellerBank)),
        },
        documents,
        shipment: Shipment {
            partial: v.partial,
            latest: Some(t(30 * DAY)),
        },
        law: Law {
            cisg: v.cisg,
            governing: if v.cisg {
                "CISG; arbitration under the Vienna Rules".into()
            } else {
                "English law; LCIA arbitration".into()
            },
        },
    }
}

/// A transcript's bytes.
pub fn bytes_of(contract: &ContractId, records: &[Rec]) -> Vec<u8> {
    let mut w = TranscriptWriter::create(Vec::new(), contract).expect("header");
    for r in records {
        match r {
            Rec::Card(c) => w.card(c),
            Rec::St(s) => w.statement(s),
            Rec::Tok(t) => w.token(t),
        }
        .expect("writes to memory");
    }
    w.finish().expect("finishes")
}

/// Audits `records` with `trusted` cards, one thread, strict signatures.
pub fn audit_records(contract: &ContractId, records: &[Rec], trusted: &CardSet, policy: Policy) -> Report {
    let bytes = bytes_of(contract, records);
    econtract::audit::audit_with(
        &bytes[..],
        Some(trusted),
        policy,
        AuditOptions {
            batch: false,
            threads: 1,
        },
        |_| {},
    )
    .expect("a verifiable transcript")
}
