//! COSE_Sign1 (RFC 9052) with Ed25519 (alg -19, RFC 9864): the signed form
//! shared by party cards, statements and time-stamp tokens.
//!
//! SPEC.md section "Signed objects". The protected header carries the
//! signer, the signing time and, for statements, the recipient, contract and
//! copy holders, as CWT claims (RFC 8392) in header 15, plus the econtract
//! version and object kind under private labels listed in `crit`.
//! Signatures are made and checked over the exact protected-header and
//! payload bytes; nothing received is ever re-encoded.

use std::collections::BTreeMap;

use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{IsIdentity, VartimeMultiscalarMul};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha512};

use crate::cbor::{self, Fields, Key, Value};
use crate::error::{DecodeError, KeyError, VerifyError};
use crate::ids::{ContractId, PartyId, UnixTime};

/// CBOR tag of COSE_Sign1 (RFC 9052 section 4.2).
pub const TAG_COSE_SIGN1: u64 = 18;
/// COSE header label `alg`.
pub const LABEL_ALG: i64 = 1;
/// COSE header label `crit`.
pub const LABEL_CRIT: i64 = 2;
/// COSE header label `CWT Claims` (RFC 9597).
pub const LABEL_CWT_CLAIMS: i64 = 15;
/// Private header label: econtract format version.
pub const LABEL_VERSION: i64 = -65537;
/// Private header label: econtract object kind.
pub const LABEL_KIND: i64 = -65538;
/// Private header label: copy holders of a statement.
pub const LABEL_CC: i64 = -65539;
/// COSE algorithm id of Ed25519 (RFC 9864).
pub const ALG_ED25519: i64 = -19;
/// CWT claim `iss`: the signer's party id.
pub const CLAIM_ISS: i64 = 1;
/// CWT claim `sub`: the contract id.
pub const CLAIM_SUB: i64 = 2;
/// CWT claim `aud`: the recipient's party id.
pub const CLAIM_AUD: i64 = 3;
/// CWT claim `iat`: the signing time.
pub const CLAIM_IAT: i64 = 6;
/// The econtract format version this crate reads and writes.
pub const FORMAT_VERSION: u64 = 2;
/// Context string of the COSE Sig_structure for COSE_Sign1.
pub const SIGNATURE1_CONTEXT: &str = "Signature1";
/// Most copy holders a statement may name.
pub const MAX_CC: usize = 8;

/// What a verifier learns from a protected header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Header {
    /// Object kind (`-65538`).
    pub kind: u64,
    /// Signer (`iss`).
    pub iss: PartyId,
    /// Signing time (`iat`).
    pub iat: UnixTime,
    /// Contract (`sub`); statements only.
    pub sub: Option<ContractId>,
    /// Recipient (`aud`); statements only.
    pub aud: Option<PartyId>,
    /// Copy holders (`-65539`), ascending, possibly empty.
    pub cc: Vec<PartyId>,
}

/// The `crit` list: the private labels present, in this order.
fn crit(has_cc: bool) -> Vec<Value<'static>> {
    let mut crit = vec![Value::int(LABEL_VERSION), Value::int(LABEL_KIND)];
    if has_cc {
        crit.push(Value::int(LABEL_CC));
    }
    crit
}

