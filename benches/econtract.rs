//! econtract's costs beside the raw primitives they cannot avoid, measured
//! in the same run, and the ratios between them; seal and open also beside
//! rPGP doing the same work (RFC 9580 v6 keys, sign then encrypt with
//! SEIPDv2 AES-128-OCB), with both sealed sizes printed.
//!
//! ```sh
//! cargo bench --bench econtract
//! ```
//!
//! After the measurements it prints a table of ratios from criterion's
//! estimates (`target/criterion/*/new/estimates.json`).

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput};
use econtract::*;
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;

#[path = "../tests/common/scenario.rs"]
mod scenario;
#[path = "../tests/common/trade.rs"]
mod trade;

use scenario::{Rec, Scenario, Variant, Who, t};

/// The cast and the default contract (CIF Rotterdam, documents against
/// payment, a carrier and an insurer), from the tests' scenario builder.
fn cast() -> Scenario {
    Scenario::new(Variant::default())
}

/// The contract's terms with a goods description `description_len` bytes long.
fn terms(c: &Scenario, description_len: usize) -> Terms {
    let mut terms = c.terms.clone();
    terms.goods[0].description =
        "Arabica green coffee, grade 1; ".repeat(description_len / 31 + 1)[..description_len].to_owned();
    terms
}

/// An offer whose encoded body (the CBOR `body` of the payload) is 1 KiB.
fn offer_1k(c: &Scenario) -> Offer {
    let make = |n| Offer {
        terms: terms(c, n),
        lapse: Some(t(86_400)),
        irrevocable: false,
    };
    let size = |n| Message::Offer(make(n)).to_cbor().len();
    let n = (1..2048).find(|n| size(*n) >= 1024).unwrap();
    assert_eq!(size(n), 1024);
    make(n)
}

/// The seven-step contract as verified statements and tokens, in order
/// (its cards left out).
fn seven_steps() -> Vec<Item> {
    Scenario::complete(Variant::default())
        .records
        .into_iter()
        .filter_map(|r| match r {
            Rec::Card(_) => None,
            Rec::St(s) => Some(Item::S(s)),
            Rec::Tok(tk) => Some(Item::T(tk)),
        })
        .collect()
}

#[derive(Clone)]
#[allow(clippy::large_enum_variant)]
enum Item {
    S(Verified<Statement>),
    T(Verified<TimestampToken>),
}

/// A transcript of `n` statements: the contract up to the notice, then
/// instalment payments, then the title transfer (tokens only on the
/// statements up to the notice).
fn long_transcript(n: usize) -> Vec<u8> {
    let method = |_| "SWIFT".to_owned();
    let one = trade::instalments_with(1, method);
    let others = one.records.iter().filter(|r| matches!(r, Rec::St(_))).count() - 1;
    let s = trade::instalments_with((n - others) as u64, method);
    assert_eq!(s.records.iter().filter(|r| matches!(r, Rec::St(_))).count(), n);
    s.bytes()
}

/// The primitives of sealing and opening, on inputs of the sizes econtract
/// feeds them: a message `n + 40` bytes long for Ed25519 (the COSE
/// Sig_structure around an `n`-byte statement), `n` bytes for
/// ChaCha20-Poly1305 and SHA-256.
struct Floor {
    msg: Vec<u8>,
    n: usize,
    sk: ed25519_dalek::SigningKey,
    vk: ed25519_dalek::VerifyingKey,
    sig: ed25519_dalek::Signature,
    xs: x25519_dalek::StaticSecret,
    xp: x25519_dalek::PublicKey,
    aead: chacha20poly1305::ChaCha20Poly1305,
    ct: Vec<u8>,
}

impl Floor {
    fn new(n: usize) -> Floor {
        use chacha20poly1305::aead::{Aead, KeyInit};
        let msg = vec![7u8; n + 40];
        let sk = ed25519_dalek::SigningKey::from_bytes(&[1; 32]);
        let sig = ed25519_dalek::Signer::sign(&sk, &msg);
        let aead = chacha20poly1305::ChaCha20Poly1305::new(&[5u8; 32].into());
        let ct = aead.encrypt(&[0u8; 12].into(), &msg[..n]).unwrap();
        Floor {
            n,
            vk: sk.verifying_key(),
            sk,
            sig,
            xs: x25519_dalek::StaticSecret::from([3; 32]),
            xp: x25519_dalek::PublicKey::from(&x25519_dalek::StaticSecret::from([4; 32])),
            aead,
            ct,
            msg,
        }
    }

