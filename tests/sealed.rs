//! Sealed statements: round trips, tampering, misdirection, strict encoding.

mod common;

use common::*;
use econtract::*;

#[test]
fn every_kind_round_trips_through_seal_and_open() {
    let c = Cast::new();
    let cards = c.cards();
    let mut rng = rng(1);
    let all = every_kind(&c);
    assert_eq!(all.len(), Kind::ALL.len());
    for (statement, sender, recipient) in &all {
        let envelope = seal(statement, recipient.card(), &mut rng).unwrap();
        let opened = open(&envelope, recipient, &cards, Some(&contract())).unwrap();
        assert_eq!(opened.as_bytes(), statement.as_bytes());
        assert_eq!(opened.message(), statement.message());
        assert_eq!(opened.sender(), sender.id());
        assert_eq!(opened.recipient(), recipient.id());
        assert_eq!(opened.kind(), statement.message().kind());
        assert_eq!(opened.contract(), &contract());
        assert_eq!(opened.time(), statement.time());
        assert_eq!(opened.answers(), statement.answers());
        assert_eq!(opened.id(), StatementId::of(opened.as_bytes()));
        // Decoding the bytes again gives the same value.
        assert_eq!(&Statement::decode(statement.as_bytes()).unwrap(), &**statement);
    }
    let kinds: Vec<Kind> = all.iter().map(|(s, ..)| s.kind()).collect();
    assert_eq!(kinds, Kind::ALL);
}

#[test]
fn sealing_twice_gives_different_envelopes() {
    let c = Cast::new();
    let (offer, _, _) = every_kind(&c).remove(0);
    let mut rng = rng(2);
    let a = seal(&offer, c.buyer.card(), &mut rng).unwrap();
    let b = seal(&offer, c.buyer.card(), &mut rng).unwrap();
    assert_ne!(a, b);
}

#[test]
fn flipping_any_byte_of_an_envelope_is_rejected() {
    let c = Cast::new();
    let cards = c.cards();
    let (offer, _, _) = every_kind(&c).remove(1);
    let envelope = seal(&offer, c.seller.card(), &mut rng(3)).unwrap();
    assert!(open(&envelope, &c.seller, &cards, None).is_ok());
    for i in 0..envelope.len() {
        for bit in [0x01u8, 0x80] {
            let mut bad = envelope.clone();
            bad[i] ^= bit;
            assert!(
                open(&bad, &c.seller, &cards, None).is_err(),
                "byte {i} bit {bit:#x} accepted"
            );
        }
    }
    // Truncation and extension too.
    for n in 0..envelope.len() {
        assert!(
            open(&envelope[..n], &c.seller, &cards, None).is_err(),
            "prefix {n} accepted"
        );
    }
    let mut longer = envelope.clone();
    longer.push(0);
    assert!(matches!(
        open(&longer, &c.seller, &cards, None),
        Err(OpenError::Decode(DecodeError::TrailingBytes { .. }))
    ));
}

#[test]
fn flipping_any_byte_of_a_signed_statement_is_rejected() {
    let c = Cast::new();
    let cards = c.cards();
    for (statement, ..) in every_kind(&c) {
        let bytes = statement.as_bytes().to_vec();
        for i in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[i] ^= 0x01;
            let result = Statement::decode(&bad)
                .map_err(VerifyError::from)
                .and_then(|s| s.verify(&cards));
            assert!(result.is_err(), "{}: byte {i} accepted", statement.kind());
        }
    }
}

#[test]
fn an_envelope_for_someone_else_is_rejected() {
    let c = Cast::new();
    let cards = c.cards();
    let (offer, ..) = every_kind(&c).remove(0);
    let envelope = seal(&offer, c.buyer.card(), &mut rng(4)).unwrap();
    // The carrier tries to open the buyer's envelope.
    assert!(matches!(
        open(&envelope, &c.carrier, &cards, None),
        Err(OpenError::NotForThisKey { .. })
    ));
    // Relabelling the envelope for the carrier does not help: HPKE binds the
    // buyer's key and id.
    let relabelled = replace(&envelope, c.buyer.id().as_bytes(), c.carrier.id().as_bytes());
    assert_eq!(open(&relabelled, &c.carrier, &cards, None), Err(OpenError::Decryption));
}