impl Header {
    /// The deterministic encoding of this header.
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut claims = vec![
            (Value::int(CLAIM_ISS), Value::Text(self.iss.to_hex().into())),
            (Value::int(CLAIM_IAT), Value::Uint(self.iat.as_secs())),
        ];
        if let Some(sub) = &self.sub {
            claims.push((Value::int(CLAIM_SUB), Value::text(sub.as_str())));
        }
        if let Some(aud) = &self.aud {
            claims.push((Value::int(CLAIM_AUD), Value::Text(aud.to_hex().into())));
        }
        let mut entries = vec![
            (Value::int(LABEL_ALG), Value::int(ALG_ED25519)),
            (Value::int(LABEL_CWT_CLAIMS), Value::map(claims)),
            (Value::int(LABEL_VERSION), Value::Uint(FORMAT_VERSION)),
            (Value::int(LABEL_KIND), Value::Uint(self.kind)),
        ];
        if !self.cc.is_empty() {
            let cc = self.cc.iter().map(|p| Value::Bytes(p.as_bytes().to_vec())).collect();
            entries.push((Value::int(LABEL_CC), Value::Array(cc)));
        }
        entries.push((Value::int(LABEL_CRIT), Value::Array(crit(!self.cc.is_empty()))));
        Value::map(entries).to_vec()
    }

    /// Decodes and checks a protected header (SPEC.md "Protected header").
    pub(crate) fn decode(bytes: &[u8]) -> Result<Header, DecodeError> {
        const W: &str = "protected header";
        let mut f = Fields::new(W, cbor::decode(bytes)?)?;
        if f.required(Key::Int(LABEL_ALG))?.into_int("alg")? != ALG_ED25519 {
            return Err(DecodeError::schema("alg", "only Ed25519 (-19) is accepted".into()));
        }
        let crit = f.required(Key::Int(LABEL_CRIT))?.into_array("crit")?;
        let version = f.required(Key::Int(LABEL_VERSION))?.into_uint("version")?;
        if version != FORMAT_VERSION {
            return Err(DecodeError::schema(
                "version",
                format!("unsupported econtract version {version}"),
            ));
        }
        let kind = f.required(Key::Int(LABEL_KIND))?.into_uint("kind")?;
        let cc = match f.optional(Key::Int(LABEL_CC)) {
            None => Vec::new(),
            Some(v) => {
                let items = v.into_array("cc")?;
                if items.is_empty() {
                    return Err(DecodeError::schema("cc", "present but empty".into()));
                }
                DecodeError::check_len("cc", items.len(), MAX_CC)?;
                let cc = items
                    .into_iter()
                    .map(|v| v.into_array32("cc").map(PartyId::from_bytes))
                    .collect::<Result<Vec<_>, _>>()?;
                if !cc.windows(2).all(|w| w[0] < w[1]) {
                    return Err(DecodeError::schema(
                        "cc",
                        "party ids must be distinct and in ascending order".into(),
                    ));
                }
                cc
            }
        };
        if crit != self::crit(!cc.is_empty()) {
            return Err(DecodeError::schema(
                "crit",
                "must list exactly the private labels present (-65537, -65538 and, with copies, -65539)".into(),
            ));
        }
        let mut c = Fields::new("CWT claims", f.required(Key::Int(LABEL_CWT_CLAIMS))?)?;
        let iss = party_id(c.required(Key::Int(CLAIM_ISS))?, "iss")?;
        let iat = UnixTime::decode(c.required(Key::Int(CLAIM_IAT))?, "iat")?;
        let sub = match c.optional(Key::Int(CLAIM_SUB)) {
            Some(v) => Some(ContractId::new(&v.into_str("sub")?)?),
            None => None,
        };
        let aud = match c.optional(Key::Int(CLAIM_AUD)) {
            Some(v) => Some(party_id(v, "aud")?),
            None => None,
        };
        c.finish()?;
        f.finish()?;
        Ok(Header {
            kind,
            iss,
            iat,
            sub,
            aud,
            cc,
        })
    }
}

/// A party id in its wire form: 64 lowercase hex digits.
pub(crate) fn party_id(v: Value<'_>, what: &'static str) -> Result<PartyId, DecodeError> {
    let t = v.into_str(what)?;
    t.parse::<PartyId>()
        .map_err(|_| DecodeError::schema(what, "expected a party id (64 lowercase hex digits)".into()))
}

/// A decoded COSE_Sign1 whose signature has not been checked yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Sign1 {
    /// The exact bytes received (or written).
    pub bytes: Vec<u8>,
    /// The exact protected-header bytes.
    pub protected: Vec<u8>,
    /// The decoded protected header.
    pub header: Header,
    /// The exact payload bytes.
    pub payload: Vec<u8>,
    /// The signature.
    pub signature: [u8; 64],
}

