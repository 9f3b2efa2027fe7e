//! The conformance testkit's cases. Each case's expected status and
//! findings are written from the law (CISG, Incoterms 2020, URC 522, UCP
//! 600, MLETR) and the rule table (`src/validate/rules.rs`), never copied
//! from the validator's output. Record indices are those of the statements
//! or tokens the rule is about, looked up by name in the scenario.
//!
//! Included by `examples/make_testkit.rs` and `tests/testkit.rs` with
//! `#[path]`, next to `tests/common/scenario.rs` and `tests/testkit/kit.rs`.
#![allow(dead_code)]

use econtract::*;

use crate::kit::Case;
use crate::scenario::*;

use DocumentType::*;
use Status::*;

/// Every case, in a fixed order.
pub fn all() -> Vec<Case> {
    let mut k = Kit::default();
    valid(&mut k);
    formation_ok(&mut k);
    policies_ok(&mut k);
    unfinished(&mut k);
    views(&mut k);
    crate::breaks::all(&mut k);
    k.cases
}

// ---------------------------------------------------------------------------
// The builder

#[derive(Default)]
pub struct Kit {
    pub cases: Vec<Case>,
}

impl Kit {
    pub fn push(
        &mut self,
        name: &str,
        about: &str,
        bytes: Vec<u8>,
        policy: Policy,
        status: Status,
        findings: &[(Rule, usize)],
    ) {
        assert!(!self.cases.iter().any(|c| c.name == name), "two cases named {name}");
        assert!(
            name.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "case names are lowercase words joined by hyphens: {name}"
        );
        assert!(!about.contains('\n'), "a description is one line: {name}");
        self.cases.push(Case {
            name: name.to_owned(),
            about: about.to_owned(),
            policy,
            status,
            findings: findings.to_vec(),
            bytes,
        });
    }

    /// A case on the scenario's full transcript.
    pub fn add(
        &mut self,
        name: &str,
        about: &str,
        s: &Scenario,
        policy: Policy,
        status: Status,
        findings: &[(Rule, usize)],
    ) {
        self.push(name, about, s.bytes(), policy, status, findings);
    }

    /// A legal contract, performed: completed, no finding, default policy.
    pub fn ok(&mut self, name: &str, about: &str, s: &Scenario) {
        self.add(name, about, s, Policy::default(), Completed, &[]);
    }

    /// A case on one party's own archive of the scenario, default policy,
    /// no finding.
    pub fn archive(&mut self, name: &str, about: &str, s: &Scenario, who: Who, status: Status) {
        let recs = s.archive_of(who);
        self.push(
            name,
            about,
            bytes_of(&s.contract, &recs),
            Policy::default(),
            status,
            &[],
        );
    }

    /// A provider's or bank's archive read as a partial view: status
    /// `partial-view`, no finding.
    pub fn view(&mut self, name: &str, about: &str, s: &Scenario, who: Who) {
        let policy = Policy {
            viewer: Some(s.pid(who)),
            ..Policy::default()
        };
        let recs = s.archive_of(who);
        self.push(name, about, bytes_of(&s.contract, &recs), policy, PartialView, &[]);
    }
}

// ---------------------------------------------------------------------------
// Helpers

pub fn variant(f: impl FnOnce(&mut Variant)) -> Variant {
    let mut v = Variant::default();
    f(&mut v);
    v
}

pub fn dflt() -> Variant {
    Variant::default()
}

pub fn policy(f: impl FnOnce(&mut Policy)) -> Policy {
    let mut p = Policy::default();
    f(&mut p);
    p
}

pub fn pd() -> Policy {
    Policy::default()
}

pub fn complete(v: Variant) -> Scenario {
    Scenario::complete(v)
}

pub fn complete_default() -> Scenario {
    complete(dflt())
}

/// The record index of statement `name`.
pub fn at(s: &Scenario, name: &str) -> usize {
    s.index_of(name)
}

/// The record index of the first token stamping statement `name`.
pub fn tok(s: &Scenario, name: &str) -> usize {
    let id = s.id(name);
    s.records
        .iter()
        .position(|r| matches!(r, Rec::Tok(t) if t.imprint() == id))
        .unwrap_or_else(|| panic!("no token for {name}"))
}

/// The index the next record will have.
pub fn next(s: &Scenario) -> usize {
    s.records.len()
}

/// An hour after the latest signing time in the scenario (seconds from T0).
pub fn after_all(s: &Scenario) -> u64 {
    let latest = s
        .records
        .iter()
        .filter_map(|r| match r {
            Rec::St(st) => Some(st.time().as_secs()),
            Rec::Tok(tk) => Some(tk.time().as_secs()),
            Rec::Card(_) => None,
        })
        .max()
        .unwrap_or(T0);
    latest - T0 + H
}

/// When the happy path sends the notice.
pub fn notice_time(s: &Scenario) -> u64 {
    24 * H + s.variant.shipments * DAY + 6 * H
}

pub fn offer_body(s: &Scenario, lapse: Option<u64>, irrevocable: bool) -> Offer {
    Offer {
        terms: s.terms.clone(),
        lapse: lapse.map(t),
        irrevocable,
    }
}

/// The offer (seller to buyer) at `when`, with the given lapse time.
pub fn offer_at(s: &mut Scenario, name: &str, when: u64, lapse: Option<u64>, irrevocable: bool) -> StatementId {
    let o = offer_body(s, lapse, irrevocable);
    s.send(name, Who::Seller, Who::Buyer, when, o, &[])
}

/// The first title document, as a transfer body.
pub fn title_body(s: &Scenario) -> TitleTransfer {
    TitleTransfer {
        document: s.title_docs()[0].clone(),
    }
}

pub fn usd(minor: u64) -> Amount {
    Amount::new("USD", minor).expect("amount")
}