    /// X25519 fixed-base + X25519 agreement + Ed25519 sign +
    /// ChaCha20-Poly1305 seal + SHA-256.
    fn seal(&self) -> usize {
        use chacha20poly1305::aead::Aead;
        let public = x25519_dalek::PublicKey::from(black_box(&self.xs));
        let shared = self.xs.diffie_hellman(black_box(&self.xp));
        let sig = ed25519_dalek::Signer::sign(&self.sk, black_box(&self.msg));
        let ct = self
            .aead
            .encrypt(&[0u8; 12].into(), black_box(&self.msg[..self.n]))
            .unwrap();
        let digest = <sha2::Sha256 as sha2::Digest>::digest(black_box(&self.msg[..self.n]));
        black_box((public, shared.as_bytes()[0], sig, digest));
        ct.len()
    }

    /// X25519 agreement + Ed25519 strict verify + ChaCha20-Poly1305 open +
    /// SHA-256.
    fn open(&self) -> usize {
        use chacha20poly1305::aead::Aead;
        let shared = self.xs.diffie_hellman(black_box(&self.xp));
        let pt = self
            .aead
            .decrypt(&[0u8; 12].into(), black_box(self.ct.as_slice()))
            .unwrap();
        self.vk.verify_strict(black_box(&self.msg), &self.sig).unwrap();
        let digest = <sha2::Sha256 as sha2::Digest>::digest(black_box(&pt));
        black_box((shared.as_bytes()[0], digest));
        pt.len()
    }
}

/// rPGP, the peer: v6 keys (RFC 9580), each party with an Ed25519 primary
/// key that signs and an X25519 subkey that decrypts; a message is signed
/// by the sender's key and encrypted to the recipient's subkey in one
/// SEIPDv2 AES-128-OCB packet (sign then encrypt), and opened by
/// decrypting with the recipient's key and verifying with the sender's
/// certificate, the same work as econtract's seal and open.
struct Pgp {
    body: pgp::bytes::Bytes,
    sender: pgp::composed::SignedSecretKey,
    sender_cert: pgp::composed::SignedPublicKey,
    recipient: pgp::composed::SignedSecretKey,
    recipient_cert: pgp::composed::SignedPublicKey,
    rng: rand_chacha_pgp::ChaCha20Rng,
}

