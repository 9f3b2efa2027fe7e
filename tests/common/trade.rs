//! A scenario builder for transcripts: the seven-step happy path, step by
//! step, so a test can stop anywhere, change one statement, and audit.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;

use econtract::*;

use super::{Cast, T0, bill_of_lading, contract, party, t};

/// Who does something.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    Seller,
    Buyer,
    Carrier,
    Insurer,
    Bank,
    Tsa,
    Auditor,
}

/// One transcript record.
#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Rec {
    Card(PartyCard),
    St(Verified<Statement>),
    Tok(Verified<TimestampToken>),
}

type Clock = Box<dyn Fn() -> UnixTime>;

pub struct Trade {
    pub c: Cast,
    pub k: ContractId,
    pub records: Vec<Rec>,
    pub terms: Terms,
    pub ids: BTreeMap<String, StatementId>,
    /// Time-stamp every statement (except receipts) by the authority.
    pub stamp: bool,
    clock: Rc<Cell<u64>>,
    pub tsa: LocalAuthority<Clock>,
}

impl Trade {
    /// The cast's cards, and nothing else yet.
    pub fn new() -> Trade {
        let c = Cast::new();
        let clock = Rc::new(Cell::new(0u64));
        let tick = clock.clone();
        let tsa = LocalAuthority::new(
            party("Time-Stamp Authority", 6),
            Box::new(move || t(tick.get())) as Clock,
            1,
        );
        let terms = super::terms(&c);
        let mut tr = Trade {
            records: Vec::new(),
            k: contract(),
            terms,
            ids: BTreeMap::new(),
            stamp: true,
            clock,
            tsa,
            c,
        };
        for p in [Who::Seller, Who::Buyer, Who::Carrier, Who::Insurer, Who::Bank, Who::Tsa] {
            let card = tr.p(p).card().clone();
            tr.records.push(Rec::Card(card));
        }
        tr
    }

    pub fn p(&self, w: Who) -> &PartySecret {
        match w {
            Who::Seller => &self.c.seller,
            Who::Buyer => &self.c.buyer,
            Who::Carrier => &self.c.carrier,
            Who::Insurer => &self.c.insurer,
            Who::Bank => &self.c.bank,
            Who::Tsa => &self.c.tsa,
            Who::Auditor => &self.c.auditor,
        }
    }

    pub fn id(&self, name: &str) -> StatementId {
        *self
            .ids
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
            .unwrap()
    }

    /// Signs a statement; answers are given by name or raw id.
    pub fn sign(
        &self,
        from: Who,
        to: Who,
        at: u64,
        msg: impl Into<Message>,
        answers: &[StatementId],
    ) -> Verified<Statement> {
        self.sign_in(&self.k, from, to, at, msg, answers)
    }

    pub fn sign_in(
        &self,
        k: &ContractId,
        from: Who,
        to: Who,
        at: u64,
        msg: impl Into<Message>,
        answers: &[StatementId],
    ) -> Verified<Statement> {
        let cards = self.c.cards();
        let mut b = Statement::build(self.p(from), self.p(to).card(), k, t(at), msg).proof_cards(&cards);
        for a in answers {
            b = b.answers(*a);
        }
        b.sign().unwrap()
    }

    /// Signs and appends a statement (and its token, when stamping).
    pub fn send(
        &mut self,
        name: &str,
        from: Who,
        to: Who,
        at: u64,
        msg: impl Into<Message>,
        answers: &[StatementId],
    ) -> StatementId {
        let s = self.sign(from, to, at, msg, answers);
        self.push(name, s)
    }

    /// Appends a signed statement under `name` (and its token, when stamping).
    pub fn push(&mut self, name: &str, s: Verified<Statement>) -> StatementId {
        let id = s.id();
        let at = s.time().as_secs() - T0;
        let stamp = self.stamp && s.kind() != Kind::Receipt;
        self.records.push(Rec::St(s));
        self.ids.insert(name.to_owned(), id);
        if stamp {
            self.token(id, at + 5);
        }
        id
    }

    /// Appends a token for `id` at `at`.
    pub fn token(&mut self, id: StatementId, at: u64) {
        self.clock.set(at);
        let tok = self.tsa.stamp(id, None).unwrap();
        self.records.push(Rec::Tok(tok));
    }

