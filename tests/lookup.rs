//! Card lookups that lie, and openers that expect a sender.
//!
//! A verifier trusts a [`CardLookup`] to hand back the card of the party it
//! asks for. These tests hand it one that does not, and check that every
//! verification (a statement, the proofs a performance notice carries, a
//! time-stamp token) refuses a card that is not the signer's with
//! [`VerifyError::CardMismatch`], before any signature is checked against
//! it. The forgeries are real: each is correctly signed with the key of the
//! card the lookup returns, so without the check it would verify as the
//! signer's. They also check that [`Opener::from`] refuses a statement
//! signed by another known party although its signature verifies.

mod common;

use std::collections::BTreeMap;

use common::*;
use econtract::*;

// ---------------------------------------------------------------------------
// Lookups.

/// Lies about every id: returns the card of the next party of the cast (a
/// rotation), never the party's own.
struct Rotated {
    ids: Vec<PartyId>,
    cards: Vec<PartyCard>,
}

impl Rotated {
    fn new(c: &Cast) -> Rotated {
        let all = c.all();
        Rotated {
            ids: all.iter().map(|p| p.id()).collect(),
            cards: all.iter().map(|p| p.card().clone()).collect(),
        }
    }
    /// Whose card this lookup returns for `id`.
    fn liar_for<'c>(&self, c: &'c Cast, id: PartyId) -> &'c PartySecret {
        let i = self.ids.iter().position(|x| *x == id).expect("a cast member");
        c.all()[(i + 1) % self.ids.len()]
    }
}

impl CardLookup for Rotated {
    fn card(&self, id: &PartyId) -> Option<&PartyCard> {
        let i = self.ids.iter().position(|x| x == id)?;
        Some(&self.cards[(i + 1) % self.cards.len()])
    }
}

/// Honest except for the ids in `lies`, for which it returns another card.
struct LiesAbout {
    honest: CardSet,
    lies: BTreeMap<PartyId, PartyCard>,
}

impl CardLookup for LiesAbout {
    fn card(&self, id: &PartyId) -> Option<&PartyCard> {
        self.lies.get(id).or_else(|| self.honest.card(id))
    }
}

// ---------------------------------------------------------------------------
// Forging: the same protected header (so the same `iss`) and payload, signed
// by hand with another party's key.

fn push_bstr(out: &mut Vec<u8>, b: &[u8]) {
    match b.len() {
        n if n < 24 => out.push(0x40 | n as u8),
        n if n < 256 => out.extend_from_slice(&[0x58, n as u8]),
        n => {
            out.push(0x59);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        }
    }
    out.extend_from_slice(b);
}

/// Splits a COSE_Sign1 into (protected, payload) with ciborium, an
/// independent CBOR decoder.
fn parts(signed: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let v: ciborium::Value = ciborium::from_reader(signed).unwrap();
    let ciborium::Value::Tag(18, inner) = v else {
        panic!("not a COSE_Sign1")
    };
    let ciborium::Value::Array(items) = *inner else {
        panic!("not an array")
    };
    let bytes = |v: &ciborium::Value| v.as_bytes().expect("a byte string").clone();
    (bytes(&items[0]), bytes(&items[2]))
}

/// Signs `protected` and `payload` with `signer`'s key under `aad`, exactly
/// as COSE says.
fn hand_signed(signer: &PartySecret, aad: &[u8], protected: &[u8], payload: &[u8]) -> Vec<u8> {
    use ed25519_dalek::Signer;
    let key = ed25519_dalek::SigningKey::from_bytes(&signer.signing_seed());
    let mut tbs = vec![0x84, 0x6a];
    tbs.extend_from_slice(b"Signature1");
    push_bstr(&mut tbs, protected);
    push_bstr(&mut tbs, aad);
    push_bstr(&mut tbs, payload);
    let sig = key.sign(&tbs).to_bytes();
    let mut out = vec![0xd2, 0x84];
    push_bstr(&mut out, protected);
    out.push(0xa0);
    push_bstr(&mut out, payload);
    push_bstr(&mut out, &sig);
    out
}

