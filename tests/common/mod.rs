//! Shared fixtures for the integration tests: a cast of parties with fixed
//! keys, a contract, and one statement of every kind.
#![allow(dead_code)]

pub mod trade;

use econtract::*;

/// The start of the example contract: 2026-03-01T09:00:00Z.
pub const T0: u64 = 1_772_355_600;

/// `T0 + secs`.
pub fn t(secs: u64) -> UnixTime {
    UnixTime::from_secs(T0 + secs).unwrap()
}

pub fn contract() -> ContractId {
    ContractId::new("EC-2026-0042").unwrap()
}

/// A party with fixed keys derived from `n`.
pub fn party(name: &str, n: u8) -> PartySecret {
    PartySecret::from_secrets(name, &[n; 32], &[n.wrapping_add(100); 32], t(0)).unwrap()
}

pub struct Cast {
    pub seller: PartySecret,
    pub buyer: PartySecret,
    pub carrier: PartySecret,
    pub insurer: PartySecret,
    pub bank: PartySecret,
    pub tsa: PartySecret,
    pub auditor: PartySecret,
}

impl Cast {
    pub fn new() -> Cast {
        Cast {
            seller: party("Seller Ltd", 1),
            buyer: party("Buyer GmbH", 2),
            carrier: party("Ocean Carrier SA", 3),
            insurer: party("Marine Insurer plc", 4),
            bank: party("Buyer's Bank AG", 5),
            tsa: party("Time-Stamp Authority", 6),
            auditor: party("Auditor LLP", 7),
        }
    }

    pub fn all(&self) -> [&PartySecret; 7] {
        [
            &self.seller,
            &self.buyer,
            &self.carrier,
            &self.insurer,
            &self.bank,
            &self.tsa,
            &self.auditor,
        ]
    }

    pub fn cards(&self) -> CardSet {
        self.all().iter().map(|p| p.card().clone()).collect()
    }
}

pub fn terms(c: &Cast) -> Terms {
    Terms {
        seller: c.seller.id(),
        buyer: c.buyer.id(),
        goods: vec![GoodsLine {
            description: "Arabica green coffee beans, grade 1, crop 2025".into(),
            quantity: 19_200,
            unit: "KGM".into(),
        }],
        price: Amount::new("USD", 9_600_000).unwrap(),
        incoterm: Incoterm::Cif,
        place: "Rotterdam".into(),
        payment: PaymentClause {
            terms: PaymentTerms::DocumentsAgainstPayment,
            method: "SWIFT credit transfer through the buyer's bank".into(),
        },
        services: vec![
            Service {
                provider: c.carrier.id(),
                service: ServiceKind::Carriage,
                task: "Carry one 20ft container from Santos to Rotterdam".into(),
            },
            Service {
                provider: c.insurer.id(),
                service: ServiceKind::Insurance,
                task: "Institute Cargo Clauses (A), 110% of the price".into(),
            },
        ],
        law: Law {
            cisg: true,
            governing: "CISG; arbitration under the Vienna Rules".into(),
        },
    }
}

pub fn offer(c: &Cast) -> Offer {
    Offer {
        terms: terms(c),
        lapse: Some(t(7 * 86_400)),
        irrevocable: false,
    }
}

pub fn bill_of_lading(c: &Cast) -> TitleDocument {
    TitleDocument {
        document_type: DocumentType::BillOfLading,
        id: "OCSA-SSZ-RTM-000123".into(),
        digest: Digest::of(b"electronic bill of lading OCSA-SSZ-RTM-000123"),
        holder: c.seller.id(),
    }
}

