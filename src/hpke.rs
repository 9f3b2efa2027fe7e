//! HPKE (RFC 9180) base mode for the one suite econtract uses:
//! DHKEM(X25519, HKDF-SHA256) (0x0020), HKDF-SHA256 (0x0001),
//! ChaCha20-Poly1305 (0x0003).
//!
//! SPEC.md section "Envelopes". This module composes the standard from
//! x25519-dalek, hkdf and chacha20poly1305, following RFC 9180 sections 4,
//! 5.1, 5.2 and 7.1 line by line; it adds no primitive of its own. It is kept
//! exact by the RFC 9180 test vectors (`tests/vectors.rs`) and by interop
//! tests against the `hpke` crate and Python's `pyhpke`. It exists because
//! composing it directly avoids recomputing public keys that the caller
//! already holds, which keeps sealing within a few percent of the raw
//! primitives.

use std::sync::LazyLock;

use chacha20poly1305::aead::{AeadInOut, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Nonce, Tag};
use curve25519_dalek::montgomery::MontgomeryPoint;
use hkdf::{Hkdf, HkdfExtract};
use sha2::Sha256;
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::{Zeroize, Zeroizing};

/// KEM id of DHKEM(X25519, HKDF-SHA256).
pub const KEM_ID: u16 = 0x0020;
/// KDF id of HKDF-SHA256.
pub const KDF_ID: u16 = 0x0001;
/// AEAD id of ChaCha20-Poly1305.
pub const AEAD_ID: u16 = 0x0003;
/// Length of an encapsulated key (`Nenc`).
pub const N_ENC: usize = 32;
/// Length of the AEAD tag (`Nt`).
pub const N_TAG: usize = 16;

const KEM_SUITE: [u8; 5] = [b'K', b'E', b'M', 0x00, 0x20];
const HPKE_SUITE: [u8; 10] = [b'H', b'P', b'K', b'E', 0x00, 0x20, 0x00, 0x01, 0x00, 0x03];
const VERSION_LABEL: &[u8] = b"HPKE-v1";
const MODE_BASE: u8 = 0x00;

/// HPKE failed: a non-contributory key agreement (RFC 9180 section 7.1.4),
/// or a ciphertext that does not authenticate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("HPKE operation failed")]
pub struct HpkeError;

/// HMAC-SHA256 keyed with the empty salt, ready to clone: most
/// `LabeledExtract` calls use it, and keying it costs two compressions.
static EMPTY_SALT: LazyLock<HkdfExtract<Sha256>> = LazyLock::new(|| HkdfExtract::<Sha256>::new(Some(b"")));

/// `psk_id_hash` of base mode (empty `psk_id`): a constant of the suite.
static PSK_ID_HASH: LazyLock<[u8; 32]> = LazyLock::new(|| *labeled_extract(&HPKE_SUITE, b"", b"psk_id_hash", b""));

/// `LabeledExtract(salt, label, ikm)` (RFC 9180 section 4).
fn labeled_extract(suite: &[u8], salt: &[u8], label: &[u8], ikm: &[u8]) -> Zeroizing<[u8; 32]> {
    let mut ext = if salt.is_empty() {
        EMPTY_SALT.clone()
    } else {
        HkdfExtract::<Sha256>::new(Some(salt))
    };
    ext.input_ikm(VERSION_LABEL);
    ext.input_ikm(suite);
    ext.input_ikm(label);
    ext.input_ikm(ikm);
    let (mut prk, _) = ext.finalize();
    let mut out = Zeroizing::new([0u8; 32]);
    out.copy_from_slice(&prk);
    prk.as_mut_slice().zeroize();
    out
}

/// `LabeledExpand(prk, label, info, L)` (RFC 9180 section 4).
fn labeled_expand(suite: &[u8], prk: &[u8; 32], label: &[u8], info: &[u8], out: &mut [u8]) {
    // The PRK is always 32 bytes, so this cannot fail.
    let hk = Hkdf::<Sha256>::from_prk(prk).expect("PRK is HashLen bytes");
    expand_with(&hk, suite, label, info, out);
}