/// The COSE Sig_structure `["Signature1", protected, external_aad, payload]`.
pub(crate) fn sig_structure(protected: &[u8], external_aad: &[u8], payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(protected.len() + external_aad.len() + payload.len() + 40);
    sig_structure_parts(protected, external_aad, payload, |part| out.extend_from_slice(part));
    out
}

/// The bytes of [`sig_structure`], in order, in pieces handed to `sink`
/// (the heads, then each string's bytes where they lie): what is hashed
/// when a signature is checked, without building the copy.
fn sig_structure_parts(protected: &[u8], external_aad: &[u8], payload: &[u8], mut sink: impl FnMut(&[u8])) {
    let (array, n) = cbor::head(4, 4);
    sink(&array[..n]);
    let (context, n) = cbor::head(3, SIGNATURE1_CONTEXT.len() as u64);
    sink(&context[..n]);
    sink(SIGNATURE1_CONTEXT.as_bytes());
    for part in [protected, external_aad, payload] {
        let (head, n) = cbor::head(2, part.len() as u64);
        sink(&head[..n]);
        sink(part);
    }
}

impl Sign1 {
    /// Signs `payload` under `header` with `key`, binding `external_aad`.
    pub(crate) fn sign(key: &SigningKey, header: Header, payload: Vec<u8>, external_aad: &[u8]) -> Sign1 {
        let protected = header.encode();
        let signature = key.sign(&sig_structure(&protected, external_aad, &payload)).to_bytes();
        let mut bytes = Vec::with_capacity(protected.len() + payload.len() + 80);
        cbor::write_head(&mut bytes, 6, TAG_COSE_SIGN1);
        cbor::write_head(&mut bytes, 4, 4);
        cbor::write_bytes(&mut bytes, &protected);
        cbor::write_head(&mut bytes, 5, 0);
        cbor::write_bytes(&mut bytes, &payload);
        cbor::write_bytes(&mut bytes, &signature);
        Sign1 {
            bytes,
            protected,
            header,
            payload,
            signature,
        }
    }

    /// Decodes a tagged COSE_Sign1 of at most `max_len` bytes, strictly.
    pub(crate) fn decode(bytes: &[u8], what: &'static str, max_len: usize) -> Result<Sign1, DecodeError> {
        DecodeError::check_len(what, bytes.len(), max_len)?;
        let (protected, header, payload, signature) = Sign1::parts(bytes, what)?;
        Ok(Sign1 {
            bytes: bytes.to_vec(),
            protected,
            header,
            payload,
            signature,
        })
    }

    /// [`Sign1::decode`] of bytes the caller hands over (a decrypted
    /// envelope), which become the object's own without a copy.
    pub(crate) fn decode_vec(bytes: Vec<u8>, what: &'static str, max_len: usize) -> Result<Sign1, DecodeError> {
        DecodeError::check_len(what, bytes.len(), max_len)?;
        let (protected, header, payload, signature) = Sign1::parts(&bytes, what)?;
        Ok(Sign1 {
            bytes,
            protected,
            header,
            payload,
            signature,
        })
    }

    /// The strict decoding of [`Sign1::decode`], after the length check.
    #[allow(clippy::type_complexity)]
    fn parts(bytes: &[u8], what: &'static str) -> Result<(Vec<u8>, Header, Vec<u8>, [u8; 64]), DecodeError> {
        let inner = match cbor::decode(bytes)? {
            Value::Tag(TAG_COSE_SIGN1, inner) => *inner,
            _ => {
                return Err(DecodeError::schema(
                    what,
                    "expected a tagged COSE_Sign1 (tag 18)".into(),
                ));
            }
        };
        let mut items = inner.into_array(what)?.into_iter();
        let (Some(p), Some(u), Some(pl), Some(s), None) =
            (items.next(), items.next(), items.next(), items.next(), items.next())
        else {
            return Err(DecodeError::schema(
                what,
                "COSE_Sign1 must be an array of 4 items".into(),
            ));
        };
        let protected = p.into_bytes("protected header")?;
        if u != Value::Map(Vec::new()) {
            return Err(DecodeError::schema("unprotected header", "must be an empty map".into()));
        }
        let payload = pl.into_bytes("payload")?;
        let sig = s.into_bytes("signature")?;
        let signature = <[u8; 64]>::try_from(sig.as_slice())
            .map_err(|_| DecodeError::schema("signature", format!("expected 64 bytes, found {}", sig.len())))?;
        let header = Header::decode(&protected)?;
        Ok((protected, header, payload, signature))
    }