/// A statement of another contract.
pub fn foreign(s: &Scenario, from: Who, to: Who, when: u64, msg: impl Into<Message>) -> Verified<Statement> {
    let other = ContractId::new("EC-2026-0999").expect("contract id");
    Statement::build(s.p(from), s.p(to).card(), &other, t(when), msg.into())
        .sign()
        .expect("signs")
}

/// The notice carrying `proofs` (by name), at `when`, asking for `due`.
pub fn notice_of(s: &mut Scenario, name: &str, when: u64, proofs: &[&str], due: Amount) -> StatementId {
    let bodies: Vec<Statement> = proofs.iter().map(|n| s.statement(n).into_inner()).collect();
    s.send(
        name,
        Who::Seller,
        Who::Buyer,
        when,
        PerformanceNotice { due, proofs: bodies },
        proofs,
    )
}

/// The proof names in record order, as `&str`s for `send`.
pub fn proof_refs(s: &Scenario) -> Vec<String> {
    s.proof_names()
}

/// Performance of a direct D/P contract (one shipment, one payment) with
/// every step `base` seconds later than the happy path's.
pub fn perform(s: &mut Scenario, base: u64) {
    let mut when = base + 2 * H;
    for (service, who) in s.required_services() {
        let from = if service == ServiceKind::Carriage {
            s.carriage_instructor()
        } else {
            Who::Seller
        };
        let i = ServiceInstruction {
            service,
            task: format!("{service} as the contract requires"),
        };
        s.send(&format!("instruct.{service}"), from, who, when, i, &["acceptance"]);
        when += 60;
    }
    let services = s.required_services();
    let mut when = base + 20 * H;
    for (service, who) in services.iter().copied().filter(|(x, _)| *x != ServiceKind::Carriage) {
        let body = s.proof_body(service, 0, when);
        s.send(
            &format!("proof.{service}"),
            who,
            Who::Seller,
            when,
            body,
            &[&format!("instruct.{service}")],
        );
        when += 60;
    }
    if let Some((_, who)) = services.iter().find(|(x, _)| *x == ServiceKind::Carriage) {
        let body = s.proof_body(ServiceKind::Carriage, 0, base + 24 * H);
        s.send(
            "proof.carriage.0",
            *who,
            Who::Seller,
            base + 24 * H,
            body,
            &["instruct.carriage"],
        );
    }
    let names = proof_refs(s);
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let price = s.terms.price;
    notice_of(s, "notice", base + 54 * H, &refs, price);
    let p = s.payment_body(PRICE, true, PayerRole::Buyer);
    s.send("pay.0", Who::Buyer, Who::Seller, base + 58 * H, p, &["notice"]);
    for (k, doc) in s.title_docs().into_iter().enumerate() {
        let proof = names
            .iter()
            .find(|n| matches!(s.statement(n).message(), Message::ServiceProof(p) if p.document.id == doc.id))
            .expect("issuing proof")
            .clone();
        let x = TitleTransfer { document: doc };
        s.send(
            &format!("title.{k}"),
            Who::Seller,
            Who::Buyer,
            base + 82 * H + k as u64 * 60,
            x,
            &[&proof, "pay.0"],
        );
    }
}

/// Up to the notice, then the payments and title of the happy path.
pub fn finish_from_notice(s: &mut Scenario) {
    s.notify().collect().pay().transfer().pay_draft().remit();
}

// ---------------------------------------------------------------------------
// Legitimate variants, performed: completed, no finding