fn replace(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let at = haystack.windows(from.len()).position(|w| w == from).expect("present");
    let mut out = haystack.to_vec();
    out[at..at + from.len()].copy_from_slice(to);
    out
}

/// Don Davis's surreptitious forwarding: B opens A's statement and
/// re-encrypts it, unchanged and validly, to C.
#[test]
fn a_statement_forwarded_to_a_third_party_is_not_addressed_to_it() {
    let c = Cast::new();
    let cards = c.cards();
    let (offer, ..) = every_kind(&c).remove(0);
    let envelope = seal(&offer, c.buyer.card(), &mut rng(5)).unwrap();
    let opened = open(&envelope, &c.buyer, &cards, None).unwrap();

    // The crate will not seal it to a party the statement does not name.
    assert_eq!(
        seal(&opened, c.carrier.card(), &mut rng(6)),
        Err(SealError::NotNamed(c.carrier.id()))
    );
    // So the buyer builds the envelope by hand with the public HPKE module.
    let forwarded = hand_sealed(opened.as_bytes(), c.carrier.card(), &[42; 32]);
    assert!(matches!(
        open(&forwarded, &c.carrier, &cards, None),
        Err(OpenError::NotAddressedToMe { .. })
    ));
    // Accepting copies does not help: the carrier is not a named copy holder.
    assert!(matches!(
        Opener::new(&c.carrier).allow_copies().open(&forwarded, &cards),
        Err(OpenError::NotAddressedToMe { .. })
    ));
}

/// An envelope made without the crate's checks, as an attacker would.
fn hand_sealed(statement: &[u8], to: &PartyCard, sk_e: &[u8; 32]) -> Vec<u8> {
    let mut info = econtract::envelope::ENVELOPE_INFO_LABEL.to_vec();
    info.extend_from_slice(to.id().as_bytes());
    let pk = x25519_dalek::PublicKey::from(*to.encryption_key());
    let (enc, mut ctx) = econtract::hpke::setup_base_sender(sk_e, &pk, &info).unwrap();
    let mut ct = statement.to_vec();
    ctx.seal_in_place(b"", &mut ct).unwrap();
    // [2, h'recipient id', h'enc', h'ciphertext']
    let mut out = vec![0x84, 0x02, 0x58, 0x20];
    out.extend_from_slice(to.id().as_bytes());
    out.extend_from_slice(&[0x58, 0x20]);
    out.extend_from_slice(&enc);
    out.push(0x59);
    out.extend_from_slice(&(ct.len() as u16).to_be_bytes());
    out.extend_from_slice(&ct);
    out
}

#[test]
fn hand_built_envelope_matches_the_crate() {
    // Checks the helper above against the crate, so the forwarding test is
    // meaningful.
    let c = Cast::new();
    let (offer, ..) = every_kind(&c).remove(0);
    let ours = seal(&offer, c.buyer.card(), &mut FixedBytes(42)).unwrap();
    assert_eq!(hand_sealed(offer.as_bytes(), c.buyer.card(), &[42; 32]), ours);
}

#[test]
fn copies_open_only_for_named_holders() {
    let c = Cast::new();
    let cards = c.cards();
    let statement = Statement::build(&c.seller, c.buyer.card(), &contract(), t(0), offer())
        .copy_to(c.stranger.card())
        .sign()
        .unwrap();
    assert_eq!(statement.copies(), &[c.stranger.id()]);
    // On the wire, a copy holder is its 32-byte party id (header -65539).
    let (protected, _) = parts(statement.as_bytes());
    let header: ciborium::Value = ciborium::from_reader(protected.as_slice()).unwrap();
    let cc = header
        .as_map()
        .unwrap()
        .iter()
        .find(|(k, _)| *k == ciborium::Value::Integer((-65539).into()))
        .map(|(_, v)| v.clone())
        .expect("a cc header");
    assert_eq!(
        cc,
        ciborium::Value::Array(vec![ciborium::Value::Bytes(c.stranger.id().as_bytes().to_vec())])
    );
    let for_auditor = seal(&statement, c.stranger.card(), &mut rng(7)).unwrap();
    let for_self = seal(&statement, c.seller.card(), &mut rng(8)).unwrap();
    // A copy is not addressed to its holder...
    assert!(matches!(
        open(&for_auditor, &c.stranger, &cards, None),
        Err(OpenError::NotAddressedToMe { .. })
    ));
    // ...but opens when copies are accepted.
    let opened = Opener::new(&c.stranger)
        .allow_copies()
        .open(&for_auditor, &cards)
        .unwrap();
    assert_eq!(opened.as_bytes(), statement.as_bytes());
    let mine = Opener::new(&c.seller).allow_copies().open(&for_self, &cards).unwrap();
    assert_eq!(mine.as_bytes(), statement.as_bytes());
}

