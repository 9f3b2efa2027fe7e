//! Transcripts as files: prefixes are in progress, any changed byte is
//! unverifiable or reported, cards are checked against the auditor's pins.

mod common;

use common::trade::{self, boundaries, happy, instalments};
use common::{Rec, Who};
use econtract::*;

#[test]
fn every_prefix_of_a_transcript_is_in_progress_not_invalid() {
    let tr = happy();
    let bytes = tr.bytes();
    let cuts = boundaries(&tr);
    let transfer_at = tr.index_of("title.0");
    let mut statuses = Vec::new();
    for (k, cut) in cuts.iter().enumerate() {
        let r = audit(&bytes[..*cut], None, Policy::default(), |_| {}).unwrap();
        assert_eq!(r.findings, vec![], "prefix of {k} records");
        assert_eq!(
            r.status == Status::Completed,
            k > transfer_at,
            "prefix of {k} records: {}",
            r.status
        );
        if statuses.last() != Some(&r.status) {
            statuses.push(r.status);
        }
    }
    assert_eq!(
        statuses,
        [
            Status::NoOffer,
            Status::OfferOutstanding,
            Status::Concluded,
            Status::Instructed,
            Status::Serviced,
            Status::PerformanceNotified,
            Status::Paid,
            Status::Completed
        ]
    );
    // Cut inside a record: a torn tail, with the record named and the end
    // of the whole records before it; the same at every byte of the record.
    for mid in cuts[10] + 1..cuts[11] {
        match audit(&bytes[..mid], None, Policy::default(), |_| {}) {
            Err(TranscriptError::TornTail { index: 10, offset }) => assert_eq!(offset as usize, cuts[10]),
            other => panic!("cut at {mid}: {other:?}"),
        }
    }
}

#[test]
fn any_changed_byte_is_unverifiable_or_reported() {
    let tr = happy();
    let bytes = tr.bytes();
    let header_end = boundaries(&tr)[0];
    let mut reported = 0;
    for i in 0..bytes.len() {
        let mut bad = bytes.clone();
        bad[i] ^= 0x01;
        match audit(bad.as_slice(), None, Policy::default(), |_| {}) {
            Err(_) => {}
            Ok(r) => {
                reported += 1;
                // Only the header's contract id is not under a signature;
                // changing it puts every statement in another contract.
                assert!(i < header_end, "byte {i} changed and the transcript still verifies");
                assert!(r.rules().contains(&Rule::ChainContract), "byte {i}: {:?}", r.rules());
            }
        }
    }
    // The header's contract id was reached, and reported.
    assert!(reported > 0);
}