/// `LabeledExpand` with an already keyed HKDF (several expansions of one PRK).
fn expand_with(hk: &Hkdf<Sha256>, suite: &[u8], label: &[u8], info: &[u8], out: &mut [u8]) {
    let len = (out.len() as u16).to_be_bytes();
    // Every `out` here is at most 255 * 32 bytes, so this cannot fail.
    hk.expand_multi_info(&[&len, VERSION_LABEL, suite, label, info], out)
        .expect("output length within 255 * HashLen");
}

/// `info_hash = LabeledExtract("", "info_hash", info)` of the key schedule
/// (RFC 9180 section 5.1). It depends only on `info`, so a caller that seals
/// to the same recipient often can compute it once.
pub fn info_hash(info: &[u8]) -> [u8; 32] {
    *labeled_extract(&HPKE_SUITE, b"", b"info_hash", info)
}

/// `DeriveKeyPair(ikm)` for X25519 (RFC 9180 section 7.1.3): the secret key
/// as RFC 9180 serialises it (unclamped), and the public key.
pub fn derive_key_pair(ikm: &[u8]) -> (Zeroizing<[u8; 32]>, [u8; 32]) {
    let prk = labeled_extract(&KEM_SUITE, b"", b"dkp_prk", ikm);
    let mut sk = Zeroizing::new([0u8; 32]);
    labeled_expand(&KEM_SUITE, &prk, b"sk", b"", sk.as_mut());
    let pk = PublicKey::from(&StaticSecret::from(*sk)).to_bytes();
    (sk, pk)
}

/// `ExtractAndExpand(dh, kem_context)` of DHKEM (RFC 9180 section 4.1).
fn extract_and_expand(dh: &[u8; 32], enc: &[u8; 32], pk_r: &[u8; 32]) -> Zeroizing<[u8; 32]> {
    let eae_prk = labeled_extract(&KEM_SUITE, b"", b"eae_prk", dh);
    let mut kem_context = [0u8; 64];
    kem_context[..32].copy_from_slice(enc);
    kem_context[32..].copy_from_slice(pk_r);
    let mut shared = Zeroizing::new([0u8; 32]);
    labeled_expand(&KEM_SUITE, &eae_prk, b"shared_secret", &kem_context, shared.as_mut());
    shared
}

/// An HPKE encryption or decryption context (RFC 9180 section 5.2).
pub struct Context {
    aead: ChaCha20Poly1305,
    base_nonce: [u8; 12],
    exporter_secret: Zeroizing<[u8; 32]>,
    seq: u64,
}

impl Drop for Context {
    fn drop(&mut self) {
        self.base_nonce.zeroize();
    }
}

impl Context {
    /// `KeySchedule` in base mode (RFC 9180 section 5.1) from a KEM shared
    /// secret and the application's `info`.
    pub fn key_schedule(shared_secret: &[u8; 32], info: &[u8]) -> Context {
        Context::key_schedule_hashed(shared_secret, &info_hash(info), true)
    }

    /// `KeySchedule` with `info_hash` already computed; the exporter secret
    /// is derived only if `exporter` (single-message envelopes never export).
    pub(crate) fn key_schedule_hashed(shared_secret: &[u8; 32], info_hash: &[u8; 32], exporter: bool) -> Context {
        let mut ksc = [0u8; 65];
        ksc[0] = MODE_BASE;
        ksc[1..33].copy_from_slice(&*PSK_ID_HASH);
        ksc[33..].copy_from_slice(info_hash);
        let secret = labeled_extract(&HPKE_SUITE, shared_secret, b"secret", b"");
        let hk = Hkdf::<Sha256>::from_prk(secret.as_ref()).expect("PRK is HashLen bytes");
        let mut key = Zeroizing::new([0u8; 32]);
        expand_with(&hk, &HPKE_SUITE, b"key", &ksc, key.as_mut());
        let mut base_nonce = Zeroizing::new([0u8; 12]);
        expand_with(&hk, &HPKE_SUITE, b"base_nonce", &ksc, base_nonce.as_mut());
        let mut exporter_secret = Zeroizing::new([0u8; 32]);
        if exporter {
            expand_with(&hk, &HPKE_SUITE, b"exp", &ksc, exporter_secret.as_mut());
        }
        Context::from_parts(&key, *base_nonce, *exporter_secret)
    }

