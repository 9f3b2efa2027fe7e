//! Parties: their secret keys and their public party cards.
//!
//! SPEC.md section "Party cards". A party has a name, an Ed25519 signing key
//! and an X25519 encryption key. Its card binds the name and both public keys
//! under the party's own Ed25519 signature, so whoever trusts the signing key
//! also knows which encryption key to seal to. Keys that are weak (small
//! order, a small-order component, non-canonical, non-contributory) are
//! refused whenever a card is made or read.

use std::collections::BTreeMap;
use std::fmt;

use ed25519_dalek::{SigningKey, VerifyingKey};
use rand_core::CryptoRng;
use x25519_dalek::{PublicKey as XPublicKey, StaticSecret};
use zeroize::Zeroizing;

use crate::cbor::{self, Fields, Key, Value};
use crate::cose::{Header, Sign1};
use crate::error::{DecodeError, KeyError};
use crate::ids::{PartyId, UnixTime};

/// External AAD of a party card's signature (SPEC.md "Domain separation").
pub const CARD_AAD: &[u8] = b"econtract/v1 card";
/// Object kind of a party card in the protected header.
pub const KIND_CARD: u64 = 100;
/// Largest encoded party card, in bytes.
pub const MAX_CARD_SIZE: usize = 1024;
/// Longest party name, in bytes of UTF-8.
pub const MAX_NAME: usize = 128;

/// Checks an Ed25519 public key as econtract requires of every signing key:
/// a canonical encoding of a point of prime order (not small order, no
/// small-order component).
pub fn check_signing_key(bytes: &[u8; 32]) -> Result<VerifyingKey, KeyError> {
    let vk = VerifyingKey::from_bytes(bytes).map_err(|_| KeyError::InvalidSigningKey)?;
    let point = vk.to_edwards();
    if point.compress().as_bytes() != bytes {
        return Err(KeyError::InvalidSigningKey);
    }
    if vk.is_weak() || !point.is_torsion_free() {
        return Err(KeyError::WeakSigningKey);
    }
    Ok(vk)
}

/// Checks an X25519 public key as econtract requires of every encryption
/// key: canonical (below 2^255 - 19, top bit clear) and contributory (its
/// agreement with a clamped scalar is not all zero, so it is not of small
/// order).
pub fn check_encryption_key(bytes: &[u8; 32]) -> Result<XPublicKey, KeyError> {
    // Little-endian comparison with p = 2^255 - 19 = ed ff .. ff 7f.
    let mut p = [0xffu8; 32];
    p[0] = 0xed;
    p[31] = 0x7f;
    let below_p = bytes
        .iter()
        .rev()
        .zip(p.iter().rev())
        .find(|(a, b)| a != b)
        .is_some_and(|(a, b)| a < b);
    if !below_p {
        return Err(KeyError::WeakEncryptionKey);
    }
    let pk = XPublicKey::from(*bytes);
    if !StaticSecret::from([1u8; 32]).diffie_hellman(&pk).was_contributory() {
        return Err(KeyError::WeakEncryptionKey);
    }
    Ok(pk)
}

/// The signature rule of SPEC.md section 4, which every signature check in
/// econtract applies, one at a time or in an audit's batch (SPEC.md section
/// 17), with the same verdict: the key must pass [`check_signing_key`], the
/// signature must be exactly 64 bytes with `S < L` and `R` a canonical
/// encoding of a point not of small order, and `[8]([S]B - R - [k]A)` must
/// be the identity (the cofactored equation of RFC 8032 section 5.1.7).
/// Exposed so conformance tests and second implementations can check their
/// rule against this one.
pub fn verify_ed25519(public_key: &[u8], message: &[u8], signature: &[u8]) -> Result<(), KeyError> {
    crate::cose::SignatureCheck::from_raw(public_key, message, signature)?
        .verify()
        .map_err(|_| KeyError::BadSignature)
}