fn valid(k: &mut Kit) {
    for i in Incoterm::ALL {
        let transport = if i.sea_only() {
            BillOfLading
        } else {
            MultimodalTransportDocument
        };
        let s = complete(variant(|v| {
            v.incoterm = *i;
            v.transport = Some(transport);
        }));
        let who = if i.seller_contracts_carriage() {
            "the seller contracts carriage (A4)"
        } else {
            "the buyer contracts carriage and instructs the carrier (B4)"
        };
        let ins = if i.seller_insures() {
            ", the seller insures for 110% (A5)"
        } else {
            ""
        };
        k.ok(
            &format!("ok-incoterm-{}", i.name().to_lowercase()),
            &format!("{i}, direct D/P, {transport}: {who}{ins}; a legal contract performed (Incoterms 2020)"),
            &s,
        );
    }
    let docs: &[(&str, Incoterm, DocumentType, &str)] = &[
        (
            "ok-cpt-bill-of-lading",
            Incoterm::Cpt,
            BillOfLading,
            "CPT with a bill of lading: any mode, a negotiable B/L as title (Incoterms 2020 A6)",
        ),
        (
            "ok-cfr-sea-waybill",
            Incoterm::Cfr,
            SeaWaybill,
            "CFR with a sea waybill: a sea document that is no document of title, so nothing to transfer (A6; MLETR Art. 2)",
        ),
        (
            "ok-dap-air-waybill",
            Incoterm::Dap,
            AirWaybill,
            "DAP with an air waybill, no document of title: completed on payment (A6; SPEC 18.1)",
        ),
        (
            "ok-fca-road-consignment-note",
            Incoterm::Fca,
            RoadConsignmentNote,
            "FCA, buyer-arranged road carriage with a CMR note, no document of title (B4, A6)",
        ),
        (
            "ok-cip-rail-consignment-note",
            Incoterm::Cip,
            RailConsignmentNote,
            "CIP by rail with a CIM note and insurance (A5): no document of title",
        ),
        (
            "ok-fob-sea-waybill",
            Incoterm::Fob,
            SeaWaybill,
            "FOB with a sea waybill the buyer's carrier issues (B4, A6)",
        ),
        (
            "ok-ddp-multimodal",
            Incoterm::Ddp,
            MultimodalTransportDocument,
            "DDP with a negotiable multimodal transport document (A4, A6; MLETR)",
        ),
    ];
    for (name, i, d, about) in docs {
        let s = complete(variant(|v| {
            v.incoterm = *i;
            v.transport = Some(*d);
        }));
        k.ok(name, about, &s);
    }
    let s = complete(variant(|v| {
        v.incoterm = Incoterm::Exw;
        v.transport = None;
    }));
    k.ok(
        "ok-exw-no-documents",
        "EXW with no document owed: the notice carries no proof, payment completes (Incoterms 2020 EXW A6)",
        &s,
    );
    let s = complete(variant(|v| {
        v.incoterm = Incoterm::Fca;
        v.transport = None;
    }));
    k.ok(
        "ok-fca-no-documents",
        "FCA with no transport document required: nothing to prove, payment completes",
        &s,
    );

    let coll = |against, via| {
        variant(|v| {
            v.channel = Channel::Collection;
            v.against = against;
            v.via_seller_bank = via;
        })
    };
    use PaymentTerms::{DocumentsAgainstAcceptance as Da, DocumentsAgainstPayment as Dp};
    k.ok("ok-collection-dp-presenting-bank", "D/P collection handed straight to the presenting bank, released against payment, proceeds remitted (URC 522 Arts. 4, 7, 16)", &complete(coll(Dp, false)));
    k.ok(
        "ok-collection-dp-via-seller-bank",
        "D/P collection through the remitting bank to the presenting bank (URC 522 Arts. 3, 7, 16)",
        &complete(coll(Dp, true)),
    );
    k.ok(
        "ok-collection-da-presenting-bank",
        "D/A collection: released against the buyer's acceptance of a 90-day draft, paid at maturity (URC 522 Art. 7)",
        &complete(coll(Da, false)),
    );
    k.ok(
        "ok-collection-da-via-seller-bank",
        "D/A collection through the seller's bank, draft paid at maturity, proceeds remitted (URC 522 Arts. 7, 16)",
        &complete(coll(Da, true)),
    );
    let mut v = coll(Dp, false);
    v.incoterm = Incoterm::Fob;
    k.ok(
        "ok-collection-dp-fob",
        "D/P collection under FOB: the buyer instructs the carrier, the seller hands the B/L to the bank (B4; URC 522)",
        &complete(v),
    );
    let mut v = coll(Dp, true);
    v.instalments = 2;
    k.ok(
        "ok-collection-dp-instalments",
        "D/P collection paid in two instalments to the presenting bank, each remitted (URC 522 Arts. 7, 16)",
        &complete(v),
    );
    let mut v = coll(Da, false);
    v.instalments = 3;
    k.ok(
        "ok-collection-da-draft-paid-in-three",
        "D/A collection: the accepted draft is paid at maturity in three parts (URC 522 Art. 7)",
        &complete(v),
    );
    let mut v = coll(Dp, false);
    v.incoterm = Incoterm::Cpt;
    v.transport = Some(MultimodalTransportDocument);
    k.ok(
        "ok-collection-dp-cpt-multimodal",
        "D/P collection of a negotiable multimodal transport document under CPT (URC 522; MLETR)",
        &complete(v),
    );
    let mut v = coll(Dp, false);
    v.inspection = true;
    k.ok(
        "ok-collection-dp-inspection",
        "D/P collection with an inspection certificate among the documents (URC 522 Art. 12)",
        &complete(v),
    );
    let mut v = coll(Dp, true);
    v.partial = true;
    v.shipments = 2;
    k.ok(
        "ok-collection-dp-two-bills",
        "D/P collection of two bills of lading from two partial shipments (UCP 600 Art. 31; URC 522)",
        &complete(v),
    );
    let mut v = coll(Da, true);
    v.incoterm = Incoterm::Cip;
    v.transport = Some(MultimodalTransportDocument);
    k.ok(
        "ok-collection-da-cip",
        "D/A collection under CIP through both banks (Incoterms A5; URC 522 Art. 7)",
        &complete(v),
    );

    let da = |f: &dyn Fn(&mut Variant)| {
        let mut v = variant(|v| v.against = Da);
        f(&mut v);
        v
    };
    k.ok("ok-direct-da", "direct D/A: the seller releases title on the buyer's acceptance of the 90-day draft; paid at maturity (URC 522 Art. 7)", &complete(da(&|_| {})));
    k.ok(
        "ok-direct-da-three-instalments",
        "direct D/A: the draft paid at maturity in three instalments (CISG 53)",
        &complete(da(&|v| v.instalments = 3)),
    );
    k.ok(
        "ok-direct-da-fob",
        "direct D/A under FOB, buyer-arranged carriage (B4; URC 522 Art. 7)",
        &complete(da(&|v| v.incoterm = Incoterm::Fob)),
    );
    k.ok(
        "ok-direct-da-partial",
        "direct D/A with two partial shipments and two bills of lading (UCP 600 Art. 31)",
        &complete(da(&|v| {
            v.partial = true;
            v.shipments = 2;
        })),
    );

    k.ok(
        "ok-bank-pays",
        "the buyer's bank named in the terms pays the seller for the buyer (CISG 53, 54)",
        &complete(variant(|v| v.bank_pays = true)),
    );
    k.ok(
        "ok-bank-pays-instalments",
        "the buyer's bank pays in two instalments (CISG 54; ISO 20022)",
        &complete(variant(|v| {
            v.bank_pays = true;
            v.instalments = 2;
        })),
    );
    k.ok(
        "ok-bank-pays-fob",
        "the buyer's bank pays under FOB, buyer-arranged carriage (CISG 54; B4)",
        &complete(variant(|v| {
            v.bank_pays = true;
            v.incoterm = Incoterm::Fob;
        })),
    );
    for n in [2, 3, 6] {
        k.ok(
            &format!("ok-instalments-{n}"),
            &format!("the price paid in {n} instalments that add up exactly (CISG 53)"),
            &complete(variant(|v| v.instalments = n)),
        );
    }
    for n in [2, 3] {
        k.ok(
            &format!("ok-partial-shipments-{n}"),
            &format!("partial shipments allowed, goods shipped in {n} lots, {n} bills of lading transferred (UCP 600 Art. 31(a); CISG 51)"),
            &complete(variant(|v| {
                v.partial = true;
                v.shipments = n;
            })),
        );
    }
    k.ok(
        "ok-partial-allowed-one-lot",
        "partial shipments allowed but the goods go in one lot (UCP 600 Art. 31(a))",
        &complete(variant(|v| v.partial = true)),
    );
    k.ok(
        "ok-partial-and-instalments",
        "two partial shipments paid in two instalments (CISG 51, 73)",
        &complete(variant(|v| {
            v.partial = true;
            v.shipments = 2;
            v.instalments = 2;
        })),
    );
    k.ok(
        "ok-inspection-cif",
        "CIF with a passed inspection certificate required (CISG 35, 36)",
        &complete(variant(|v| v.inspection = true)),
    );
    k.ok(
        "ok-inspection-fob",
        "FOB with an inspection certificate the seller orders (CISG 35; B4)",
        &complete(variant(|v| {
            v.inspection = true;
            v.incoterm = Incoterm::Fob;
        })),
    );
    k.ok("ok-everything", "CIF, inspection, three partial shipments, D/P collection via the seller's bank, three instalments (URC 522; UCP 600 Art. 31)", &complete(variant(|v| {
        v.inspection = true;
        v.partial = true;
        v.shipments = 3;
        v.channel = Channel::Collection;
        v.via_seller_bank = true;
        v.instalments = 3;
    })));
    let s = complete(variant(|v| v.cisg = false));
    k.ok(
        "ok-cisg-excluded",
        "the CISG excluded by the contract (Art. 6): formation judged by the UNIDROIT Principles, no finding",
        &s,
    );
    let s = complete_default();
    k.add(
        "ok-cisg-excluded-by-policy",
        "the auditor excludes the CISG by policy (Art. 6): the same contract is still formed and performed",
        &s,
        policy(|p| p.cisg = Some(false)),
        Completed,
        &[],
    );
    let s = complete(variant(|v| v.cisg = false));
    k.add(
        "ok-cisg-applied-by-policy",
        "the policy applies the CISG although the contract excludes it: still a legal contract",
        &s,
        policy(|p| p.cisg = Some(true)),
        Completed,
        &[],
    );
    let mut s = Scenario::new(variant(|v| v.cisg = false));
    offer_at(&mut s, "offer", 0, None, false);
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        20 * DAY,
        Acceptance::default(),
        &["offer"],
    );
    perform(&mut s, 21 * DAY);
    k.add(
        "ok-cisg-excluded-no-lapse",
        "CISG excluded, offer without fixed time accepted after 20 days; the policy lets such an offer stand (UNIDROIT 2.1.7 left to policy)",
        &s,
        policy(|p| p.reasonable_time_without_cisg = false),
        Completed,
        &[],
    );
    // Buyer's view of its own contract.
    let s = complete_default();
    k.archive(
        "ok-buyer-archive",
        "the buyer's own archive: the notice carries the proofs it never received itself (SPEC 18.5)",
        &s,
        Who::Buyer,
        Completed,
    );
    let s = complete(variant(|v| v.incoterm = Incoterm::Fob));
    k.archive(
        "ok-buyer-archive-fob",
        "the buyer's own archive under FOB: its own carriage instruction, the proofs carried in the notice",
        &s,
        Who::Buyer,
        Completed,
    );
    // After completion the buyer may pass the document on or surrender it.
    let mut s = complete_default();
    let w = after_all(&s);
    let x = title_body(&s);
    s.send("onward", Who::Buyer, Who::Stranger, w, x.clone(), &["title.0"]);
    s.send("surrender", Who::Stranger, Who::Carrier, w + H, x, &["onward"]);
    k.ok("ok-endorsed-then-surrendered", "after completion the buyer endorses the B/L to a sub-buyer, who surrenders it for delivery (MLETR Art. 11, 17)", &s);
    let mut s = complete_default();
    let w = after_all(&s);
    let x = title_body(&s);
    s.send("surrender", Who::Buyer, Who::Carrier, w, x, &["title.0"]);
    k.ok(
        "ok-surrendered-for-delivery",
        "the buyer surrenders the B/L to the carrier to take delivery (DCSA SURRENDER_FOR_DELIVERY; MLETR Art. 17)",
        &s,
    );
}