    /// A context from an AEAD key and base nonce directly, as RFC 9180's
    /// test vectors give them (and for running AEAD test vectors through
    /// this code path).
    pub fn from_parts(key: &[u8; 32], base_nonce: [u8; 12], exporter_secret: [u8; 32]) -> Context {
        Context {
            aead: ChaCha20Poly1305::new(key.into()),
            base_nonce,
            exporter_secret: Zeroizing::new(exporter_secret),
            seq: 0,
        }
    }

    /// `ComputeNonce(seq)`: the base nonce XOR the big-endian sequence number.
    fn nonce(&self) -> Nonce {
        let mut n = self.base_nonce;
        for (b, s) in n[4..].iter_mut().zip(self.seq.to_be_bytes()) {
            *b ^= s;
        }
        n.into()
    }

    fn increment(&mut self) -> Result<(), HpkeError> {
        self.seq = self.seq.checked_add(1).ok_or(HpkeError)?;
        Ok(())
    }

    /// `ContextS.Seal(aad, pt)`: encrypts `buffer` in place and appends the tag.
    pub fn seal_in_place(&mut self, aad: &[u8], buffer: &mut Vec<u8>) -> Result<(), HpkeError> {
        let tag = self
            .aead
            .encrypt_inout_detached(&self.nonce(), aad, buffer.as_mut_slice().into())
            .map_err(|_| HpkeError)?;
        buffer.extend_from_slice(&tag);
        self.increment()
    }

    /// `ContextR.Open(aad, ct)`: decrypts `buffer` (ciphertext and tag) in
    /// place, leaving the plaintext.
    pub fn open_in_place(&mut self, aad: &[u8], buffer: &mut Vec<u8>) -> Result<(), HpkeError> {
        let body = buffer.len().checked_sub(N_TAG).ok_or(HpkeError)?;
        let tag = Tag::try_from(&buffer[body..]).map_err(|_| HpkeError)?;
        self.aead
            .decrypt_inout_detached(&self.nonce(), aad, (&mut buffer[..body]).into(), &tag)
            .map_err(|_| HpkeError)?;
        buffer.truncate(body);
        self.increment()
    }

    /// `Context.Export(exporter_context, L)` (RFC 9180 section 5.3).
    pub fn export(&self, exporter_context: &[u8], out: &mut [u8]) -> Result<(), HpkeError> {
        if out.len() > 255 * 32 {
            return Err(HpkeError);
        }
        labeled_expand(&HPKE_SUITE, &self.exporter_secret, b"sec", exporter_context, out);
        Ok(())
    }
}

/// `SetupBaseS(pkR, info)` with the ephemeral secret `sk_e` given: returns
/// the encapsulated key `enc` and the sender's context. `sk_e` must be 32
/// uniformly random bytes (or, in tests, an RFC 9180 `skEm`).
pub fn setup_base_sender(sk_e: &[u8; 32], pk_r: &PublicKey, info: &[u8]) -> Result<([u8; 32], Context), HpkeError> {
    let (enc, shared) = encap(sk_e, pk_r)?;
    Ok((enc, Context::key_schedule(&shared, info)))
}