/// `signed` (a statement or a token), signed again by `forger`: it still
/// names its original signer as `iss`.
fn forged(signed: &[u8], forger: &PartySecret, aad: &[u8]) -> Vec<u8> {
    let (protected, payload) = parts(signed);
    hand_signed(forger, aad, &protected, &payload)
}

/// Replaces the single occurrence of `from` in `bytes` with `to` (same length).
fn replace_once(bytes: &mut [u8], from: &[u8], to: &[u8]) {
    assert_eq!(from.len(), to.len());
    let at: Vec<usize> = (0..=bytes.len() - from.len())
        .filter(|&i| &bytes[i..i + from.len()] == from)
        .collect();
    assert_eq!(at.len(), 1, "expected exactly one occurrence");
    bytes[at[0]..at[0] + to.len()].copy_from_slice(to);
}

/// The parties of a [`VerifyError::CardMismatch`]; panics on anything else
/// (naming only the outcome, not the whole verified value).
fn mismatch<T>(r: Result<T, VerifyError>) -> (PartyId, PartyId) {
    match r {
        Err(VerifyError::CardMismatch { signer, card }) => (signer, card),
        Err(other) => panic!("expected CardMismatch, got Err({other:?})"),
        Ok(_) => panic!("expected CardMismatch, but it verified"),
    }
}

fn token(c: &Cast, imprint: StatementId) -> Verified<TimestampToken> {
    let tsa = party(Who::Tsa);
    assert_eq!(tsa.id(), c.tsa.id());
    LocalAuthority::new(tsa, || t(5000), 7)
        .stamp(imprint, Some(b"nonce"))
        .unwrap()
}

// ---------------------------------------------------------------------------
// Statements.

#[test]
fn a_lying_lookup_is_refused_for_every_statement() {
    let c = Cast::new();
    let lying = Rotated::new(&c);
    for (statement, sender, _) in every_kind(&c) {
        let liar = lying.liar_for(&c, sender.id());
        let err = Statement::decode(statement.as_bytes())
            .unwrap()
            .verify(&lying)
            .unwrap_err();
        assert_eq!(
            err,
            VerifyError::CardMismatch {
                signer: sender.id(),
                card: liar.id()
            },
            "{}",
            statement.kind()
        );
        let msg = err.to_string();
        assert!(
            msg.contains(&sender.id().to_string()) && msg.contains(&liar.id().to_string()),
            "{msg}"
        );
    }
}

#[test]
fn a_statement_forged_with_the_key_of_the_card_a_lying_lookup_returns_is_refused() {
    let c = Cast::new();
    let lying = Rotated::new(&c);
    let offer = every_kind(&c).remove(0).0;
    let liar = lying.liar_for(&c, c.seller.id());
    let bytes = forged(offer.as_bytes(), liar, statement::STATEMENT_AAD);
    let decoded = Statement::decode(&bytes).unwrap();
    assert_eq!(decoded.sender(), c.seller.id());
    // Honest cards: the seller's key did not sign it.
    assert_eq!(
        decoded.clone().verify(&c.cards()).unwrap_err(),
        VerifyError::BadSignature
    );
    // The lying lookup hands over the forger's card, whose key did sign it.
    assert_eq!(mismatch(decoded.verify(&lying)), (c.seller.id(), liar.id()));
}

#[test]
fn honest_lookups_still_verify() {
    let c = Cast::new();
    let set = c.cards();
    let vec: Vec<PartyCard> = set.iter().cloned().collect();
    for (statement, sender, _) in every_kind(&c) {
        let s = || Statement::decode(statement.as_bytes()).unwrap();
        assert!(s().verify(&set).is_ok());
        assert!(s().verify(&vec).is_ok());
        assert!(s().verify(vec.as_slice()).is_ok());
        assert!(s().verify(sender.card()).is_ok() || statement.kind() == Kind::PerformanceNotice);
    }
    let token = token(&c, StatementId::of(b"x"));
    assert!(TimestampToken::decode(token.as_bytes()).unwrap().verify(&set).is_ok());
    assert!(
        TimestampToken::decode(token.as_bytes())
            .unwrap()
            .verify(c.tsa.card())
            .is_ok()
    );
}