// ---------------------------------------------------------------------------
// Formation paths that end in a contract (or a clean end)

fn formation_ok(k: &mut Kit) {
    // A purchase order: the buyer offers, the seller accepts.
    let mut s = Scenario::new(dflt());
    let o = offer_body(&s, Some(7 * DAY), false);
    s.send("offer", Who::Buyer, Who::Seller, 0, o, &[]);
    s.send(
        "acceptance",
        Who::Seller,
        Who::Buyer,
        H,
        Acceptance::default(),
        &["offer"],
    );
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.ok(
        "ok-purchase-order",
        "the buyer's purchase order (an offer to buy) accepted by the seller (CISG 14(1), 18)",
        &s,
    );

    // Counter-offer, then acceptance.
    let mut s = Scenario::new(dflt());
    s.offer();
    let mut terms = s.terms.clone();
    terms.place = "Antwerp".into();
    s.send(
        "counter",
        Who::Buyer,
        Who::Seller,
        1200,
        Message::CounterOffer(Offer {
            terms,
            lapse: Some(t(7 * DAY)),
            irrevocable: false,
        }),
        &["offer"],
    );
    s.send(
        "acceptance",
        Who::Seller,
        Who::Buyer,
        2400,
        Acceptance::default(),
        &["counter"],
    );
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.ok(
        "ok-counter-offer-accepted",
        "the buyer counter-offers another place of delivery; the seller accepts the counter-offer (CISG 19(1), 18)",
        &s,
    );

    let mut s = Scenario::new(dflt());
    s.offer();
    let mut terms = s.terms.clone();
    terms.place = "Antwerp".into();
    s.send(
        "counter.1",
        Who::Buyer,
        Who::Seller,
        1200,
        Message::CounterOffer(Offer {
            terms: terms.clone(),
            lapse: None,
            irrevocable: false,
        }),
        &["offer"],
    );
    terms.place = "Hamburg".into();
    s.send(
        "counter.2",
        Who::Seller,
        Who::Buyer,
        2400,
        Message::CounterOffer(Offer {
            terms,
            lapse: None,
            irrevocable: false,
        }),
        &["counter.1"],
    );
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        3600,
        Acceptance::default(),
        &["counter.2"],
    );
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.ok(
        "ok-counter-counter-accepted",
        "offer, counter-offer, counter-counter-offer, accepted by the buyer (CISG 19(1))",
        &s,
    );

    // Acceptance with changes that the seller then accepts: reported as
    // FORM-COUNTER (a finding, in the rule cases); here the clean variant is
    // the counter-offer kind above.

    // A rejected offer followed by a new offer.
    let mut s = Scenario::new(dflt());
    offer_at(&mut s, "offer.first", 0, Some(7 * DAY), false);
    s.send(
        "rejection",
        Who::Buyer,
        Who::Seller,
        1200,
        Rejection {
            reason: Some("price too high".into()),
        },
        &["offer.first"],
    );
    offer_at(&mut s, "offer", 2400, Some(7 * DAY), false);
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        4800,
        Acceptance::default(),
        &["offer"],
    );
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.ok(
        "ok-rejected-then-new-offer",
        "the buyer rejects the offer (CISG 17); the seller makes a new offer, which is accepted",
        &s,
    );

    // Withdrawal of an offer before it arrives, then a new offer.
    let mut s = Scenario::new(dflt());
    s.receipt_delay = None;
    offer_at(&mut s, "offer.first", 0, Some(7 * DAY), true);
    s.send(
        "withdrawal",
        Who::Seller,
        Who::Buyer,
        100,
        Withdrawal {
            reason: Some("wrong price".into()),
        },
        &["offer.first"],
    );
    s.receipt("withdrawal", 500);
    s.receipt("offer.first", 600);
    s.receipt_delay = Some(600);
    offer_at(&mut s, "offer", 1200, Some(7 * DAY), false);
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        H,
        Acceptance::default(),
        &["offer"],
    );
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.ok("ok-withdrawn-then-new-offer", "an irrevocable offer withdrawn by a withdrawal that reached the buyer first (CISG 15(2)); a new offer is accepted", &s);

    let mut s = Scenario::new(dflt());
    s.receipt_delay = None;
    offer_at(&mut s, "offer", 0, Some(7 * DAY), true);
    s.send(
        "withdrawal",
        Who::Seller,
        Who::Buyer,
        100,
        Withdrawal::default(),
        &["offer"],
    );
    s.receipt("withdrawal", 500);
    s.receipt("offer", 600);
    k.add(
        "ok-offer-withdrawn",
        "an irrevocable offer withdrawn: the withdrawal reached the buyer before the offer (CISG 15(2))",
        &s,
        pd(),
        OfferWithdrawn,
        &[],
    );

    let mut s = Scenario::new(dflt());
    s.receipt_delay = None;
    offer_at(&mut s, "offer", 0, Some(7 * DAY), false);
    s.send(
        "withdrawal",
        Who::Seller,
        Who::Buyer,
        0,
        Withdrawal::default(),
        &["offer"],
    );
    s.receipt("offer", 600);
    s.receipt("withdrawal", 600);
    k.add("ok-offer-withdrawn-together", "an offer and its withdrawal reach the buyer at the same moment: withdrawn (CISG 15(2), \"before or at the same time\")", &s, pd(), OfferWithdrawn, &[]);

    let mut s = Scenario::new(dflt());
    s.offer();
    s.send(
        "rejection",
        Who::Buyer,
        Who::Seller,
        H,
        Rejection::default(),
        &["offer"],
    );
    k.add(
        "ok-offer-rejected",
        "the buyer rejects the offer; the rejection reached the seller (CISG 17)",
        &s,
        pd(),
        OfferRejected,
        &[],
    );

    let mut s = Scenario::new(dflt());
    offer_at(&mut s, "offer", 0, None, false);
    s.send(
        "revocation",
        Who::Seller,
        Who::Buyer,
        1200,
        Revocation::default(),
        &["offer"],
    );
    k.add(
        "ok-offer-revoked",
        "a revocable offer (no fixed time) revoked before any acceptance was dispatched (CISG 16(1))",
        &s,
        pd(),
        OfferRevoked,
        &[],
    );

    let mut s = Scenario::new(dflt());
    offer_at(&mut s, "offer", 0, None, false);
    s.send(
        "withdrawal",
        Who::Seller,
        Who::Buyer,
        1200,
        Withdrawal::default(),
        &["offer"],
    );
    k.add(
        "ok-late-withdrawal-revokes",
        "a withdrawal of a revocable offer that arrives after the offer works as a revocation (CISG 15(2), 16(1))",
        &s,
        pd(),
        OfferRevoked,
        &[],
    );

    // Withdrawal of an acceptance that reaches the offeror first.
    let mut s = Scenario::new(dflt());
    s.offer();
    s.receipt_delay = None;
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        H,
        Acceptance::default(),
        &["offer"],
    );
    s.send(
        "withdrawal",
        Who::Buyer,
        Who::Seller,
        H + 60,
        Withdrawal::default(),
        &["acceptance"],
    );
    s.receipt("withdrawal", H + 300);
    s.receipt("acceptance", H + 600);
    k.add("ok-acceptance-withdrawn", "the buyer withdraws its acceptance; the withdrawal reached the seller first (CISG 22): no contract, the offer stands", &s, pd(), OfferOutstanding, &[]);

    // A late acceptance confirmed without delay.
    let mut s = Scenario::new(dflt());
    offer_at(&mut s, "offer", 0, Some(1800), false);
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        H,
        Acceptance::default(),
        &["offer"],
    );
    s.send(
        "confirmation",
        Who::Seller,
        Who::Buyer,
        H + 1200,
        Confirmation {
            note: Some("we accept your late acceptance".into()),
        },
        &["acceptance"],
    );
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.ok(
        "ok-late-acceptance-confirmed",
        "an acceptance reaches the seller after the fixed time; the seller confirms it without delay (CISG 21(1))",
        &s,
    );

    // A late acceptance delayed in transmission, no objection.
    let mut s = Scenario::new(dflt());
    offer_at(&mut s, "offer", 0, Some(2 * DAY), false);
    s.receipt_delay = None;
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        H,
        Acceptance::default(),
        &["offer"],
    );
    s.receipt("acceptance", 2 * DAY + H);
    s.receipt_delay = Some(600);
    perform(&mut s, 3 * DAY);
    k.ok("ok-late-acceptance-delayed-in-transmission", "an acceptance sent a day before the fixed time arrives late through a transmission delay; the seller does not object (CISG 21(2))", &s);

    // Non-material additions, not objected to.
    let mut s = Scenario::new(dflt());
    s.offer();
    let acc = Acceptance {
        additions: vec!["please mark each bag with our order number".into()],
        ..Acceptance::default()
    };
    s.send("acceptance", Who::Buyer, Who::Seller, H, acc, &["offer"]);
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.ok("ok-additions-not-objected", "an acceptance with a non-material addition the seller does not object to: a contract on the offer's terms plus the addition (CISG 19(2))", &s);

    // Additions objected to in time: a counter-offer.
    let mut s = Scenario::new(dflt());
    s.offer();
    let acc = Acceptance {
        additions: vec!["delivery notice by telephone".into()],
        ..Acceptance::default()
    };
    s.send("acceptance", Who::Buyer, Who::Seller, H, acc, &["offer"]);
    s.send(
        "objection",
        Who::Seller,
        Who::Buyer,
        H + 1800,
        Objection {
            reason: Some("no telephone notices".into()),
        },
        &["acceptance"],
    );
    k.add("ok-objection-makes-counter-offer", "the seller objects without undue delay to the acceptance's addition: the reply is a counter-offer, now outstanding (CISG 19(2))", &s, pd(), OfferOutstanding, &[]);

    let mut s = Scenario::new(dflt());
    offer_at(&mut s, "offer", 0, Some(7 * DAY), true);
    s.accept().instruct().prove();
    finish_from_notice(&mut s);
    k.ok(
        "ok-irrevocable-offer",
        "an offer stated to be irrevocable, accepted (CISG 16(2)(a))",
        &s,
    );

    let mut s = Scenario::new(dflt());
    offer_at(&mut s, "offer", 0, None, false);
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        10 * DAY,
        Acceptance::default(),
        &["offer"],
    );
    perform(&mut s, 10 * DAY);
    k.ok(
        "ok-offer-without-fixed-time",
        "an offer without a fixed time accepted after 10 days, within the reasonable time of 14 (CISG 18(2))",
        &s,
    );

    let mut s = Scenario::new(dflt());
    s.offer();
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        400,
        Acceptance::default(),
        &["offer"],
    );
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.ok("ok-acceptance-within-skew-of-offer-receipt", "the acceptance is signed 200 s before the offer's receipt time, within the 300 s clock skew (CISG 15(1); policy)", &s);
}

