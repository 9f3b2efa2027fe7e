//! `econtract append`, run as a user runs it: cards outside the trusted
//! ones and second cards refused before anything is written, a partial
//! archive, and file stems for names in any script.

use std::path::{Path, PathBuf};

mod cli_basic;
mod common;

use cli_basic::*;

#[test]
fn append_refuses_cards_outside_the_trusted_ones_and_second_cards_before_writing() {
    let dir = tmp("append-cards");
    let s = common::trade::happy();
    let cards = dir.join("cards");
    std::fs::create_dir_all(&cards).unwrap();
    let mut card_files = Vec::new();
    let mut files = Vec::new();
    for (i, r) in s.records.iter().enumerate() {
        let (p, b) = match r {
            common::Rec::Card(c) => {
                std::fs::write(cards.join(format!("{}.card", &c.id().to_hex()[..16])), c.as_bytes()).unwrap();
                let p = dir.join(format!("{i:03}.card"));
                card_files.push(p.clone());
                (p, c.as_bytes().to_vec())
            }
            common::Rec::St(st) => (dir.join(format!("{i:03}.st")), st.as_bytes().to_vec()),
            common::Rec::Tok(t) => (dir.join(format!("{i:03}.tst")), t.as_bytes().to_vec()),
        };
        std::fs::write(&p, b).unwrap();
        files.push(p);
    }
    let t = dir.join("t.ect");
    let append = |extra: &[&Path]| {
        run(econtract()
            .arg("append")
            .arg(&t)
            .args(["--contract", "EC-2026-0042", "--cards"])
            .arg(&cards)
            .args(extra))
    };
    let first: Vec<&Path> = files[..10].iter().map(PathBuf::as_path).collect();
    assert_eq!(append(&first).code, 0);
    let before = std::fs::read(&t).unwrap();
    // The seller's card again: refused, it is there.
    let o = append(&[card_files[0].as_path()]);
    fails_cleanly(&o, INPUT);
    assert!(o.stderr.contains("already in the transcript"), "{}", o.stderr);
    // A second, different card for the seller (same keys, another name):
    // refused, and it is not in the trusted directory either.
    let seller = common::party(common::Who::Seller);
    let other = econtract::PartySecret::from_secrets(
        "Santos Coffee (new name)",
        &seller.signing_seed(),
        &seller.encryption_secret(),
        seller.card().created(),
    )
    .unwrap();
    assert_eq!(other.id(), seller.id());
    let second = dir.join("second.card");
    std::fs::write(&second, other.card().as_bytes()).unwrap();
    let o = append(&[second.as_path()]);
    fails_cleanly(&o, INPUT);
    assert!(o.stderr.contains("differs from the one in --cards"), "{}", o.stderr);
    // A card nobody trusts.
    let stranger = dir.join("stranger.card");
    let outsider =
        econtract::PartySecret::from_secrets("Outsider SA", &[0x5a; 32], &[0x5b; 32], seller.card().created()).unwrap();
    std::fs::write(&stranger, outsider.card().as_bytes()).unwrap();
    let o = append(&[stranger.as_path()]);
    fails_cleanly(&o, INPUT);
    assert!(o.stderr.contains("not among the trusted cards"), "{}", o.stderr);
    // Without --cards, no card is appended at all.
    let o = run(econtract().arg("append").arg(&t).arg(&stranger));
    fails_cleanly(&o, INPUT);
    assert!(o.stderr.contains("--cards"), "{}", o.stderr);
    assert_eq!(
        std::fs::read(&t).unwrap(),
        before,
        "a refused append changed the transcript"
    );
    // The trusted second card is refused as a second card, even when it is
    // the trusted one: put it in a fresh trusted directory.
    let cards2 = dir.join("cards2");
    std::fs::create_dir_all(&cards2).unwrap();
    for e in std::fs::read_dir(&cards).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, cards2.join(p.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        cards2.join(format!("{}.card", &seller.id().to_hex()[..16])),
        other.card().as_bytes(),
    )
    .unwrap();
    let o = run(econtract()
        .arg("append")
        .arg(&t)
        .arg("--cards")
        .arg(&cards2)
        .arg(&second));
    fails_cleanly(&o, INPUT);
    assert!(o.stderr.contains("a second, different card"), "{}", o.stderr);
    assert_eq!(std::fs::read(&t).unwrap(), before);
}

#[test]
fn append_partial_takes_statements_whose_answers_another_party_holds() {
    // A carrier's own archive: the service instruction answers the
    // acceptance, which the carrier never received.
    let dir = tmp("append-partial");
    let s = common::trade::happy();
    let cards = dir.join("cards");
    std::fs::create_dir_all(&cards).unwrap();
    for r in &s.records {
        if let common::Rec::Card(c) = r {
            std::fs::write(cards.join(format!("{}.card", &c.id().to_hex()[..16])), c.as_bytes()).unwrap();
        }
    }
    let instruction = s
        .records
        .iter()
        .find_map(|r| match r {
            common::Rec::St(st) if st.kind() == econtract::Kind::ServiceInstruction => Some(st.clone()),
            _ => None,
        })
        .unwrap();
    assert!(!instruction.answers().is_empty());
    let f = dir.join("instruction.st");
    std::fs::write(&f, instruction.as_bytes()).unwrap();
    let t = dir.join("carrier.ect");
    let append = |partial: bool| {
        let mut c = econtract();
        c.arg("append")
            .arg(&t)
            .args(["--contract", "EC-2026-0042", "--cards"])
            .arg(&cards);
        if partial {
            c.arg("--partial");
        }
        run(c.arg(&f))
    };
    let o = append(false);
    fails_cleanly(&o, INPUT);
    assert!(o.stderr.contains("which the transcript does not hold") && o.stderr.contains("--partial"));
    assert!(!t.exists());
    let o = append(true);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(t.exists());
}

#[test]
fn names_in_any_script_get_distinct_file_stems() {
    let dir = tmp("stems");
    for name in [
        "Café Export",
        "Cafe Export",
        "Müller GmbH",
        "Muller GmbH",
        "東京貿易",
        "!!!",
    ] {
        let o = run(econtract()
            .args(["keygen", "--name", name, "--time", "2026-03-01T09:00:00Z", "--out"])
            .arg(&dir));
        assert_eq!(o.code, 0, "{name}: {}", o.stderr);
    }
    let mut stems: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            e.unwrap()
                .file_name()
                .to_str()?
                .strip_suffix(".card")
                .map(str::to_owned)
        })
        .collect();
    stems.sort();
    assert_eq!(stems.len(), 6, "{stems:?}");
    for want in ["café-export", "cafe-export", "müller-gmbh", "muller-gmbh", "東京貿易"] {
        assert!(stems.iter().any(|s| s == want), "{want} not in {stems:?}");
    }
    // Names that differ only in case or punctuation share a stem: the
    // second is refused, the first party's files are kept.
    let before = std::fs::read(dir.join("cafe-export.card")).unwrap();
    let o = run(econtract()
        .args([
            "keygen",
            "--name",
            "CAFE  export",
            "--time",
            "2026-03-01T09:00:00Z",
            "--out",
        ])
        .arg(&dir));
    fails_cleanly(&o, USAGE);
    assert_eq!(std::fs::read(dir.join("cafe-export.card")).unwrap(), before);
}