#[test]
fn a_statement_from_another_contract_is_rejected() {
    let c = Cast::new();
    let cards = c.cards();
    let other = ContractId::new("EC-2026-0999").unwrap();
    let statement = Statement::build(&c.seller, c.buyer.card(), &other, t(0), offer())
        .sign()
        .unwrap();
    let envelope = seal(&statement, c.buyer.card(), &mut rng(9)).unwrap();
    assert_eq!(
        open(&envelope, &c.buyer, &cards, Some(&contract())),
        Err(OpenError::WrongContract {
            expected: contract(),
            found: other.clone()
        })
    );
    assert!(open(&envelope, &c.buyer, &cards, Some(&other)).is_ok());
    assert!(matches!(
        Opener::new(&c.buyer).kind(Kind::Payment).open(&envelope, &cards),
        Err(OpenError::WrongKind { .. })
    ));
}

#[test]
fn a_sender_without_a_card_is_unknown() {
    let c = Cast::new();
    let (offer, ..) = every_kind(&c).remove(0);
    let envelope = seal(&offer, c.buyer.card(), &mut rng(10)).unwrap();
    assert_eq!(
        open(&envelope, &c.buyer, c.carrier.card(), None),
        Err(OpenError::Verify(VerifyError::UnknownSigner(c.seller.id())))
    );
}

#[test]
fn a_performance_notice_carries_verifiable_proofs() {
    let c = Cast::new();
    let cards = c.cards();
    let (notice, ..) = every_kind(&c).remove(4);
    let Message::PerformanceNotice(n) = notice.message() else {
        panic!()
    };
    assert_eq!(n.proofs.len(), 1);
    assert_eq!(notice.answers(), &[n.proofs[0].id()]);
    // The buyer verifies the carrier's proof it never received directly; it
    // needs the carrier's card for that.
    let envelope = seal(&notice, c.buyer.card(), &mut rng(11)).unwrap();
    let without_carrier: CardSet = [c.seller.card().clone(), c.buyer.card().clone()].into_iter().collect();
    assert_eq!(
        open(&envelope, &c.buyer, &without_carrier, None),
        Err(OpenError::Verify(VerifyError::UnknownSigner(c.carrier.id())))
    );
    assert!(open(&envelope, &c.buyer, &cards, None).is_ok());
    // A notice is signed only after its carried proofs are verified.
    let unsigned = || {
        Statement::build(
            &c.seller,
            c.buyer.card(),
            &contract(),
            t(0),
            PerformanceNotice {
                due: n.due,
                proofs: n.proofs.clone(),
            },
        )
    };
    assert_eq!(unsigned().sign().unwrap_err(), BuildError::ProofCardsNeeded);
    assert_eq!(
        unsigned().proof_cards(&without_carrier).sign().unwrap_err(),
        BuildError::CarriedProof(VerifyError::UnknownSigner(c.carrier.id()))
    );
    // A notice whose answers differ from its proofs cannot be built.
    let bogus = unsigned().proof_cards(&cards).answers(notice.id()).sign();
    assert_eq!(bogus.unwrap_err(), BuildError::NoticeAnswers);
}

/// A notice re-signed by hand around `proofs`, as a dishonest seller could.
fn hand_notice(c: &Cast, honest: &Statement, proofs: Vec<Vec<u8>>) -> Vec<u8> {
    use ciborium::Value as V;
    let (protected, payload) = parts(honest.as_bytes());
    let v: V = ciborium::from_reader(payload.as_slice()).unwrap();
    let mut entries = v.into_map().unwrap();
    for (k, v) in entries.iter_mut() {
        match k.as_text().unwrap() {
            "answers" => {
                *v = V::Array(
                    proofs
                        .iter()
                        .map(|p| V::Bytes(StatementId::of(p).as_bytes().to_vec()))
                        .collect(),
                );
            }
            "body" => {
                let mut body = v.clone().into_map().unwrap();
                for (bk, bv) in body.iter_mut() {
                    if bk.as_text() == Some("proofs") {
                        *bv = V::Array(proofs.iter().map(|p| V::Bytes(p.clone())).collect());
                    }
                }
                *v = V::Map(body);
            }
            _ => {}
        }
    }
    let mut bytes = Vec::new();
    ciborium::into_writer(&V::Map(entries), &mut bytes).unwrap();
    hand_signed(&c.seller, &protected, &bytes)
}