    /// Decodes a COSE_Sign1 that is not a statement (a card or a token):
    /// [`Sign1::decode`], then its kind is `kind` and it has no `sub`, `aud`
    /// or copy holders; `noun` names it in that error.
    pub(crate) fn decode_bare(
        bytes: &[u8],
        what: &'static str,
        max_len: usize,
        kind: u64,
        noun: &str,
    ) -> Result<Sign1, DecodeError> {
        let s = Sign1::decode(bytes, what, max_len)?;
        let h = &s.header;
        if h.kind != kind {
            return Err(DecodeError::schema(
                what,
                format!("kind {} is not a {what} ({kind})", h.kind),
            ));
        }
        if h.sub.is_some() || h.aud.is_some() || !h.cc.is_empty() {
            return Err(DecodeError::schema(
                what,
                format!("a {noun} has no sub, aud or copy holders"),
            ));
        }
        Ok(s)
    }

    /// The bytes the signature covers.
    pub(crate) fn to_be_signed(&self, external_aad: &[u8]) -> Vec<u8> {
        sig_structure(&self.protected, external_aad, &self.payload)
    }

    /// The signature check this object needs, with `key` (its signer's).
    pub(crate) fn check(&self, key: &VerifyingKey, external_aad: &[u8]) -> SignatureCheck {
        SignatureCheck {
            key: *key,
            message: self.to_be_signed(external_aad),
            signature: Signature::from_bytes(&self.signature),
        }
    }

    /// Checks the signature with `key` under the signature rule (SPEC.md
    /// section 4, [`SignatureCheck::verify`]).
    /// The same rule as the check, with the Sig_structure hashed in place
    /// rather than copied. `key` must keep the invariant of
    /// [`SignatureCheck`].
    pub(crate) fn verify(&self, key: &VerifyingKey, external_aad: &[u8]) -> Result<(), VerifyError> {
        let signature = Signature::from_bytes(&self.signature);
        equation(&prepare(key, &signature, |h| {
            sig_structure_parts(&self.protected, external_aad, &self.payload, |part| h.update(part))
        })?)
    }
}

/// One Ed25519 signature to check: key, signed bytes, signature. Checked
/// alone ([`SignatureCheck::verify`]) or with others ([`verify_batch`]);
/// both apply the one signature rule of SPEC.md section 4 and accept the
/// same signatures.
///
/// Invariant: `key` has passed [`crate::keys::check_signing_key`] (it comes
/// from a [`crate::keys::PartyCard`], or from that check): canonical and
/// torsion-free, so in particular not of small order.
#[derive(Clone, Debug)]
pub(crate) struct SignatureCheck {
    pub key: VerifyingKey,
    pub message: Vec<u8>,
    pub signature: Signature,
}

/// A signature that has passed the per-signature checks of the rule, with
/// what its equation needs.
struct Prepared {
    /// `S`, below `L`.
    s: Scalar,
    /// `R`, canonical and not of small order.
    r: EdwardsPoint,
    /// `k = SHA-512(R || A || M) mod L`, over the bytes received.
    k: Scalar,
    /// `A`, the signer's key.
    a: EdwardsPoint,
}

