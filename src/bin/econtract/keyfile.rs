//! Key and card files of the command-line tool.
//!
//! A party written by `econtract keygen --out DIR` is four files sharing a
//! stem: `STEM.sign.pem` (Ed25519, PKCS#8, mode 0600), `STEM.enc.pem`
//! (X25519, PKCS#8, mode 0600), `STEM.card` (the party card, CBOR) and
//! `STEM.card.txt` (the card in words and as PEM). A KEY argument is the
//! stem (`DIR/STEM`), or any of those file names.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use econtract::{PartyCard, PartySecret, UnixTime};
use pkcs8::der::asn1::OctetStringRef;
use pkcs8::der::pem::LineEnding;
use pkcs8::der::{Decode, Encode};
use pkcs8::{AlgorithmIdentifierRef, DecodePrivateKey, EncodePrivateKey, ObjectIdentifier, PrivateKeyInfoOwned};
use zeroize::Zeroizing;

use crate::Fail;

/// id-Ed25519 (RFC 8410).
const OID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
/// id-X25519 (RFC 8410).
const OID_X25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.110");

/// The four paths of a party's files.
pub struct Paths {
    pub sign: PathBuf,
    pub enc: PathBuf,
    pub card: PathBuf,
    pub text: PathBuf,
}

impl Paths {
    pub fn of(stem: &Path) -> Paths {
        let s = stem.to_string_lossy();
        let base = [".sign.pem", ".enc.pem", ".card.txt", ".card"]
            .iter()
            .find_map(|suffix| s.strip_suffix(suffix))
            .unwrap_or(&s)
            .to_owned();
        Paths {
            sign: PathBuf::from(format!("{base}.sign.pem")),
            enc: PathBuf::from(format!("{base}.enc.pem")),
            card: PathBuf::from(format!("{base}.card")),
            text: PathBuf::from(format!("{base}.card.txt")),
        }
    }
}

/// Reads a PKCS#8 PEM private key of the given algorithm: its 32 secret bytes.
pub fn read_private_key(path: &Path, oid: ObjectIdentifier, what: &str) -> Result<Zeroizing<[u8; 32]>, Fail> {
    let pem = Zeroizing::new(fs::read_to_string(path).map_err(|e| Fail::io(path, e))?);
    let info = PrivateKeyInfoOwned::from_pkcs8_pem(&pem)
        .map_err(|e| Fail::input(format!("{}: not a PKCS#8 PEM private key: {e}", path.display())))?;
    if info.algorithm.oid != oid || info.algorithm.parameters.is_some() {
        return Err(Fail::input(format!(
            "{}: not an {what} key (algorithm {})",
            path.display(),
            info.algorithm.oid
        )));
    }
    // CurvePrivateKey ::= OCTET STRING (RFC 8410 section 7), inside the
    // PKCS#8 privateKey OCTET STRING.
    let inner = <&OctetStringRef>::from_der(info.private_key.as_bytes())
        .map_err(|e| Fail::input(format!("{}: malformed {what} private key: {e}", path.display())))?;
    let bytes: [u8; 32] = inner
        .as_bytes()
        .try_into()
        .map_err(|_| Fail::input(format!("{}: an {what} private key is 32 bytes", path.display())))?;
    Ok(Zeroizing::new(bytes))
}

fn private_key_pem(key: &[u8; 32], oid: ObjectIdentifier) -> Result<Zeroizing<String>, Fail> {
    let inner = Zeroizing::new(
        OctetStringRef::new(key)
            .and_then(|o| o.to_der())
            .map_err(Fail::internal)?,
    );
    let info = pkcs8::PrivateKeyInfoRef {
        algorithm: AlgorithmIdentifierRef { oid, parameters: None },
        private_key: OctetStringRef::new(&inner).map_err(Fail::internal)?,
        public_key: None,
    };
    info.to_pkcs8_pem(LineEnding::LF).map_err(Fail::internal)
}

/// Writes a file readable only by its owner.
fn write_private(path: &Path, contents: &[u8]) -> Result<(), Fail> {
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path).map_err(|e| Fail::io(path, e))?;
    f.write_all(contents).map_err(|e| Fail::io(path, e))
}