#[test]
fn a_notice_carrying_a_proof_of_another_contract_is_rejected() {
    let c = Cast::new();
    let cards = c.cards();
    let other = ContractId::new("EC-OTHER").unwrap();
    let proof = Statement::build(
        &c.carrier,
        c.seller.card(),
        &other,
        t(0),
        ServiceProof {
            document: bill_of_lading(&c),
            facts: Facts::Carriage {
                quantities: vec![QUANTITY],
                shipped: t(0),
                clean: true,
            },
            comment: Some("loaded".into()),
        },
    )
    .answers(StatementId::of(b"instruction"))
    .sign()
    .unwrap();
    let notice_body = || PerformanceNotice {
        due: Amount::new("USD", 1).unwrap(),
        proofs: vec![proof.clone().into_inner()],
    };
    // The builder refuses to sign it...
    let built = Statement::build(&c.seller, c.buyer.card(), &contract(), t(0), notice_body())
        .proof_cards(&cards)
        .sign();
    assert_eq!(
        built.unwrap_err(),
        BuildError::CarriedProof(VerifyError::ForeignProof(proof.id()))
    );
    // ...and a notice signed by hand around it does not verify.
    let (honest, ..) = every_kind(&c).remove(4);
    let forged = hand_notice(&c, &honest, vec![proof.as_bytes().to_vec()]);
    let decoded = Statement::decode(&forged).unwrap();
    assert_eq!(
        decoded.verify(&cards).unwrap_err(),
        VerifyError::ForeignProof(proof.id())
    );
}

#[test]
fn a_notice_carrying_a_notice_is_refused_without_recursion() {
    // A notice nested inside notices is refused from the inner header alone:
    // decoding never recurses into carried statements.
    let c = Cast::new();
    let (honest, ..) = every_kind(&c).remove(4);
    let mut inner = honest.as_bytes().to_vec();
    for _ in 0..40 {
        inner = hand_notice(&c, &honest, vec![inner]);
    }
    let err = Statement::decode(&inner).unwrap_err();
    assert!(
        matches!(&err, DecodeError::Schema { what: "proofs", problem } if problem.contains("kind 5")),
        "{err:?}"
    );
    // Carrying an acceptance is refused the same way.
    let (acceptance, ..) = every_kind(&c).remove(1);
    let err = Statement::decode(&hand_notice(&c, &honest, vec![acceptance.as_bytes().to_vec()])).unwrap_err();
    assert!(
        matches!(&err, DecodeError::Schema { problem, .. } if problem.contains("kind 2")),
        "{err:?}"
    );
}

#[test]
fn builder_refuses_bad_statements() {
    let c = Cast::new();
    let k = contract();
    assert_eq!(
        Statement::build(&c.seller, c.seller.card(), &k, t(0), offer())
            .sign()
            .unwrap_err(),
        BuildError::SelfAddressed
    );
    // An acceptance answers exactly one statement.
    assert!(matches!(
        Statement::build(&c.buyer, c.seller.card(), &k, t(0), Acceptance::default()).sign(),
        Err(BuildError::Invalid(DecodeError::Schema { what: "answers", .. }))
    ));
    // Texts over the limit.
    let mut o = offer();
    o.terms.place = "x".repeat(econtract::message::MAX_TEXT + 1);
    assert!(matches!(
        Statement::build(&c.seller, c.buyer.card(), &k, t(0), o).sign(),
        Err(BuildError::Invalid(DecodeError::TooLarge { what: "place", .. }))
    ));
    // A draft needs a maturity (and a tenor), and funds have neither.
    let draft = Payment {
        amount: Amount::new("USD", 1).unwrap(),
        end_to_end_id: "E2E".into(),
        uetr: Uetr::from_random([7; 16]),
        instrument: Instrument::AcceptedDraft,
        method: "draft".into(),
        is_final: true,
        payer: PayerRole::Buyer,
        maturity: None,
        tenor_days: Some(90),
    };
    let build = |p: Payment| {
        Statement::build(&c.buyer, c.seller.card(), &k, t(0), p)
            .answers(StatementId::of(b"n"))
            .sign()
    };
    assert!(matches!(
        build(draft.clone()),
        Err(BuildError::Invalid(DecodeError::Schema { what: "maturity", .. }))
    ));
    let dated = Payment {
        maturity: Some(t(90 * DAY)),
        ..draft.clone()
    };
    assert!(build(dated.clone()).is_ok());
    let funds_with_maturity = Payment {
        instrument: Instrument::FundsTransfer,
        ..dated.clone()
    };
    assert!(build(funds_with_maturity).is_err());
    // Only the drawee (the buyer) accepts a draft.
    let by_bank = Payment {
        payer: PayerRole::BuyerBank,
        ..dated
    };
    assert!(matches!(
        build(by_bank),
        Err(BuildError::Invalid(DecodeError::Schema { what: "payer", .. }))
    ));
}

