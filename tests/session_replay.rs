//! Every legitimate variant of a trade, run through one `Session` per
//! party: each statement of the scenario is sent by its sender's session
//! (which must not refuse it, and must sign the very same bytes), its
//! token added, and its parcel delivered to its recipient and copy holders
//! out of order, twice, with one party crashing and restoring from its
//! archive half-way. At the end every party's live status equals the audit
//! of its own archive, and no archive has a finding.

mod common;

use std::collections::BTreeMap;

use common::{Rec, Scenario, Variant, Who, party};
use econtract::*;

fn secret(w: Who) -> PartySecret {
    party(w)
}

struct Party {
    who: Who,
    session: Session<Vec<u8>>,
    /// What the session wrote before its last restore.
    earlier: Vec<u8>,
}

fn policy_for(w: Who) -> Policy {
    match w {
        Who::Seller | Who::Buyer => Policy::default(),
        _ => Policy {
            viewer: Some(party(w).id()),
            ..Policy::default()
        },
    }
}

/// A small deterministic shuffle (xorshift).
fn shuffle<T>(v: &mut [T], seed: &mut u64) {
    for i in (1..v.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        v.swap(i, (*seed % (i as u64 + 1)) as usize);
    }
}

fn ensure(parties: &mut BTreeMap<Who, Party>, w: Who, cast: &CardSet, contract: &ContractId) {
    parties.entry(w).or_insert_with(|| Party {
        who: w,
        session: Session::new(secret(w), contract.clone(), policy_for(w), cast, Vec::new()).unwrap(),
        earlier: Vec::new(),
    });
}

/// Has a party that holds statement `id` present it to `to` (a buyer
/// forwarding the notice to its bank, a seller receiving the buyer's
/// instruction to the carrier under FOB); returns whether one could.
fn forward(parties: &mut BTreeMap<Who, Party>, id: StatementId, to: Who, rng: &mut impl rand_core::CryptoRng) -> bool {
    let holder = parties
        .iter()
        .find(|(w, p)| **w != to && p.session.statement(&id).is_some())
        .map(|(w, _)| *w);
    let Some(h) = holder else { return false };
    let parcel = parties[&h].session.present(id, party(to).card(), rng).unwrap();
    parties.get_mut(&to).unwrap().session.receive(&parcel).unwrap();
    true
}

/// Forwards to every party what its held-back statements wait for, until
/// nothing more can be forwarded.
fn forward_held_back(parties: &mut BTreeMap<Who, Party>, rng: &mut impl rand_core::CryptoRng) {
    loop {
        let wanted: Vec<(Who, StatementId)> = parties
            .iter()
            .flat_map(|(w, p)| {
                p.session
                    .held_back()
                    .into_iter()
                    .flat_map(move |(_, m)| m.into_iter().map(move |id| (*w, id)))
            })
            .collect();
        let mut any = false;
        for (w, id) in wanted {
            any |= forward(parties, id, w, rng);
        }
        if !any {
            return;
        }
    }
}

