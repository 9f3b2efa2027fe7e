//! Envelopes: a signed statement encrypted to one party with HPKE.
//!
//! SPEC.md section "Envelopes". The statement is signed first (it names its
//! recipient, so it cannot be usefully re-encrypted to someone else) and then
//! sealed with HPKE base mode to the X25519 key of the recipient's card,
//! with the recipient's party id and the format version bound in the HPKE
//! `info`. The same statement can be sealed again to its sender (for its own
//! archive) and to any copy holder it names.
//!
//! ```cddl
//! envelope = [ version: 2, recipient: bstr .size 32, enc: bstr .size 32, ciphertext: bstr ]
//! ```

use rand_core::CryptoRng;
use zeroize::Zeroizing;

use crate::Verified;
use crate::cbor::{self, Value};
use crate::error::{DecodeError, OpenError, SealError};
use crate::hpke;
use crate::ids::{ContractId, PartyId};
use crate::keys::{CardLookup, PartyCard, PartySecret};
use crate::message::Kind;
use crate::statement::{MAX_STATEMENT_SIZE, Statement};

/// Prefix of the HPKE `info` of an envelope; the recipient's 32-byte party
/// id follows it.
pub const ENVELOPE_INFO_LABEL: &[u8] = b"econtract/v2 envelope";
/// Envelope format version.
pub const ENVELOPE_VERSION: u64 = 2;
/// Largest envelope, in bytes.
pub const MAX_ENVELOPE_SIZE: usize = MAX_STATEMENT_SIZE + 256;

const INFO_LEN: usize = ENVELOPE_INFO_LABEL.len() + 32;

pub(crate) fn info(recipient: &PartyId) -> [u8; INFO_LEN] {
    let mut info = [0u8; INFO_LEN];
    info[..ENVELOPE_INFO_LABEL.len()].copy_from_slice(ENVELOPE_INFO_LABEL);
    info[ENVELOPE_INFO_LABEL.len()..].copy_from_slice(recipient.as_bytes());
    info
}

/// Seals `statement` to `to`, which must be its recipient, its sender or
/// one of its named copy holders.
///
/// The HPKE ephemeral secret is the first 32 bytes drawn from `rng`, used as
/// an X25519 scalar (SPEC.md "Envelopes").
pub fn seal<R: CryptoRng + ?Sized>(
    statement: &Verified<Statement>,
    to: &PartyCard,
    rng: &mut R,
) -> Result<Vec<u8>, SealError> {
    let id = to.id();
    if id != statement.recipient() && id != statement.sender() && !statement.copies().contains(&id) {
        return Err(SealError::NotNamed(id));
    }
    seal_to(statement, to, rng)
}

/// Seals a statement to any party, named in it or not: a statement
/// presented to a third party (a bank given the buyer's notice, a seller
/// given the buyer's instruction to a carrier). The recipient opens it
/// with [`Opener::allow_presented`].
pub fn seal_presented<R: CryptoRng + ?Sized>(
    statement: &Verified<Statement>,
    to: &PartyCard,
    rng: &mut R,
) -> Result<Vec<u8>, SealError> {
    seal_to(statement, to, rng)
}

fn seal_to<R: CryptoRng + ?Sized>(
    statement: &Verified<Statement>,
    to: &PartyCard,
    rng: &mut R,
) -> Result<Vec<u8>, SealError> {
    let id = to.id();
    let mut sk_e = Zeroizing::new([0u8; 32]);
    rng.fill_bytes(sk_e.as_mut());
    let (enc, mut ctx) = hpke::setup_base_sender_hashed(&sk_e, to.x25519(), to.envelope_info_hash())
        .map_err(|_| SealError::BadRecipientKey)?;
    let mut ct = Vec::with_capacity(statement.as_bytes().len() + hpke::N_TAG);
    ct.extend_from_slice(statement.as_bytes());
    ctx.seal_in_place(b"", &mut ct)
        .map_err(|_| SealError::BadRecipientKey)?;
    let mut out = Vec::with_capacity(ct.len() + 112);
    cbor::write_head(&mut out, 4, 4);
    cbor::write_head(&mut out, 0, ENVELOPE_VERSION);
    cbor::write_bytes(&mut out, id.as_bytes());
    cbor::write_bytes(&mut out, &enc);
    cbor::write_bytes(&mut out, &ct);
    Ok(out)
}

/// Opens an envelope addressed to `me`: decrypts it, decodes the statement
/// strictly, verifies its signature against the sender's card in `cards`,
/// and checks that it is addressed to `me` and, if `contract` is given,
/// that it belongs to that contract. See [`Opener`] for more choices.
pub fn open(
    envelope: &[u8],
    me: &PartySecret,
    cards: &(impl CardLookup + ?Sized),
    contract: Option<&ContractId>,
) -> Result<Verified<Statement>, OpenError> {
    Opener::new(me).open_in(envelope, cards, contract)
}

/// Opens envelopes for one party, with optional expectations.
#[derive(Debug)]
pub struct Opener<'a> {
    me: &'a PartySecret,
    sender: Option<PartyId>,
    contract: Option<ContractId>,
    kind: Option<Kind>,
    copies: bool,
    presented: bool,
}

impl<'a> Opener<'a> {
    /// Opens envelopes as `me`, accepting only statements addressed to `me`.
    pub fn new(me: &'a PartySecret) -> Self {
        Opener {
            me,
            sender: None,
            contract: None,
            kind: None,
            copies: false,
            presented: false,
        }
    }

    /// Accept only statements signed by `sender`.
    ///
    /// The check is made on the verified statement: one signed by any other
    /// party is refused with [`OpenError::WrongSender`] even if that party's
    /// card is in the lookup and its signature verifies.
    pub fn from(mut self, sender: PartyId) -> Self {
        self.sender = Some(sender);
        self
    }