// ---------------------------------------------------------------------------
// Strict encoding: a correctly signed statement over non-canonical bytes.

/// Signs `payload` under `protected` with `signer`'s key, by hand, exactly as
/// COSE says, so that the only defect is the encoding.
fn hand_signed(signer: &PartySecret, protected: &[u8], payload: &[u8]) -> Vec<u8> {
    use ed25519_dalek::Signer;
    let key = ed25519_dalek::SigningKey::from_bytes(&signer.signing_seed());
    let mut tbs = vec![0x84, 0x6a];
    tbs.extend_from_slice(b"Signature1");
    push_bstr(&mut tbs, protected);
    push_bstr(&mut tbs, econtract::statement::STATEMENT_AAD);
    push_bstr(&mut tbs, payload);
    let sig = key.sign(&tbs).to_bytes();
    let mut out = vec![0xd2, 0x84];
    push_bstr(&mut out, protected);
    out.push(0xa0);
    push_bstr(&mut out, payload);
    push_bstr(&mut out, &sig);
    out
}

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

/// Splits a honest statement into (protected, payload) with ciborium, an
/// independent CBOR decoder.
fn parts(statement: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let v: ciborium::Value = ciborium::from_reader(statement).unwrap();
    let ciborium::Value::Tag(18, inner) = v else {
        panic!("not a COSE_Sign1")
    };
    let ciborium::Value::Array(items) = *inner else {
        panic!()
    };
    (
        items[0].as_bytes().unwrap().clone(),
        items[2].as_bytes().unwrap().clone(),
    )
}

#[test]
fn hand_signing_matches_the_crate() {
    let c = Cast::new();
    let (acceptance, ..) = every_kind(&c).remove(1);
    let (protected, payload) = parts(acceptance.as_bytes());
    assert_eq!(hand_signed(&c.buyer, &protected, &payload), acceptance.as_bytes());
}