/// Invisible formatting characters that can make one name look like another:
/// bidirectional controls and zero-width characters (SPEC.md "Party cards").
pub(crate) fn is_format_char(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

fn check_name(name: &str) -> Result<(), KeyError> {
    if name.is_empty() {
        return Err(KeyError::InvalidName("empty"));
    }
    if name.len() > MAX_NAME {
        return Err(KeyError::InvalidName("longer than 128 bytes"));
    }
    if name.chars().any(|c| c.is_control() || is_format_char(c)) {
        return Err(KeyError::InvalidName(
            "contains control or bidirectional formatting characters",
        ));
    }
    Ok(())
}

/// A party's public card: its name and public keys, self-signed.
///
/// A `PartyCard` value has always been checked: its signature verified, its
/// keys found strong. The exact bytes are kept and are what is stored and
/// compared.
///
/// ```cddl
/// party-card = #6.18([ protected: bstr .cbor card-header, unprotected: {},
///                      payload: bstr .cbor card-body, signature: bstr .size 64 ])
/// card-body = { "name": tstr, "signing_key": bstr .size 32,
///               "encryption_key": bstr .size 32 }
/// ```
#[derive(Clone)]
pub struct PartyCard {
    /// HPKE `info_hash` of envelopes sealed to this party, computed once.
    envelope_info_hash: std::sync::OnceLock<[u8; 32]>,
    bytes: Vec<u8>,
    id: PartyId,
    name: String,
    created: UnixTime,
    signing: VerifyingKey,
    encryption: XPublicKey,
}

impl PartyCard {
    /// Decodes, checks and verifies a card (SPEC.md "Party cards").
    pub fn from_bytes(bytes: &[u8]) -> Result<PartyCard, KeyError> {
        let s = Sign1::decode_bare(bytes, "party card", MAX_CARD_SIZE, KIND_CARD, "card")?;
        let h = &s.header;
        let mut f = Fields::new("card body", cbor::decode(&s.payload)?)?;
        let name = f.required(Key::Text("name"))?.into_text("name")?;
        let signing_bytes = f.required(Key::Text("signing_key"))?.into_array32("signing_key")?;
        let encryption_bytes = f
            .required(Key::Text("encryption_key"))?
            .into_array32("encryption_key")?;
        f.finish()?;
        check_name(&name)?;
        let signing = check_signing_key(&signing_bytes)?;
        let encryption = check_encryption_key(&encryption_bytes)?;
        let id = PartyId::of_signing_key(&signing_bytes);
        if h.iss != id {
            return Err(
                DecodeError::schema("party card", "iss is not the party id of the card's signing key".into()).into(),
            );
        }
        s.verify(&signing, CARD_AAD).map_err(|_| KeyError::BadSignature)?;
        Ok(PartyCard {
            envelope_info_hash: std::sync::OnceLock::new(),
            bytes: s.bytes,
            id,
            name,
            created: h.iat,
            signing,
            encryption,
        })
    }

    /// The exact encoded card.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }
    /// The party id (key id of the signing key).
    pub fn id(&self) -> PartyId {
        self.id
    }
    /// The party's name as it signed it.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// When the card was signed.
    pub fn created(&self) -> UnixTime {
        self.created
    }
    /// The Ed25519 public key.
    pub fn signing_key(&self) -> &[u8; 32] {
        self.signing.as_bytes()
    }
    /// The X25519 public key.
    pub fn encryption_key(&self) -> &[u8; 32] {
        self.encryption.as_bytes()
    }
    pub(crate) fn verifying_key(&self) -> &VerifyingKey {
        &self.signing
    }
    pub(crate) fn x25519(&self) -> &XPublicKey {
        &self.encryption
    }
    /// The HPKE `info_hash` for envelopes to this party (SPEC.md section 10).
    pub(crate) fn envelope_info_hash(&self) -> &[u8; 32] {
        self.envelope_info_hash
            .get_or_init(|| crate::hpke::info_hash(&crate::envelope::info(&self.id)))
    }
}

impl PartialEq for PartyCard {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}
impl Eq for PartyCard {}

impl fmt::Debug for PartyCard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PartyCard")
            .field("name", &self.name)
            .field("id", &self.id)
            .finish()
    }
}

/// A party's secret keys together with its card.
///
/// Both secret keys are zeroized when this value is dropped, and `Debug`
/// prints only the name and id.
pub struct PartySecret {
    // Invariant: `card` is the card of exactly these two keys.
    signing: SigningKey,
    encryption: StaticSecret,
    card: PartyCard,
}