// ---------------------------------------------------------------------------
// Performance notices: the carried proofs' providers.

/// The notice of `every_kind` and the proof it carries.
fn notice_and_proof(c: &Cast) -> (Verified<Statement>, Verified<Statement>) {
    let mut all = every_kind(c);
    let notice = all.remove(4).0;
    let proof = all.remove(3).0;
    assert_eq!(
        (notice.kind(), proof.kind()),
        (Kind::PerformanceNotice, Kind::ServiceProof)
    );
    assert_eq!(proof.sender(), c.carrier.id());
    (notice, proof)
}

fn lies_about_carrier(c: &Cast) -> LiesAbout {
    LiesAbout {
        honest: c.cards(),
        lies: BTreeMap::from([(c.carrier.id(), c.stranger.card().clone())]),
    }
}

#[test]
fn a_lying_lookup_is_refused_for_a_notice_and_for_its_carried_proofs() {
    let c = Cast::new();
    let (notice, _) = notice_and_proof(&c);
    let decode = || Statement::decode(notice.as_bytes()).unwrap();
    // Lying about everyone: refused at the notice's sender.
    let rotated = Rotated::new(&c);
    let liar = rotated.liar_for(&c, c.seller.id());
    assert_eq!(mismatch(decode().verify(&rotated)), (c.seller.id(), liar.id()));
    // Honest about the sender, lying about the carried proof's provider.
    assert_eq!(
        mismatch(decode().verify(&lies_about_carrier(&c))),
        (c.carrier.id(), c.stranger.id())
    );
}

/// A notice honestly signed by the seller that carries a proof naming the
/// carrier as its provider but signed by the stranger. Each is correctly
/// signed by the key of the card a [`lies_about_carrier`] lookup returns.
fn notice_with_forged_proof(c: &Cast) -> (Vec<u8>, Statement) {
    let (notice, proof) = notice_and_proof(c);
    let forged_proof = forged(proof.as_bytes(), &c.stranger, statement::STATEMENT_AAD);
    let (protected, mut payload) = parts(notice.as_bytes());
    replace_once(&mut payload, proof.as_bytes(), &forged_proof);
    replace_once(
        &mut payload,
        proof.id().as_bytes(),
        StatementId::of(&forged_proof).as_bytes(),
    );
    let bytes = hand_signed(&c.seller, statement::STATEMENT_AAD, &protected, &payload);
    (bytes, Statement::decode(&forged_proof).unwrap())
}

#[test]
fn a_carried_proof_forged_with_the_key_of_the_card_a_lying_lookup_returns_is_refused() {
    let c = Cast::new();
    let (bytes, _) = notice_with_forged_proof(&c);
    let decoded = Statement::decode(&bytes).unwrap();
    assert_eq!(
        decoded.clone().verify(&c.cards()).unwrap_err(),
        VerifyError::BadSignature
    );
    assert_eq!(
        mismatch(decoded.verify(&lies_about_carrier(&c))),
        (c.carrier.id(), c.stranger.id())
    );
}

#[test]
fn a_notice_is_not_signed_over_a_proof_a_lying_lookup_vouches_for() {
    let c = Cast::new();
    let (_, forged_proof) = notice_with_forged_proof(&c);
    let lying = lies_about_carrier(&c);
    let err = Statement::build(
        &c.seller,
        c.buyer.card(),
        &contract(),
        t(90_000),
        PerformanceNotice {
            due: Amount::new("USD", PRICE).unwrap(),
            proofs: vec![forged_proof],
        },
    )
    .proof_cards(&lying)
    .sign()
    .unwrap_err();
    assert_eq!(
        err,
        BuildError::CarriedProof(VerifyError::CardMismatch {
            signer: c.carrier.id(),
            card: c.stranger.id()
        })
    );
}

// ---------------------------------------------------------------------------
// Time-stamp tokens: the authority.

