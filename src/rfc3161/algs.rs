//! The signature algorithms a TSA may use, for the CMS signature and for
//! the certificate signatures of its path: ECDSA P-256 with SHA-256
//! (p256), Ed25519 (the crate's one rule, SPEC.md section 4) and RSA
//! PKCS#1 v1.5 with SHA-256/384/512 (rsa; moduli of 2048 to 8192 bits).
//!
//! rustls-webpki is built without a crypto provider; these are given to it
//! as [`SignatureVerificationAlgorithm`]s.

use const_oid::ObjectIdentifier;
use p256::ecdsa::signature::Verifier as _;
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::traits::PublicKeyParts;
use rustls_pki_types::{AlgorithmIdentifier, InvalidSignature, SignatureVerificationAlgorithm, alg_id};
use sha2::{Sha256, Sha384, Sha512};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};

use super::{Rfc3161Error, oid};

/// The smallest RSA modulus accepted, in bits.
const MIN_RSA_BITS: usize = 2048;

/// A hash the message-digest attribute may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    pub(crate) fn from_alg(alg: &AlgorithmIdentifierOwned) -> Result<Hash, Rfc3161Error> {
        // RFC 5754 2: parameters absent or NULL.
        if alg.parameters.as_ref().is_some_and(|p| !p.is_null()) {
            return Err(Rfc3161Error::UnsupportedAlgorithm(format!(
                "digest {} with parameters",
                alg.oid
            )));
        }
        match alg.oid {
            o if o == oid::SHA256 => Ok(Hash::Sha256),
            o if o == oid::SHA384 => Ok(Hash::Sha384),
            o if o == oid::SHA512 => Ok(Hash::Sha512),
            o => Err(Rfc3161Error::UnsupportedAlgorithm(format!("digest {o}"))),
        }
    }

    pub(crate) fn digest(self, data: &[u8]) -> Vec<u8> {
        use sha2::Digest;
        match self {
            Hash::Sha256 => Sha256::digest(data).to_vec(),
            Hash::Sha384 => Sha384::digest(data).to_vec(),
            Hash::Sha512 => Sha512::digest(data).to_vec(),
        }
    }
}

/// Verifies a CMS SignerInfo signature (RFC 5652 5.6) over `message` (the
/// DER of the signed attributes) with the key of `spki`.
/// `digest` is the SignerInfo's digestAlgorithm.
pub(crate) fn verify_cms(
    spki: &SubjectPublicKeyInfoOwned,
    sig_alg: &AlgorithmIdentifierOwned,
    digest: Hash,
    message: &[u8],
    signature: &[u8],
) -> Result<(), Rfc3161Error> {
    let key = spki.subject_public_key.as_bytes().ok_or(Rfc3161Error::BadSignature(
        "the signer's public key is not a whole number of bytes",
    ))?;
    let key_alg = spki.algorithm.oid;
    let bad = Rfc3161Error::BadSignature("the signature over the signed attributes does not verify");
    let unsupported = || {
        Rfc3161Error::UnsupportedAlgorithm(format!(
            "signature {} with a {} key and digest {:?}",
            sig_alg.oid, key_alg, digest
        ))
    };
    if key_alg == oid::EC_PUBLIC_KEY {
        let curve: Option<ObjectIdentifier> = spki.algorithm.parameters.as_ref().and_then(|p| p.decode_as().ok());
        // ecdsa-with-SHA256 (RFC 5758 3.2), or id-ecPublicKey with the
        // digest algorithm giving the hash (RFC 5753 7.1.3, older signers).
        let sha256 =
            sig_alg.oid == oid::ECDSA_WITH_SHA256 || (sig_alg.oid == oid::EC_PUBLIC_KEY && digest == Hash::Sha256);
        if curve != Some(oid::SECP256R1) || !sha256 {
            return Err(unsupported());
        }
        return p256_verify(key, message, signature).map_err(|_| bad);
    }
    if key_alg == oid::ED25519 {
        // RFC 8419 3.1: id-Ed25519, PureEdDSA over the signed attributes.
        if sig_alg.oid != oid::ED25519 || sig_alg.parameters.is_some() {
            return Err(unsupported());
        }
        return ed25519_verify(key, message, signature).map_err(|_| bad);
    }
    if key_alg == oid::RSA_ENCRYPTION {
        let hash = match sig_alg.oid {
            o if o == oid::SHA256_WITH_RSA => Hash::Sha256,
            o if o == oid::SHA384_WITH_RSA => Hash::Sha384,
            o if o == oid::SHA512_WITH_RSA => Hash::Sha512,
            // RFC 3370 3.2: rsaEncryption, the hash given by digestAlgorithm.
            o if o == oid::RSA_ENCRYPTION => digest,
            _ => return Err(unsupported()),
        };
        return rsa_verify(hash, key, message, signature).map_err(|e| match e {
            RsaError::KeySize => Rfc3161Error::UnsupportedAlgorithm("an RSA key below 2048 bits".into()),
            RsaError::Bad => bad,
        });
    }
    Err(unsupported())
}