/// Whether the 255-bit `y` of a point encoding (bit 255, the sign of `x`,
/// masked) is below `p = 2^255 - 19` (RFC 8032 section 5.1.3, step 1).
fn y_below_p(bytes: &[u8; 32]) -> bool {
    // Little-endian: p = ed ff .. ff 7f.
    let mut p = [0xffu8; 32];
    p[0] = 0xed;
    p[31] = 0x7f;
    let mut y = *bytes;
    y[31] &= 0x7f;
    y.iter()
        .rev()
        .zip(p.iter().rev())
        .find(|(a, b)| a != b)
        .is_some_and(|(a, b)| a < b)
}

impl SignatureCheck {
    /// The check of raw bytes: a public key that must pass
    /// [`crate::keys::check_signing_key`] (`KeyError::InvalidSigningKey` if
    /// it is not 32 bytes), a message, and a signature that must be 64 bytes
    /// (`KeyError::BadSignature`).
    pub(crate) fn from_raw(public_key: &[u8], message: &[u8], signature: &[u8]) -> Result<SignatureCheck, KeyError> {
        let pk = <&[u8; 32]>::try_from(public_key).map_err(|_| KeyError::InvalidSigningKey)?;
        let sig = <&[u8; 64]>::try_from(signature).map_err(|_| KeyError::BadSignature)?;
        Ok(SignatureCheck {
            key: crate::keys::check_signing_key(pk)?,
            message: message.to_vec(),
            signature: Signature::from_bytes(sig),
        })
    }

    /// The checks of the signature rule that look at one signature alone
    /// ([`prepare`]). The single check and the batch both start here, so
    /// they refuse exactly the same encodings.
    fn prepare(&self) -> Result<Prepared, VerifyError> {
        prepare(&self.key, &self.signature, |h| h.update(&self.message))
    }

    /// The signature rule of SPEC.md section 4 for one signature: the
    /// checks of [`prepare`], then step 5, the cofactored equation
    /// ([`equation`]).
    pub(crate) fn verify(&self) -> Result<(), VerifyError> {
        equation(&self.prepare()?)
    }
}

/// The checks of the signature rule that look at one signature alone
/// (SPEC.md section 4, steps 2 to 4; step 1, the key and the length, was
/// made before: see the invariant of [`SignatureCheck`]), and `k`, with the
/// signed message fed to SHA-512 by `message` (all of it, in order).
fn prepare(
    key: &VerifyingKey,
    signature: &Signature,
    message: impl FnOnce(&mut Sha512),
) -> Result<Prepared, VerifyError> {
    // Step 2: S < L.
    let s =
        Option::<Scalar>::from(Scalar::from_canonical_bytes(*signature.s_bytes())).ok_or(VerifyError::BadSignature)?;
    // Step 3: R is the canonical encoding of a curve point. The
    // encodings that decode but are not canonical are those with y >= p,
    // and those of a point with x = 0 and the sign bit set; x = 0 only at
    // y = 1 and y = -1, the identity and the point of order 2, both of
    // small order and refused by step 4. So y < p and step 4 make R
    // canonical, without re-encoding the point (which costs a field
    // inversion, a tenth of a verification).
    let r_bytes = signature.r_bytes();
    let r = CompressedEdwardsY(*r_bytes)
        .decompress()
        .ok_or(VerifyError::BadSignature)?;
    // Step 4: R is not of small order ([8]R is not the identity).
    if !y_below_p(r_bytes) || r.is_small_order() {
        return Err(VerifyError::BadSignature);
    }
    // The key was checked when its card was read (see the invariant).
    let mut h = Sha512::new();
    h.update(r_bytes);
    h.update(key.as_bytes());
    message(&mut h);
    let k = Scalar::from_bytes_mod_order_wide(&h.finalize().into());
    Ok(Prepared {
        s,
        r,
        k,
        a: key.to_edwards(),
    })
}

/// Step 5 of the signature rule of SPEC.md section 4 for one signature that
/// has passed [`prepare`]: the cofactored equation `[8]([S]B - R - [k]A) = 0`.
fn equation(p: &Prepared) -> Result<(), VerifyError> {
    let sb_minus_ka = EdwardsPoint::vartime_double_scalar_mul_basepoint(&p.k, &-p.a, &p.s);
    if (sb_minus_ka - p.r).mul_by_cofactor().is_identity() {
        Ok(())
    } else {
        Err(VerifyError::BadSignature)
    }
}