#[test]
fn correctly_signed_non_canonical_payloads_are_rejected() {
    let c = Cast::new();
    let cards = c.cards();
    let (acceptance, ..) = every_kind(&c).remove(1);
    let (protected, payload) = parts(acceptance.as_bytes());
    // The canonical payload: {"body": {}, "answers": [h'<32 bytes>']}.
    let answer = acceptance.answers()[0];
    let mut canonical = vec![0xa2, 0x64];
    canonical.extend_from_slice(b"body");
    canonical.push(0xa0);
    canonical.push(0x67);
    canonical.extend_from_slice(b"answers");
    canonical.extend_from_slice(&[0x81, 0x58, 0x20]);
    canonical.extend_from_slice(answer.as_bytes());
    assert_eq!(payload, canonical, "fixture out of date");

    let body = [&[0x64][..], b"body", &[0xa0]].concat();
    let answers = |array_head: &[u8], bstr_head: &[u8]| {
        [&[0x67][..], b"answers", array_head, bstr_head, answer.as_bytes()].concat()
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "keys reordered",
            [&[0xa2][..], &answers(&[0x81], &[0x58, 0x20]), &body].concat(),
        ),
        (
            "array length in long form",
            [&[0xa2][..], &body, &answers(&[0x98, 0x01], &[0x58, 0x20])].concat(),
        ),
        (
            "byte-string length in long form",
            [&[0xa2][..], &body, &answers(&[0x81], &[0x59, 0x00, 0x20])].concat(),
        ),
        (
            "duplicate key",
            [&[0xa3][..], &body, &body, &answers(&[0x81], &[0x58, 0x20])].concat(),
        ),
        (
            "indefinite map",
            [&[0xbf][..], &body, &answers(&[0x81], &[0x58, 0x20]), &[0xff]].concat(),
        ),
        ("trailing byte", [&canonical[..], &[0x00]].concat()),
    ];
    for (name, bad_payload) in cases {
        // The independent decoder accepts these bytes as valid CBOR...
        let lenient: Result<ciborium::Value, _> = ciborium::from_reader(bad_payload.as_slice());
        if name != "trailing byte" {
            assert!(lenient.is_ok(), "{name}: fixture is not CBOR");
        }
        let forged = hand_signed(&c.buyer, &protected, &bad_payload);
        // ...and the signature is good, yet the statement is refused.
        let err = Statement::decode(&forged).expect_err(name);
        let expected = match name {
            "keys reordered" => matches!(err, DecodeError::KeyOrder { .. }),
            "duplicate key" => matches!(err, DecodeError::DuplicateKey { .. }),
            "indefinite map" => matches!(err, DecodeError::Indefinite { .. }),
            "trailing byte" => matches!(err, DecodeError::TrailingBytes { .. }),
            _ => matches!(err, DecodeError::NonCanonical { .. }),
        };
        assert!(expected, "{name}: wrong error {err:?}");
    }

    // The same with the protected header: move `alg` to a long-form integer.
    let mut bad_protected = protected.clone();
    assert_eq!(&bad_protected[..3], &[0xa5, 0x01, 0x32], "header starts {{1: -19");
    bad_protected.splice(2..3, [0x38, 0x12]);
    let forged = hand_signed(&c.buyer, &bad_protected, &payload);
    assert!(matches!(
        Statement::decode(&forged),
        Err(DecodeError::NonCanonical { .. })
    ));
    // Sanity: the honest parts re-signed by hand verify.
    let honest = hand_signed(&c.buyer, &protected, &payload);
    assert!(Statement::decode(&honest).unwrap().verify(&cards).is_ok());
}

#[test]
fn unknown_critical_or_extra_headers_are_rejected() {
    let c = Cast::new();
    let (acceptance, ..) = every_kind(&c).remove(1);
    let (protected, payload) = parts(acceptance.as_bytes());
    let v: ciborium::Value = ciborium::from_reader(protected.as_slice()).unwrap();
    let ciborium::Value::Map(mut entries) = v else { panic!() };
    // Add an unknown private label -65540 and list it in crit.
    entries.push((
        ciborium::Value::Integer((-65540).into()),
        ciborium::Value::Integer(1.into()),
    ));
    for (k, v) in entries.iter_mut() {
        if *k == ciborium::Value::Integer(2.into()) {
            v.as_array_mut()
                .unwrap()
                .push(ciborium::Value::Integer((-65540).into()));
        }
    }
    let mut bytes = Vec::new();
    ciborium::into_writer(&ciborium::Value::Map(entries), &mut bytes).unwrap();
    let forged = hand_signed(&c.buyer, &bytes, &payload);
    let err = Statement::decode(&forged).unwrap_err();
    assert!(matches!(err, DecodeError::Schema { what: "crit", .. }), "{err:?}");
}

// ---------------------------------------------------------------------------
// Time-stamps

#[test]
fn time_stamp_tokens_verify_offline_and_bind_the_statement() {
    let c = Cast::new();
    let cards = c.cards();
    let (offer, ..) = every_kind(&c).remove(0);
    let clock = || t(5);
    let mut tsa = LocalAuthority::new(party(Who::Tsa), clock, 1000);
    let token = request_timestamp(&mut tsa, offer.id(), Some(b"nonce-1")).unwrap();
    assert_eq!(token.imprint(), offer.id());
    assert_eq!(token.serial(), 1000);
    assert_eq!(token.time(), t(5));
    assert_eq!(token.authority(), c.tsa.id());
    assert_eq!(token.nonce(), Some(&b"nonce-1"[..]));
    let second = tsa.stamp(offer.id(), None).unwrap();
    assert_eq!(second.serial(), 1001);

    // Offline: from bytes and the authority's card alone.
    let again = TimestampToken::decode(token.as_bytes())
        .unwrap()
        .verify(&cards)
        .unwrap();
    assert_eq!(again, token);
    // Not by another key.
    assert_eq!(
        TimestampToken::decode(token.as_bytes())
            .unwrap()
            .verify(c.seller.card()),
        Err(VerifyError::UnknownSigner(c.tsa.id()))
    );
    // Every byte matters.
    let bytes = token.as_bytes();
    for i in 0..bytes.len() {
        let mut bad = bytes.to_vec();
        bad[i] ^= 0x01;
        let r = TimestampToken::decode(&bad)
            .map_err(VerifyError::from)
            .and_then(|t| t.verify(&cards));
        assert!(r.is_err(), "byte {i} accepted");
    }
    // A token is not a statement and a statement is not a token.
    assert!(Statement::decode(token.as_bytes()).is_err());
    assert!(TimestampToken::decode(offer.as_bytes()).is_err());
}