    /// Appends a receipt of statement `of`, by `by`, received at `received`
    /// and signed 50 s later.
    pub fn receipt(&mut self, of: &str, by: Who, received: u64) -> StatementId {
        let target = self.statement(of);
        let to = self.who(target.sender());
        self.send(
            &format!("receipt:{of}"),
            by,
            to,
            received + 50,
            Receipt { received: t(received) },
            &[target.id()],
        )
    }

    pub fn who(&self, id: PartyId) -> Who {
        [
            Who::Seller,
            Who::Buyer,
            Who::Carrier,
            Who::Insurer,
            Who::Bank,
            Who::Tsa,
            Who::Auditor,
        ]
        .into_iter()
        .find(|w| self.p(*w).id() == id)
        .unwrap()
    }

    // -- the seven steps with their defaults --------------------------------

    pub fn offer_body(&self) -> Offer {
        Offer {
            terms: self.terms.clone(),
            lapse: Some(t(7 * 86_400)),
            irrevocable: false,
        }
    }

    pub fn offer(&mut self) {
        let o = self.offer_body();
        self.send("offer", Who::Seller, Who::Buyer, 0, o, &[]);
        self.receipt("offer", Who::Buyer, 30);
    }

    pub fn accept(&mut self) {
        let offer = self.id("offer");
        self.send(
            "acceptance",
            Who::Buyer,
            Who::Seller,
            3600,
            Acceptance::default(),
            &[offer],
        );
        self.receipt("acceptance", Who::Seller, 3650);
    }

    pub fn instruct(&mut self) {
        let acc = self.id("acceptance");
        let services = self.terms.services.clone();
        for (i, s) in services.iter().enumerate() {
            let to = self.who(s.provider);
            let body = ServiceInstruction {
                service: s.service,
                task: s.task.clone(),
            };
            self.send(
                &format!("instruction:{}", s.service),
                Who::Seller,
                to,
                7200 + 100 * i as u64,
                body,
                &[acc],
            );
        }
    }

    /// One instruction, named `name`.
    pub fn instruct_one(&mut self, service: ServiceKind, to: Who, name: &str, answers: &[StatementId]) {
        let body = ServiceInstruction {
            service,
            task: format!("{service}"),
        };
        let n = self.records.len() as u64;
        self.send(name, Who::Seller, to, 7200 + n, body, answers);
    }

    pub fn proof_body(&self, service: ServiceKind) -> ServiceProof {
        ServiceProof {
            service,
            report: format!("{service} performed as instructed"),
            document: (service == ServiceKind::Carriage).then(|| bill_of_lading(&self.c)),
        }
    }

    pub fn prove(&mut self) {
        let services = self.terms.services.clone();
        for (i, s) in services.iter().enumerate() {
            let from = self.who(s.provider);
            let instr = self.id(&format!("instruction:{}", s.service));
            let body = self.proof_body(s.service);
            self.send(
                &format!("proof:{}", s.service),
                from,
                Who::Seller,
                86_400 + 100 * i as u64,
                body,
                &[instr],
            );
        }
    }

    pub fn notice_body(&self) -> PerformanceNotice {
        let proofs = self
            .terms
            .services
            .iter()
            .map(|s| self.statement(&format!("proof:{}", s.service)).into_inner())
            .collect();
        PerformanceNotice {
            due: self.terms.price,
            proofs,
        }
    }

    pub fn notify(&mut self) {
        let body = self.notice_body();
        self.send("notice", Who::Seller, Who::Buyer, 90_000, body, &[]);
        self.receipt("notice", Who::Buyer, 90_050);
    }

    pub fn payment_body(&self) -> Payment {
        Payment {
            amount: self.terms.price,
            end_to_end_id: "E2E-2026-0042-1".into(),
            instrument: Instrument::FundsTransfer,
            method: "SWIFT MT103".into(),
            is_final: true,
            maturity: None,
            on_behalf_of: Some(self.c.buyer.id()),
        }
    }

    pub fn pay(&mut self) {
        let body = self.payment_body();
        let notice = self.id("notice");
        self.send("payment", Who::Bank, Who::Seller, 100_000, body, &[notice]);
        self.receipt("payment", Who::Seller, 100_050);
    }