/// Domain separation of the batch coefficients (SPEC.md section 17).
const BATCH_LABEL: &[u8] = b"econtract/v2 batch";

/// The signature rule of SPEC.md section 4 for many signatures at once:
/// each passes [`SignatureCheck::prepare`], then one linear combination of
/// their cofactored equations,
/// `[8](sum z_i ([S_i]B - R_i - [k_i]A_i)) = 0`, with 128-bit coefficients
/// `z_i` derived by SHA-512 from every signature, key and `k_i` of the
/// batch (SPEC.md section 17).
///
/// `Ok` means that every signature passes [`SignatureCheck::verify`],
/// except with probability below 2^-128 for a batch its signers did not
/// craft to defeat SHA-512. `Err` means that at least one of them fails it
/// (exactly: if every one passes, every term is a point of small order, and
/// so is the sum); it does not say which.
pub(crate) fn verify_batch(checks: &[&SignatureCheck]) -> Result<(), VerifyError> {
    let prepared = checks.iter().map(|c| c.prepare()).collect::<Result<Vec<_>, _>>()?;
    let mut seed = Sha512::new();
    seed.update(BATCH_LABEL);
    seed.update((prepared.len() as u64).to_le_bytes());
    for (c, p) in checks.iter().zip(&prepared) {
        seed.update(c.signature.r_bytes());
        seed.update(c.key.as_bytes());
        seed.update(p.s.as_bytes());
        seed.update(p.k.as_bytes());
    }
    let seed = seed.finalize();
    // One term per R, one per distinct key (a transcript has few signers),
    // and one for B.
    let mut b_coefficient = Scalar::ZERO;
    let mut keys: BTreeMap<&[u8; 32], (Scalar, EdwardsPoint)> = BTreeMap::new();
    let mut scalars = Vec::with_capacity(prepared.len() + 8);
    let mut points = Vec::with_capacity(prepared.len() + 8);
    for (i, (c, p)) in checks.iter().zip(&prepared).enumerate() {
        let mut h = Sha512::new();
        h.update(seed);
        h.update((i as u64).to_le_bytes());
        let mut z = [0u8; 32];
        z[..16].copy_from_slice(&h.finalize()[..16]);
        let z = Scalar::from_bytes_mod_order(z);
        b_coefficient += z * p.s;
        keys.entry(c.key.as_bytes()).or_insert((Scalar::ZERO, p.a)).0 += z * p.k;
        scalars.push(-z);
        points.push(p.r);
    }
    for (coefficient, a) in keys.into_values() {
        scalars.push(-coefficient);
        points.push(a);
    }
    scalars.push(b_coefficient);
    points.push(curve25519_dalek::constants::ED25519_BASEPOINT_POINT);
    if EdwardsPoint::vartime_multiscalar_mul(scalars, points)
        .mul_by_cofactor()
        .is_identity()
    {
        Ok(())
    } else {
        Err(VerifyError::BadSignature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_hex(s: &str) -> Vec<u8> {
        crate::ids::from_hex(&s.to_ascii_lowercase()).expect("hex")
    }

    fn example(path: &str) -> serde_json::Value {
        let p = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/vectors/cose-examples/").to_owned() + path;
        serde_json::from_str(&std::fs::read_to_string(p).expect("vector file")).expect("json")
    }

    /// cose-wg/Examples eddsa-sig-01: our Sig_structure and our COSE_Sign1
    /// framing reproduce the working group's bytes exactly.
    #[test]
    fn cose_wg_eddsa_sig_01() {
        let v = example("eddsa-examples/eddsa-sig-01.json");
        let out = from_hex(v["output"]["cbor"].as_str().unwrap());
        let payload = v["input"]["plaintext"].as_str().unwrap().as_bytes();
        let protected = from_hex("A201270300"); // {1: -8, 3: 0}
        let tbs = sig_structure(&protected, b"", payload);
        assert_eq!(tbs, from_hex(v["intermediates"]["ToBeSign_hex"].as_str().unwrap()));
        let d: [u8; 32] = from_hex(v["input"]["sign0"]["key"]["d_hex"].as_str().unwrap())
            .try_into()
            .unwrap();
        let key = SigningKey::from_bytes(&d);
        let sig = key.sign(&tbs).to_bytes();
        assert_eq!(&out[out.len() - 64..], &sig[..]);
        // The example is lenient where econtract is strict: it uses the
        // deprecated alg -8, a content type and an unprotected kid, so our
        // decoder refuses it with a schema error, not a crash.
        assert!(matches!(
            Sign1::decode(&out, "example", 4096),
            Err(DecodeError::Schema { .. })
        ));
        // Its signature still verifies under our rule over its exact bytes.
        let x: [u8; 32] = from_hex(v["input"]["sign0"]["key"]["x_hex"].as_str().unwrap())
            .try_into()
            .unwrap();
        crate::keys::verify_ed25519(&x, &tbs, &sig).unwrap();
    }

    /// Steps 3 and 4 of the rule (y < p, and R not of small order) accept
    /// exactly the canonical encodings of points not of small order: every
    /// encoding with y >= p (both signs), both encodings with x = 0 and the
    /// sign bit set, and many others, against re-encoding the point.
    #[test]
    fn r_checks_accept_exactly_canonical_points_not_of_small_order() {
        let rule = |b: [u8; 32]| {
            CompressedEdwardsY(b)
                .decompress()
                .is_some_and(|p| y_below_p(&b) && !p.is_small_order())
        };
        let reference = |b: [u8; 32]| {
            CompressedEdwardsY(b)
                .decompress()
                .is_some_and(|p| p.compress().to_bytes() == b && !p.is_small_order())
        };
        let mut encodings = Vec::new();
        // y = p + t for t = 0..=18, up to 2^255 - 1.
        for t in 0..19u8 {
            let mut b = [0xffu8; 32];
            b[0] = 0xed + t;
            for top in [0x7f, 0xff] {
                b[31] = top;
                encodings.push(b);
            }
        }
        let non_canonical = encodings.len();
        let decoding = encodings
            .iter()
            .filter(|b| CompressedEdwardsY(**b).decompress().is_some())
            .count();
        assert!(decoding > 2, "some non-canonical encodings decode");
        // x = 0 with the sign bit set: the identity and the point of order 2.
        encodings.push(from_hex(&format!("01{}80", "00".repeat(30))).try_into().unwrap());
        encodings.push(from_hex(&format!("ec{}ff", "ff".repeat(30))).try_into().unwrap());
        for i in 0u32..2000 {
            let h = Sha512::digest(i.to_le_bytes());
            encodings.push(h[..32].try_into().unwrap());
        }
        for b in &encodings[..non_canonical + 2] {
            assert!(!rule(*b), "{b:02x?}");
        }
        for b in encodings {
            assert_eq!(rule(b), reference(b), "{b:02x?}");
        }
    }

    #[test]
    fn header_round_trip_and_crit() {
        let h = Header {
            kind: 1,
            iss: PartyId::of_signing_key(&[1; 32]),
            iat: UnixTime::from_secs(5).unwrap(),
            sub: Some(ContractId::new("C-1").unwrap()),
            aud: Some(PartyId::of_signing_key(&[2; 32])),
            cc: vec![PartyId::of_signing_key(&[3; 32])],
        };
        let bytes = h.encode();
        assert_eq!(Header::decode(&bytes).unwrap(), h);
        // Canonical key order: 1, 2, 15, -65537, -65538, -65539.
        let v = cbor::decode(&bytes).unwrap();
        let Value::Map(entries) = v else { panic!() };
        let keys: Vec<i64> = entries.into_iter().map(|(k, _)| k.into_int("k").unwrap()).collect();
        assert_eq!(keys, [1, 2, 15, -65537, -65538, -65539]);
    }
}