fn run(s: &Scenario, seed: u64, crash_at: Option<usize>) {
    let cast: CardSet = Who::ALL.iter().map(|w| party(*w).card().clone()).collect();
    let contract = common::contract();
    let mut parties: BTreeMap<Who, Party> = BTreeMap::new();
    let mut rng = common::rng(seed);
    let mut order = seed | 1;
    // Parcels in flight: (recipient, bytes), delivered in shuffled batches.
    let mut flight: Vec<(Who, Vec<u8>)> = Vec::new();
    let who_of = |id: PartyId| *Who::ALL.iter().find(|w| party(**w).id() == id).expect("a cast member");
    let deliver = |parties: &mut BTreeMap<Who, Party>, flight: &mut Vec<(Who, Vec<u8>)>, order: &mut u64| {
        shuffle(flight, order);
        // Each parcel twice: the second is a duplicate.
        let again = flight.clone();
        for (to, bytes) in flight.drain(..).chain(again) {
            let p = parties.get_mut(&to).expect("a session");
            p.session
                .receive(&bytes)
                .unwrap_or_else(|e| panic!("{to:?} refuses a parcel: {e}"));
        }
    };
    let mut statements = 0;
    for (k, rec) in s.records.iter().enumerate() {
        match rec {
            Rec::Card(_) => {}
            Rec::St(st) => {
                let from = who_of(st.sender());
                let to_card = party(who_of(st.recipient())).card().clone();
                for w in std::iter::once(who_of(st.recipient())).chain(st.copies().iter().map(|c| who_of(*c))) {
                    ensure(&mut parties, w, &cast, &contract);
                }
                ensure(&mut parties, from, &cast, &contract);
                let p = parties.get_mut(&from).unwrap();
                // A party acts on what has reached it: before it sends,
                // what is in flight to it is delivered (in shuffled order,
                // with everything else in flight).
                let _ = p;
                if flight.iter().any(|(w, _)| *w == from) {
                    deliver(&mut parties, &mut flight, &mut order);
                }
                forward_held_back(&mut parties, &mut rng);
                // What it answers and does not hold, another party presents.
                let lacking: Vec<StatementId> = st
                    .answers()
                    .iter()
                    .filter(|a| parties[&from].session.statement(a).is_none())
                    .copied()
                    .collect();
                for a in lacking {
                    assert!(forward(&mut parties, a, from, &mut rng), "nobody holds {a}");
                }
                // A presenting bank presents the documents to the drawee with
                // the collection instructions (URC 522 Art. 5): the buyer
                // then knows whom it pays.
                if st.kind() == Kind::Payment {
                    let instructions: Vec<StatementId> = s
                        .records
                        .iter()
                        .filter_map(|r| match r {
                            Rec::St(c) if c.kind() == Kind::CollectionInstruction => Some(c.id()),
                            _ => None,
                        })
                        .filter(|c| parties[&from].session.statement(c).is_none())
                        .collect();
                    for c in instructions {
                        forward(&mut parties, c, from, &mut rng);
                    }
                }
                forward_held_back(&mut parties, &mut rng);
                let p = parties.get_mut(&from).unwrap();
                let copies: Vec<PartyCard> = st.copies().iter().map(|c| party(who_of(*c)).card().clone()).collect();
                let out = if copies.is_empty() {
                    p.session
                        .send(&to_card, st.message().clone(), st.answers(), st.time(), &mut rng)
                } else {
                    p.session.send_with_copies(
                        &to_card,
                        &copies,
                        st.message().clone(),
                        st.answers(),
                        st.time(),
                        &mut rng,
                    )
                };
                let out = match out {
                    Ok(o) => o,
                    Err(e) => {
                        let who = &parties[&from].session;
                        let held: Vec<Kind> = s
                            .records
                            .iter()
                            .filter_map(|r| match r {
                                Rec::St(x) if who.statement(&x.id()).is_some() => Some(x.kind()),
                                _ => None,
                            })
                            .collect();
                        panic!(
                            "record {k}: {from:?}'s session refuses {}: {e}; it holds {held:?}, holds back {:?}",
                            st.kind(),
                            who.held_back()
                        )
                    }
                };
                assert_eq!(out.id, st.id(), "record {k}: the session signed other bytes");
                statements += 1;
                // Its tokens, then the parcels (with the tokens).
                let mut j = k + 1;
                while let Some(Rec::Tok(t)) = s.records.get(j) {
                    if t.imprint() == st.id() {
                        p.session.add_token(t.as_bytes()).unwrap();
                    }
                    j += 1;
                }
                for w in std::iter::once(who_of(st.recipient())).chain(st.copies().iter().map(|c| who_of(*c))) {
                    let parcel = p.session.present(st.id(), party(w).card(), &mut rng).unwrap();
                    flight.push((w, parcel));
                }
                if flight.len() >= 3 {
                    deliver(&mut parties, &mut flight, &mut order);
                }
                // One party crashes and restores from its archive.
                if crash_at == Some(statements) {
                    let victim = Who::Buyer;
                    let p = parties.remove(&victim).unwrap();
                    let mut archive = p.earlier;
                    archive.extend(p.session.into_inner().unwrap());
                    let restored = Session::restore(secret(victim), policy_for(victim), &archive, Vec::new()).unwrap();
                    parties.insert(
                        victim,
                        Party {
                            who: victim,
                            session: restored,
                            earlier: archive,
                        },
                    );
                }
            }
            Rec::Tok(_) => {}
        }
    }
    deliver(&mut parties, &mut flight, &mut order);
    forward_held_back(&mut parties, &mut rng);
    let end = s
        .records
        .iter()
        .filter_map(|r| match r {
            Rec::St(st) => Some(st.time()),
            _ => None,
        })
        .max()
        .unwrap();
    // Seller, buyer and at least a carrier (FOB has no insurer; the others
    // add an insurer, banks or both).
    assert!(parties.len() >= 3, "only {} parties", parties.len());
    let total = s.records.iter().filter(|r| matches!(r, Rec::St(_))).count();
    assert_eq!(
        statements, total,
        "every statement of the scenario is sent through a session"
    );
    if crash_at.is_some() {
        assert!(!parties[&Who::Buyer].earlier.is_empty(), "the buyer never restored");
    }
    for (w, p) in parties {
        let live = p.session.status_at(end);
        assert!(p.session.held_back().is_empty(), "{w:?} still holds back statements");
        let mut archive = p.earlier;
        archive.extend(p.session.into_inner().unwrap());
        let mut policy = policy_for(p.who);
        policy.viewer = policy_for(w).viewer;
        let report = econtract::audit::audit(archive.as_slice(), Some(&cast), policy, |_| {})
            .unwrap_or_else(|e| panic!("{w:?}'s archive: {e}"));
        assert!(report.findings.is_empty(), "{w:?}: {:?}", report.findings);
        assert_eq!(
            live, report.status,
            "{w:?}: live status differs from its archive's audit"
        );
    }
}