/// `SetupBaseS` with `info_hash` given, for one message (no exporter).
pub(crate) fn setup_base_sender_hashed(
    sk_e: &[u8; 32],
    pk_r: &PublicKey,
    info_hash: &[u8; 32],
) -> Result<([u8; 32], Context), HpkeError> {
    let (enc, shared) = encap(sk_e, pk_r)?;
    Ok((enc, Context::key_schedule_hashed(&shared, info_hash, false)))
}

/// `Encap(pkR)` of DHKEM(X25519) with the ephemeral secret given.
fn encap(sk_e: &[u8; 32], pk_r: &PublicKey) -> Result<([u8; 32], Zeroizing<[u8; 32]>), HpkeError> {
    let enc = PublicKey::from(&StaticSecret::from(*sk_e)).to_bytes();
    let dh = contributory(x25519(sk_e, pk_r.as_bytes()))?;
    Ok((enc, extract_and_expand(&dh, &enc, pk_r.as_bytes())))
}

/// `X25519(k, u)` of RFC 7748 section 5: the u-coordinate of `[clamp(k)]P`
/// for the point `P` with u-coordinate `u` (bit 255 masked, values of `u`
/// at or above `p` taken mod `p`), on the curve or on its twist.
///
/// The value is the one the Montgomery ladder gives, and the ladder is
/// what computes it when `u` is on the twist. When `u` is on the curve
/// (every honest key), it is computed on the birationally equivalent
/// Edwards curve with curve25519-dalek's constant-time variable-base
/// multiplication, which its vector backend makes about 5 µs faster on
/// this kind of machine than its serial ladder (SPEC.md section 10)
/// when built with link-time optimisation (benches/). Which
/// of the two ran depends only on `u`, which is public. `tests/vectors.rs`
/// checks this function against every Wycheproof and RFC 7748 X25519 case
/// and against the ladder on random inputs.
pub fn x25519(k: &[u8; 32], u: &[u8; 32]) -> Zeroizing<[u8; 32]> {
    let point = MontgomeryPoint(*u);
    Zeroizing::new(match point.to_edwards(0) {
        // u(-P) = u(P), so the sign chosen does not change the result.
        Some(edwards) => edwards.mul_clamped(*k).to_montgomery().0,
        None => point.mul_clamped(*k).0,
    })
}

/// RFC 9180 section 7.1.4: abort on an all-zero X25519 output.
fn contributory(dh: Zeroizing<[u8; 32]>) -> Result<Zeroizing<[u8; 32]>, HpkeError> {
    // Every byte is looked at, whatever the earlier ones are.
    if dh.iter().fold(0u8, |acc, b| acc | b) == 0 {
        return Err(HpkeError);
    }
    Ok(dh)
}

/// `SetupBaseR(enc, skR, info)`. `pk_r` is the recipient's own public key,
/// which the caller already holds (it is part of the KEM context).
pub fn setup_base_receiver(
    enc: &[u8; 32],
    sk_r: &StaticSecret,
    pk_r: &PublicKey,
    info: &[u8],
) -> Result<Context, HpkeError> {
    Ok(Context::key_schedule(&*decap(enc, sk_r, pk_r)?, info))
}

/// `SetupBaseR` with `info_hash` given, for one message (no exporter).
pub(crate) fn setup_base_receiver_hashed(
    enc: &[u8; 32],
    sk_r: &StaticSecret,
    pk_r: &PublicKey,
    info_hash: &[u8; 32],
) -> Result<Context, HpkeError> {
    Ok(Context::key_schedule_hashed(
        &*decap(enc, sk_r, pk_r)?,
        info_hash,
        false,
    ))
}

/// `Decap(enc, skR)` of DHKEM(X25519).
fn decap(enc: &[u8; 32], sk_r: &StaticSecret, pk_r: &PublicKey) -> Result<Zeroizing<[u8; 32]>, HpkeError> {
    let dh = contributory(x25519(&Zeroizing::new(sk_r.to_bytes()), enc))?;
    Ok(extract_and_expand(&dh, enc, pk_r.as_bytes()))
}
