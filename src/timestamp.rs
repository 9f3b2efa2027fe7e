//! Time-stamp tokens: a time-stamp authority's signed statement that a
//! statement (by its id) existed at a time.
//!
//! SPEC.md section "Time-stamp tokens". The token follows the content of an
//! RFC 3161 token (message imprint, time, serial number unique per
//! authority, optional accuracy and nonce) in the same COSE_Sign1 form as
//! everything else, so it verifies offline with the authority's party card.
//! A time-stamp proves that a statement existed at a time; it does not prove
//! that the statement reached anyone (receipts do that).

use crate::Verified;
use crate::cbor::{self, Fields, Key, Value};
use crate::cose::{Header, Sign1, SignatureCheck};
use crate::error::{DecodeError, VerifyError};
use crate::ids::{Clock, PartyId, StatementId, UnixTime};
use crate::keys::{CardLookup, PartyCard, PartySecret};

/// External AAD of a token's signature (SPEC.md "Domain separation").
pub const TOKEN_AAD: &[u8] = b"econtract/v1 timestamp";
/// Object kind of a time-stamp token in the protected header.
pub const KIND_TOKEN: u64 = 101;
/// Largest encoded token, in bytes.
pub const MAX_TOKEN_SIZE: usize = 1024;
/// Longest nonce, in bytes.
pub const MAX_NONCE: usize = 32;

/// A time-stamp token, decoded strictly, with its exact bytes.
///
/// ```cddl
/// timestamp-token = #6.18([ protected: bstr .cbor protected-header, unprotected: {},
///                           payload: bstr .cbor token-body, signature: bstr .size 64 ])
/// token-body = { "imprint": statement-id, "serial": uint,
///                ? "nonce": bstr .size (1..32), ? "accuracy": uint }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimestampToken {
    sign1: Sign1,
    imprint: StatementId,
    serial: u64,
    nonce: Option<Vec<u8>>,
    accuracy: Option<u64>,
}

impl TimestampToken {
    /// Decodes a token strictly, without checking its signature.
    pub fn decode(bytes: &[u8]) -> Result<TimestampToken, DecodeError> {
        let sign1 = Sign1::decode_bare(bytes, "time-stamp token", MAX_TOKEN_SIZE, KIND_TOKEN, "token")?;
        let mut f = Fields::new("token body", cbor::decode(&sign1.payload)?)?;
        let imprint = StatementId::from_bytes(f.required(Key::Text("imprint"))?.into_array32("imprint")?);
        let serial = f.required(Key::Text("serial"))?.into_uint("serial")?;
        let nonce = f
            .optional(Key::Text("nonce"))
            .map(|v| v.into_bytes("nonce"))
            .transpose()?;
        if let Some(n) = &nonce {
            check_nonce(n)?;
        }
        let accuracy = f
            .optional(Key::Text("accuracy"))
            .map(|v| v.into_uint("accuracy"))
            .transpose()?;
        f.finish()?;
        Ok(TimestampToken {
            sign1,
            imprint,
            serial,
            nonce,
            accuracy,
        })
    }

    /// Checks the signature against the authority's card in `cards`,
    /// refusing a card the lookup returns for the authority that belongs to
    /// another party ([`VerifyError::CardMismatch`]).
    pub fn verify(self, cards: &(impl CardLookup + ?Sized)) -> Result<Verified<TimestampToken>, VerifyError> {
        self.signature_check(cards)?.verify()?;
        Ok(Verified(self))
    }

    /// The signature check [`TimestampToken::verify`] makes, after finding
    /// the authority's card and checking that it is the authority's
    /// ([`VerifyError::CardMismatch`] otherwise).
    pub(crate) fn signature_check(&self, cards: &(impl CardLookup + ?Sized)) -> Result<SignatureCheck, VerifyError> {
        let card = crate::statement::signer_card(cards, self.authority())?;
        Ok(self.sign1.check(card.verifying_key(), TOKEN_AAD))
    }

    /// Wraps a token whose signature check has passed (for example in a batch).
    pub(crate) fn into_verified(self) -> Verified<TimestampToken> {
        Verified(self)
    }

    /// The exact bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.sign1.bytes
    }
    /// The authority (`iss`).
    pub fn authority(&self) -> PartyId {
        self.sign1.header.iss
    }
    /// The time the authority attests (`iat`).
    pub fn time(&self) -> UnixTime {
        self.sign1.header.iat
    }
    /// The id of the statement time-stamped.
    pub fn imprint(&self) -> StatementId {
        self.imprint
    }
    /// The serial number, unique for this authority.
    pub fn serial(&self) -> u64 {
        self.serial
    }
    /// The requester's nonce, if one was sent.
    pub fn nonce(&self) -> Option<&[u8]> {
        self.nonce.as_deref()
    }
    /// The accuracy of the time, in seconds, if stated.
    pub fn accuracy(&self) -> Option<u64> {
        self.accuracy
    }
}

