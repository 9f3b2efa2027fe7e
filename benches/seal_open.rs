//! Sealing and opening a statement with a 1 KiB body, beside the raw
//! primitives each one cannot avoid, measured in the same run.
//!
//! `cargo bench --bench seal_open`

use criterion::{Criterion, criterion_group, criterion_main};
use econtract::*;
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;
use std::hint::black_box;

fn offer(seller: &PartySecret, buyer: &PartySecret, t: UnixTime) -> Offer {
    Offer {
        terms: Terms {
            seller: seller.id(),
            buyer: buyer.id(),
            // About 1 KiB of body.
            goods: vec![GoodsLine {
                description: "Arabica green coffee, grade 1. ".repeat(28),
                quantity: 19_200,
                unit: "KGM".into(),
            }],
            price: Amount::new("USD", 9_600_000).unwrap(),
            incoterm: Incoterm::Fob,
            place: "Santos".into(),
            payment: PaymentClause {
                terms: PaymentTerms::DocumentsAgainstPayment,
                method: "credit transfer".into(),
            },
            services: vec![],
            law: Law {
                cisg: true,
                governing: "CISG".into(),
            },
        },
        lapse: Some(t.plus(86_400)),
        irrevocable: false,
    }
}

fn bench(c: &mut Criterion) {
    let t = UnixTime::from_secs(1_772_355_600).unwrap();
    let seller = PartySecret::from_secrets("Seller Ltd", &[1; 32], &[101; 32], t).unwrap();
    let buyer = PartySecret::from_secrets("Buyer GmbH", &[2; 32], &[102; 32], t).unwrap();
    let contract = ContractId::new("EC-2026-0042").unwrap();
    let body = offer(&seller, &buyer, t);
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let statement = Statement::build(&seller, buyer.card(), &contract, t, body.clone())
        .sign()
        .unwrap();
    let envelope = seal(&statement, buyer.card(), &mut rng).unwrap();
    let n = statement.as_bytes().len();
    println!("statement {n} bytes, envelope {} bytes", envelope.len());

    let mut g = c.benchmark_group("econtract");
    g.bench_function("seal (sign + HPKE seal)", |b| {
        b.iter(|| {
            let s = Statement::build(&seller, buyer.card(), &contract, t, body.clone())
                .sign()
                .unwrap();
            seal(&s, buyer.card(), &mut rng).unwrap()
        })
    });
    g.bench_function("open (HPKE open + decode + verify_strict)", |b| {
        b.iter(|| open(black_box(&envelope), &buyer, seller.card(), Some(&contract)).unwrap())
    });
    g.finish();

    // The primitives, on inputs of the same size.
    let mut g = c.benchmark_group("primitives");
    let msg = vec![7u8; n];
    let sk = ed25519_dalek::SigningKey::from_bytes(&[1; 32]);
    let vk = sk.verifying_key();
    let sig = ed25519_dalek::Signer::sign(&sk, &msg);
    let xs = x25519_dalek::StaticSecret::from([3; 32]);
    let xp = x25519_dalek::PublicKey::from(&x25519_dalek::StaticSecret::from([4; 32]));
    g.bench_function("ed25519 sign", |b| {
        b.iter(|| ed25519_dalek::Signer::sign(&sk, black_box(&msg)))
    });
    g.bench_function("ed25519 verify_strict", |b| {
        b.iter(|| vk.verify_strict(black_box(&msg), &sig).unwrap())
    });
    g.bench_function("x25519 fixed-base", |b| {
        b.iter(|| x25519_dalek::PublicKey::from(black_box(&xs)))
    });
    g.bench_function("x25519 agreement", |b| b.iter(|| xs.diffie_hellman(black_box(&xp))));
    g.bench_function("chacha20poly1305", |b| {
        use chacha20poly1305::aead::{Aead, KeyInit};
        let k = chacha20poly1305::ChaCha20Poly1305::new(&[5u8; 32].into());
        b.iter(|| k.encrypt(&[0u8; 12].into(), black_box(&msg[..])).unwrap())
    });
    g.bench_function("sha256", |b| {
        b.iter(|| <sha2::Sha256 as sha2::Digest>::digest(black_box(&msg)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