/// One signed statement of every kind, in contract order, each with its
/// sender and recipient.
pub fn every_kind(c: &Cast) -> Vec<(Verified<Statement>, &PartySecret, &PartySecret)> {
    let k = contract();
    let cards = c.cards();
    let offer = Statement::build(&c.seller, c.buyer.card(), &k, t(0), offer(c))
        .sign()
        .unwrap();
    let acceptance = Statement::build(&c.buyer, c.seller.card(), &k, t(3600), Acceptance::default())
        .answers(offer.id())
        .sign()
        .unwrap();
    let instruction = Statement::build(
        &c.seller,
        c.carrier.card(),
        &k,
        t(7200),
        ServiceInstruction {
            service: ServiceKind::Carriage,
            task: "Carry one 20ft container from Santos to Rotterdam".into(),
        },
    )
    .answers(acceptance.id())
    .sign()
    .unwrap();
    let proof = Statement::build(
        &c.carrier,
        c.seller.card(),
        &k,
        t(86_400),
        ServiceProof {
            service: ServiceKind::Carriage,
            report: "Container MSCU1234565 loaded on board at Santos".into(),
            document: Some(bill_of_lading(c)),
        },
    )
    .answers(instruction.id())
    .sign()
    .unwrap();
    let notice = Statement::build(
        &c.seller,
        c.buyer.card(),
        &k,
        t(90_000),
        PerformanceNotice {
            due: Amount::new("USD", 9_600_000).unwrap(),
            proofs: vec![proof.clone().into_inner()],
        },
    )
    .proof_cards(&cards)
    .sign()
    .unwrap();
    let payment = Statement::build(
        &c.bank,
        c.seller.card(),
        &k,
        t(100_000),
        Payment {
            amount: Amount::new("USD", 9_600_000).unwrap(),
            end_to_end_id: "E2E-2026-0042-1".into(),
            instrument: Instrument::FundsTransfer,
            method: "SWIFT MT103".into(),
            is_final: true,
            maturity: None,
            on_behalf_of: Some(c.buyer.id()),
        },
    )
    .answers(notice.id())
    .sign()
    .unwrap();
    let transfer = Statement::build(
        &c.seller,
        c.buyer.card(),
        &k,
        t(110_000),
        TitleTransfer {
            document: DocumentRef {
                id: bill_of_lading(c).id,
                digest: bill_of_lading(c).digest,
            },
        },
    )
    .answers(payment.id())
    .sign()
    .unwrap();
    // The formation kinds beyond the seven steps (not a coherent sequence:
    // one statement of each kind, for round trips).
    let receipt = Statement::build(&c.buyer, c.seller.card(), &k, t(60), Receipt { received: t(30) })
        .answers(offer.id())
        .sign()
        .unwrap();
    let rejection = Statement::build(
        &c.buyer,
        c.seller.card(),
        &k,
        t(120),
        Rejection {
            reason: Some("price too high".into()),
        },
    )
    .answers(offer.id())
    .sign()
    .unwrap();
    let revocation = Statement::build(&c.seller, c.buyer.card(), &k, t(120), Revocation::default())
        .answers(offer.id())
        .sign()
        .unwrap();
    let mut counter_offer_body = self::offer(c);
    counter_offer_body.terms.price = Amount::new("USD", 9_000_000).unwrap();
    let counter = Statement::build(
        &c.buyer,
        c.seller.card(),
        &k,
        t(120),
        Message::CounterOffer(counter_offer_body),
    )
    .answers(offer.id())
    .sign()
    .unwrap();
    let confirmation = Statement::build(&c.seller, c.buyer.card(), &k, t(4000), Confirmation::default())
        .answers(acceptance.id())
        .sign()
        .unwrap();
    vec![
        (offer, &c.seller, &c.buyer),
        (acceptance, &c.buyer, &c.seller),
        (instruction, &c.seller, &c.carrier),
        (proof, &c.carrier, &c.seller),
        (notice, &c.seller, &c.buyer),
        (payment, &c.bank, &c.seller),
        (transfer, &c.seller, &c.buyer),
        (receipt, &c.buyer, &c.seller),
        (rejection, &c.buyer, &c.seller),
        (revocation, &c.seller, &c.buyer),
        (counter, &c.buyer, &c.seller),
        (confirmation, &c.seller, &c.buyer),
    ]
}

/// A deterministic CSPRNG for tests.
pub fn rng(seed: u64) -> rand_chacha::ChaCha20Rng {
    use rand_chacha::rand_core::SeedableRng;
    rand_chacha::ChaCha20Rng::seed_from_u64(seed)
}

/// A "random" source that yields one byte value forever: only for
/// reproducing fixed test vectors.
pub struct FixedBytes(pub u8);

impl rand_chacha::rand_core::TryRng for FixedBytes {
    type Error = std::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(u32::from_ne_bytes([self.0; 4]))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(u64::from_ne_bytes([self.0; 8]))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        dst.fill(self.0);
        Ok(())
    }
}

impl rand_chacha::rand_core::TryCryptoRng for FixedBytes {}