fn check_nonce(n: &[u8]) -> Result<(), DecodeError> {
    if n.is_empty() {
        return Err(DecodeError::schema("nonce", "present but empty".into()));
    }
    DecodeError::check_len("nonce", n.len(), MAX_NONCE)
}

/// What a requester asks an authority to time-stamp.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimestampRequest {
    /// The id of the statement.
    pub imprint: StatementId,
    /// An optional nonce (1 to 32 bytes) the token must repeat.
    pub nonce: Option<Vec<u8>>,
}

/// A time-stamp authority: the crate's [`LocalAuthority`], or a deployment's
/// own (for example a service that anchors its time in an RFC 3161 TSA and
/// issues tokens in this format).
pub trait TimestampAuthority {
    /// The authority's own failure.
    type Error: std::error::Error + Send + Sync + 'static;
    /// The authority's party card, against which its tokens verify.
    fn card(&self) -> &PartyCard;
    /// Issues a token (its encoded bytes) for `request`.
    fn issue(&mut self, request: &TimestampRequest) -> Result<Vec<u8>, Self::Error>;
}

/// Failure to obtain a valid token from an authority.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TimestampError<E: std::error::Error + 'static> {
    /// The authority failed.
    #[error("time-stamp authority failed: {0}")]
    Authority(#[source] E),
    /// The authority's answer is not a valid token for the request.
    #[error("time-stamp authority returned an invalid token: {0}")]
    Invalid(#[from] VerifyError),
}

/// Asks `authority` to time-stamp the statement with id `imprint` and checks
/// the answer: a well-formed token, signed by the authority, for this
/// imprint, repeating `nonce`.
pub fn request_timestamp<A: TimestampAuthority + ?Sized>(
    authority: &mut A,
    imprint: StatementId,
    nonce: Option<&[u8]>,
) -> Result<Verified<TimestampToken>, TimestampError<A::Error>> {
    let request = TimestampRequest {
        imprint,
        nonce: nonce.map(<[u8]>::to_vec),
    };
    let bytes = authority.issue(&request).map_err(TimestampError::Authority)?;
    let token = TimestampToken::decode(&bytes)
        .map_err(VerifyError::from)?
        .verify(authority.card())?;
    if token.imprint() != imprint {
        return Err(VerifyError::WrongImprint {
            expected: imprint,
            found: token.imprint(),
        }
        .into());
    }
    if token.nonce() != nonce {
        return Err(VerifyError::WrongNonce.into());
    }
    Ok(token)
}

/// A time-stamp authority run in-process from a party secret and a clock.
///
/// Serial numbers count up from the first one given; a deployment that
/// restarts must resume after the last serial it issued.
pub struct LocalAuthority<C: Clock> {
    secret: PartySecret,
    clock: C,
    next_serial: u64,
    accuracy: Option<u64>,
    store: Option<Box<dyn SerialStore + Send>>,
}

impl<C: Clock> std::fmt::Debug for LocalAuthority<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalAuthority")
            .field("authority", &self.secret.id())
            .field("next_serial", &self.next_serial)
            .field("accuracy", &self.accuracy)
            .field("stored", &self.store.is_some())
            .finish_non_exhaustive()
    }
}

/// Where an authority keeps its serial counter, durably: a serial is
/// recorded as used before the token that carries it is signed, so a
/// crash can skip a serial but never issue one twice (RFC 3161 section
/// 2.4.2 asks for unique serials; `TIME-SERIAL` finds a repeat).
pub trait SerialStore {
    /// Reserves the next serial: when this returns, the counter has been
    /// advanced past it on durable storage.
    fn reserve(&mut self) -> std::io::Result<u64>;
}

/// A serial counter in a file: the next serial as decimal text, replaced
/// atomically (temporary file, fsync, rename, fsync of the directory)
/// under an exclusive lock on `FILE.lock`, so that several processes
/// sharing the file never issue one serial twice. The `econtract
/// timestamp` command keeps `KEY.card.serial` the same way.
#[derive(Debug)]
pub struct FileSerialStore {
    path: std::path::PathBuf,
    first: u64,
}

impl FileSerialStore {
    /// The counter in `path`; when the file does not exist yet, the first
    /// serial is `first`.
    pub fn new(path: impl Into<std::path::PathBuf>, first: u64) -> FileSerialStore {
        FileSerialStore {
            path: path.into(),
            first,
        }
    }

    /// The counter's file.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// The lock file held while the counter is read and advanced.
    pub fn lock_path(&self) -> std::path::PathBuf {
        self.sibling(".lock")
    }

    fn sibling(&self, suffix: &str) -> std::path::PathBuf {
        let mut p = self.path.as_os_str().to_os_string();
        p.push(suffix);
        p.into()
    }
}

