//! The library's unit of work for an archive: one transcript from bytes
//! (`audit::audit_transcript`), the same verdict as `audit`, as a value a
//! job over many files can serialize; pinned cards copied into a
//! transcript are taken as pinned, and a changed copy is still refused.

mod common;

use common::{Rec, Scenario, Variant};
use econtract::audit::audit_transcript;
use econtract::*;

#[test]
fn one_transcript_from_bytes_gives_the_audit_verdict_as_a_serializable_value() {
    let s = Scenario::complete(Variant::default());
    let bytes = s.bytes();
    let cards = s.cards();
    let one = audit_transcript(&bytes, Some(&cards), Policy::default()).unwrap();
    let full = audit(bytes.as_slice(), Some(&cards), Policy::default(), |_| {}).unwrap();
    assert!(one.valid && one.complete);
    let j = serde_json::to_value(&one).unwrap();
    assert_eq!(j["report"], serde_json::to_value(&full).unwrap());
    assert_eq!(j["report"]["status"], "completed");
    assert_eq!(j["valid"], true);

    // A broken signature: the same refusal as `audit` gives.
    let mut bad = bytes.clone();
    let n = bad.len();
    bad[n - 40] ^= 1;
    let e1 = audit_transcript(&bad, Some(&cards), Policy::default()).unwrap_err();
    let e2 = audit(bad.as_slice(), Some(&cards), Policy::default(), |_| {}).unwrap_err();
    assert_eq!(e1.to_string(), e2.to_string());

    // Without pins the transcript's own cards are checked; with pins, a
    // card record that is not byte for byte the pinned card is refused.
    assert!(audit_transcript(&bytes, None, Policy::default()).unwrap().complete);
    let mut other = s.records.clone();
    let seller = s.p(common::Who::Seller);
    let again = PartySecret::from_secrets(
        seller.name(),
        &seller.signing_seed(),
        &seller.encryption_secret(),
        UnixTime::from_secs(seller.card().created().as_secs() + 1).unwrap(),
    )
    .unwrap();
    for r in &mut other {
        if matches!(r, Rec::Card(c) if c.id() == seller.id()) {
            *r = Rec::Card(again.card().clone());
        }
    }
    let changed = common::scenario::bytes_of(&s.contract, &other);
    assert!(matches!(
        audit_transcript(&changed, Some(&cards), Policy::default()),
        Err(TranscriptError::Untrusted { .. })
    ));
}

/// A large pinned set costs nothing per card and per transcript: the
/// validator looks a pinned card up only for a party it meets. A
/// transcript that declares none of its cards still names every party of
/// the contract from the pins, and a pinned card of a party the contract
/// does not involve is not in the report.
#[test]
fn pinned_cards_are_looked_up_for_the_parties_met_only() {
    let s = Scenario::complete(Variant::default());
    let without_cards: Vec<Rec> = s
        .records
        .iter()
        .filter(|r| !matches!(r, Rec::Card(_)))
        .cloned()
        .collect();
    let bytes = common::scenario::bytes_of(&s.contract, &without_cards);
    let mut cards: Vec<PartyCard> = s.cards().iter().cloned().collect();
    let outsider = PartySecret::from_secrets("Not In This Contract Ltd", &[77; 32], &[78; 32], common::t(0)).unwrap();
    cards.push(outsider.card().clone());
    let pins: CardSet = cards.into_iter().collect();
    let r = audit_transcript(&bytes, Some(&pins), Policy::default()).unwrap();
    assert!(r.complete, "{:#?}", r.report.findings);
    assert!(r.report.parties.iter().all(|p| p.id != outsider.id()));
    let seller = r
        .report
        .parties
        .iter()
        .find(|p| p.id == s.pid(common::Who::Seller))
        .unwrap();
    assert_eq!(seller.name.as_deref(), Some("Santos Coffee Exports Ltda"));
    assert!(
        r.report.parties.iter().all(|p| p.name.is_some()),
        "{:#?}",
        r.report.parties
    );
}