// ---------------------------------------------------------------------------
// Policies that legitimately relax the evidence required

fn policies_ok(k: &mut Kit) {
    let mut s = Scenario::new(dflt());
    s.receipt_delay = None;
    s.offer().accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add("ok-no-receipts-policy", "no receipts archived; the policy does not require them, so the acceptance reaches at its token (CISG 18(2), 24; policy)", &s, policy(|p| p.require_receipts = false), Completed, &[]);

    let mut s = Scenario::new(dflt());
    s.offer();
    s.stamp = false;
    s.accept();
    s.stamp = true;
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "ok-no-acceptance-timestamp-policy",
        "the acceptance has no time-stamp and the policy does not require one (source step 2 as policy)",
        &s,
        policy(|p| p.require_acceptance_timestamp = false),
        Completed,
        &[],
    );

    let mut s = Scenario::new(dflt());
    s.stamp = false;
    s.offer().accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "ok-no-tokens-policy",
        "no time-stamp at all, receipts only; the policy does not require an acceptance time-stamp",
        &s,
        policy(|p| p.require_acceptance_timestamp = false),
        Completed,
        &[],
    );

    let mut s = Scenario::new(dflt());
    s.stamp = false;
    s.receipt_delay = None;
    s.offer().accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "ok-signatures-only-policy",
        "neither tokens nor receipts; the policy requires neither, so statements take effect at their signing times",
        &s,
        policy(|p| {
            p.require_receipts = false;
            p.require_acceptance_timestamp = false;
        }),
        Completed,
        &[],
    );
    let s = complete_default();
    let tsa = s.pid(Who::Tsa);
    k.add(
        "ok-authorities-listed",
        "the policy lists the time-stamp authority that stamped every statement (RFC 3161; policy)",
        &s,
        policy(|p| p.authorities = Some(vec![tsa])),
        Completed,
        &[],
    );
    let s = complete_default();
    k.add(
        "ok-clock-skew-zero",
        "the happy path audited with no clock-skew tolerance at all",
        &s,
        policy(|p| p.clock_skew = 0),
        Completed,
        &[],
    );
    let s = complete(variant(|v| v.against = PaymentTerms::DocumentsAgainstAcceptance));
    k.add(
        "ok-da-policy-da",
        "a D/A contract audited with documents against acceptance set by the policy too",
        &s,
        policy(|p| p.documents_against = Some(PaymentTerms::DocumentsAgainstAcceptance)),
        Completed,
        &[],
    );
    let mut s = Scenario::new(dflt());
    s.stamp_delay = 250;
    s.receipt_delay = Some(290);
    s.offer().accept().instruct().prove();
    finish_from_notice(&mut s);
    k.ok(
        "ok-slow-tokens-and-receipts",
        "every token 250 s and every receipt 290 s after its statement: ordinary delays, no conflict",
        &s,
    );
}