/// An authority that answers with a token for the wrong statement.
struct Dishonest(LocalAuthority<fn() -> UnixTime>);

impl TimestampAuthority for Dishonest {
    type Error = econtract::timestamp::LocalAuthorityError;
    fn card(&self) -> &PartyCard {
        self.0.card()
    }
    fn issue(&mut self, r: &TimestampRequest) -> Result<Vec<u8>, Self::Error> {
        self.0
            .stamp(StatementId::of(b"something else"), r.nonce.as_deref())
            .map(|t| t.as_bytes().to_vec())
    }
}

#[test]
fn a_token_for_the_wrong_statement_is_refused() {
    let c = Cast::new();
    let (offer, ..) = every_kind(&c).remove(0);
    let clock: fn() -> UnixTime = || t(5);
    let mut tsa = Dishonest(LocalAuthority::new(party(Who::Tsa), clock, 1));
    let err = request_timestamp(&mut tsa, offer.id(), None).unwrap_err();
    assert!(matches!(
        err,
        econtract::timestamp::TimestampError::Invalid(VerifyError::WrongImprint { .. })
    ));
}

#[test]
fn a_notice_read_from_json_carries_service_proofs_only() {
    let tr = common::trade::happy();
    let notice = tr.statement("notice");
    let proof = tr.statement("proof.carriage.0");
    let json = |proofs: &[&Statement]| {
        let hex: Vec<String> = proofs
            .iter()
            .map(|p| p.as_bytes().iter().map(|b| format!("{b:02x}")).collect())
            .collect();
        serde_json::json!({"due": {"currency": "USD", "minor": 1}, "proofs": hex}).to_string()
    };
    let read = |text: &str| {
        let mut de = serde_json::Deserializer::from_str(text);
        Message::deserialize_body(Kind::PerformanceNotice, &mut de)
    };
    // A service proof is read...
    let ok = read(&json(&[&proof])).unwrap();
    assert!(matches!(ok, Message::PerformanceNotice(ref n) if n.proofs[0].id() == proof.id()));
    // ...a notice inside a notice is refused as the CBOR decoder refuses it.
    let err = read(&json(&[&proof, &notice])).unwrap_err().to_string();
    assert!(err.contains("not a service-proof"), "{err}");
}

#[test]
fn a_ciphertext_longer_than_any_statement_is_a_decode_error() {
    let c = Cast::new();
    let cards = c.cards();
    // [2, recipient, enc, ciphertext] by hand, within MAX_ENVELOPE_SIZE.
    let envelope = |ct_len: usize| {
        let mut e = vec![0x84, 0x02, 0x58, 0x20];
        e.extend_from_slice(c.buyer.id().as_bytes());
        e.extend_from_slice(&[0x58, 0x20]);
        e.extend_from_slice(c.seller.card().encryption_key());
        e.push(0x5a);
        e.extend_from_slice(&(ct_len as u32).to_be_bytes());
        e.resize(e.len() + ct_len, 0);
        e
    };
    let longest = econtract::statement::MAX_STATEMENT_SIZE + 16;
    let too_long = envelope(longest + 1);
    assert!(too_long.len() <= econtract::envelope::MAX_ENVELOPE_SIZE);
    assert!(matches!(
        open(&too_long, &c.buyer, &cards, None),
        Err(OpenError::Decode(DecodeError::TooLarge { .. }))
    ));
    // One byte shorter decodes, and fails only at decryption.
    assert!(matches!(
        open(&envelope(longest), &c.buyer, &cards, None),
        Err(OpenError::Decryption)
    ));
}