/// Several transcripts audited with one batch of signatures give each the
/// verdict it has alone: clean ones, one with a bad signature (the batch
/// fails and each is audited again), one that does not decode, and one
/// with a finding.
#[test]
fn transcripts_batched_together_each_get_their_own_verdict() {
    use econtract::audit::{Trust, audit_transcripts};
    let variants = [
        Variant::default(),
        Variant {
            instalments: 3,
            ..Variant::default()
        },
        Variant {
            incoterm: Incoterm::Fob,
            ..Variant::default()
        },
        Variant {
            inspection: true,
            ..Variant::default()
        },
    ];
    let scenarios: Vec<Scenario> = variants.into_iter().map(Scenario::complete).collect();
    let cards = scenarios[0].cards();
    let trust = Trust::pinned(Some(&cards));
    let alone = |b: &[u8]| {
        audit_transcript(b, Some(&cards), Policy::default())
            .map(|a| serde_json::to_value(&a).unwrap())
            .map_err(|e| e.to_string())
    };
    let together = |bs: &[&[u8]]| -> Vec<Result<serde_json::Value, String>> {
        audit_transcripts(bs, &trust, &Policy::default())
            .into_iter()
            .map(|r| r.map(|a| serde_json::to_value(&a).unwrap()).map_err(|e| e.to_string()))
            .collect()
    };
    let clean: Vec<Vec<u8>> = scenarios.iter().map(Scenario::bytes).collect();
    let refs: Vec<&[u8]> = clean.iter().map(Vec::as_slice).collect();
    let got = together(&refs);
    assert_eq!(got, refs.iter().map(|b| alone(b)).collect::<Vec<_>>());
    assert!(got.iter().all(|r| r.as_ref().is_ok_and(|v| v["complete"] == true)));

    // A signature changed in the third: the batch fails, and each gets
    // its verdict alone (the third refused at its bad record).
    let mut bad = clean[2].clone();
    let n = bad.len();
    bad[n - 40] ^= 1;
    // Not decodable: the header cut.
    let torn = clean[1][..5].to_vec();
    // Not complete: the acceptance's receipt left out (the acceptance has
    // no evidence of reaching the offeror).
    let mut records = scenarios[3].records.clone();
    let acceptance = scenarios[3].id("acceptance");
    records.retain(|r| !matches!(r, Rec::St(s) if s.kind() == Kind::Receipt && s.answers()[0] == acceptance));
    let finding = common::scenario::bytes_of(&scenarios[3].contract, &records);
    for mix in [
        vec![&clean[0][..], &bad[..], &clean[3][..]],
        vec![&clean[0][..], &torn[..], &clean[3][..]],
        vec![&finding[..], &clean[1][..]],
        vec![&bad[..]],
        vec![],
    ] {
        let expected: Vec<_> = mix.iter().map(|b| alone(b)).collect();
        assert_eq!(together(&mix), expected);
    }
    assert!(alone(&bad).is_err() && alone(&torn).is_err());
    assert!(alone(&finding).is_ok_and(|v| v["complete"] == false));
}

/// The timelines of transcripts batched together are what `audit` shows
/// each alone, whether the batch holds or not.
#[test]
fn batched_transcripts_keep_their_timelines() {
    use econtract::audit::{Trust, audit_transcripts_with_timelines};
    let a = Scenario::complete(Variant::default()).bytes();
    let b = Scenario::complete(Variant {
        instalments: 2,
        ..Variant::default()
    })
    .bytes();
    let mut bad = b.clone();
    let n = bad.len();
    bad[n - 40] ^= 1;
    let timeline = |bytes: &[u8]| {
        let mut t = Vec::new();
        let r = audit(bytes, None, Policy::default(), |e| t.push(e.clone()));
        r.map(|_| t).map_err(|e| e.to_string())
    };
    for group in [vec![&a[..], &b[..]], vec![&a[..], &bad[..]]] {
        let got: Vec<_> = audit_transcripts_with_timelines(&group, &Trust::default(), &Policy::default())
            .into_iter()
            .map(|r| r.map(|(_, t)| t).map_err(|e| e.to_string()))
            .collect();
        let want: Vec<_> = group.iter().map(|g| timeline(g)).collect();
        assert_eq!(got, want);
    }
}