impl SerialStore for FileSerialStore {
    fn reserve(&mut self) -> std::io::Result<u64> {
        use std::io::{Read, Write};
        let bad = |m: String| std::io::Error::new(std::io::ErrorKind::InvalidData, m);
        let mut opts = std::fs::OpenOptions::new();
        opts.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let lock = opts.open(self.lock_path())?;
        lock.lock()?;
        // A FIFO or a device in its place would block the open or never end.
        if std::fs::metadata(&self.path).is_ok_and(|m| !m.is_file()) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{}: not a regular file", self.path.display()),
            ));
        }
        let serial = match std::fs::File::open(&self.path) {
            Ok(f) => {
                let mut text = String::new();
                f.take(32).read_to_string(&mut text)?;
                text.trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or_else(|| bad(format!("{}: not a serial number", self.path.display())))?
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => self.first,
            Err(e) => return Err(e),
        };
        let next = serial
            .checked_add(1)
            .ok_or_else(|| bad(format!("{}: the serial counter is exhausted", self.path.display())))?;
        let tmp = self.sibling(&format!(".tmp{}", std::process::id()));
        let mut t = std::fs::OpenOptions::new();
        t.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            t.mode(0o600);
        }
        let mut f = t.open(&tmp)?;
        f.write_all(format!("{next}\n").as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, &self.path)?;
        let dir = match self.path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
            _ => std::path::PathBuf::from("."),
        };
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(serial)
    }
}

/// A request a [`LocalAuthority`] refuses.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LocalAuthorityError {
    /// The nonce is empty or longer than 32 bytes.
    #[error("invalid nonce: {0}")]
    Nonce(DecodeError),
    /// The serial store failed: no token was issued.
    #[error("the serial counter cannot be advanced: {0}")]
    Store(String),
    /// No serial is left: the last one issued was `u64::MAX - 1` (so that
    /// [`LocalAuthority::next_serial`] always names a serial not yet issued,
    /// `u64::MAX` itself is never issued).
    #[error("serial numbers exhausted")]
    SerialsExhausted,
}

impl<C: Clock> LocalAuthority<C> {
    /// An authority signing with `secret`, reading time from `clock`, whose
    /// next token gets serial `first_serial`.
    pub fn new(secret: PartySecret, clock: C, first_serial: u64) -> Self {
        LocalAuthority {
            secret,
            clock,
            next_serial: first_serial,
            accuracy: None,
            store: None,
        }
    }

    /// An authority whose serials come from `store`, reserved durably
    /// before each token is signed.
    pub fn with_store(secret: PartySecret, clock: C, store: impl SerialStore + Send + 'static) -> Self {
        LocalAuthority {
            secret,
            clock,
            next_serial: 0,
            accuracy: None,
            store: Some(Box::new(store)),
        }
    }

    /// States an accuracy (in seconds) in every token.
    pub fn with_accuracy(mut self, seconds: u64) -> Self {
        self.accuracy = Some(seconds);
        self
    }

    /// The serial the next token will carry (with a [`SerialStore`], the
    /// store knows it, and this is 0).
    pub fn next_serial(&self) -> u64 {
        self.next_serial
    }

    /// The clock, for tests that move time.
    pub fn clock_mut(&mut self) -> &mut C {
        &mut self.clock
    }

    /// Issues and returns a verified token.
    pub fn stamp(
        &mut self,
        imprint: StatementId,
        nonce: Option<&[u8]>,
    ) -> Result<Verified<TimestampToken>, LocalAuthorityError> {
        if let Some(n) = nonce {
            check_nonce(n).map_err(LocalAuthorityError::Nonce)?;
        }
        let serial = match &mut self.store {
            Some(store) => store.reserve().map_err(|e| LocalAuthorityError::Store(e.to_string()))?,
            None => {
                let serial = self.next_serial;
                self.next_serial = serial.checked_add(1).ok_or(LocalAuthorityError::SerialsExhausted)?;
                serial
            }
        };
        let mut body = vec![
            (Value::text("imprint"), Value::Bytes(imprint.as_bytes().to_vec())),
            (Value::text("serial"), Value::Uint(serial)),
        ];
        if let Some(n) = nonce {
            body.push((Value::text("nonce"), Value::Bytes(n.to_vec())));
        }
        if let Some(a) = self.accuracy {
            body.push((Value::text("accuracy"), Value::Uint(a)));
        }
        let header = Header {
            kind: KIND_TOKEN,
            iss: self.secret.id(),
            iat: self.clock.now(),
            sub: None,
            aud: None,
            cc: Vec::new(),
        };
        let sign1 = Sign1::sign(self.secret.signing_key(), header, Value::map(body).to_vec(), TOKEN_AAD);
        Ok(Verified(TimestampToken {
            sign1,
            imprint,
            serial,
            nonce: nonce.map(<[u8]>::to_vec),
            accuracy: self.accuracy,
        }))
    }
}

impl<C: Clock> TimestampAuthority for LocalAuthority<C> {
    type Error = LocalAuthorityError;
    fn card(&self) -> &PartyCard {
        self.secret.card()
    }
    fn issue(&mut self, request: &TimestampRequest) -> Result<Vec<u8>, LocalAuthorityError> {
        self.stamp(request.imprint, request.nonce.as_deref())
            .map(|t| t.as_bytes().to_vec())
    }
}