    pub fn document(&self) -> DocumentRef {
        let b = bill_of_lading(&self.c);
        DocumentRef {
            id: b.id,
            digest: b.digest,
        }
    }

    pub fn transfer(&mut self) {
        let payment = self.id("payment");
        let doc = self.document();
        self.send(
            "transfer",
            Who::Seller,
            Who::Buyer,
            110_000,
            TitleTransfer { document: doc },
            &[payment],
        );
        self.receipt("transfer", Who::Buyer, 110_050);
    }

    /// Steps 1-5 with these terms: offer, acceptance, instructions,
    /// proofs, performance notice.
    pub fn up_to_notice(&mut self) {
        self.offer();
        self.accept();
        self.instruct();
        self.prove();
        self.notify();
    }

    /// The whole seven-step procedure with these terms.
    pub fn perform(&mut self) {
        self.up_to_notice();
        self.pay();
        self.transfer();
    }

    /// The whole seven-step procedure.
    pub fn happy() -> Trade {
        let mut tr = Trade::new();
        tr.perform();
        tr
    }

    /// A contract paid in `n` instalments by the bank, each payment of
    /// about 1.5 KiB, answering the notice and the previous instalment;
    /// statements after the notice are not time-stamped.
    pub fn instalments(n: u64) -> Trade {
        let mut tr = Trade::new();
        tr.up_to_notice();
        tr.stamp = false;
        let notice = tr.id("notice");
        let price = tr.terms.price.minor;
        let mut prev = None;
        for i in 0..n {
            let mut p = tr.payment_body();
            p.end_to_end_id = format!("E2E-{i}");
            p.method = format!("SWIFT MT103, instalment {i}; ").repeat(40)[..1000].to_owned();
            p.is_final = i + 1 == n;
            p.amount.minor = if p.is_final { price - (n - 1) } else { 1 };
            let mut answers = vec![notice];
            answers.extend(prev);
            let id = tr.send(
                &format!("payment:{i}"),
                Who::Bank,
                Who::Seller,
                100_000 + i,
                p,
                &answers,
            );
            prev = Some(id);
        }
        let doc = tr.document();
        tr.send(
            "transfer",
            Who::Seller,
            Who::Buyer,
            100_000 + n + 10,
            TitleTransfer { document: doc },
            &[prev.unwrap()],
        );
        tr
    }

    // -- output ------------------------------------------------------------

    pub fn bytes(&self) -> Vec<u8> {
        write(&self.k, &self.records).0
    }

    /// The byte offsets at which each record starts, and the end.
    pub fn boundaries(&self) -> Vec<usize> {
        write(&self.k, &self.records).1
    }

    /// The record index of the statement named `name`.
    pub fn index_of(&self, name: &str) -> usize {
        let id = self.id(name);
        self.records
            .iter()
            .position(|r| matches!(r, Rec::St(s) if s.id() == id))
            .unwrap()
    }

    pub fn audit(&self) -> Report {
        self.audit_with(Policy::default())
    }

    pub fn audit_with(&self, policy: Policy) -> Report {
        audit(self.bytes().as_slice(), None, policy, |_| {}).unwrap()
    }
}

impl Trade {
    /// The same records without the party cards.
    pub fn clone_without_cards(&self) -> Trade {
        let mut tr = Trade::new();
        tr.records = self
            .records
            .iter()
            .filter(|r| !matches!(r, Rec::Card(_)))
            .cloned()
            .collect();
        tr.ids = self.ids.clone();
        tr
    }
}

/// A transcript of contract `k` holding `records`, and the byte offsets at
/// which each record starts, then the end.
pub fn write(k: &ContractId, records: &[Rec]) -> (Vec<u8>, Vec<usize>) {
    let mut w = TranscriptWriter::create(Vec::new(), k).unwrap();
    let mut starts = Vec::with_capacity(records.len() + 1);
    for r in records {
        starts.push(w.bytes_written() as usize);
        match r {
            Rec::Card(c) => w.card(c).unwrap(),
            Rec::St(s) => w.statement(s).unwrap(),
            Rec::Tok(t) => w.token(t).unwrap(),
        }
    }
    let bytes = w.finish().unwrap();
    starts.push(bytes.len());
    (bytes, starts)
}
