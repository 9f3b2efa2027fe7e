//! # econtract
//!
//! Signed, encrypted, time-stamped electronic-contract messages for
//! international trade.
//!
//! A seller, a buyer, service providers (carrier, insurer, inspector), a bank
//! and a time-stamp authority exchange typed messages: offer, acceptance,
//! service instruction, service proof, performance notice, payment, title
//! transfer. Each is a [`Statement`]: a COSE_Sign1 (RFC 9052) signed with
//! Ed25519 by its sender, naming its recipient, contract and signing time;
//! it is sealed to the recipient with HPKE (RFC 9180, X25519 +
//! ChaCha20-Poly1305) and can be time-stamped by an authority. All encodings
//! are deterministic CBOR and are decoded strictly. The byte-level format is
//! in `SPEC.md`.
//!
//! The crate does no I/O and reads no clock unless given one
//! ([`SystemClock`]): transport, storage and time are the embedder's.
//! Keys are imported and exported as PKCS#8 files, and card files read, by
//! [`pkcs8`].
//!
//! ## The whole procedure
//!
//! 1. **Parties.** Each party has a [`PartySecret`] (Ed25519 and X25519
//!    keys) and publishes its self-signed [`PartyCard`]; counterparties
//!    pin the cards they trust ([`CardSet`]).
//! 2. **Sessions.** Each party runs one [`Session`] per contract
//!    ([`session`]). `send` and the named builders (`accept`, `instruct`,
//!    `prove`, `notify_performance`, `pay`, `transfer_title`...) sign the
//!    party's messages, after running its [`Validator`] forward on the
//!    draft: a draft that would break a rule is refused unsigned. What
//!    travels is a [`Parcel`] (the sealed statement, its tokens, the cards
//!    the recipient may lack); the embedder moves the bytes and calls
//!    `receive` with what arrives.
//! 3. **Time-stamps.** `Session::timestamp_request` gives the request for
//!    an authority ([`TimestampAuthority`]: the crate's [`LocalAuthority`],
//!    with a durable [`SerialStore`], or a remote service); its answer goes
//!    to `Session::add_token` and travels with the statement
//!    (`Session::present`).
//! 4. **Receipts.** The addressee of each formation statement signs a
//!    [`Receipt`] (`Session::receipt_for`): the validator takes an offer,
//!    an acceptance or a revocation to have reached its addressee when its
//!    receipt says (CISG 15, 18(2), 24).
//! 5. **Transcripts.** Each session writes the party's archive as a
//!    transcript ([`TranscriptWriter`], a CBOR sequence of cards,
//!    statements and tokens); `Session::restore` reads it back after a
//!    restart.
//! 6. **Audit.** Years later, [`audit()`] reads a transcript with only the
//!    trusted cards, verifies every record and runs the [`Validator`]: the
//!    [`Report`] says where the contract stands (formed, performed, paid,
//!    title passed) and lists each rule broken ([`Finding`], [`Rule`]).
//!
//! The lower layers are usable alone: [`Statement::build`] signs,
//! [`seal`] and [`Opener`] encrypt and open, [`Validator`] validates. The
//! example below is that layer; README.md "Embedding" shows the session.
//!
//! ```
//! use econtract::*;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let t0 = UnixTime::parse_rfc3339("2026-03-01T09:00:00Z")?;
//! // In a real deployment the seeds come from a CSPRNG (PartySecret::generate).
//! let seller = PartySecret::from_secrets("Seller Ltd", &[1; 32], &[2; 32], t0)?;
//! let buyer = PartySecret::from_secrets("Buyer GmbH", &[3; 32], &[4; 32], t0)?;
//! let contract = ContractId::new("EC-2026-0042")?;
//!
//! let offer = Offer {
//!     terms: Terms {
//!         seller: seller.id(),
//!         buyer: buyer.id(),
//!         goods: vec![GoodsLine { description: "Green coffee, grade 1".into(), quantity: 20_000, unit: "KGM".into() }],
//!         price: Amount::new("USD", 9_600_000)?,
//!         incoterm: Incoterm::Fob,
//!         place: "Santos".into(),
//!         payment: PaymentClause {
//!             terms: PaymentTerms::DocumentsAgainstPayment,
//!             method: "credit transfer".into(),
//!             channel: Channel::Direct,
//!             tenor_days: None,
//!             buyer_bank: None,
//!             seller_bank: None,
//!         },
//!         documents: vec![],
//!         shipment: Shipment { partial: false, latest: None },
//!         law: Law { cisg: true, governing: "CISG; arbitration in Vienna".into() },
//!     },
//!     lapse: Some(t0.plus(7 * 86_400)),
//!     irrevocable: false,
//! };
//!
//! // The seller signs the offer for the buyer and seals it to the buyer's key.
//! let statement = Statement::build(&seller, buyer.card(), &contract, t0, offer.clone()).sign()?;
//! let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
//! let envelope = seal(&statement, buyer.card(), &mut rng)?;
//!
//! // The buyer opens it with its key and the seller's card.
//! let opened = open(&envelope, &buyer, seller.card(), Some(&contract))?;
//! assert_eq!(opened.message(), &Message::Offer(offer));
//! assert_eq!(opened.sender(), seller.id());
//!
//! // Any changed byte is rejected.
//! let mut tampered = envelope.clone();
//! let last = tampered.len() - 1;
//! tampered[last] ^= 1;
//! assert!(open(&tampered, &buyer, seller.card(), Some(&contract)).is_err());
//! # Ok(()) }
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod audit;
mod cbor;
mod cose;
pub mod envelope;
pub mod error;
pub mod hpke;
pub mod ids;
pub mod keys;
pub mod message;
pub mod pkcs8;
pub mod render;
/// Standard RFC 3161 time-stamps: requests, responses and offline verification.
pub mod rfc3161;
pub mod session;
pub mod statement;
pub mod timestamp;
pub mod transcript;
pub mod validate;
pub mod x509;