// ---------------------------------------------------------------------------
// Unfinished contracts: the status reached, no finding

fn unfinished(k: &mut Kit) {
    let s = Scenario::new(dflt());
    k.add(
        "open-no-offer",
        "the parties' cards only: no offer yet",
        &s,
        pd(),
        NoOffer,
        &[],
    );
    let mut s = Scenario::new(dflt());
    s.offer();
    k.add(
        "open-offer",
        "an offer and its receipt, no reply yet (CISG 14, 15)",
        &s,
        pd(),
        OfferOutstanding,
        &[],
    );
    let mut s = Scenario::new(dflt());
    s.receipt_delay = None;
    s.offer();
    k.add(
        "open-offer-without-receipt",
        "an offer not yet shown to have reached the buyer",
        &s,
        pd(),
        OfferOutstanding,
        &[],
    );
    let mut s = Scenario::new(dflt());
    s.offer();
    s.receipt_delay = None;
    s.accept();
    k.add(
        "open-acceptance-not-yet-reached",
        "an acceptance with no receipt yet: not effective until it reaches the seller (CISG 18(2))",
        &s,
        pd(),
        OfferOutstanding,
        &[],
    );
    let mut s = Scenario::new(dflt());
    s.offer().accept();
    k.add(
        "open-concluded",
        "offer and acceptance reached: the contract is concluded (CISG 23)",
        &s,
        pd(),
        Concluded,
        &[],
    );
    let mut s = Scenario::new(dflt());
    s.offer().accept().instruct();
    k.add(
        "open-instructed",
        "the carrier and the insurer instructed (source step 3)",
        &s,
        pd(),
        Instructed,
        &[],
    );
    let mut s = Scenario::new(dflt());
    s.offer().accept().instruct();
    let b = s.proof_body(ServiceKind::Insurance, 0, 20 * H);
    s.send(
        "proof.insurance",
        Who::Insurer,
        Who::Seller,
        20 * H,
        b,
        &["instruct.insurance"],
    );
    k.add(
        "open-partly-proven",
        "the insurance proven, the shipment not yet (source step 4)",
        &s,
        pd(),
        Instructed,
        &[],
    );
    let mut s = Scenario::new(dflt());
    s.offer().accept().instruct().prove();
    k.add(
        "open-serviced",
        "every required document proven, no notice yet (source step 4)",
        &s,
        pd(),
        Serviced,
        &[],
    );
    let mut s = Scenario::new(dflt());
    s.offer().accept().instruct().prove().notify();
    k.add(
        "open-notified",
        "the seller has notified performance; payment outstanding (source step 5)",
        &s,
        pd(),
        PerformanceNotified,
        &[],
    );
    let mut s = Scenario::new(dflt());
    s.offer().accept().instruct().prove().notify().pay();
    k.add(
        "open-paid",
        "paid in full, title not yet transferred (source step 6)",
        &s,
        pd(),
        Paid,
        &[],
    );
    let mut s = Scenario::new(variant(|v| v.instalments = 2));
    s.offer().accept().instruct().prove().notify().pay();
    s.records.truncate(at(&s, "pay.1"));
    k.add(
        "open-first-instalment",
        "one instalment of two paid (CISG 53)",
        &s,
        pd(),
        PerformanceNotified,
        &[],
    );
    let mut s = Scenario::new(variant(|v| v.against = PaymentTerms::DocumentsAgainstAcceptance));
    s.offer().accept().instruct().prove().notify().pay();
    k.add(
        "open-draft-accepted",
        "direct D/A: the buyer accepted the draft, title may pass (URC 522 Art. 7)",
        &s,
        pd(),
        Paid,
        &[],
    );
    let mut s = Scenario::new(variant(|v| v.against = PaymentTerms::DocumentsAgainstAcceptance));
    s.offer().accept().instruct().prove().notify().pay().transfer();
    k.add(
        "open-da-title-transferred",
        "direct D/A: title with the buyer, the draft not yet paid at maturity",
        &s,
        pd(),
        TitleTransferred,
        &[],
    );
    let mut s = Scenario::new(variant(|v| {
        v.against = PaymentTerms::DocumentsAgainstAcceptance;
        v.instalments = 2;
    }));
    s.offer()
        .accept()
        .instruct()
        .prove()
        .notify()
        .pay()
        .transfer()
        .pay_draft();
    s.records.truncate(at(&s, "pay.1"));
    k.add(
        "open-da-draft-part-paid",
        "direct D/A: title transferred, the draft half paid",
        &s,
        pd(),
        TitleTransferred,
        &[],
    );
    let coll = variant(|v| v.channel = Channel::Collection);
    let mut s = Scenario::new(coll.clone());
    s.offer().accept().instruct().prove().notify().collect();
    k.add(
        "open-collection-handed-over",
        "D/P collection: the documents are with the presenting bank, not yet paid (URC 522 Art. 4)",
        &s,
        pd(),
        PerformanceNotified,
        &[],
    );
    let mut s = Scenario::new(coll);
    s.offer().accept().instruct().prove().notify().collect().pay();
    k.add(
        "open-collection-paid",
        "D/P collection: the buyer paid the presenting bank; documents not yet released",
        &s,
        pd(),
        Paid,
        &[],
    );
    let mut s = Scenario::new(variant(|v| {
        v.channel = Channel::Collection;
        v.against = PaymentTerms::DocumentsAgainstAcceptance;
        v.via_seller_bank = true;
    }));
    s.offer()
        .accept()
        .instruct()
        .prove()
        .notify()
        .collect()
        .pay()
        .transfer();
    k.add(
        "open-collection-da-released",
        "D/A collection via both banks: released on the draft's acceptance, not yet paid",
        &s,
        pd(),
        TitleTransferred,
        &[],
    );
    let mut s = Scenario::new(variant(|v| {
        v.partial = true;
        v.shipments = 2;
    }));
    s.offer().accept().instruct().prove();
    s.records.truncate(at(&s, "proof.carriage.1"));
    k.add(
        "open-first-of-two-shipments",
        "the first of two partial shipments made (UCP 600 Art. 31)",
        &s,
        pd(),
        Instructed,
        &[],
    );
    let mut s = Scenario::new(variant(|v| v.incoterm = Incoterm::Fob));
    s.offer().accept().instruct();
    k.add(
        "open-fob-buyer-instructed",
        "FOB: the buyer has instructed its carrier (B4)",
        &s,
        pd(),
        Instructed,
        &[],
    );
}

