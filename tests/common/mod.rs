//! Shared fixtures for the integration tests: the scenario builder's cast
//! of parties with fixed keys, a contract, one statement of every kind, and
//! the longer transcripts of [`trade`].
#![allow(dead_code, unused_imports)]

pub mod scenario;
pub mod trade;

use econtract::*;

pub use scenario::{DAY, H, PRICE, QUANTITY, Rec, Scenario, T0, Variant, Who, party, t};

pub fn contract() -> ContractId {
    ContractId::new("EC-2026-0042").unwrap()
}

/// The scenario's cast, one field per part.
pub struct Cast {
    pub seller: PartySecret,
    pub buyer: PartySecret,
    pub carrier: PartySecret,
    pub insurer: PartySecret,
    pub inspector: PartySecret,
    pub seller_bank: PartySecret,
    pub buyer_bank: PartySecret,
    pub tsa: PartySecret,
    /// A party with no part in the contract (an auditor, an impostor).
    pub stranger: PartySecret,
}

impl Cast {
    pub fn new() -> Cast {
        Cast {
            seller: party(Who::Seller),
            buyer: party(Who::Buyer),
            carrier: party(Who::Carrier),
            insurer: party(Who::Insurer),
            inspector: party(Who::Inspector),
            seller_bank: party(Who::SellerBank),
            buyer_bank: party(Who::BuyerBank),
            tsa: party(Who::Tsa),
            stranger: party(Who::Stranger),
        }
    }

    pub fn all(&self) -> [&PartySecret; 9] {
        [
            &self.seller,
            &self.buyer,
            &self.carrier,
            &self.insurer,
            &self.inspector,
            &self.seller_bank,
            &self.buyer_bank,
            &self.tsa,
            &self.stranger,
        ]
    }

    pub fn cards(&self) -> CardSet {
        self.all().iter().map(|p| p.card().clone()).collect()
    }
}

/// The scenario's default terms: CIF Rotterdam, documents against payment,
/// direct; a bill of lading from the carrier and an insurance document
/// from the insurer.
pub fn terms() -> Terms {
    let parties = Who::ALL.iter().map(|w| (*w, party(*w))).collect();
    scenario::terms_of(&parties, &Variant::default())
}

pub fn offer() -> Offer {
    Offer {
        terms: terms(),
        lapse: Some(t(7 * DAY)),
        irrevocable: false,
    }
}

/// The electronic bill of lading the carrier issues to the seller.
pub fn bill_of_lading(c: &Cast) -> Document {
    Document {
        document_type: DocumentType::BillOfLading,
        id: "OCSA-SSZ-RTM-000123".into(),
        digest: Digest::of(b"electronic bill of lading OCSA-SSZ-RTM-000123"),
        issued_to: c.seller.id(),
        title: true,
        issued: t(86_000),
    }
}

pub fn bill_ref(c: &Cast) -> DocumentRef {
    let b = bill_of_lading(c);
    DocumentRef {
        id: b.id,
        digest: b.digest,
    }
}

/// One signed statement of every kind, in code order (`Kind::ALL`), each
/// with its sender and recipient. The collection instruction names a copy
/// holder (the seller's bank).
pub fn every_kind(c: &Cast) -> Vec<(Verified<Statement>, &PartySecret, &PartySecret)> {
    let k = contract();
    let cards = c.cards();
    let offer = Statement::build(&c.seller, c.buyer.card(), &k, t(0), offer())
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
            document: bill_of_lading(c),
            facts: Facts::Carriage {
                quantities: vec![QUANTITY],
                shipped: t(86_000),
                clean: true,
            },
            comment: Some("Container MSCU1234565 loaded on board at Santos".into()),
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
            due: Amount::new("USD", PRICE).unwrap(),
            proofs: vec![proof.clone().into_inner()],
        },
    )
    .proof_cards(&cards)
    .sign()
    .unwrap();
    let payment = Statement::build(
        &c.buyer,
        c.seller.card(),
        &k,
        t(100_000),
        Payment {
            amount: Amount::new("USD", PRICE).unwrap(),
            end_to_end_id: "E2E-2026-0042-1".into(),
            uetr: Uetr::parse("eb6305c9-1f7f-49de-aed0-16487c27b42d").unwrap(),
            instrument: Instrument::FundsTransfer,
            method: "SWIFT gpi credit transfer".into(),
            is_final: true,
            payer: PayerRole::Buyer,
            maturity: None,
            tenor_days: None,
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
        TitleTransfer { document: bill_ref(c) },
    )
    .answers(proof.id())
    .answers(payment.id())
    .sign()
    .unwrap();
    // The kinds beyond the seven steps (not a coherent sequence: one
    // statement of each kind, for round trips).
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
    let mut counter_offer_body = self::offer();
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
    let withdrawal = Statement::build(
        &c.seller,
        c.buyer.card(),
        &k,
        t(10),
        Withdrawal {
            reason: Some("sent in error".into()),
        },
    )
    .answers(offer.id())
    .sign()
    .unwrap();
    let objection = Statement::build(
        &c.seller,
        c.buyer.card(),
        &k,
        t(3700),
        Objection {
            reason: Some("the additions are not agreed".into()),
        },
    )
    .answers(acceptance.id())
    .sign()
    .unwrap();
    let collection = Statement::build(
        &c.seller,
        c.buyer_bank.card(),
        &k,
        t(95_000),
        CollectionInstruction {
            documents: vec![bill_ref(c)],
            terms: PaymentTerms::DocumentsAgainstPayment,
            amount: Amount::new("USD", PRICE).unwrap(),
            presenting_bank: c.buyer_bank.id(),
            tenor_days: None,
        },
    )
    .answers(proof.id())
    .copy_to(c.seller_bank.card())
    .sign()
    .unwrap();
    let retirement = Statement::build(
        &c.seller,
        c.buyer.card(),
        &k,
        t(96_000),
        KeyRetirement {
            successor: c.stranger.id(),
            note: Some("signing key rotated".into()),
        },
    )
    .sign()
    .unwrap();
    vec![
        (offer, &c.seller, &c.buyer),
        (acceptance, &c.buyer, &c.seller),
        (instruction, &c.seller, &c.carrier),
        (proof, &c.carrier, &c.seller),
        (notice, &c.seller, &c.buyer),
        (payment, &c.buyer, &c.seller),
        (transfer, &c.seller, &c.buyer),
        (receipt, &c.buyer, &c.seller),
        (rejection, &c.buyer, &c.seller),
        (revocation, &c.seller, &c.buyer),
        (counter, &c.buyer, &c.seller),
        (confirmation, &c.seller, &c.buyer),
        (withdrawal, &c.seller, &c.buyer),
        (objection, &c.seller, &c.buyer),
        (collection, &c.seller, &c.buyer_bank),
        (retirement, &c.seller, &c.buyer),
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