    /// Accept only statements of `contract`.
    pub fn contract(mut self, contract: &ContractId) -> Self {
        self.contract = Some(contract.clone());
        self
    }

    /// Accept only statements of `kind`.
    pub fn kind(mut self, kind: Kind) -> Self {
        self.kind = Some(kind);
        self
    }

    /// Also accept copies: statements `me` sent, or that name `me` as a copy
    /// holder.
    pub fn allow_copies(mut self) -> Self {
        self.copies = true;
        self
    }

    /// Accept any statement sealed to `me`, whoever it is addressed to: a
    /// statement presented by a third party (a bank presenting a buyer's
    /// acceptance of a draft, a seller forwarding a carrier's proof). Its
    /// signature, sender and contract are checked as always.
    pub fn allow_presented(mut self) -> Self {
        self.presented = true;
        self
    }

    /// Opens `envelope`, checking everything in the order of SPEC.md
    /// "Opening an envelope".
    pub fn open(&self, envelope: &[u8], cards: &(impl CardLookup + ?Sized)) -> Result<Verified<Statement>, OpenError> {
        self.open_in(envelope, cards, self.contract.as_ref())
    }

    /// [`Opener::open`] expecting the contract `contract` (the one set with
    /// [`Opener::contract`], or the one given to [`open`], borrowed).
    fn open_in(
        &self,
        envelope: &[u8],
        cards: &(impl CardLookup + ?Sized),
        contract: Option<&ContractId>,
    ) -> Result<Verified<Statement>, OpenError> {
        let me = self.me.id();
        let (recipient, enc, mut buffer) = decode_envelope(envelope).map_err(OpenError::Decode)?;
        if recipient != me {
            return Err(OpenError::NotForThisKey {
                expected: me,
                found: recipient,
            });
        }
        let mut ctx = hpke::setup_base_receiver_hashed(
            &enc,
            self.me.x25519(),
            self.me.card().x25519(),
            self.me.card().envelope_info_hash(),
        )
        .map_err(|_| OpenError::Decryption)?;
        ctx.open_in_place(b"", &mut buffer).map_err(|_| OpenError::Decryption)?;
        let statement = Statement::decode_vec(buffer).map_err(|e| OpenError::Verify(e.into()))?;
        // The expected sender is checked before the signature, so that a
        // statement from another party is named as such even when its
        // signer's card is not at hand (and it is refused either way).
        if let Some(expected) = self.sender
            && statement.sender() != expected
        {
            return Err(OpenError::WrongSender {
                expected,
                found: statement.sender(),
            });
        }
        let statement = statement.verify(cards)?;
        let addressed = statement.recipient() == me
            || self.presented
            || (self.copies && (statement.sender() == me || statement.copies().contains(&me)));
        if !addressed {
            return Err(OpenError::NotAddressedToMe {
                me,
                addressee: statement.recipient(),
            });
        }
        if let Some(c) = contract
            && statement.contract() != c
        {
            return Err(OpenError::WrongContract {
                expected: c.clone(),
                found: statement.contract().clone(),
            });
        }
        if let Some(k) = self.kind
            && statement.kind() != k
        {
            return Err(OpenError::WrongKind {
                expected: k,
                found: statement.kind(),
            });
        }
        Ok(statement)
    }
}

/// Decodes an envelope strictly: `(recipient, enc, ciphertext)`.
fn decode_envelope(bytes: &[u8]) -> Result<(PartyId, [u8; 32], Vec<u8>), DecodeError> {
    const W: &str = "envelope";
    DecodeError::check_len(W, bytes.len(), MAX_ENVELOPE_SIZE)?;
    let mut items = cbor::decode(bytes)?.into_array(W)?.into_iter();
    let (Some(v), Some(r), Some(e), Some(c), None) =
        (items.next(), items.next(), items.next(), items.next(), items.next())
    else {
        return Err(DecodeError::schema(W, "expected an array of 4 items".into()));
    };
    if v != Value::Uint(ENVELOPE_VERSION) {
        return Err(DecodeError::schema(
            "envelope version",
            format!("only version {ENVELOPE_VERSION} is supported"),
        ));
    }
    let recipient = PartyId::from_bytes(r.into_array32("recipient")?);
    let enc = e.into_array32("enc")?;
    let ct = c.into_bytes("ciphertext")?;
    if ct.len() < hpke::N_TAG {
        return Err(DecodeError::schema("ciphertext", "shorter than the AEAD tag".into()));
    }
    DecodeError::check_len("ciphertext", ct.len(), MAX_STATEMENT_SIZE + hpke::N_TAG)?;
    Ok((recipient, enc, ct))
}

/// What an envelope shows without its recipient's key (for routing, and
/// for `econtract inspect`): decoded with the same strict decoder as
/// [`Opener::open`], nothing decrypted or verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvelopeHeader {
    recipient: PartyId,
    enc: [u8; 32],
    ciphertext_len: usize,
}

impl EnvelopeHeader {
    /// Decodes an envelope's header strictly (SPEC.md section 10).
    pub fn decode(envelope: &[u8]) -> Result<EnvelopeHeader, DecodeError> {
        let (recipient, enc, ct) = decode_envelope(envelope)?;
        Ok(EnvelopeHeader {
            recipient,
            enc,
            ciphertext_len: ct.len(),
        })
    }

    /// The party the envelope is sealed to.
    pub fn recipient(&self) -> PartyId {
        self.recipient
    }

    /// The HPKE encapsulated key (X25519 public key, 32 bytes).
    pub fn enc(&self) -> &[u8; 32] {
        &self.enc
    }

    /// Length of the ciphertext, the AEAD tag included.
    pub fn ciphertext_len(&self) -> usize {
        self.ciphertext_len
    }
}