impl PartySecret {
    /// Builds a party from its Ed25519 seed (RFC 8032 secret key) and its
    /// X25519 secret, signing a new card at time `created`.
    pub fn from_secrets(
        name: &str,
        signing_seed: &[u8; 32],
        encryption_secret: &[u8; 32],
        created: UnixTime,
    ) -> Result<PartySecret, KeyError> {
        check_name(name)?;
        let signing = SigningKey::from_bytes(signing_seed);
        let encryption = StaticSecret::from(*encryption_secret);
        let public_sign = signing.verifying_key().to_bytes();
        let public_enc = XPublicKey::from(&encryption).to_bytes();
        let header = Header {
            kind: KIND_CARD,
            iss: PartyId::of_signing_key(&public_sign),
            iat: created,
            sub: None,
            aud: None,
            cc: Vec::new(),
        };
        let body = Value::map(vec![
            (Value::text("name"), Value::text(name)),
            (Value::text("signing_key"), Value::Bytes(public_sign.to_vec())),
            (Value::text("encryption_key"), Value::Bytes(public_enc.to_vec())),
        ]);
        let signed = Sign1::sign(&signing, header, body.to_vec(), CARD_AAD);
        // Reading our own card back applies every check a reader applies.
        let card = PartyCard::from_bytes(&signed.bytes)?;
        Ok(PartySecret {
            signing,
            encryption,
            card,
        })
    }

    /// Generates a new party with fresh keys from `rng`.
    pub fn generate<R: CryptoRng + ?Sized>(
        name: &str,
        created: UnixTime,
        rng: &mut R,
    ) -> Result<PartySecret, KeyError> {
        let mut seed = Zeroizing::new([0u8; 32]);
        let mut enc = Zeroizing::new([0u8; 32]);
        rng.fill_bytes(seed.as_mut());
        rng.fill_bytes(enc.as_mut());
        PartySecret::from_secrets(name, &seed, &enc, created)
    }

    /// The party's card.
    pub fn card(&self) -> &PartyCard {
        &self.card
    }
    /// The party id.
    pub fn id(&self) -> PartyId {
        self.card.id
    }
    /// The party's name.
    pub fn name(&self) -> &str {
        &self.card.name
    }
    /// The Ed25519 seed, for export (for example as PKCS#8).
    pub fn signing_seed(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.signing.to_bytes())
    }
    /// The X25519 secret, for export (for example as PKCS#8).
    pub fn encryption_secret(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.encryption.to_bytes())
    }
    pub(crate) fn signing_key(&self) -> &SigningKey {
        &self.signing
    }
    pub(crate) fn x25519(&self) -> &StaticSecret {
        &self.encryption
    }
}

impl fmt::Debug for PartySecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PartySecret")
            .field("name", &self.card.name)
            .field("id", &self.card.id)
            .finish_non_exhaustive()
    }
}

/// Where verifiers find the card of a signer by party id.
pub trait CardLookup {
    /// The card of party `id`, if known.
    fn card(&self, id: &PartyId) -> Option<&PartyCard>;
}

impl CardLookup for PartyCard {
    fn card(&self, id: &PartyId) -> Option<&PartyCard> {
        (self.id == *id).then_some(self)
    }
}

impl CardLookup for [PartyCard] {
    fn card(&self, id: &PartyId) -> Option<&PartyCard> {
        self.iter().find(|c| c.id == *id)
    }
}

impl CardLookup for Vec<PartyCard> {
    fn card(&self, id: &PartyId) -> Option<&PartyCard> {
        self.as_slice().card(id)
    }
}

impl<T: CardLookup + ?Sized> CardLookup for &T {
    fn card(&self, id: &PartyId) -> Option<&PartyCard> {
        (**self).card(id)
    }
}

/// A set of party cards indexed by party id.
///
/// Cloning is cheap (the cards are shared until one clone changes), so an
/// audit of many transcripts can hand the same trusted set to each.
#[derive(Clone, Debug, Default)]
pub struct CardSet {
    cards: std::sync::Arc<BTreeMap<PartyId, PartyCard>>,
    /// The cards by the SHA-256 of their bytes, built on first use.
    by_bytes: std::sync::Arc<std::sync::OnceLock<std::collections::HashMap<[u8; 32], PartyId>>>,
}

impl PartialEq for CardSet {
    fn eq(&self, other: &CardSet) -> bool {
        self.cards == other.cards
    }
}

impl Eq for CardSet {}