/// Writes a party's four files under `stem`; refuses to overwrite keys.
pub fn write_party(stem: &Path, party: &PartySecret) -> Result<Paths, Fail> {
    let p = Paths::of(stem);
    write_private(&p.sign, private_key_pem(&party.signing_seed(), OID_ED25519)?.as_bytes())?;
    write_private(
        &p.enc,
        private_key_pem(&party.encryption_secret(), OID_X25519)?.as_bytes(),
    )?;
    fs::write(&p.card, party.card().as_bytes()).map_err(|e| Fail::io(&p.card, e))?;
    fs::write(&p.text, card_text(party.card())).map_err(|e| Fail::io(&p.text, e))?;
    Ok(p)
}

/// A card in words, followed by the card as PEM.
pub fn card_text(card: &PartyCard) -> String {
    let b64 =
        pkcs8::der::pem::encode_string("ECONTRACT PARTY CARD", LineEnding::LF, card.as_bytes()).unwrap_or_default();
    format!(
        "econtract party card\nname:           {}\nparty id:       {}\nsigning key:    {} (Ed25519)\nencryption key: {} (X25519)\ncreated:        {}\n\n{b64}",
        card.name(),
        card.id(),
        hex(card.signing_key()),
        hex(card.encryption_key()),
        card.created(),
    )
}

pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Builds a party from two PKCS#8 key files, signing a new card.
pub fn party_from_keys(name: &str, sign: &Path, enc: &Path, created: UnixTime) -> Result<PartySecret, Fail> {
    let s = read_private_key(sign, OID_ED25519, "Ed25519")?;
    let e = read_private_key(enc, OID_X25519, "X25519")?;
    PartySecret::from_secrets(name, &s, &e, created).map_err(|e| Fail::input(format!("cannot make a card: {e}")))
}

/// Reads a card file (CBOR, or the PEM inside a `.card.txt`).
pub fn read_card(path: &Path) -> Result<PartyCard, Fail> {
    let bytes = fs::read(path).map_err(|e| Fail::io(path, e))?;
    let der = match std::str::from_utf8(&bytes)
        .ok()
        .and_then(|t| t.find("-----BEGIN ").map(|i| &t[i..]))
    {
        Some(pem) => pkcs8::der::pem::decode_vec(pem.as_bytes())
            .map(|(_, d)| d)
            .map_err(|e| Fail::input(format!("{}: bad PEM: {e}", path.display())))?,
        None => bytes,
    };
    PartyCard::from_bytes(&der).map_err(|e| Fail::input(format!("{}: {e}", path.display())))
}

/// Reads a party from its stem: both keys and its card, which must match.
pub fn read_party(stem: &Path) -> Result<PartySecret, Fail> {
    let p = Paths::of(stem);
    let card = read_card(&p.card)?;
    let party = party_from_keys(card.name(), &p.sign, &p.enc, card.created())?;
    if party.card() != &card {
        return Err(Fail::input(format!(
            "{}: the card does not belong to the keys {} and {}",
            p.card.display(),
            p.sign.display(),
            p.enc.display()
        )));
    }
    Ok(party)
}

/// All cards in a directory (files ending in `.card`).
/// The files in `dir` named `*.ext`, sorted by path.
pub fn files_with_ext(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, Fail> {
    let mut paths = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| Fail::io(dir, e))? {
        let p = entry.map_err(|e| Fail::io(dir, e))?.path();
        if p.extension().is_some_and(|x| x == ext) {
            paths.push(p);
        }
    }
    paths.sort();
    Ok(paths)
}

pub fn read_card_dir(dir: &Path) -> Result<econtract::CardSet, Fail> {
    let mut set = econtract::CardSet::new();
    for p in files_with_ext(dir, "card")? {
        let card = read_card(&p)?;
        if !set.insert(card) {
            return Err(Fail::input(format!(
                "{}: a second, different card for the same party",
                p.display()
            )));
        }
    }
    Ok(set)
}