#[test]
fn an_untrusted_or_conflicting_card_makes_the_transcript_unverifiable() {
    let tr = happy();
    let bytes = tr.bytes();
    // Pinned: all the cast's cards but the buyer's bank's.
    let bank = tr.pid(Who::BuyerBank);
    let pinned: CardSet = tr.cards().iter().filter(|c| c.id() != bank).cloned().collect();
    match audit(bytes.as_slice(), Some(&pinned), Policy::default(), |_| {}) {
        Err(TranscriptError::Untrusted { party, .. }) => assert_eq!(party, bank),
        other => panic!("{other:?}"),
    }
    // Pinned cards need not be declared.
    let all = tr.cards();
    let mut undeclared = trade::without_cards(&tr);
    let write = |records: &[Rec]| trade::write(&tr.contract, records).0;
    let r = audit(write(&undeclared).as_slice(), Some(&all), Policy::default(), |_| {}).unwrap();
    assert!(r.is_complete());
    // Without them the first statement is unverifiable.
    match audit(write(&undeclared).as_slice(), None, Policy::default(), |_| {}) {
        Err(TranscriptError::Unverifiable {
            error: VerifyError::UnknownSigner(_),
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    // A second card for the seller's key with another name conflicts.
    let seller = tr.p(Who::Seller);
    let impostor = PartySecret::from_secrets(
        &format!("{} (new name)", seller.name()),
        &seller.signing_seed(),
        &[9; 32],
        common::t(1),
    )
    .unwrap();
    assert_eq!(impostor.id(), seller.id());
    undeclared.insert(0, Rec::Card(seller.card().clone()));
    undeclared.insert(1, Rec::Card(impostor.card().clone()));
    match audit(write(&undeclared).as_slice(), None, Policy::default(), |_| {}) {
        Err(TranscriptError::CardConflict { index: 1, party }) => assert_eq!(party, seller.id()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn not_a_transcript() {
    for junk in [
        &b""[..],
        b"hello",
        &[0x83, 0x61, 0x78, 0x01, 0x61, 0x79][..],
        &[0xff; 16][..],
    ] {
        assert!(matches!(
            audit(junk, None, Policy::default(), |_| {}),
            Err(TranscriptError::Header(_))
        ));
    }
    // (A record claiming 2^60 bytes: tests/hostile.rs.)
}

#[test]
fn the_audit_reports_each_record_in_order() {
    let tr = happy();
    let mut entries = Vec::new();
    audit(tr.bytes().as_slice(), None, Policy::default(), |e| {
        entries.push(e.clone())
    })
    .unwrap();
    assert_eq!(entries.len(), tr.records.len());
    assert!(entries.iter().enumerate().all(|(i, e)| e.index == i));
    let seller = tr.p(Who::Seller).name().to_owned();
    assert!(matches!(entries[0].what, econtract::audit::EntryKind::Card(ref n) if *n == seller));
}

#[test]
fn batch_and_strict_verification_agree_on_the_bad_record() {
    let tr = happy();
    let payment = tr.statement("pay.0");
    let index = tr.index_of("pay.0");
    let mut bytes = tr.bytes();
    // Flip a bit of the payment's signature (the statement's last byte).
    let at = bytes
        .windows(payment.as_bytes().len())
        .position(|w| w == payment.as_bytes())
        .unwrap();
    bytes[at + payment.as_bytes().len() - 1] ^= 1;
    for (threads, batch) in [(1, true), (2, true), (1, false), (2, false)] {
        let options = AuditOptions { threads, batch };
        match econtract::audit::audit_with(bytes.as_slice(), None, Policy::default(), options, |_| {}) {
            Err(TranscriptError::Unverifiable {
                index: i,
                error: VerifyError::BadSignature,
            }) => assert_eq!(i, index, "threads {threads} batch {batch}"),
            other => panic!("threads {threads} batch {batch}: {other:?}"),
        }
    }
    // And all four agree on the intact transcript.
    let good = tr.bytes();
    let reports: Vec<Report> = [(1, true), (2, true), (1, false), (2, false)]
        .into_iter()
        .map(|(threads, batch)| {
            econtract::audit::audit_with(
                good.as_slice(),
                None,
                Policy::default(),
                AuditOptions { threads, batch },
                |_| {},
            )
            .unwrap()
        })
        .collect();
    assert!(reports.windows(2).all(|w| w[0] == w[1]));
    assert!(reports[0].is_complete());
}

#[test]
fn every_thread_count_names_the_same_bad_record_in_a_long_transcript() {
    // 400 instalments: several chunks, so the bad record sits in a chunk
    // that a worker, or the calling thread, may verify.
    let tr = instalments(400);
    let good = tr.bytes();
    let reference = econtract::audit::audit_with(
        good.as_slice(),
        None,
        Policy::default(),
        AuditOptions {
            threads: 1,
            batch: false,
        },
        |_| {},
    )
    .unwrap();
    assert!(reference.is_complete(), "{:?}", reference.findings.first());
    for name in ["pay.3", "pay.200", "pay.399"] {
        let bad = tr.statement(name);
        let index = tr.index_of(name);
        let mut bytes = good.clone();
        let at = bytes
            .windows(bad.as_bytes().len())
            .position(|w| w == bad.as_bytes())
            .unwrap();
        bytes[at + bad.as_bytes().len() - 1] ^= 1;
        for threads in 1..=4 {
            for batch in [true, false] {
                let options = AuditOptions { threads, batch };
                let mut seen = 0;
                match econtract::audit::audit_with(bytes.as_slice(), None, Policy::default(), options, |_| seen += 1) {
                    Err(TranscriptError::Unverifiable {
                        index: i,
                        error: VerifyError::BadSignature,
                    }) => assert_eq!(i, index, "{name}: threads {threads} batch {batch}"),
                    other => panic!("{name}: threads {threads} batch {batch}: {other:?}"),
                }
                // The records before the bad one's chunk were validated, in
                // order, and none after it.
                assert!(seen <= index, "{name}: threads {threads}: {seen} entries");
            }
        }
    }
    for threads in 2..=4 {
        let options = AuditOptions { threads, batch: true };
        let mut order = Vec::new();
        let r = econtract::audit::audit_with(good.as_slice(), None, Policy::default(), options, |e| {
            order.push(e.index)
        })
        .unwrap();
        assert_eq!(r, reference, "threads {threads}");
        assert!(order.iter().enumerate().all(|(i, e)| i == *e), "threads {threads}");
    }
}

#[test]
fn the_first_bad_record_is_named_even_when_a_later_one_fails_to_decode_or_resolve() {
    // The offer's signature is bad, and a later record (the insurer's
    // statements) names a signer with no card: the offer is named.
    let mut tr = happy();
    let insurer = tr.pid(Who::Insurer);
    tr.records.retain(|r| !matches!(r, Rec::Card(c) if c.id() == insurer));
    let offer = tr.statement("offer");
    let index = tr.index_of("offer");
    let mut bytes = tr.bytes();
    let at = bytes
        .windows(offer.as_bytes().len())
        .position(|w| w == offer.as_bytes())
        .unwrap();
    bytes[at + offer.as_bytes().len() - 1] ^= 1;
    for threads in [1, 2] {
        for batch in [true, false] {
            let options = AuditOptions { threads, batch };
            match econtract::audit::audit_with(bytes.as_slice(), None, Policy::default(), options, |_| {}) {
                Err(TranscriptError::Unverifiable {
                    index: i,
                    error: VerifyError::BadSignature,
                }) => assert_eq!(i, index, "threads {threads} batch {batch}"),
                other => panic!("threads {threads} batch {batch}: {other:?}"),
            }
        }
    }
    // With the offer intact, the unknown signer is what is reported.
    let intact = tr.bytes();
    match audit(intact.as_slice(), None, Policy::default(), |_| {}) {
        Err(TranscriptError::Unverifiable {
            error: VerifyError::UnknownSigner(p),
            ..
        }) => assert_eq!(p, insurer),
        other => panic!("{other:?}"),
    }
}