fn variants() -> Vec<(&'static str, Variant)> {
    vec![
        ("CIF D/P direct", Variant::default()),
        (
            "CIP D/P direct, bank pays",
            Variant {
                incoterm: Incoterm::Cip,
                bank_pays: true,
                ..Variant::default()
            },
        ),
        (
            "FOB D/P direct",
            Variant {
                incoterm: Incoterm::Fob,
                ..Variant::default()
            },
        ),
        (
            "CIF D/P collection",
            Variant {
                channel: Channel::Collection,
                ..Variant::default()
            },
        ),
        (
            "CIF D/A collection via the seller's bank",
            Variant {
                channel: Channel::Collection,
                via_seller_bank: true,
                against: PaymentTerms::DocumentsAgainstAcceptance,
                ..Variant::default()
            },
        ),
        (
            "CIF D/P, three instalments",
            Variant {
                instalments: 3,
                ..Variant::default()
            },
        ),
        (
            "CIF D/P, two partial shipments",
            Variant {
                shipments: 2,
                partial: true,
                ..Variant::default()
            },
        ),
    ]
}

#[test]
fn every_legitimate_variant_runs_through_sessions_in_order() {
    for (name, v) in variants() {
        let s = Scenario::complete(v);
        eprintln!("variant: {name}");
        run(&s, 1, None);
    }
}

#[test]
fn parcels_out_of_order_and_twice_and_a_party_restored_mid_contract() {
    for (name, v) in variants() {
        let s = Scenario::complete(v);
        for seed in [3, 17, 91] {
            eprintln!("variant: {name}, seed {seed}");
            run(&s, seed, Some(4));
        }
    }
}