impl Pgp {
    fn new(body: Vec<u8>) -> Pgp {
        use pgp::composed::{EncryptionCaps, KeyType, SecretKeyParamsBuilder, SubkeyParamsBuilder};
        use pgp::crypto::{aead::AeadAlgorithm, hash::HashAlgorithm, sym::SymmetricKeyAlgorithm};
        use pgp::types::{CompressionAlgorithm, KeyVersion};
        use rand_chacha_pgp::rand_core::SeedableRng;
        let mut rng = rand_chacha_pgp::ChaCha20Rng::seed_from_u64(3);
        let mut key = |uid: &str| {
            SecretKeyParamsBuilder::default()
                .version(KeyVersion::V6)
                .key_type(KeyType::Ed25519)
                .can_certify(true)
                .can_sign(true)
                .primary_user_id(uid.into())
                .feature_seipd_v2(true)
                .preferred_symmetric_algorithms([SymmetricKeyAlgorithm::AES128].into_iter().collect())
                .preferred_aead_algorithms(
                    [(SymmetricKeyAlgorithm::AES128, AeadAlgorithm::Ocb)]
                        .into_iter()
                        .collect(),
                )
                .preferred_hash_algorithms([HashAlgorithm::Sha256].into_iter().collect())
                .preferred_compression_algorithms([CompressionAlgorithm::Uncompressed].into_iter().collect())
                .subkey(
                    SubkeyParamsBuilder::default()
                        .version(KeyVersion::V6)
                        .key_type(KeyType::X25519)
                        .can_encrypt(EncryptionCaps::All)
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap()
                .generate(&mut rng)
                .unwrap()
        };
        let sender = key("Santos Coffee Exports Ltda");
        let recipient = key("Rotterdam Roasters BV");
        Pgp {
            body: body.into(),
            sender_cert: sender.to_public_key(),
            recipient_cert: recipient.to_public_key(),
            sender,
            recipient,
            rng,
        }
    }

    /// Sign with the sender's Ed25519 key (SHA-256), then encrypt to the
    /// recipient's X25519 subkey: a v6 PKESK and a SEIPDv2 packet
    /// (AES-128-OCB, one 4 KiB chunk) holding the one-pass signature, the
    /// literal data and the signature.
    fn seal(&mut self) -> Vec<u8> {
        use pgp::crypto::{aead::AeadAlgorithm, aead::ChunkSize, hash::HashAlgorithm, sym::SymmetricKeyAlgorithm};
        let mut b = pgp::composed::MessageBuilder::from_bytes("", self.body.clone()).seipd_v2(
            &mut self.rng,
            SymmetricKeyAlgorithm::AES128,
            AeadAlgorithm::Ocb,
            ChunkSize::default(),
        );
        b.sign(&*self.sender, pgp::types::Password::empty(), HashAlgorithm::Sha256);
        b.encrypt_to_key(&mut self.rng, &self.recipient_cert.public_subkeys[0].key)
            .unwrap();
        b.to_vec(&mut self.rng).unwrap()
    }

    /// Parse, decrypt with the recipient's key, read the literal data, and
    /// verify the signature against the sender's certificate.
    fn open(&self, sealed: &[u8]) -> Vec<u8> {
        let mut m = pgp::composed::Message::from_bytes(sealed)
            .unwrap()
            .decrypt(&pgp::types::Password::empty(), &self.recipient)
            .unwrap();
        let data = m.as_data_vec().unwrap();
        m.verify(&self.sender_cert).unwrap();
        data
    }
}

thread_local! {
    /// Ratios from the interleaved measurements, printed with the table.
    static INTERLEAVED: std::cell::RefCell<Vec<(&'static str, f64)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The median, over `rounds` rounds, of (time of 100 runs of `op`) /
/// (time of 100 runs of `floor`), the two taken in turn (in alternating
/// order) within each round, after a warm-up.
fn interleaved<A, B>(rounds: usize, mut op: impl FnMut() -> A, mut floor: impl FnMut() -> B) -> f64 {
    use std::time::Instant;
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..100 {
            f();
        }
        start.elapsed().as_secs_f64()
    };
    let mut a = || {
        black_box(op());
    };
    let mut b = || {
        black_box(floor());
    };
    time(&mut a);
    time(&mut b);
    let mut ratios: Vec<f64> = (0..rounds)
        .map(|r| {
            if r % 2 == 0 {
                let x = time(&mut a);
                x / time(&mut b)
            } else {
                let y = time(&mut b);
                time(&mut a) / y
            }
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios[rounds / 2]
}

fn bench_seal_open(c: &mut Criterion, cast: &Scenario) {
    let contract = ContractId::new("EC-2026-0042").unwrap();
    let body = offer_1k(cast);
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let (seller, buyer) = (cast.p(Who::Seller), cast.p(Who::Buyer));
    let statement = Statement::build(seller, buyer.card(), &contract, t(0), body.clone())
        .sign()
        .unwrap();
    let envelope = seal(&statement, buyer.card(), &mut rng).unwrap();
    let n = statement.as_bytes().len();
    eprintln!(
        "body 1024 bytes, statement {n} bytes, envelope {} bytes",
        envelope.len()
    );
    let cards = cast.cards();

    // The peer, rPGP, on the same 1 KiB body (the CBOR body of the offer).
    let mut peer = Pgp::new(Message::Offer(body.clone()).to_cbor());
    let pgp_sealed = peer.seal();
    assert_eq!(peer.open(&pgp_sealed), peer.body);
    eprintln!(
        "sealed size, 1024-byte body: econtract {} bytes, rPGP (v6, SEIPDv2 AES-128-OCB, signed) {} bytes",
        envelope.len(),
        pgp_sealed.len()
    );

    // The floors: the primitives each operation cannot avoid, composed in
    // one function on inputs of the sizes econtract feeds them, measured
    // right beside the operation.
    let floor = Floor::new(n);

    let mut g = c.benchmark_group("seal");
    g.bench_function("econtract", |b| {
        b.iter(|| {
            let s = Statement::build(seller, buyer.card(), &contract, t(0), body.clone())
                .sign()
                .unwrap();
            seal(&s, buyer.card(), &mut rng).unwrap()
        })
    });
    g.bench_function("floor", |b| b.iter(|| floor.seal()));
    g.bench_function("rpgp", |b| b.iter(|| peer.seal()));
    g.finish();
    let mut g = c.benchmark_group("open");
    g.bench_function("econtract", |b| {
        b.iter(|| open(black_box(&envelope), buyer, &cards, Some(&contract)).unwrap())
    });
    g.bench_function("floor", |b| b.iter(|| floor.open()));
    g.bench_function("rpgp", |b| b.iter(|| peer.open(black_box(&pgp_sealed))));
    g.finish();

    // Interleaved: short rounds of the operation and of its floor taken in
    // turn, so that a change in the machine's speed hits both alike; the
    // median of the rounds' ratios.
    let rounds = 60;
    let seal_ratio = interleaved(
        rounds,
        || {
            let s = Statement::build(seller, buyer.card(), &contract, t(0), body.clone())
                .sign()
                .unwrap();
            seal(&s, buyer.card(), &mut rng).unwrap()
        },
        || floor.seal(),
    );
    let open_ratio = interleaved(
        rounds,
        || open(black_box(&envelope), buyer, &cards, Some(&contract)).unwrap(),
        || floor.open(),
    );
    // And against the peer, rPGP, in the same way.
    let seal_peer = interleaved(
        rounds,
        || {
            let s = Statement::build(seller, buyer.card(), &contract, t(0), body.clone())
                .sign()
                .unwrap();
            seal(&s, buyer.card(), &mut rng).unwrap()
        },
        || peer.seal(),
    );
    let open_peer = interleaved(
        rounds,
        || open(black_box(&envelope), buyer, &cards, Some(&contract)).unwrap(),
        || peer.open(black_box(&pgp_sealed)),
    );
    INTERLEAVED.with(|i| {
        i.borrow_mut().extend([
            ("seal", seal_ratio),
            ("open", open_ratio),
            ("seal rpgp", seal_peer),
            ("open rpgp", open_peer),
        ])
    });

    // The primitives, on inputs of the sizes econtract feeds them.
    let mut g = c.benchmark_group("primitive");
    let msg = vec![7u8; n + 40]; // the COSE Sig_structure is slightly longer than the statement body
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
        b.iter(|| k.encrypt(&[0u8; 12].into(), black_box(&msg[..n])).unwrap())
    });
    g.bench_function("sha256", |b| {
        b.iter(|| <sha2::Sha256 as sha2::Digest>::digest(black_box(&msg[..n])))
    });
    // HPKE from the hpke crate, for reference.
    {
        use ::hpke::{Deserializable, OpModeR, OpModeS, Serializable};
        type K = ::hpke::kem::X25519HkdfSha256;
        let pk = <K as ::hpke::Kem>::PublicKey::from_bytes(buyer.card().encryption_key()).unwrap();
        let skr = <K as ::hpke::Kem>::PrivateKey::from_bytes(&buyer.encryption_secret()[..]).unwrap();
        let (enc, ct) =
            ::hpke::single_shot_seal_with_rng::<::hpke::aead::ChaCha20Poly1305, ::hpke::kdf::HkdfSha256, K>(
                &OpModeS::Base,
                &pk,
                b"info",
                &msg[..n],
                b"",
                &mut rng,
            )
            .unwrap();
        let enc = <K as ::hpke::Kem>::EncappedKey::from_bytes(&enc.to_bytes()).unwrap();
        g.bench_function("hpke crate seal", |b| {
            b.iter(|| {
                ::hpke::single_shot_seal_with_rng::<::hpke::aead::ChaCha20Poly1305, ::hpke::kdf::HkdfSha256, K>(
                    &OpModeS::Base,
                    &pk,
                    b"info",
                    black_box(&msg[..n]),
                    b"",
                    &mut rng,
                )
                .unwrap()
            })
        });
        g.bench_function("hpke crate open", |b| {
            b.iter(|| {
                ::hpke::single_shot_open::<::hpke::aead::ChaCha20Poly1305, ::hpke::kdf::HkdfSha256, K>(
                    &OpModeR::Base,
                    &skr,
                    &enc,
                    b"info",
                    black_box(&ct),
                    b"",
                )
                .unwrap()
            })
        });
    }
    // Batch verification, per signature, over 64 signatures.
    let keys: Vec<ed25519_dalek::SigningKey> = (0..64u8)
        .map(|i| ed25519_dalek::SigningKey::from_bytes(&[i; 32]))
        .collect();
    let msgs: Vec<Vec<u8>> = (0..64u8).map(|i| vec![i; 400]).collect();
    let sigs: Vec<ed25519_dalek::Signature> = keys
        .iter()
        .zip(&msgs)
        .map(|(k, m)| ed25519_dalek::Signer::sign(k, m))
        .collect();
    let vks: Vec<ed25519_dalek::VerifyingKey> = keys.iter().map(|k| k.verifying_key()).collect();
    let refs: Vec<&[u8]> = msgs.iter().map(|m| m.as_slice()).collect();
    g.throughput(Throughput::Elements(64));
    g.bench_function("ed25519 verify_batch (64 x 400 B)", |b| {
        b.iter(|| ed25519_dalek::verify_batch(black_box(&refs), &sigs, &vks).unwrap())
    });
    // What batching across transcripts could gain: a transcript of the
    // archive has about 25 signatures, four of them about 100.
    for n in [25usize, 100] {
        let keys: Vec<ed25519_dalek::SigningKey> = (0..n)
            .map(|i| ed25519_dalek::SigningKey::from_bytes(&[i as u8 + 1; 32]))
            .collect();
        let msgs: Vec<Vec<u8>> = (0..n).map(|i| vec![i as u8; 400]).collect();
        let sigs: Vec<ed25519_dalek::Signature> = keys
            .iter()
            .zip(&msgs)
            .map(|(k, m)| ed25519_dalek::Signer::sign(k, m))
            .collect();
        let vks: Vec<ed25519_dalek::VerifyingKey> = keys.iter().map(|k| k.verifying_key()).collect();
        let refs: Vec<&[u8]> = msgs.iter().map(|m| m.as_slice()).collect();
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(format!("ed25519 verify_batch ({n} x 400 B)"), |b| {
            b.iter(|| ed25519_dalek::verify_batch(black_box(&refs), &sigs, &vks).unwrap())
        });
    }
    g.finish();
}

fn bench_timestamp(c: &mut Criterion, cast: &Scenario) {
    let mut tsa = LocalAuthority::new(scenario::party(Who::Tsa), || t(1), 1);
    let cards = cast.cards();
    let id = StatementId::of(b"statement");
    let token = tsa.stamp(id, Some(b"nonce")).unwrap();
    let bytes = token.as_bytes().to_vec();
    let mut g = c.benchmark_group("timestamp");
    g.bench_function("issue", |b| {
        b.iter(|| tsa.stamp(black_box(id), Some(b"nonce")).unwrap())
    });
    g.bench_function("verify", |b| {
        b.iter(|| {
            TimestampToken::decode(black_box(&bytes))
                .unwrap()
                .verify(&cards)
                .unwrap()
        })
    });
    // Their floor: Ed25519 on a message of the token's size (its
    // Sig_structure is a few bytes longer than the token).
    let msg = vec![7u8; bytes.len()];
    let sk = ed25519_dalek::SigningKey::from_bytes(&[6; 32]);
    let vk = sk.verifying_key();
    let sig = ed25519_dalek::Signer::sign(&sk, &msg);
    g.bench_function("ed25519 sign (token size)", |b| {
        b.iter(|| ed25519_dalek::Signer::sign(&sk, black_box(&msg)))
    });
    g.bench_function("ed25519 verify_strict (token size)", |b| {
        b.iter(|| vk.verify_strict(black_box(&msg), &sig).unwrap())
    });
    eprintln!("time-stamp token: {} bytes", bytes.len());
    g.finish();
}

fn bench_validate(c: &mut Criterion, cast: &Scenario) {
    let items = seven_steps();
    let cards = cast.cards();
    let contract = ContractId::new("EC-2026-0042").unwrap();
    let mut rng = ChaCha20Rng::seed_from_u64(2);
    // Each statement sealed to its recipient, as it would arrive.
    let sealed: Vec<(Vec<u8>, Who)> = items
        .iter()
        .filter_map(|i| match i {
            Item::S(s) => {
                let who = cast.who_is(s.recipient());
                Some((seal(s, cast.p(who).card(), &mut rng).unwrap(), who))
            }
            Item::T(_) => None,
        })
        .collect();
    let tokens: Vec<Vec<u8>> = items
        .iter()
        .filter_map(|i| match i {
            Item::T(tk) => Some(tk.as_bytes().to_vec()),
            _ => None,
        })
        .collect();
    let open_all = || {
        let mut out = Vec::new();
        for (env, who) in &sealed {
            out.push(open(env, cast.p(*who), &cards, Some(&contract)).unwrap());
        }
        let toks: Vec<_> = tokens
            .iter()
            .map(|b| TimestampToken::decode(b).unwrap().verify(&cards).unwrap())
            .collect();
        (out, toks)
    };
    let mut g = c.benchmark_group("seven-step contract");
    g.bench_function("open every statement and token", |b| b.iter(open_all));
    // Feeds the opened statements and tokens to a validator in record order.
    let validate = |statements: &[Verified<Statement>], toks: &[Verified<TimestampToken>]| {
        let mut v = Validator::new(contract.clone(), Policy::default());
        let (mut si, mut ti) = (0, 0);
        for (index, item) in items.iter().enumerate() {
            match item {
                Item::S(_) => {
                    v.statement(index, &statements[si]);
                    si += 1;
                }
                Item::T(_) => {
                    v.token(index, &toks[ti]);
                    ti += 1;
                }
            }
        }
        v.finish()
    };
    g.bench_function("open every statement and token, and validate", |b| {
        b.iter(|| {
            let (statements, toks) = open_all();
            let r = validate(&statements, &toks);
            assert!(r.is_complete(), "{:?}", r.findings);
        })
    });
    let (statements, toks) = open_all();
    g.bench_function("validate only", |b| b.iter(|| validate(&statements, &toks)));
    g.finish();
}

fn bench_audit(c: &mut Criterion) {
    let transcript = long_transcript(10_000);
    eprintln!("audit transcript: 10,000 statements, {} bytes", transcript.len());
    let mut g = c.benchmark_group("audit 10k");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.throughput(Throughput::Elements(10_000));
    for (name, options) in [
        (
            "batch, 1 thread",
            AuditOptions {
                threads: 1,
                batch: true,
            },
        ),
        (
            "batch, 2 threads",
            AuditOptions {
                threads: 2,
                batch: true,
            },
        ),
        (
            "strict, 1 thread",
            AuditOptions {
                threads: 1,
                batch: false,
            },
        ),
    ] {
        g.bench_function(name, |b| {
            b.iter_batched(
                || options.clone(),
                |o| {
                    let r = econtract::audit::audit_with(transcript.as_slice(), None, Policy::default(), o, |_| {})
                        .unwrap();
                    assert!(r.is_complete());
                },
                BatchSize::SmallInput,
            )
        });
    }
    g.finish();
}

fn estimate(group: &str, bench: &str) -> Option<f64> {
    let dir = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    let clean = |s: &str| s.replace(['/', ' ', '(', ')', ','], "_");
    for g in [group.to_owned(), clean(group)] {
        for b in [bench.to_owned(), clean(bench)] {
            let p = format!("{dir}/criterion/{g}/{b}/new/estimates.json");
            if let Ok(t) = std::fs::read_to_string(&p) {
                let j: serde_json::Value = serde_json::from_str(&t).ok()?;
                return j["median"]["point_estimate"].as_f64();
            }
        }
    }
    None
}

fn ratios() {
    let us = |g: &str, b: &str| estimate(g, b).map(|ns| ns / 1000.0);
    let p = |b: &str| us("primitive", b);
    println!("\n== ratios (medians from this run)");
    for (op, floor) in [
        (
            "seal",
            "x25519 fixed-base + x25519 agreement + ed25519 sign + chacha20poly1305 + sha256",
        ),
        (
            "open",
            "x25519 agreement + ed25519 verify_strict + chacha20poly1305 + sha256",
        ),
    ] {
        if let (Some(x), Some(f)) = (us(op, "econtract"), us(op, "floor")) {
            let sum: Option<f64> = floor.split(" + ").map(p).sum();
            let sum = sum.map_or(String::new(), |s| format!(", sum of the separate primitives {s:.1} us"));
            println!(
                "{op}   {x:7.1} us; floor ({floor}) {f:6.1} us{sum}; ratio {:.3} (target <= 1.10)",
                x / f
            );
        }
        let interleaved =
            |name: &str| INTERLEAVED.with(|i| i.borrow().iter().find(|(o, _)| *o == name).map(|(_, r)| *r));
        if let Some(r) = interleaved(op) {
            println!("{op}   interleaved with its floor, median of 60 rounds: ratio {r:.3}");
        }
        if let (Some(x), Some(r)) = (us(op, "econtract"), us(op, "rpgp")) {
            println!(
                "{op}   rPGP (v6 keys, SEIPDv2 AES-128-OCB) {r:6.1} us; econtract / rPGP {:.3}",
                x / r
            );
        }
        if let Some(r) = interleaved(&format!("{op} rpgp")) {
            println!("{op}   interleaved with rPGP, median of 60 rounds: econtract / rPGP {r:.3}");
        }
    }
    if let (Some(o), Some(ov)) = (
        us("seven-step contract", "open every statement and token"),
        us("seven-step contract", "open every statement and token, and validate"),
    ) {
        println!(
            "validate: open {o:.1} us, open + validate {ov:.1} us; validation adds {:.1}% (target < 5%)",
            (ov / o - 1.0) * 100.0
        );
    }
    if let (Some(b25), Some(b100)) = (
        p("ed25519 verify_batch (25 x 400 B)"),
        p("ed25519 verify_batch (100 x 400 B)"),
    ) {
        println!(
            "ed25519 verify_batch: {:.1} us per signature in batches of 25 (one transcript), {:.1} us in batches of 100 (four)",
            b25 / 25.0,
            b100 / 100.0
        );
    }
    if let Some(batch) = p("ed25519 verify_batch (64 x 400 B)") {
        println!("ed25519 verify_batch: {:.1} us per signature", batch / 64.0);
    }
    let one = us("audit 10k", "batch, 1 thread");
    let two = us("audit 10k", "batch, 2 threads");
    let strict = us("audit 10k", "strict, 1 thread");
    if let Some(one) = one {
        println!(
            "audit, batch, 1 thread: {:.0} statements/s ({:.1} us each; target >= 40,000/s)",
            1e10 / one,
            one / 10_000.0
        );
    }
    if let (Some(one), Some(two)) = (one, two) {
        println!(
            "audit, batch, 2 threads: {:.0} statements/s; speed-up {:.2}x (target >= 1.8x)",
            1e10 / two,
            one / two
        );
    }
    if let Some(strict) = strict {
        println!(
            "audit, verify_strict one by one, 1 thread: {:.0} statements/s",
            1e10 / strict
        );
    }
    if let (Some(t), Some(s)) = (us("timestamp", "issue"), us("timestamp", "ed25519 sign (token size)")) {
        println!(
            "timestamp issue {t:.1} us ({:.2}x ed25519 sign of a token-sized message, {s:.1} us)",
            t / s
        );
    }
    if let (Some(t), Some(v)) = (
        us("timestamp", "verify"),
        us("timestamp", "ed25519 verify_strict (token size)"),
    ) {
        println!(
            "timestamp verify {t:.1} us ({:.2}x ed25519 verify_strict of a token-sized message, {v:.1} us)",
            t / v
        );
    }
}

fn main() {
    let cast = cast();
    let mut c = Criterion::default().configure_from_args();
    bench_seal_open(&mut c, &cast);
    bench_timestamp(&mut c, &cast);
    bench_validate(&mut c, &cast);
    bench_audit(&mut c);
    c.final_summary();
    ratios();
}
