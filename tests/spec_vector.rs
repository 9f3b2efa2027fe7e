//! The test vector of SPEC.md section "Test vector", reproduced byte for
//! byte from the inputs that section lists.
//!
//! Run with `ECONTRACT_PRINT_VECTOR=1 cargo test --test spec_vector -- --nocapture`
//! to print the blocks in SPEC.md's format.

mod common;

use common::FixedBytes;
use econtract::*;

fn t(s: &str) -> UnixTime {
    UnixTime::parse_rfc3339(s).unwrap()
}

struct Vector {
    blocks: Vec<(&'static str, Vec<u8>)>,
}

fn build() -> Vector {
    let created = t("2026-03-01T09:00:00Z");
    let seller = PartySecret::from_secrets("Seller Ltd", &[0x01; 32], &[0x65; 32], created).unwrap();
    let buyer = PartySecret::from_secrets("Buyer GmbH", &[0x02; 32], &[0x66; 32], created).unwrap();
    let tsa_secret = PartySecret::from_secrets("Time-Stamp Authority", &[0x06; 32], &[0x6a; 32], created).unwrap();
    let contract = ContractId::new("EC-2026-0042").unwrap();
    let offer = Offer {
        terms: Terms {
            seller: seller.id(),
            buyer: buyer.id(),
            goods: vec![GoodsLine {
                description: "Arabica green coffee, grade 1".into(),
                quantity: 19_200,
                unit: "KGM".into(),
            }],
            price: Amount::new("USD", 9_600_000).unwrap(),
            incoterm: Incoterm::Fob,
            place: "Santos".into(),
            payment: PaymentClause {
                terms: PaymentTerms::DocumentsAgainstPayment,
                method: "credit transfer".into(),
                channel: Channel::Direct,
                tenor_days: None,
                buyer_bank: None,
                seller_bank: None,
            },
            documents: vec![],
            shipment: Shipment {
                partial: false,
                latest: None,
            },
            law: Law {
                cisg: true,
                governing: "CISG".into(),
            },
        },
        lapse: Some(t("2026-03-08T09:00:00Z")),
        irrevocable: false,
    };
    let statement = Statement::build(&seller, buyer.card(), &contract, t("2026-03-01T09:30:00Z"), offer)
        .sign()
        .unwrap();
    let envelope = seal(&statement, buyer.card(), &mut FixedBytes(0x42)).unwrap();
    let clock = || t("2026-03-01T09:30:05Z");
    let mut tsa = LocalAuthority::new(tsa_secret, clock, 1).with_accuracy(1);
    let token = tsa.stamp(statement.id(), Some(&[1, 2, 3, 4, 5, 6, 7, 8])).unwrap();

    // The vector must also open and verify through the public API.
    let cards: CardSet = [seller.card().clone(), buyer.card().clone(), tsa.card().clone()]
        .into_iter()
        .collect();
    let opened = open(&envelope, &buyer, &cards, Some(&contract)).unwrap();
    assert_eq!(opened.as_bytes(), statement.as_bytes());
    TimestampToken::decode(token.as_bytes())
        .unwrap()
        .verify(&cards)
        .unwrap();

    Vector {
        blocks: vec![
            ("seller-card", seller.card().as_bytes().to_vec()),
            ("buyer-card", buyer.card().as_bytes().to_vec()),
            ("tsa-card", tsa.card().as_bytes().to_vec()),
            ("seller-party-id", seller.id().as_bytes().to_vec()),
            ("buyer-party-id", buyer.id().as_bytes().to_vec()),
            ("statement", statement.as_bytes().to_vec()),
            ("statement-id", statement.id().as_bytes().to_vec()),
            ("envelope", envelope),
            ("token", token.as_bytes().to_vec()),
        ],
    }
}

/// The hex of each `<!-- vector: NAME -->` block in SPEC.md.
fn spec_blocks() -> Vec<(String, String)> {
    let spec = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/SPEC.md")).unwrap();
    let mut out = Vec::new();
    let mut lines = spec.lines();
    while let Some(line) = lines.next() {
        let Some(name) = line
            .trim()
            .strip_prefix("<!-- vector: ")
            .and_then(|r| r.strip_suffix(" -->"))
        else {
            continue;
        };
        assert_eq!(lines.next().map(str::trim), Some("```text"), "block {name}");
        let mut hex = String::new();
        for l in lines.by_ref() {
            if l.trim() == "```" {
                break;
            }
            hex.push_str(l.trim());
        }
        out.push((name.to_owned(), hex));
    }
    out
}

#[test]
fn spec_md_test_vector_is_reproduced_byte_for_byte() {
    let v = build();
    if std::env::var_os("ECONTRACT_PRINT_VECTOR").is_some() {
        for (name, bytes) in &v.blocks {
            println!("<!-- vector: {name} -->\n```text");
            for chunk in hex::encode(bytes).as_bytes().chunks(64) {
                println!("{}", std::str::from_utf8(chunk).unwrap());
            }
            println!("```\n");
        }
    }
    let spec = spec_blocks();
    let names: Vec<&str> = spec.iter().map(|(n, _)| n.as_str()).collect();
    let ours: Vec<&str> = v.blocks.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ours, "SPEC.md lists other vector blocks");
    for ((name, hex), (_, bytes)) in spec.iter().zip(&v.blocks) {
        assert_eq!(hex, &hex::encode(bytes), "SPEC.md block {name} differs");
    }
}