impl CardSet {
    /// An empty set.
    pub fn new() -> CardSet {
        CardSet::default()
    }
    /// Adds a card; returns `false` (and keeps the old one) if a different
    /// card with the same party id is already present.
    pub fn insert(&mut self, card: PartyCard) -> bool {
        match self.cards.get(&card.id) {
            Some(old) => *old == card,
            None => {
                std::sync::Arc::make_mut(&mut self.cards).insert(card.id, card);
                self.by_bytes = Default::default();
                true
            }
        }
    }
    /// Number of cards.
    pub fn len(&self) -> usize {
        self.cards.len()
    }
    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.cards.is_empty()
    }
    /// The cards in party-id order.
    pub fn iter(&self) -> impl Iterator<Item = &PartyCard> {
        self.cards.values()
    }
    /// The card of the set whose encoding is exactly `bytes`, if any: a
    /// card verified when it entered the set, so a transcript's copy of it
    /// need not be verified again.
    pub fn by_bytes(&self, bytes: &[u8]) -> Option<&PartyCard> {
        let index = self.by_bytes.get_or_init(|| {
            self.cards
                .values()
                .map(|c| (<sha2::Sha256 as sha2::Digest>::digest(c.as_bytes()).into(), c.id))
                .collect()
        });
        let digest: [u8; 32] = <sha2::Sha256 as sha2::Digest>::digest(bytes).into();
        let card = self.cards.get(index.get(&digest)?)?;
        (card.as_bytes() == bytes).then_some(card)
    }
}

impl CardLookup for CardSet {
    fn card(&self, id: &PartyId) -> Option<&PartyCard> {
        self.cards.get(id)
    }
}

impl FromIterator<PartyCard> for CardSet {
    fn from_iter<I: IntoIterator<Item = PartyCard>>(iter: I) -> Self {
        let mut s = CardSet::new();
        for c in iter {
            s.insert(c);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zod<T: zeroize::ZeroizeOnDrop>() {}

    #[test]
    fn secrets_zeroize_on_drop_and_do_not_print() {
        zod::<SigningKey>();
        zod::<StaticSecret>();
        let p = PartySecret::from_secrets("Seller Ltd", &[1; 32], &[2; 32], UnixTime::from_secs(0).unwrap()).unwrap();
        let dbg = format!("{p:?}");
        assert!(dbg.contains("Seller Ltd"));
        let seed_hex = crate::ids::to_hex(&[1; 32]);
        assert!(!dbg.contains(&seed_hex) && !dbg.contains("[1, 1"));
    }

    #[test]
    fn card_round_trip_and_checks() {
        let p = PartySecret::from_secrets("Buyer GmbH", &[3; 32], &[4; 32], UnixTime::from_secs(1).unwrap()).unwrap();
        let card = PartyCard::from_bytes(p.card().as_bytes()).unwrap();
        assert_eq!(&card, p.card());
        assert_eq!(card.name(), "Buyer GmbH");
        assert!(PartySecret::from_secrets("", &[3; 32], &[4; 32], UnixTime::from_secs(1).unwrap()).is_err());
        assert!(PartySecret::from_secrets("a\nb", &[3; 32], &[4; 32], UnixTime::from_secs(1).unwrap()).is_err());
    }

    #[test]
    fn weak_encryption_keys_are_refused() {
        assert_eq!(check_encryption_key(&[0; 32]).unwrap_err(), KeyError::WeakEncryptionKey);
        let mut one = [0u8; 32];
        one[0] = 1;
        assert_eq!(check_encryption_key(&one).unwrap_err(), KeyError::WeakEncryptionKey);
        let mut p = [0xffu8; 32];
        p[0] = 0xed;
        p[31] = 0x7f;
        assert_eq!(check_encryption_key(&p).unwrap_err(), KeyError::WeakEncryptionKey);
        let mut nine = [0u8; 32];
        nine[0] = 9;
        assert!(check_encryption_key(&nine).is_ok());
        nine[31] |= 0x80;
        assert_eq!(check_encryption_key(&nine).unwrap_err(), KeyError::WeakEncryptionKey);
    }

    #[test]
    fn weak_signing_keys_are_refused() {
        // The identity point (small order).
        let mut id = [0u8; 32];
        id[0] = 1;
        assert_eq!(check_signing_key(&id).unwrap_err(), KeyError::WeakSigningKey);
        // A prime-order key plus a small-order component: B + T where T is the
        // point of order 2, (0, -1), whose encoding is 0xec ff .. ff 7f.
        let b = curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
        let mut t2 = [0xffu8; 32];
        t2[0] = 0xec;
        t2[31] = 0x7f;
        let t = curve25519_dalek::edwards::CompressedEdwardsY(t2).decompress().unwrap();
        assert!(t.is_small_order());
        let mixed = (b + t).compress().to_bytes();
        assert_eq!(check_signing_key(&mixed).unwrap_err(), KeyError::WeakSigningKey);
        assert!(check_signing_key(&b.compress().to_bytes()).is_ok());
    }
}