pub use audit::{AuditOptions, audit};
pub use envelope::{Opener, open, seal};
pub use error::{BuildError, DecodeError, KeyError, OpenError, SealError, VerifyError};
pub use ids::{Clock, ContractId, Digest, PartyId, StatementId, SystemClock, UnixTime};
pub use keys::{CardLookup, CardSet, PartyCard, PartySecret};
pub use message::{
    Acceptance, Amount, Channel, CollectionInstruction, Confirmation, Currency, Document, DocumentRef,
    DocumentRequirement, DocumentType, Facts, GoodsLine, Incoterm, InspectionResult, Instrument, KeyRetirement, Kind,
    Law, Message, Objection, Offer, PayerRole, Payment, PaymentClause, PaymentTerms, PerformanceNotice, Receipt,
    Rejection, Revocation, ServiceInstruction, ServiceKind, ServiceProof, Shipment, Terms, TermsChanges, TitleTransfer,
    Uetr, Withdrawal,
};
pub use session::{Event, Outgoing, Parcel, Session, SessionError};
pub use statement::{Statement, StatementBuilder};
pub use timestamp::{
    FileSerialStore, LocalAuthority, SerialStore, TimestampAuthority, TimestampRequest, TimestampToken,
    request_timestamp,
};
pub use transcript::{Record, TranscriptError, TranscriptReader, TranscriptWriter};
pub use validate::{Finding, Policy, Report, Rule, Status, Validator};

pub use cbor::{MAX_DEPTH, MAX_ITEMS};
pub use cose::{ALG_ED25519, FORMAT_VERSION, LABEL_CC, LABEL_KIND, LABEL_VERSION, MAX_CC};

/// A value that has passed verification.
///
/// Only this crate can make one: by checking a signature (or by signing),
/// so a function that takes a `Verified<T>` cannot be handed unchecked input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified<T>(T);

impl<T> Verified<T> {
    /// The verified value, giving up the proof of verification.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Verified<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> AsRef<T> for Verified<T> {
    fn as_ref(&self) -> &T {
        &self.0
    }
}

/// The README's code blocks, compiled and run as doc tests so they cannot rot.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