fn p256_verify(key: &[u8], message: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
    let vk = p256::ecdsa::VerifyingKey::from_sec1_bytes(key).map_err(|_| InvalidSignature)?;
    let sig = p256::ecdsa::Signature::from_der(signature).map_err(|_| InvalidSignature)?;
    vk.verify(message, &sig).map_err(|_| InvalidSignature)
}

fn ed25519_verify(key: &[u8], message: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
    crate::cose::SignatureCheck::from_raw(key, message, signature)
        .map_err(|_| InvalidSignature)?
        .verify()
        .map_err(|_| InvalidSignature)
}

enum RsaError {
    KeySize,
    Bad,
}

fn rsa_verify(hash: Hash, key: &[u8], message: &[u8], signature: &[u8]) -> Result<(), RsaError> {
    let pk = rsa::PublicKey::from_pkcs1_der(key).map_err(|_| RsaError::Bad)?;
    if pk.size() * 8 < MIN_RSA_BITS {
        return Err(RsaError::KeySize);
    }
    let sig = rsa::pkcs1v15::Signature::try_from(signature).map_err(|_| RsaError::Bad)?;
    let ok = match hash {
        Hash::Sha256 => rsa::pkcs1v15::VerifyingKey::<Sha256>::new(pk).verify(message, &sig),
        Hash::Sha384 => rsa::pkcs1v15::VerifyingKey::<Sha384>::new(pk).verify(message, &sig),
        Hash::Sha512 => rsa::pkcs1v15::VerifyingKey::<Sha512>::new(pk).verify(message, &sig),
    };
    ok.map_err(|_| RsaError::Bad)
}

/// ECDSA P-256 with SHA-256, for rustls-webpki.
#[derive(Debug)]
struct EcdsaP256Sha256;

impl SignatureVerificationAlgorithm for EcdsaP256Sha256 {
    fn verify_signature(&self, public_key: &[u8], message: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        p256_verify(public_key, message, signature)
    }
    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        alg_id::ECDSA_P256
    }
    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        alg_id::ECDSA_SHA256
    }
}

/// Ed25519, for rustls-webpki.
#[derive(Debug)]
struct Ed25519;

impl SignatureVerificationAlgorithm for Ed25519 {
    fn verify_signature(&self, public_key: &[u8], message: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        ed25519_verify(public_key, message, signature)
    }
    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        alg_id::ED25519
    }
    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        alg_id::ED25519
    }
}

/// RSA PKCS#1 v1.5, for rustls-webpki.
#[derive(Debug)]
struct RsaPkcs1(Hash);

impl SignatureVerificationAlgorithm for RsaPkcs1 {
    fn verify_signature(&self, public_key: &[u8], message: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        rsa_verify(self.0, public_key, message, signature).map_err(|_| InvalidSignature)
    }
    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        alg_id::RSA_ENCRYPTION
    }
    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        match self.0 {
            Hash::Sha256 => alg_id::RSA_PKCS1_SHA256,
            Hash::Sha384 => alg_id::RSA_PKCS1_SHA384,
            Hash::Sha512 => alg_id::RSA_PKCS1_SHA512,
        }
    }
}

/// The algorithms certificate signatures may use.
pub(crate) static WEBPKI_ALGS: &[&dyn SignatureVerificationAlgorithm] = &[
    &EcdsaP256Sha256,
    &Ed25519,
    &RsaPkcs1(Hash::Sha256),
    &RsaPkcs1(Hash::Sha384),
    &RsaPkcs1(Hash::Sha512),
];