// ---------------------------------------------------------------------------
// Partial views: a provider's or bank's own archive

fn views(k: &mut Kit) {
    let s = complete_default();
    k.view("view-carrier", "the carrier's own archive (viewer = carrier): its instruction and proof; what it cannot see is outside its view (SPEC 18.9)", &s, Who::Carrier);
    k.view(
        "view-insurer",
        "the insurer's own archive: its instruction and its insurance proof",
        &s,
        Who::Insurer,
    );
    let s = complete(variant(|v| v.incoterm = Incoterm::Fob));
    k.view(
        "view-carrier-fob",
        "the carrier's archive under FOB: instructed by the buyer (B4)",
        &s,
        Who::Carrier,
    );
    let s = complete(variant(|v| {
        v.partial = true;
        v.shipments = 3;
    }));
    k.view(
        "view-carrier-three-shipments",
        "the carrier's archive of three partial shipments",
        &s,
        Who::Carrier,
    );
    let s = complete(variant(|v| v.inspection = true));
    k.view(
        "view-inspector",
        "the inspection agency's archive: instruction and passed certificate",
        &s,
        Who::Inspector,
    );
    let mut s = complete_default();
    let w = after_all(&s);
    let x = title_body(&s);
    s.send("surrender", Who::Buyer, Who::Carrier, w, x, &["title.0"]);
    k.view("view-carrier-surrender", "the carrier's archive: it issued the B/L and later receives it from the buyer for delivery; the transfers between lie outside its view (MLETR Art. 11; SPEC 18.9)", &s, Who::Carrier);
    let coll = |against, via| {
        variant(|v| {
            v.channel = Channel::Collection;
            v.against = against;
            v.via_seller_bank = via;
        })
    };
    use PaymentTerms::{DocumentsAgainstAcceptance as Da, DocumentsAgainstPayment as Dp};
    let s = complete(coll(Dp, false));
    k.view(
        "view-presenting-bank-dp",
        "the presenting bank's archive of a D/P collection: instruction, payment, release, remittance (URC 522)",
        &s,
        Who::BuyerBank,
    );
    let s = complete(coll(Dp, true));
    k.view(
        "view-presenting-bank-dp-via",
        "the presenting bank's archive when the remitting bank forwards the documents (URC 522 Art. 3)",
        &s,
        Who::BuyerBank,
    );
    k.view(
        "view-remitting-bank-dp",
        "the remitting bank's archive: the seller's instruction, its forwarding, the proceeds (URC 522 Arts. 3, 16)",
        &s,
        Who::SellerBank,
    );
    let s = complete(coll(Da, true));
    k.view(
        "view-presenting-bank-da",
        "the presenting bank's archive of a D/A collection: accepted draft, release, payment at maturity",
        &s,
        Who::BuyerBank,
    );
    k.view(
        "view-remitting-bank-da",
        "the remitting bank's archive of a D/A collection",
        &s,
        Who::SellerBank,
    );
    let s = complete(variant(|v| v.bank_pays = true));
    k.view(
        "view-paying-bank",
        "the buyer's bank that paid for the buyer, direct channel: its payment only",
        &s,
        Who::BuyerBank,
    );
    let s = complete(variant(|v| {
        v.channel = Channel::Collection;
        v.instalments = 3;
    }));
    k.view(
        "view-presenting-bank-instalments",
        "the presenting bank's archive of three instalments and three remittances",
        &s,
        Who::BuyerBank,
    );
    let mut s = Scenario::new(coll(Dp, false));
    s.offer().accept().instruct().prove().notify().collect();
    k.view(
        "view-presenting-bank-unpaid",
        "the presenting bank's archive while it holds the documents, unpaid (URC 522 Art. 7)",
        &s,
        Who::BuyerBank,
    );
    let mut s = Scenario::new(dflt());
    s.offer().accept().instruct();
    k.view(
        "view-carrier-instructed",
        "the carrier's archive holding only its instruction",
        &s,
        Who::Carrier,
    );
}