#[test]
fn a_lying_lookup_is_refused_for_a_token() {
    let c = Cast::new();
    let lying = Rotated::new(&c);
    let liar = lying.liar_for(&c, c.tsa.id());
    let token = token(&c, StatementId::of(b"a statement"));
    let decode = |b: &[u8]| TimestampToken::decode(b).unwrap();
    // Forged with the key of the card the lookup returns.
    let bytes = forged(token.as_bytes(), liar, timestamp::TOKEN_AAD);
    assert_eq!(decode(&bytes).authority(), c.tsa.id());
    assert_eq!(mismatch(decode(&bytes).verify(&lying)), (c.tsa.id(), liar.id()));
    assert_eq!(
        decode(&bytes).verify(&c.cards()).unwrap_err(),
        VerifyError::BadSignature
    );
    // The authority's own token, under the lying lookup.
    assert_eq!(
        mismatch(decode(token.as_bytes()).verify(&lying)),
        (c.tsa.id(), liar.id())
    );
}

// ---------------------------------------------------------------------------
// Opening with an expected sender.

#[test]
fn an_opener_from_a_sender_refuses_statements_signed_by_another_known_party() {
    let c = Cast::new();
    let cards = c.cards();
    let mut rng = rng(40);
    let from_seller = Statement::build(&c.seller, c.buyer.card(), &contract(), t(0), offer())
        .sign()
        .unwrap();
    let from_stranger = Statement::build(&c.stranger, c.buyer.card(), &contract(), t(0), offer())
        .sign()
        .unwrap();
    let to_seller = seal(&from_seller, c.buyer.card(), &mut rng).unwrap();
    let to_stranger = seal(&from_stranger, c.buyer.card(), &mut rng).unwrap();

    // Without an expected sender, both open: both signatures verify.
    let any = Opener::new(&c.buyer);
    assert_eq!(any.open(&to_seller, &cards).unwrap().sender(), c.seller.id());
    assert_eq!(any.open(&to_stranger, &cards).unwrap().sender(), c.stranger.id());
    assert_eq!(
        open(&to_stranger, &c.buyer, &cards, Some(&contract()))
            .unwrap()
            .sender(),
        c.stranger.id()
    );

    // Expecting the seller: the seller's opens, the stranger's is refused.
    let seller_only = Opener::new(&c.buyer).from(c.seller.id()).contract(&contract());
    let opened = seller_only.open(&to_seller, &cards).unwrap();
    assert_eq!(opened.as_bytes(), from_seller.as_bytes());
    let err = seller_only.open(&to_stranger, &cards).unwrap_err();
    assert_eq!(
        err,
        OpenError::WrongSender {
            expected: c.seller.id(),
            found: c.stranger.id()
        }
    );
    let msg = err.to_string();
    assert!(
        msg.contains(&c.seller.id().to_string()) && msg.contains(&c.stranger.id().to_string()),
        "{msg}"
    );

    // And the other way round.
    let stranger_only = Opener::new(&c.buyer).from(c.stranger.id());
    assert!(stranger_only.open(&to_stranger, &cards).is_ok());
    assert!(matches!(
        stranger_only.open(&to_seller, &cards),
        Err(OpenError::WrongSender { expected, found }) if expected == c.stranger.id() && found == c.seller.id()
    ));
}

#[test]
fn an_opener_from_a_sender_refuses_a_card_that_is_not_the_senders() {
    // Expecting the sender does not make the opener trust whatever card the
    // lookup gives for it: the card check comes first (step 4).
    let c = Cast::new();
    let cards = c.cards();
    let from_seller = Statement::build(&c.seller, c.buyer.card(), &contract(), t(0), offer())
        .sign()
        .unwrap();
    let mut rng = rng(41);
    let envelope = seal(&from_seller, c.buyer.card(), &mut rng).unwrap();
    let lying = LiesAbout {
        honest: cards.clone(),
        lies: BTreeMap::from([(c.seller.id(), c.stranger.card().clone())]),
    };
    assert_eq!(
        Opener::new(&c.buyer)
            .from(c.seller.id())
            .open(&envelope, &lying)
            .unwrap_err(),
        OpenError::Verify(VerifyError::CardMismatch {
            signer: c.seller.id(),
            card: c.stranger.id()
        })
    );
    assert!(
        Opener::new(&c.buyer)
            .from(c.seller.id())
            .open(&envelope, &cards)
            .is_ok()
    );
}
